"""A strict, offline fake of the Telegram Bot API for end-to-end tests.

``FakeBotAPI`` is a small HTTP server (standard library only: ``ThreadingHTTPServer`` in a
background thread) bound to ``127.0.0.1`` on a free port.  Point the real bot at it::

    with FakeBotAPI() as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
        # or, for a subprocess: env TELEGRAM_API_BASE_URL=fake.base_url, token fake.token
        fake.send_command("/start")
        fake.wait_for(lambda sent: any(s["method"] == "sendMessage" for s in sent))

python-telegram-bot builds request URLs as ``base_url + token + "/" + method`` and sends
parameters form-encoded (``application/x-www-form-urlencoded``; every non-string value is
JSON-encoded, e.g. ``reply_markup``) or as ``multipart/form-data`` when files are attached.
The fake accepts those, JSON bodies (``application/json``) and GET query strings.

Strictness (deliberately at least as strict as the real Bot API, sometimes stricter):

* Wrong token -> 401 ``Unauthorized``; unknown or unimplemented method -> 404 ``Not Found``
  (method names are case-insensitive, as in the real API).  Tests can add methods with
  :meth:`FakeBotAPI.register_method`.
* ``parse_mode="HTML"`` is parsed by a re-implementation of Telegram's HTML parser
  (tdlib ``parse_html``) with the real error texts for unsupported/unclosed/unmatched tags and
  byte offsets.  Stricter than Telegram: a raw ``&`` that does not start ``&lt;`` ``&gt;``
  ``&amp;`` ``&quot;`` or a numeric reference (``;`` required) is rejected, attributes other
  than the documented ones are rejected (Telegram silently ignores them), ``<a>`` needs a
  non-empty ``href`` and ``<code class=...>`` must be ``language-*``.  Raw ``>`` is accepted,
  as Telegram does.  ``Markdown``/``MarkdownV2`` are **not supported** by this fake and are
  rejected with a 400 that says so.
* Text must be non-empty (after parsing, whitespace-only counts as empty) and at most 4096
  UTF-16 code units after parsing.
* Inline keyboards are validated (non-empty text, exactly one action, callback_data 1-64
  *bytes* -> ``BUTTON_DATA_INVALID``, URL buttons need an http(s)/tg URL).
* Bots can only write to chats that a fake user has written from (``chat not found``), may
  only edit their own messages, get ``message is not modified`` for no-op edits, and an
  edit without ``reply_markup`` removes the inline keyboard (as Telegram does).
* ``answerCallbackQuery``/``answerInlineQuery`` must use a known, not yet answered query id.
* ``getUpdates`` implements offset confirmation, ``limit``, ``allowed_updates`` (applied to
  updates created after the call, like Telegram), long polling, 409 while a webhook is set,
  and 409 for a poll superseded by a newer ``getUpdates`` (two bot instances).  Superseded
  polls are recorded in :attr:`FakeBotAPI.conflicts`, not in ``rejected``, because PTB's
  normal shutdown abandons one long poll.

Files: a user's document may carry ``content`` (bytes); ``getFile`` then returns a ``file_path``
and ``GET /file/bot<token>/<file_path>`` serves the bytes (``base_file_url``), like Telegram.
``getFile`` refuses unknown ids and files over 20 MB as Telegram does.  ``sendDocument`` accepts
an uploaded file (multipart) and keeps its bytes in the record's ``params["document"]["data"]``.

Not modelled: webhooks delivery (``setWebhook`` is only recorded), media
sending methods, inline_message_id edits, flood limits other than injected ones.
"""

from __future__ import annotations

import asyncio
import copy
import email.parser
import email.policy
import itertools
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

JSONDict = dict[str, Any]
MethodHandler = Callable[[JSONDict, JSONDict], Any]

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
# Update types that are not delivered unless explicitly listed in allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_INLINE_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
# Methods whose accepted calls put a message into a chat (see FakeBotAPI.replies_to).
_SEND_METHODS = frozenset({"sendMessage"})
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile's limit for bots
MAX_CAPTION_LENGTH = 1024

_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "user_id",
        "reply_to_message_id",
        "message_thread_id",
        "cache_time",
        "max_connections",
    }
)
_FLOAT_PARAMS = frozenset({"timeout"})
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "results",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "button",
    }
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self,
        code: int,
        description: str,
        parameters: JSONDict | None = None,
        *,
        record: bool = True,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters
        self.record = record

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class HTMLParseError(ValueError):
    """Raised by :func:`parse_html`; the message is what follows "can't parse entities: "."""


# --------------------------------------------------------------------------------------------
# Telegram HTML (strict re-implementation of tdlib's parse_html)
# --------------------------------------------------------------------------------------------

_TAG_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "span": frozenset({"class"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_SPACES = " \t\r\n\f\v"
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how Telegram measures offsets and lengths)."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(text, pos)
    if match is None:
        return None
    dec, hexa, name = match.groups()
    if name:
        return _NAMED_ENTITIES[name], match.end()
    code = int(dec, 10) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


class _OpenTag:
    __slots__ = ("argument", "byte_offset", "name", "offset")

    def __init__(self, name: str, argument: str, offset: int, byte_offset: int) -> None:
        self.name = name
        self.argument = argument
        self.offset = offset
        self.byte_offset = byte_offset


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)``.

    Entity offsets/lengths are in UTF-16 code units, as in the Bot API.  Raises
    :class:`HTMLParseError` with a Telegram-like description on invalid input.
    """
    out: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    pos16 = 0
    i = 0
    n = len(text)

    def boff(index: int) -> int:
        return len(text[:index].encode("utf-8"))

    def amp_error(index: int) -> HTMLParseError:
        return HTMLParseError(
            f'Character "&" must be escaped as "&amp;" (or start one of &lt; &gt; &amp; &quot; '
            f"&#NN;) at byte offset {boff(index)}"
        )

    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                raise amp_error(i)
            out.append(decoded[0])
            pos16 += utf16_len(decoded[0])
            i = decoded[1]
            continue
        if ch != "<":
            out.append(ch)
            pos16 += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue

        begin = i
        if i + 1 < n and text[i + 1] == "/":
            # end tag
            j = i + 2
            while j < n and text[j] not in _SPACES and text[j] != ">":
                j += 1
            raw_name = text[i + 2 : j]
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n or text[j] != ">":
                raise HTMLParseError(f"Unclosed end tag at byte offset {boff(begin)}")
            if not stack:
                raise HTMLParseError(f"Unexpected end tag at byte offset {boff(begin)}")
            top = stack[-1]
            if raw_name.lower() != top.name:
                raise HTMLParseError(
                    f"Unmatched end tag at byte offset {boff(begin)}, "
                    f'expected "</{top.name}>", found "</{raw_name}>"'
                )
            stack.pop()
            _close_tag(top, pos16, entities)
            i = j + 1
            continue

        # start tag
        j = i + 1
        while j < n and text[j] not in _SPACES and text[j] != ">":
            j += 1
        if j >= n:
            raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
        name = text[i + 1 : j].lower()
        if name not in _TAG_TYPES:
            raise HTMLParseError(f'Unsupported start tag "{name}" at byte offset {boff(begin)}')
        attributes: dict[str, str] = {}
        while True:
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise HTMLParseError(f'Unclosed start tag "{name}" at byte offset {boff(begin)}')
            if text[j] == ">":
                break
            attr_begin = j
            while j < n and text[j] not in _SPACES and text[j] not in "=>":
                j += 1
            attr = text[attr_begin:j].lower()
            if not attr:
                raise HTMLParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {boff(begin)}'
                )
            if attr not in _TAG_ATTRIBUTES.get(name, frozenset()):
                raise HTMLParseError(
                    f'Unsupported attribute "{attr}" in the tag "{name}" at byte offset '
                    f"{boff(attr_begin)}"
                )
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise HTMLParseError(f'Unclosed start tag "{name}" at byte offset {boff(begin)}')
            if text[j] != "=":
                if name == "blockquote" and attr == "expandable":
                    attributes[attr] = ""
                    continue
                raise HTMLParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {boff(begin)}"
                )
            j += 1
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise HTMLParseError(f'Unclosed start tag "{name}" at byte offset {boff(begin)}')
            if text[j] in "\"'":
                quote = text[j]
                j += 1
                buf: list[str] = []
                while j < n and text[j] != quote:
                    if text[j] == "&":
                        decoded = _decode_entity(text, j)
                        if decoded is None:
                            raise amp_error(j)
                        buf.append(decoded[0])
                        j = decoded[1]
                        continue
                    buf.append(text[j])
                    j += 1
                if j >= n:
                    raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
                j += 1
                value = "".join(buf)
            else:
                token_begin = j
                while j < n and (text[j].isascii() and text[j].isalnum() or text[j] in ".-"):
                    j += 1
                value = text[token_begin:j].lower()
                if j < n and text[j] not in _SPACES and text[j] != ">":
                    raise HTMLParseError(
                        f"Unexpected end of name token at byte offset {boff(token_begin)}"
                    )
            attributes[attr] = value
        argument = _tag_argument(name, attributes, boff(begin))
        stack.append(_OpenTag(name, argument, pos16, boff(begin)))
        i = j + 1

    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _tag_argument(name: str, attributes: dict[str, str], byte_offset: int) -> str:
    if name == "span":
        if attributes.get("class") != "tg-spoiler":
            raise HTMLParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}'
            )
        return ""
    if name == "a":
        href = attributes.get("href", "").strip()
        if not href:
            raise HTMLParseError(
                f'Tag "a" must have a non-empty "href" attribute at byte offset {byte_offset}'
            )
        return href
    if name == "code":
        cls = attributes.get("class")
        if cls is None:
            return ""
        if not cls.startswith("language-") or len(cls) == len("language-"):
            raise HTMLParseError(
                f'Tag "code" may only have class "language-<name>" at byte offset {byte_offset}'
            )
        return cls[len("language-") :]
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HTMLParseError(
                f'Tag "tg-emoji" must have a numeric "emoji-id" at byte offset {byte_offset}'
            )
        return emoji_id
    if name == "blockquote":
        return "expandable" if "expandable" in attributes else ""
    return ""


def _close_tag(tag: _OpenTag, pos16: int, entities: list[JSONDict]) -> None:
    length = pos16 - tag.offset
    if length <= 0:
        return
    kind = _TAG_TYPES[tag.name]
    entity: JSONDict = {"type": kind, "offset": tag.offset, "length": length}
    if kind == "text_link":
        entity["url"] = tag.argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.argument
    elif kind == "blockquote" and tag.argument == "expandable":
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and tag.argument:
        entity["language"] = tag.argument  # removed again unless merged into an enclosing <pre>
    elif kind == "pre":
        for k in range(len(entities) - 1, -1, -1):
            inner = entities[k]
            if inner["offset"] < tag.offset:
                break
            if (
                inner["type"] == "code"
                and inner["offset"] == tag.offset
                and inner["length"] == length
            ):
                if "language" in inner:
                    entity["language"] = inner["language"]
                del entities[k]
                break
    entities.append(entity)


# --------------------------------------------------------------------------------------------
# Request parsing
# --------------------------------------------------------------------------------------------


def _coerce(name: str, value: Any) -> Any:
    """Turn a form/JSON parameter into the type Telegram would interpret it as."""
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON_PARAMS:
            return json.loads(value)
        if name in _INT_PARAMS:
            if name == "chat_id" and value.startswith("@"):
                return value
            return int(value)
        if name in _FLOAT_PARAMS:
            return float(value)
    except ValueError:
        if name == "reply_markup":
            raise _bad("can't parse reply keyboard markup JSON object") from None
        raise _bad(f'invalid value of parameter "{name}"') from None
    if name in _BOOL_PARAMS:
        lowered = value.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0", ""):
            return False
        raise _bad(f'invalid value of parameter "{name}"')
    return value


def _parse_params(content_type: str, body: bytes, query: str) -> JSONDict:
    raw: dict[str, Any] = {}
    try:
        if query:
            raw.update(parse_qsl(query, keep_blank_values=True, errors="strict"))
        ctype = content_type.split(";", 1)[0].strip().lower()
        if body and ctype == "application/json":
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise _bad("request body must be a JSON object")
            raw.update(data)
        elif body and ctype == "multipart/form-data":
            head = f"Content-Type: {content_type}\r\n\r\n".encode()
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not isinstance(name, str):
                    continue
                payload = part.get_payload(decode=True) or b""
                filename = part.get_filename()
                if filename is not None:
                    raw[name] = {"_file": filename, "size": len(payload), "data": payload}
                else:
                    raw[name] = payload.decode("utf-8")
        elif body:
            raw.update(
                parse_qsl(
                    body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict"
                )
            )
    except UnicodeDecodeError:
        raise _bad("strings must be encoded in UTF-8") from None
    except json.JSONDecodeError:
        raise _bad("can't parse JSON request body") from None
    return {name: _coerce(name, value) for name, value in raw.items()}


# --------------------------------------------------------------------------------------------
# HTTP server plumbing
# --------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def _make_handler(fake: FakeBotAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeBotAPI/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def setup(self) -> None:
            super().setup()
            # headers and body go out in separate writes; avoid Nagle/delayed-ACK stalls
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            fake._track_connection(self.connection, add=True)

        def finish(self) -> None:
            try:
                super().finish()
            finally:
                fake._track_connection(self.connection, add=False)

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length > 0 else b""

        def _serve(self) -> None:
            body = self._read_body()
            if self.path.startswith("/file/"):
                self._send_file(fake._download(self.path))
                return
            outcome = fake._dispatch(self.path, self.headers.get("Content-Type", ""), body)
            if outcome is None:  # injected fault: drop the connection without an answer
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            status, payload = outcome
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                self.close_connection = True

        def _send_file(self, data: bytes | None) -> None:
            status = 200 if data is not None else 404
            if data is None:
                data = b'{"ok":false,"error_code":404,"description":"Not Found"}'
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                self.close_connection = True

        do_POST = _serve
        do_GET = _serve

    return Handler


# --------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """Strict fake Telegram Bot API server; see the module docstring.

    Thread-safe: the HTTP server runs in a background thread, test code drives users from any
    thread.  Use :meth:`wait_for` from a plain thread and :meth:`wait_for_async` from inside an
    event loop that also runs the bot (a blocking wait would freeze the bot).
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "eventqa_test_bot",
        *,
        bot_first_name: str = "EventQA Test Bot",
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        prefix = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(prefix) if prefix.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._cond = threading.Condition(threading.RLock())
        self._t0 = time.time()

        #: every accepted call except getUpdates, in order
        self.sent: list[JSONDict] = []
        #: every refused call (error answers, injected faults), in order
        self.rejected: list[JSONDict] = []
        #: getUpdates long polls terminated by a newer getUpdates (409 Conflict)
        self.conflicts: list[JSONDict] = []
        #: updates never queued because allowed_updates excluded them
        self.filtered_updates: list[JSONDict] = []
        #: updates dropped by deleteWebhook/setWebhook(drop_pending_updates=True)
        self.dropped_updates: list[JSONDict] = []
        #: highest update_id the bot confirmed (getUpdates offset - 1); 0 if none
        self.confirmed_offset = 0
        self.get_updates_calls = 0

        self._updates: list[JSONDict] = []
        self._next_update_id = 10001
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._files: dict[str, JSONDict] = {}  # file_id -> {"data", "file_path", ...}
        #: file downloads through the file URL: {"path", "ok"}
        self.downloads: list[JSONDict] = []
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._callback_queries: dict[str, JSONDict] = {}
        self._inline_queries: dict[str, JSONDict] = {}
        self._answered: set[str] = set()
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._webhook: JSONDict = {"url": "", "allowed_updates": None}
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._events: list[tuple[float, str]] = []

        self._fault_429: JSONDict | None = None
        self._drops_left = 0
        self._drop_methods: frozenset[str] | None = None

        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._connections: set[socket.socket] = set()

        self._methods: dict[str, tuple[str, MethodHandler]] = {}
        for name, handler in (
            ("getMe", self._m_get_me),
            ("getUpdates", self._m_get_updates),
            ("sendMessage", self._m_send_message),
            ("editMessageText", self._m_edit_message_text),
            ("editMessageReplyMarkup", self._m_edit_message_reply_markup),
            ("answerCallbackQuery", self._m_answer_callback_query),
            ("answerInlineQuery", self._m_answer_inline_query),
            ("sendChatAction", self._m_send_chat_action),
            ("getFile", self._m_get_file),
            ("sendDocument", self._m_send_document),
            ("setMyCommands", self._m_set_my_commands),
            ("deleteMyCommands", self._m_delete_my_commands),
            ("getMyCommands", self._m_get_my_commands),
            ("deleteWebhook", self._m_delete_webhook),
            ("setWebhook", self._m_set_webhook),
            ("getWebhookInfo", self._m_get_webhook_info),
            ("close", self._m_true),
            ("logOut", self._m_true),
        ):
            self.register_method(name, handler)

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        if self._server is not None:
            return
        if self._stopping:
            raise RuntimeError("a stopped FakeBotAPI cannot be restarted; create a new one")
        self._server = _Server(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeBotAPI",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving; wakes pending long polls and closes open connections."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/bot``; PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Add/replace a Bot API method: ``handler(params, record) -> result``.

        ``record`` is the dict that lands in :attr:`sent` if the handler returns; raise
        :class:`ApiError` (e.g. ``ApiError(400, "Bad Request: ...")``) to refuse the call.
        Handlers run while holding the fake's lock.
        """
        self._methods[name.lower()] = (name, handler)

    # ---------------------------------------------------------------- users' side

    def send_text(
        self,
        text: str,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Aigerim",
        reply_to_bot: bool = False,
        entities: list[JSONDict] | None = None,
        *,
        language_code: str = "kk",
    ) -> int:
        """Queue a text message from a user; returns the update_id."""
        fields: JSONDict = {"text": text}
        if entities:
            fields["entities"] = entities
        return self._user_message(
            fields, user_id, chat_id, chat_type, first_name, reply_to_bot, language_code
        )

    def send_command(self, cmd: str, args: str = "", **kw: Any) -> int:
        """Queue ``/cmd args`` with a ``bot_command`` entity (``kw`` as for :meth:`send_text`)."""
        command = cmd if cmd.startswith("/") else f"/{cmd}"
        text = f"{command} {args}" if args else command
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
        extra = kw.pop("entities", None) or []
        return self.send_text(text, entities=[entity, *extra], **kw)

    def group_message(
        self,
        text: str,
        chat_id: int = -100123,
        user_id: int = 1001,
        mention: bool = False,
        *,
        first_name: str = "Aigerim",
        chat_type: str = "supergroup",
        reply_to_bot: bool = False,
    ) -> int:
        """Queue a group message; ``mention`` prefixes ``@<bot_username>`` with an entity."""
        entities: list[JSONDict] = []
        if mention:
            handle = f"@{self.bot_username}"
            entities.append({"type": "mention", "offset": 0, "length": utf16_len(handle)})
            text = f"{handle} {text}"
        return self.send_text(
            text,
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            first_name=first_name,
            reply_to_bot=reply_to_bot,
            entities=entities or None,
        )

    def send_sticker(self, emoji: str = "👍", **kw: Any) -> int:
        n = next(self._file_ids)
        sticker = {
            "file_id": f"CAACAgIAAxkBAAIB{n:06d}fakesticker",
            "file_unique_id": f"AgADsticker{n}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
            "file_size": 23456,
        }
        return self._user_media({"sticker": sticker}, None, kw)

    def send_photo(self, caption: str | None = None, **kw: Any) -> int:
        n = next(self._file_ids)
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAIC{n:06d}fakephoto{w}",
                "file_unique_id": f"AQADphoto{n}x{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 60,
            }
            for w in (90, 320, 800, 1280)
        ]
        return self._user_media({"photo": sizes}, caption, kw)

    def send_voice(self, duration: int = 3, **kw: Any) -> int:
        n = next(self._file_ids)
        voice = {
            "file_id": f"AwACAgIAAxkBAAID{n:06d}fakevoice",
            "file_unique_id": f"AgADvoice{n}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 4000 * duration,
        }
        return self._user_media({"voice": voice}, None, kw)

    def send_document(
        self,
        file_name: str = "notes.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        content: bytes | None = None,
        file_size: int | None = None,
        **kw: Any,
    ) -> int:
        """A user's file; with ``content`` the bot can fetch it (getFile + the file URL).
        ``file_size`` overrides the size Telegram reports (default: the content's length)."""
        n = next(self._file_ids)
        file_id = f"BQACAgIAAxkBAAIE{n:06d}fakedoc"
        size = file_size if file_size is not None else (
            len(content) if content is not None else 123456)
        document = {
            "file_id": file_id,
            "file_unique_id": f"AgADdoc{n}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": size,
        }
        suffix = "." + file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        with self._cond:
            self._files[file_id] = {
                "file_unique_id": document["file_unique_id"],
                "file_size": size,
                "data": content,
                "file_path": f"documents/file_{n}{suffix}",
            }
        return self._user_media({"document": document}, caption, kw)

    def press_button(
        self,
        message_id: int,
        data: str,
        user_id: int = 1001,
        chat_id: int | None = None,
        *,
        stale: bool = False,
    ) -> int:
        """Queue a callback_query for a button of a message the bot sent (must exist).

        ``stale=True``: the button may be one the bot has removed since, as pressed in a
        client that has not caught up yet (or twice quickly)."""
        chat_id = user_id if chat_id is None else chat_id
        with self._cond:
            msg = self._messages.get((chat_id, message_id))
            if msg is None or msg["from"]["id"] != self.bot_user["id"]:
                mine = sorted(
                    m
                    for (c, m), v in self._messages.items()
                    if c == chat_id and v["from"]["id"] == self.bot_user["id"]
                )
                raise AssertionError(
                    f"press_button: no bot message {message_id} in chat {chat_id}; "
                    f"bot messages there: {mine}"
                )
            buttons = [
                b for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
            ]
            button = next((b for b in buttons if b.get("callback_data") == data), None)
            if button is None and stale:
                button = {"text": "(a removed button)", "callback_data": data}
            if button is None:
                available = [(b.get("text"), b.get("callback_data")) for b in buttons]
                raise AssertionError(
                    f"press_button: message {message_id} in chat {chat_id} has no button with "
                    f"callback_data={data!r}; buttons (text, data): {available}"
                )
            user = self._users.get(user_id) or self._make_user(user_id, "Aigerim", "kk")
            query_id = str(next(self._query_ids))
            query = {
                "id": query_id,
                "from": user,
                "message": copy.deepcopy(msg),
                "chat_instance": str(7_000_000_000_000_000_000 + abs(chat_id)),
                "data": data,
            }
            self._callback_queries[query_id] = query
            self._event(
                f"{self._who(user)} presses [{button['text']}] (data={data!r}) "
                f"on #{message_id} in chat {chat_id}"
            )
            return self._enqueue("callback_query", query)

    def inline_query(self, query: str, user_id: int = 1001) -> int:
        """Queue an inline query ``@bot <query>`` from a user."""
        with self._cond:
            user = self._users.get(user_id) or self._make_user(user_id, "Aigerim", "kk")
            query_id = str(next(self._query_ids))
            payload = {
                "id": query_id,
                "from": user,
                "query": query,
                "offset": "",
                "chat_type": "sender",
            }
            self._inline_queries[query_id] = payload
            self._event(f"{self._who(user)} inline query: {query!r}")
            return self._enqueue("inline_query", payload)

    # ---------------------------------------------------------------- observing

    def wait_for(
        self, predicate: Callable[[list[JSONDict]], object], timeout: float = 20.0
    ) -> list[JSONDict]:
        """Block until ``predicate(sent)`` is truthy; return a snapshot of :attr:`sent`.

        Do not call this from the event loop that runs the bot (use :meth:`wait_for_async`).
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                snapshot = list(self.sent)
                if predicate(snapshot):
                    return snapshot
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(timeout))
                self._cond.wait(min(remaining, 0.25))

    async def wait_for_async(
        self, predicate: Callable[[list[JSONDict]], object], timeout: float = 20.0
    ) -> list[JSONDict]:
        """Like :meth:`wait_for`, but yields to the running event loop while waiting."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                snapshot = list(self.sent)
            if predicate(snapshot):
                return snapshot
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(timeout))
            await asyncio.sleep(0.01)

    def replies_to(self, chat_id: int) -> list[JSONDict]:
        """Accepted sendMessage calls to ``chat_id`` (edits are in :attr:`sent`)."""
        with self._cond:
            return [
                s for s in self.sent if s["method"] in _SEND_METHODS and s["chat_id"] == chat_id
            ]

    def message(self, chat_id: int, message_id: int) -> JSONDict:
        """Current state (after edits) of a message in a chat, as Telegram would return it."""
        with self._cond:
            return copy.deepcopy(self._messages[(chat_id, message_id)])

    @property
    def unanswered_callback_queries(self) -> list[str]:
        with self._cond:
            return [q for q in self._callback_queries if q not in self._answered]

    def transcript(self) -> str:
        """A readable, chronological chat log (users, bot, buttons, callbacks, rejections)."""
        with self._cond:
            lines = []
            for t, text in self._events:
                head, *rest = text.split("\n")
                lines.append(f"{t - self._t0:8.3f}s  {head}")
                lines.extend(f"{'':10}  {line}" for line in rest)
            return "\n".join(lines)

    # ---------------------------------------------------------------- faults

    def inject_429(
        self,
        ratio: float = 0.1,
        retry_after: int = 1,
        methods: Iterable[str] | None = ("sendMessage",),
        seed: int = 0,
        limit: int | None = None,
    ) -> None:
        """Answer a seeded-random ``ratio`` of calls to ``methods`` (None: all) with 429.

        ``limit`` caps how many 429s are produced.  Replaces a previous 429 setting.
        """
        with self._cond:
            self._fault_429 = {
                "ratio": ratio,
                "retry_after": retry_after,
                "methods": None if methods is None else frozenset(m.lower() for m in methods),
                "rng": random.Random(seed),
                "left": limit,
            }

    def drop_connections(self, n: int, methods: Iterable[str] | None = ("sendMessage",)) -> None:
        """Close the socket without answering for the next ``n`` calls to ``methods``.

        The dropped call is *not* executed (recorded in :attr:`rejected` as injected).
        """
        with self._cond:
            self._drops_left = n
            self._drop_methods = None if methods is None else frozenset(m.lower() for m in methods)

    def clear_faults(self) -> None:
        with self._cond:
            self._fault_429 = None
            self._drops_left = 0

    # ---------------------------------------------------------------- internals: dispatch

    def _track_connection(self, conn: socket.socket, *, add: bool) -> None:
        with self._cond:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _dispatch(
        self, raw_path: str, content_type: str, body: bytes
    ) -> tuple[int, JSONDict] | None:
        url = urlsplit(raw_path)
        path = url.path
        not_found = ApiError(404, "Not Found")
        if not path.startswith("/bot"):
            return self._refuse(path, {}, not_found)
        token, sep, method = path[len("/bot") :].partition("/")
        if not sep or not method or "/" in method:
            return self._refuse(path, {}, not_found)
        if token != self.token:
            return self._refuse(method, {}, ApiError(401, "Unauthorized"))
        entry = self._methods.get(method.lower())
        if entry is None:
            return self._refuse(method, {}, not_found)
        name, handler = entry
        try:
            params = _parse_params(content_type, body, url.query)
        except ApiError as exc:
            return self._refuse(name, {}, exc)

        with self._cond:
            fault = self._injected_fault(name, params)
        if fault == "drop":
            return None
        if isinstance(fault, ApiError):
            return fault.code, fault.payload()

        record: JSONDict = {
            "method": name,
            "params": params,
            "chat_id": params.get("chat_id"),
            "text": None,
            "message_id": params.get("message_id"),
            "time": time.time(),
        }
        try:
            with self._cond:
                result = handler(params, record)
                if name != "getUpdates":
                    record["result"] = copy.deepcopy(result)
                    self.sent.append(record)
                    self._cond.notify_all()
        except ApiError as exc:
            if not exc.record:
                return exc.code, exc.payload()
            return self._refuse(name, params, exc)
        except Exception as exc:  # a bug in the fake: make it loud
            return self._refuse(
                name, params, ApiError(500, f"Internal Server Error: FakeBotAPI crashed: {exc!r}")
            )
        return 200, {"ok": True, "result": result}

    def _refuse(self, method: str, params: JSONDict, exc: ApiError) -> tuple[int, JSONDict]:
        with self._cond:
            self.rejected.append(
                {
                    "method": method,
                    "params": params,
                    "error_code": exc.code,
                    "description": exc.description,
                    "time": time.time(),
                    "injected": False,
                }
            )
            self._event(f"!! REJECTED {method}: {exc.description}")
            self._cond.notify_all()
        return exc.code, exc.payload()

    def _injected_fault(self, method: str, params: JSONDict) -> ApiError | str | None:
        key = method.lower()
        if self._drops_left > 0 and (self._drop_methods is None or key in self._drop_methods):
            self._drops_left -= 1
            self._record_injected(method, params, None, "connection dropped (injected fault)")
            return "drop"
        f = self._fault_429
        if (
            f is not None
            and (f["methods"] is None or key in f["methods"])
            and (f["left"] is None or f["left"] > 0)
            and f["rng"].random() < f["ratio"]
        ):
            if f["left"] is not None:
                f["left"] -= 1
            seconds = int(f["retry_after"])
            exc = ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
            self._record_injected(method, params, 429, exc.description)
            return exc
        return None

    def _record_injected(
        self, method: str, params: JSONDict, code: int | None, description: str
    ) -> None:
        self.rejected.append(
            {
                "method": method,
                "params": params,
                "error_code": code,
                "description": description,
                "time": time.time(),
                "injected": True,
            }
        )
        self._event(f"!! injected fault on {method}: {description}")
        self._cond.notify_all()

    # ---------------------------------------------------------------- internals: state

    def _event(self, text: str) -> None:
        self._events.append((time.time(), text))

    @staticmethod
    def _who(user: JSONDict) -> str:
        return f"{user.get('first_name', '?')} ({user['id']})"

    def _make_user(self, user_id: int, first_name: str, language_code: str) -> JSONDict:
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self._users[user_id] = user
        return user

    def _make_chat(self, chat_id: int, chat_type: str, user: JSONDict) -> JSONDict:
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        elif chat_type in ("group", "supergroup"):
            chat = self._chats.get(chat_id) or {
                "id": chat_id,
                "type": chat_type,
                "title": f"Test group {chat_id}",
            }
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        self._chats[chat_id] = chat
        return chat

    def _store_message(self, chat_id: int, sender: JSONDict, fields: JSONDict) -> JSONDict:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        msg = {
            "message_id": message_id,
            "from": sender,
            "chat": self._chats[chat_id],
            "date": int(time.time()),
            **fields,
        }
        self._messages[(chat_id, message_id)] = msg
        return msg

    def _enqueue(self, update_type: str, payload: JSONDict) -> int:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            update = {"update_id": update_id, update_type: copy.deepcopy(payload)}
            allowed = self._allowed_updates
            if allowed:
                ok = update_type in allowed
            else:
                ok = update_type not in _OPT_IN_UPDATES
            if ok:
                self._updates.append(update)
            else:
                self.filtered_updates.append(update)
            self._cond.notify_all()
            return update_id

    def _user_message(
        self,
        fields: JSONDict,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        first_name: str,
        reply_to_bot: bool,
        language_code: str,
    ) -> int:
        if chat_type == "private":
            if chat_id is not None and chat_id != user_id:
                raise ValueError(
                    f"a private chat's id equals the user id ({user_id}), got chat_id={chat_id}; "
                    "use chat_type='group'/'supergroup' (or group_message) for groups"
                )
            chat_id = user_id
        elif chat_id is None:
            chat_id = -100123
        with self._cond:
            user = self._make_user(user_id, first_name, language_code)
            self._make_chat(chat_id, chat_type, user)
            if reply_to_bot:
                bot_msgs = [
                    m
                    for (c, _), m in self._messages.items()
                    if c == chat_id and m["from"]["id"] == self.bot_user["id"]
                ]
                if not bot_msgs:
                    raise AssertionError(f"reply_to_bot: the bot sent nothing to chat {chat_id}")
                reply = copy.deepcopy(bot_msgs[-1])
                reply.pop("reply_to_message", None)
                fields = {**fields, "reply_to_message": reply}
            msg = self._store_message(chat_id, user, fields)
            where = "" if chat_type == "private" else f" in chat {chat_id}"
            what = fields.get("text")
            if what is None:
                kind = next(k for k in ("sticker", "photo", "voice", "document") if k in fields)
                what = f"<{kind}{' ' + fields['sticker']['emoji'] if kind == 'sticker' else ''}>"
                if fields.get("caption"):
                    what += f" caption: {fields['caption']}"
            reply_note = (
                f" (reply to #{fields['reply_to_message']['message_id']})"
                if ("reply_to_message" in fields)
                else ""
            )
            self._event(f"{self._who(user)}{where} #{msg['message_id']}{reply_note}: {what}")
            return self._enqueue("message", msg)

    def _user_media(self, fields: JSONDict, caption: str | None, kw: JSONDict) -> int:
        if caption:
            fields["caption"] = caption
        args = {
            "user_id": 1001,
            "chat_id": None,
            "chat_type": "private",
            "first_name": "Aigerim",
            "reply_to_bot": False,
            "language_code": "kk",
        }
        unexpected = sorted(set(kw) - set(args))
        if unexpected:
            raise TypeError(f"unexpected keyword arguments: {unexpected}")
        args.update(kw)
        return self._user_message(
            fields,
            args["user_id"],
            args["chat_id"],
            args["chat_type"],
            args["first_name"],
            args["reply_to_bot"],
            args["language_code"],
        )

    def _timeout_report(self, timeout: float) -> str:
        with self._cond:
            last = self.sent[-10:]
            rejected = self.rejected[-10:]
            pending = [u["update_id"] for u in self._updates]
        parts = [
            f"FakeBotAPI.wait_for: condition not met within {timeout:.1f}s",
            f"pending (unconfirmed) updates: {pending}; confirmed_offset={self.confirmed_offset}",
            f"getUpdates calls: {self.get_updates_calls}",
            "last accepted calls:",
            *(f"  {s['method']} chat={s['chat_id']} text={s['text']!r}" for s in last),
            "last rejected calls:",
            *(f"  {r['method']}: {r['description']}" for r in rejected),
            "transcript:",
            self.transcript() or "  (empty)",
        ]
        return "\n".join(parts)

    # ---------------------------------------------------------------- internals: validation

    def _chat_id(self, params: JSONDict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool) or chat_id not in self._chats:
            raise _bad("chat not found")
        return chat_id

    def _format_text(
        self, params: JSONDict, key: str, *, empty: str, too_long: str
    ) -> tuple[str, list[JSONDict]]:
        raw = params.get(key)
        if raw is None:
            raise _bad(empty)
        raw = raw if isinstance(raw, str) else str(raw)
        return self._render(raw, params.get("parse_mode"), params.get("entities"), empty, too_long)

    def _render(
        self, raw: str, parse_mode: Any, entities: Any, empty: str, too_long: str
    ) -> tuple[str, list[JSONDict]]:
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise _bad("strings must be encoded in UTF-8") from None
        if parse_mode:
            mode = str(parse_mode).lower()
            if mode == "html":
                try:
                    text, parsed = parse_html(raw)
                except HTMLParseError as exc:
                    raise _bad(f"can't parse entities: {exc}") from None
            elif mode in ("markdown", "markdownv2"):
                raise _bad(
                    f"can't parse entities: parse_mode {parse_mode!r} is not supported by "
                    "FakeBotAPI (use HTML)"
                )
            else:
                raise _bad("unsupported parse_mode")
        else:
            text = raw
            parsed = self._check_entities(entities, text)
        if not text.strip():
            raise _bad(empty)
        if utf16_len(text) > MAX_MESSAGE_LENGTH:
            raise _bad(too_long)
        return text, parsed

    @staticmethod
    def _check_entities(entities: Any, text: str) -> list[JSONDict]:
        if entities is None:
            return []
        if not isinstance(entities, list):
            raise _bad("can't parse entities JSON object")
        size = utf16_len(text)
        for entity in entities:
            if not (
                isinstance(entity, dict)
                and isinstance(entity.get("type"), str)
                and isinstance(entity.get("offset"), int)
                and isinstance(entity.get("length"), int)
                and entity["offset"] >= 0
                and entity["length"] > 0
                and entity["offset"] + entity["length"] <= size
            ):
                raise _bad(f"can't parse entities: invalid entity {entity!r}")
        return list(entities)

    @staticmethod
    def _valid_url(url: Any) -> bool:
        if not isinstance(url, str) or not url or any(c.isspace() for c in url):
            return False
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return bool(parts.netloc)
        return parts.scheme == "tg" and bool(parts.netloc)

    def _check_markup(self, markup: Any, *, inline_only: bool = False) -> JSONDict | None:
        """Validate reply_markup; returns the inline keyboard to store (None if none)."""
        if markup is None:
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError:
                raise _bad("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad('field "inline_keyboard" must be an Array of Arrays')
            count = 0
            for row in rows:
                for button in row:
                    count += 1
                    self._check_inline_button(button)
            if count > 100:
                raise _bad("reply markup is too long")
            return {"inline_keyboard": copy.deepcopy(rows)} if count else None
        if inline_only:
            raise _bad("can't parse inline keyboard markup: inline_keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad('field "keyboard" must be an Array of Arrays')
            for row in rows:
                for button in row:
                    label = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(label, str) or not label.strip():
                        raise _bad("can't parse keyboard button: Text must be non-empty")
            return None
        if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
            return None
        raise _bad("can't parse reply keyboard markup JSON object")

    def _check_inline_button(self, button: Any) -> None:
        if not isinstance(button, dict):
            raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        label = button.get("text")
        if not isinstance(label, str) or not label.strip():
            raise _bad("can't parse inline keyboard button: Text must be non-empty")
        actions = [a for a in _BUTTON_ACTIONS if a in button]
        if not actions:
            raise _bad(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
        if len(actions) > 1:
            raise _bad(
                "can't parse inline keyboard button: exactly one of the optional fields must be "
                f"used, got {actions}"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not (
                1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise _bad("BUTTON_DATA_INVALID")
        if "url" in button and not self._valid_url(button["url"]):
            raise _bad("BUTTON_URL_INVALID")

    def _reply_target(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        rp = params.get("reply_parameters")
        if isinstance(rp, dict):
            target_id = rp.get("message_id")
            target_chat = rp.get("chat_id", chat_id)
            lenient = bool(rp.get("allow_sending_without_reply"))
        elif params.get("reply_to_message_id") is not None:
            target_id = params["reply_to_message_id"]
            target_chat = chat_id
            lenient = bool(params.get("allow_sending_without_reply"))
        else:
            return None
        target = self._messages.get((target_chat, target_id))  # type: ignore[arg-type]
        if target is None:
            if lenient:
                return None
            raise _bad("message to be replied not found")
        reply = copy.deepcopy(target)
        reply.pop("reply_to_message", None)
        return reply

    def _bot_message(self, params: JSONDict) -> JSONDict:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID (inline messages are not supported by FakeBotAPI)")
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        msg = self._messages.get((chat_id, message_id))
        if msg is None:
            raise _bad("message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise _bad("message can't be edited")
        return msg

    @staticmethod
    def _buttons_text(markup: JSONDict | None) -> str:
        if not markup:
            return ""
        rows = []
        for row in markup.get("inline_keyboard", []):
            cells = []
            for b in row:
                if "callback_data" in b:
                    cells.append(f"[{b['text']} | cb:{b['callback_data']}]")
                elif "url" in b:
                    cells.append(f"[{b['text']} | {b['url']}]")
                else:
                    action = next(a for a in _BUTTON_ACTIONS if a in b)
                    cells.append(f"[{b['text']} | {action}]")
            rows.append("  ".join(cells))
        return "".join(f"\n    {r}" for r in rows)

    # ---------------------------------------------------------------- Bot API methods

    def _m_true(self, params: JSONDict, record: JSONDict) -> bool:
        return True

    def _m_get_me(self, params: JSONDict, record: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_get_updates(self, params: JSONDict, record: JSONDict) -> list[JSONDict]:
        offset = params.get("offset")
        limit = params.get("limit", 100)
        timeout = params.get("timeout", 0)
        if not isinstance(limit, int) or not isinstance(timeout, int | float):
            raise _bad("invalid limit or timeout")
        limit = min(max(limit, 1), 100)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise _bad("can't parse allowed_updates JSON array")
            unknown = [a for a in allowed if a not in UPDATE_TYPES]
            if unknown:
                raise _bad(f"unknown update types in allowed_updates: {unknown}")
            self._allowed_updates = list(allowed)
        if self._webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        self.get_updates_calls += 1
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()  # supersede older long polls
        if isinstance(offset, int):
            self._confirm(offset)
        deadline = time.monotonic() + max(float(timeout), 0.0)
        while True:
            if self._stopping:
                return []
            if generation != self._poll_generation:
                self.conflicts.append({"time": time.time(), "params": params})
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                    record=False,
                )
            if self._updates:
                return copy.deepcopy(self._updates[:limit])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = self._updates[offset:]
            forgotten = self._updates[: len(self._updates) - len(keep)]
            if forgotten:
                self.confirmed_offset = max(self.confirmed_offset, forgotten[-1]["update_id"])
            self._updates = keep
            return
        if offset == 0:
            return
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # never count ids that were not issued yet as confirmed
        issued_upto = self._next_update_id - 1
        self.confirmed_offset = max(self.confirmed_offset, min(offset - 1, issued_upto))

    def _m_send_message(self, params: JSONDict, record: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        text, entities = self._format_text(
            params, "text", empty="message text is empty", too_long="message is too long"
        )
        markup = self._check_markup(params.get("reply_markup"))
        reply = self._reply_target(chat_id, params)
        fields: JSONDict = {"text": text}
        if entities:
            fields["entities"] = entities
        if markup:
            fields["reply_markup"] = markup
        if reply:
            fields["reply_to_message"] = reply
        msg = self._store_message(chat_id, self.bot_user, fields)
        record.update(
            chat_id=chat_id,
            text=text,
            raw_text=params.get("text"),
            parse_mode=params.get("parse_mode"),
            message_id=msg["message_id"],
            reply_markup=markup,
        )
        note = f" (reply to #{reply['message_id']})" if reply else ""
        self._event(
            f"bot -> chat {chat_id} #{msg['message_id']}{note}: {text}{self._buttons_text(markup)}"
        )
        return copy.deepcopy(msg)

    def _m_edit_message_text(self, params: JSONDict, record: JSONDict) -> JSONDict:
        msg = self._bot_message(params)
        if "text" not in msg:
            raise _bad("there is no text in the message to edit")
        text, entities = self._format_text(
            params, "text", empty="message text is empty", too_long="message is too long"
        )
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if (
            text == msg["text"]
            and entities == msg.get("entities", [])
            and markup == msg.get("reply_markup")
        ):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        msg["text"] = text
        msg.pop("entities", None)
        if entities:
            msg["entities"] = entities
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        record.update(
            chat_id=msg["chat"]["id"],
            text=text,
            raw_text=params.get("text"),
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
        )
        self._event(
            f"bot edits #{msg['message_id']} in chat {msg['chat']['id']}: {text}"
            f"{self._buttons_text(markup)}"
        )
        return copy.deepcopy(msg)

    def _m_edit_message_reply_markup(self, params: JSONDict, record: JSONDict) -> JSONDict:
        msg = self._bot_message(params)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if markup == msg.get("reply_markup"):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        record.update(chat_id=msg["chat"]["id"], reply_markup=markup)
        shown = self._buttons_text(markup) or " (keyboard removed)"
        self._event(
            f"bot edits buttons of #{msg['message_id']} in chat {msg['chat']['id']}:{shown}"
        )
        return copy.deepcopy(msg)

    def _m_answer_callback_query(self, params: JSONDict, record: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._callback_queries or query_id in self._answered:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if text is not None and utf16_len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        url = params.get("url")
        if url is not None and not self._valid_url(url):
            raise _bad("URL_INVALID")
        self._answered.add(query_id)
        query = self._callback_queries[query_id]
        record.update(
            chat_id=query["message"]["chat"]["id"],
            text=text,
            message_id=query["message"]["message_id"],
            callback_query_id=query_id,
        )
        alert = " (alert)" if params.get("show_alert") else ""
        shown = f": {text!r}{alert}" if text else " (no text)"
        self._event(f"bot answers callback {query['data']!r}{shown}")
        return True

    def _m_answer_inline_query(self, params: JSONDict, record: JSONDict) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if query_id not in self._inline_queries or query_id in self._answered:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._check_inline_result(result, seen)
        self._answered.add(query_id)
        record.update(text=None, results=results, inline_query_id=query_id)
        titles = ", ".join(repr(r.get("title", r["id"])) for r in results)
        self._event(f"bot answers inline query with {len(results)} result(s): {titles}")
        return True

    def _check_inline_result(self, result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict) or result.get("type") not in _INLINE_RESULT_TYPES:
            raise _bad("can't parse InlineQueryResult: unknown or missing type")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not (
            1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
        ):
            raise _bad("RESULT_ID_INVALID")
        if result_id in seen:
            raise _bad("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article":
            title = result.get("title")
            if not isinstance(title, str) or not title.strip():
                raise _bad("ARTICLE_TITLE_EMPTY")
            if not isinstance(result.get("input_message_content"), dict):
                raise _bad("can't parse InlineQueryResult: input_message_content is required")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            raw = content["message_text"]
            self._render(
                raw if isinstance(raw, str) else str(raw),
                content.get("parse_mode"),
                content.get("entities"),
                "MESSAGE_EMPTY",
                "MESSAGE_TOO_LONG",
            )
        if "reply_markup" in result:
            self._check_markup(result["reply_markup"], inline_only=True)

    def _m_send_chat_action(self, params: JSONDict, record: JSONDict) -> bool:
        chat_id = self._chat_id(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        record.update(chat_id=chat_id, action=action)
        self._event(f"bot -> chat {chat_id}: <{action}…>")
        return True

    def _m_get_file(self, params: JSONDict, record: JSONDict) -> JSONDict:
        file_id = params.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise _bad("invalid file_id")
        if stored["file_size"] > MAX_DOWNLOAD_BYTES:
            raise _bad("file is too big")
        record.update(file_id=file_id)
        self._event(f"bot gets file {file_id}")
        return {
            "file_id": file_id,
            "file_unique_id": stored["file_unique_id"],
            "file_size": stored["file_size"],
            "file_path": stored["file_path"],
        }

    def _download(self, raw_path: str) -> bytes | None:
        """The bytes behind ``/file/bot<token>/<file_path>``, or None (404)."""
        path = unquote(urlsplit(raw_path).path)
        token, _, file_path = path[len("/file/bot") :].partition("/")
        with self._cond:
            found = None
            if token == self.token:
                found = next(
                    (f["data"] for f in self._files.values()
                     if f["file_path"] == file_path and f["data"] is not None),
                    None,
                )
            self.downloads.append({"path": file_path, "ok": found is not None})
            if found is None:
                self.rejected.append(
                    {
                        "method": "file download",
                        "params": {"path": file_path},
                        "error_code": 404,
                        "description": "Not Found",
                        "time": time.time(),
                        "injected": False,
                    }
                )
            else:
                self._event(f"bot downloads {file_path} ({len(found)} bytes)")
            self._cond.notify_all()
            return found

    def _m_send_document(self, params: JSONDict, record: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        document = params.get("document")
        if isinstance(document, dict) and "_file" in document:
            n = next(self._file_ids)
            sent = {
                "file_id": f"BQACAgIAAxkBAAIF{n:06d}botdoc",
                "file_unique_id": f"AgADbotdoc{n}",
                "file_name": document["_file"],
                "file_size": document["size"],
            }
        elif isinstance(document, str) and document in self._files:
            sent = {"file_id": document, "file_unique_id": self._files[document]["file_unique_id"]}
        else:
            raise _bad("there is no document in the request")
        fields: JSONDict = {"document": sent}
        if params.get("caption") is not None:
            caption, entities = self._format_text(
                params, "caption", empty="caption is empty", too_long="MEDIA_CAPTION_TOO_LONG"
            )
            if utf16_len(caption) > MAX_CAPTION_LENGTH:
                raise _bad("MEDIA_CAPTION_TOO_LONG")
            fields["caption"] = caption
            if entities:
                fields["caption_entities"] = entities
        markup = self._check_markup(params.get("reply_markup"))
        if markup:
            fields["reply_markup"] = markup
        msg = self._store_message(chat_id, self.bot_user, fields)
        record.update(chat_id=chat_id, message_id=msg["message_id"], text=fields.get("caption"),
                      document=sent)
        shown = sent.get("file_name")
        self._event(f"bot -> chat {chat_id} #{msg['message_id']}: <document {shown}>")
        return copy.deepcopy(msg)

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _bad("can't parse BotCommandScope JSON object")
        language = params.get("language_code") or ""
        if language and not (len(language) == 2 and language.isalpha()):
            raise _bad("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    def _m_set_my_commands(self, params: JSONDict, record: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands specified")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            name = command.get("command")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("command description must be non-empty and at most 256 characters")
        self._commands[self._commands_key(params)] = copy.deepcopy(commands)
        self._event("bot sets commands: " + ", ".join(f"/{c['command']}" for c in commands))
        return True

    def _m_delete_my_commands(self, params: JSONDict, record: JSONDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _m_get_my_commands(self, params: JSONDict, record: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _drop_pending(self) -> None:
        self.dropped_updates.extend(self._updates)
        self._updates = []

    def _m_delete_webhook(self, params: JSONDict, record: JSONDict) -> bool:
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._webhook = {"url": "", "allowed_updates": None}
        return True

    def _m_set_webhook(self, params: JSONDict, record: JSONDict) -> bool:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise _bad("bad webhook: invalid URL")
        if url and not (url.startswith("https://") and self._valid_url(url)):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(a in UPDATE_TYPES for a in allowed):
                raise _bad("can't parse allowed_updates JSON array")
            self._allowed_updates = list(allowed)
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._webhook = {"url": url, "allowed_updates": allowed}
        self._cond.notify_all()
        return True

    def _m_get_webhook_info(self, params: JSONDict, record: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook["allowed_updates"] is not None:
            info["allowed_updates"] = self._webhook["allowed_updates"]
        return info
