"""The fake Bot API must be strict and speak Telegram's wire format.

Everything here talks to the fake over real HTTP with python-telegram-bot's own ``Bot`` /
``Application`` (or plain urllib for the raw wire formats).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.bench.fakebotapi import FakeBotAPI, HTMLParseError, parse_html, utf16_len

pytestmark = pytest.mark.timeout(30)

USER = 1001


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    server = FakeBotAPI()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def make_bot(fake: FakeBotAPI, token: str | None = None) -> Bot:
    # verify=False only skips loading the CA bundle (~70 ms per client); the fake is plain HTTP
    return Bot(
        token or fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        request=HTTPXRequest(httpx_kwargs={"verify": False}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"verify": False}),
    )


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


def raw_call(
    fake: FakeBotAPI, method: str, data: bytes | None = None, ctype: str | None = None
) -> tuple[int, dict[str, Any]]:
    """POST (or GET when data is None) straight to the fake, bypassing PTB."""
    req = urllib.request.Request(f"{fake.base_url}{fake.token}/{method}", data=data)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


# ------------------------------------------------------------------------------------------
# basics and wire format
# ------------------------------------------------------------------------------------------


def test_get_me_and_unknown_method(fake: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with make_bot(fake) as bot:  # initialize() calls getMe
            assert bot.username == "eventqa_test_bot"
            me = await bot.get_me()
            assert me.is_bot and me.id == 123456 and me.supports_inline_queries
            with pytest.raises(EndPointNotFound):
                await bot.do_api_request("sendTelepathy")

    run(scenario())
    assert [s["method"] for s in fake.sent] == ["getMe", "getMe"]
    assert fake.rejected[-1]["method"] == "sendTelepathy"
    assert fake.rejected[-1]["error_code"] == 404
    assert fake.rejected[-1]["description"] == "Not Found"


def test_wrong_token_is_unauthorized(fake: FakeBotAPI) -> None:
    async def scenario() -> None:
        with pytest.raises(InvalidToken):
            await make_bot(fake, token="999:WRONG").get_me()

    run(scenario())
    assert fake.rejected[-1]["error_code"] == 401
    assert fake.rejected[-1]["description"] == "Unauthorized"
    assert not fake.sent


def test_raw_wire_formats_json_form_and_get(fake: FakeBotAPI) -> None:
    fake.send_text("hi")
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}

    body = {"chat_id": USER, "text": "<b>JSON</b>", "parse_mode": "HTML", "reply_markup": markup}
    status, answer = raw_call(fake, "sendMessage", json.dumps(body).encode(), "application/json")
    assert status == 200 and answer["ok"]
    msg = answer["result"]
    assert msg["text"] == "JSON"
    assert msg["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    assert msg["from"]["is_bot"] and msg["chat"]["id"] == USER
    assert msg["reply_markup"] == markup

    form = {"chat_id": str(USER), "text": "form", "reply_markup": json.dumps(markup)}
    encoded = urllib.parse.urlencode(form).encode()
    # method names are case-insensitive, as in the real Bot API
    status, answer = raw_call(fake, "SENDMESSAGE", encoded, "application/x-www-form-urlencoded")
    assert status == 200 and answer["result"]["message_id"] == msg["message_id"] + 1
    assert fake.sent[-1]["method"] == "sendMessage" and fake.sent[-1]["chat_id"] == USER

    status, answer = raw_call(fake, "getMe")  # GET
    assert status == 200 and answer["result"]["username"] == fake.bot_username

    bad_utf8 = b"chat_id=1001&text=%FF"
    status, answer = raw_call(fake, "sendMessage", bad_utf8, "application/x-www-form-urlencoded")
    assert (status, answer["description"]) == (400, "Bad Request: strings must be encoded in UTF-8")

    unknown_chat = b"chat_id=42&text=hello"
    status, answer = raw_call(
        fake, "sendMessage", unknown_chat, "application/x-www-form-urlencoded"
    )
    assert (status, answer) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
    )


# ------------------------------------------------------------------------------------------
# HTML strictness
# ------------------------------------------------------------------------------------------


def test_valid_html_is_accepted_and_parsed(fake: FakeBotAPI) -> None:
    fake.send_text("сәлем")
    html = (
        '<b>Сәлем</b>, <i>Aigerim</i> &amp; co &lt;3 😀 <a href="https://example.kz/?a=1&amp;b=2">'
        'link</a>\n<pre><code class="language-python">print(1)</code></pre>'
        "<blockquote expandable>quote</blockquote> <tg-spoiler>s</tg-spoiler> &#x41;&#66;"
    )

    async def scenario() -> Any:
        async with make_bot(fake) as bot:
            return await bot.send_message(USER, html, parse_mode="HTML")

    msg = run(scenario())
    assert msg.text == ("Сәлем, Aigerim & co <3 😀 link\nprint(1)quote s AB")
    types = [(e.type, e.offset, e.length) for e in msg.entities]
    assert ("bold", 0, 5) in types
    assert ("text_link", 26, 4) in types  # the emoji counts 2 UTF-16 units
    pre = next(e for e in msg.entities if e.type == "pre")
    assert pre.language == "python" and pre.length == len("print(1)")
    assert any(e.type == "expandable_blockquote" for e in msg.entities)
    link = next(e for e in msg.entities if e.type == "text_link")
    assert link.url == "https://example.kz/?a=1&b=2"
    assert fake.replies_to(USER)[0]["text"] == msg.text
    assert fake.replies_to(USER)[0]["raw_text"] == html
    assert not fake.rejected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Q&A", 'Character "&" must be escaped as "&amp;"'),
        ("&lt without semicolon", 'Character "&" must be escaped'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Сәлем <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 11'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<b class="x">x</b>', 'Unsupported attribute "class" in the tag "b"'),
        ('<span class="x">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<a>x</a>", 'Tag "a" must have a non-empty "href"'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("", "message text is empty"),
        ("   \n ", "message text is empty"),
        ("<b> </b>", "message text is empty"),
        ("a" * 4097, "message is too long"),
        ("😀" * 2049, "message is too long"),  # 2049 chars but 4098 UTF-16 units
    ],
)
def test_invalid_html_is_rejected(fake: FakeBotAPI, text: str, expected: str) -> None:
    fake.send_text("hi")

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            with pytest.raises(BadRequest):
                await bot.send_message(USER, text, parse_mode="HTML")

    run(scenario())
    assert len(fake.rejected) == 1
    rejected = fake.rejected[0]
    assert rejected["method"] == "sendMessage" and rejected["error_code"] == 400
    assert rejected["description"].startswith("Bad Request: ")
    assert expected in rejected["description"]
    assert not fake.replies_to(USER)


def test_length_limit_counts_parsed_text(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            await bot.send_message(USER, "a" * 4096)
            await bot.send_message(USER, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
            await bot.send_message(USER, "😀" * 2048)
            with pytest.raises(BadRequest, match="(?i)not supported by FakeBotAPI"):
                await bot.send_message(USER, "*x*", parse_mode="MarkdownV2")

    run(scenario())
    assert len(fake.replies_to(USER)) == 3


def test_parse_html_unit() -> None:
    text, entities = parse_html("<b>a😀<i>b</i></b><code>c</code> &quot;&#128512;")
    assert text == 'a😀bc "😀'
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 3, "length": 1},
        {"type": "code", "offset": 4, "length": 1},
    ]
    assert utf16_len(text) == 9
    text, entities = parse_html('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>')
    assert entities == [
        {"type": "custom_emoji", "offset": 0, "length": 2, "custom_emoji_id": "5368324170671202286"}
    ]
    with pytest.raises(HTMLParseError, match="byte offset 0"):
        parse_html("<script>x</script>")
    with pytest.raises(HTMLParseError, match='Character "&"'):
        parse_html("&#0;")


# ------------------------------------------------------------------------------------------
# keyboards, callbacks, edits, inline queries, misc methods
# ------------------------------------------------------------------------------------------


def test_keyboard_validation(fake: FakeBotAPI) -> None:
    fake.send_text("hi")
    cases = [
        (InlineKeyboardButton("x", callback_data="a" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("x", callback_data="ә" * 33), "BUTTON_DATA_INVALID"),  # 66 bytes
        (InlineKeyboardButton("x", callback_data=""), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("", callback_data="ok"), "Text must be non-empty"),
        (InlineKeyboardButton("x", url="not a url"), "BUTTON_URL_INVALID"),
        (InlineKeyboardButton("x"), "Text buttons are unallowed"),
    ]

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            for button, expected in cases:
                with pytest.raises(BadRequest) as info:
                    await bot.send_message(USER, "pick", reply_markup=keyboard(button))
                assert expected.lower() in info.value.message.lower()
            ok = keyboard(
                InlineKeyboardButton("64", callback_data="a" * 64),
                InlineKeyboardButton("site", url="https://example.kz"),
            )
            await bot.send_message(USER, "pick", reply_markup=ok)

    run(scenario())
    assert len(fake.rejected) == len(cases)
    assert len(fake.replies_to(USER)) == 1


def test_buttons_callbacks_and_edits(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            msg = await bot.send_message(
                USER,
                "Helpful?",
                reply_markup=keyboard(InlineKeyboardButton("Yes", callback_data="y")),
            )
            with pytest.raises(AssertionError, match="no button with callback_data='n'"):
                fake.press_button(msg.message_id, "n")
            update_id = fake.press_button(msg.message_id, "y")
            (update,) = await bot.get_updates(offset=update_id, timeout=1)
            assert update.update_id == update_id
            query = update.callback_query
            assert query.data == "y" and query.message.message_id == msg.message_id
            assert query.from_user.id == USER
            assert fake.unanswered_callback_queries == [query.id]
            await bot.answer_callback_query(query.id, text="Thanks")
            with pytest.raises(BadRequest, match="(?i)query ID is invalid"):
                await bot.answer_callback_query(query.id)  # answered twice
            with pytest.raises(BadRequest, match="(?i)query ID is invalid"):
                await bot.answer_callback_query("12345")

            edited = await bot.edit_message_text("Thanks!", USER, msg.message_id)
            assert edited.text == "Thanks!" and edited.reply_markup is None  # keyboard removed
            with pytest.raises(BadRequest, match="(?i)message is not modified"):
                await bot.edit_message_text("Thanks!", USER, msg.message_id)
            with pytest.raises(BadRequest, match="(?i)message to edit not found"):
                await bot.edit_message_text("x", USER, 999)
            with pytest.raises(BadRequest, match="(?i)message can't be edited"):
                await bot.edit_message_text("x", USER, 1)  # the user's own message
            with pytest.raises(AssertionError, match="has no button"):
                fake.press_button(msg.message_id, "y")  # the keyboard is gone
            markup = keyboard(InlineKeyboardButton("Again", callback_data="again"))
            await bot.edit_message_reply_markup(USER, msg.message_id, reply_markup=markup)
            fake.press_button(msg.message_id, "again")

    run(scenario())
    assert fake.message(USER, 2)["reply_markup"]["inline_keyboard"][0][0]["text"] == "Again"
    script = fake.transcript()
    assert "Aigerim (1001) #1: hi" in script
    assert "[Yes | cb:y]" in script
    assert "presses [Yes] (data='y')" in script
    assert "bot answers callback 'y': 'Thanks'" in script
    assert "REJECTED editMessageText" in script


def test_inline_queries(fake: FakeBotAPI) -> None:
    def article(result_id: str, text: str, **kw: Any) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(result_id, "Title", InputTextMessageContent(text, **kw))

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            fake.inline_query("Наурыз")
            (update,) = await bot.get_updates()
            query = update.inline_query
            assert query.query == "Наурыз"
            with pytest.raises(BadRequest, match="(?i)RESULT_ID_INVALID"):
                await bot.answer_inline_query(query.id, [article("x" * 65, "ok")])
            with pytest.raises(BadRequest, match="(?i)RESULT_ID_DUPLICATE"):
                await bot.answer_inline_query(query.id, [article("1", "a"), article("1", "b")])
            with pytest.raises(BadRequest, match="(?i)MESSAGE_TOO_LONG"):
                await bot.answer_inline_query(query.id, [article("1", "a" * 4097)])
            with pytest.raises(BadRequest, match="(?i)Unsupported start tag"):
                await bot.answer_inline_query(query.id, [article("1", "<x>", parse_mode="HTML")])
            await bot.answer_inline_query(query.id, [article("1", "<b>ok</b>", parse_mode="HTML")])
            with pytest.raises(BadRequest, match="(?i)query ID is invalid"):
                await bot.answer_inline_query(query.id, [article("1", "again")])

    run(scenario())
    assert fake.sent[-1]["method"] == "answerInlineQuery"
    assert fake.sent[-1]["results"][0]["id"] == "1"


def test_chat_actions_commands_and_webhooks(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            await bot.send_chat_action(USER, "typing")
            with pytest.raises(BadRequest, match="(?i)wrong parameter action"):
                await bot.send_chat_action(USER, "dancing")
            await bot.set_my_commands([("start", "Бастау"), ("help", "Көмек")])
            assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
            with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
                await bot.set_my_commands([("Start", "bad")])
            await bot.delete_my_commands()
            assert await bot.get_my_commands() == ()

            with pytest.raises(BadRequest, match="(?i)HTTPS URL"):
                await bot.set_webhook("http://example.kz/hook")
            await bot.set_webhook("https://example.kz/hook")
            assert (await bot.get_webhook_info()).url == "https://example.kz/hook"
            with pytest.raises(Conflict, match="(?i)webhook is active"):
                await bot.get_updates()
            await bot.delete_webhook(drop_pending_updates=True)
            assert await bot.get_updates() == ()
            assert await bot.close() and await bot.log_out()

    run(scenario())
    assert [u["message"]["text"] for u in fake.dropped_updates] == ["hi"]


def test_user_side_payloads_parse_in_ptb(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> tuple[Update, ...]:
        async with make_bot(fake) as bot:
            await bot.send_message(USER, "Answer")
            fake.send_sticker()
            fake.send_photo(caption="look")
            fake.send_voice(duration=2)
            fake.send_document(file_name="a.txt", mime_type="text/plain")
            fake.send_command("/start", "deep-link")
            fake.send_text("follow-up", reply_to_bot=True)
            fake.group_message("what is Nauryz?", mention=True, user_id=2002)
            return await bot.get_updates()

    updates = run(scenario())
    messages = [u.message for u in updates]
    assert messages[0].text == "hi"
    assert messages[1].sticker.emoji == "👍"
    assert messages[2].photo[-1].width == 1280 and messages[2].caption == "look"
    assert messages[3].voice.to_dict()["duration"] == 2
    assert messages[4].document.file_name == "a.txt"
    assert messages[5].text == "/start deep-link"
    assert messages[5].parse_entities(["bot_command"]) != {}
    assert messages[6].reply_to_message.text == "Answer"
    group = messages[7]
    assert group.chat.type == "supergroup" and group.chat.id == -100123
    assert group.text == "@eventqa_test_bot what is Nauryz?"
    assert group.entities[0].type == "mention"
    with pytest.raises(ValueError, match="private chat"):
        fake.send_text("x", user_id=1, chat_id=2)


# ------------------------------------------------------------------------------------------
# getUpdates semantics
# ------------------------------------------------------------------------------------------


def test_get_updates_offsets_limit_and_allowed_updates(fake: FakeBotAPI) -> None:
    ids = [fake.send_text(f"m{i}", user_id=3000 + i) for i in range(3)]

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
            # nothing is confirmed without an offset
            assert [u.update_id for u in await bot.get_updates()] == ids
            assert fake.confirmed_offset == 0
            assert [u.update_id for u in await bot.get_updates(offset=ids[1] + 1)] == ids[2:]
            assert fake.confirmed_offset == ids[1]
            assert await bot.get_updates(offset=ids[2] + 1) == ()
            assert fake.confirmed_offset == ids[2]

            await bot.get_updates(offset=ids[2] + 1, allowed_updates=["callback_query"])
            fake.send_text("filtered out")
            assert await bot.get_updates(offset=ids[2] + 1) == ()
            assert fake.filtered_updates[-1]["message"]["text"] == "filtered out"

    run(scenario())


def test_get_updates_long_poll(fake: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with make_bot(fake) as bot:
            started = time.monotonic()
            assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
            assert time.monotonic() - started >= 0.29  # waited for the whole timeout

            asyncio.get_running_loop().call_later(0.2, fake.send_text, "late")
            started = time.monotonic()
            updates = await bot.get_updates(timeout=10)
            elapsed = time.monotonic() - started
            assert [u.message.text for u in updates] == ["late"]
            assert 0.15 <= elapsed < 2  # answered as soon as the update arrived

    run(scenario())


def test_second_poller_conflicts_with_first(fake: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with make_bot(fake) as first, make_bot(fake) as second:
            pending = asyncio.create_task(first.get_updates(timeout=10))
            await asyncio.sleep(0.2)
            assert await second.get_updates(timeout=0) == ()
            with pytest.raises(Conflict, match="(?i)terminated by other getUpdates"):
                await pending

    run(scenario())
    assert len(fake.conflicts) == 1


# ------------------------------------------------------------------------------------------
# injected faults
# ------------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_429_surfaces_as_retry_after(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> list[bool]:
        async with make_bot(fake) as bot:
            fake.inject_429(ratio=1.0, retry_after=3, limit=1)
            with pytest.raises(RetryAfter) as info:
                await bot.send_message(USER, "x")
            assert "Retry in 3 seconds" in str(info.value)
            await bot.send_message(USER, "after the limit")

            fake.inject_429(ratio=0.5, retry_after=1, seed=7)
            pattern = []
            for i in range(12):
                try:
                    await bot.send_message(USER, f"m{i}")
                    pattern.append(False)
                except RetryAfter:
                    pattern.append(True)
            await bot.get_me()  # other methods are not affected
            fake.clear_faults()
            return pattern

    pattern = run(scenario())
    rng = random.Random(7)
    assert pattern == [rng.random() < 0.5 for _ in range(12)]
    injected = [r for r in fake.rejected if r["injected"]]
    assert len(injected) == 1 + sum(pattern)
    assert all(r["error_code"] == 429 for r in injected)
    assert len(fake.replies_to(USER)) == 1 + pattern.count(False)


def test_dropped_connection_surfaces_as_network_error(fake: FakeBotAPI) -> None:
    fake.send_text("hi")

    async def scenario() -> None:
        async with make_bot(fake) as bot:
            fake.drop_connections(1)
            with pytest.raises(NetworkError) as info:
                await bot.send_message(USER, "lost")
            assert not isinstance(info.value, TimedOut)
            await bot.send_message(USER, "delivered")

    run(scenario())
    assert [r["text"] for r in fake.replies_to(USER)] == ["delivered"]
    assert fake.rejected[0]["injected"] and fake.rejected[0]["error_code"] is None


def test_wait_for_timeout_dumps_transcript(fake: FakeBotAPI) -> None:
    fake.send_text("anyone there?")
    with pytest.raises(AssertionError) as info:
        fake.wait_for(lambda sent: len(sent) > 0, timeout=0.1)
    report = str(info.value)
    assert "condition not met" in report and "anyone there?" in report


# ------------------------------------------------------------------------------------------
# a real PTB Application polling the fake
# ------------------------------------------------------------------------------------------


def test_application_polling_echo(fake: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    users = [(4001, "Aigerim"), (4002, "Nurlan"), (4003, "Dana")]

    async def scenario() -> list[int]:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            ids = [
                fake.send_text(f"hello from {name}", user_id=uid, first_name=name)
                for uid, name in users
            ]
            await fake.wait_for_async(
                lambda sent: sum(s["method"] == "sendMessage" for s in sent) >= len(users),
                timeout=10,
            )
            await app.updater.stop()  # confirms the offset with a last getUpdates
            await app.stop()
        return ids

    ids = run(scenario())
    for uid, name in users:
        replies = fake.replies_to(uid)
        assert [r["text"] for r in replies] == [f"echo: hello from {name}"]
    assert fake.confirmed_offset == ids[-1]
    assert not fake.rejected
    assert "bot -> chat 4002 #2: echo: hello from Nurlan" in fake.transcript()


def test_files_are_fetched_with_getfile_and_the_file_url_like_telegram(fake: FakeBotAPI) -> None:
    fake.send_text("/start", user_id=USER)
    fake.send_document("maqala.txt", "text/plain", content="Мәтін".encode(), user_id=USER)
    fake.send_document("big.pdf", user_id=USER, file_size=25 * 1024 * 1024)

    async def scenario() -> tuple[bytes, str, str]:
        async with make_bot(fake) as bot:
            updates = await bot.get_updates()
            small, big = (u.message.document for u in updates[1:])
            data = bytes(await (await small.get_file()).download_as_bytearray())
            with pytest.raises(BadRequest) as too_big:
                await big.get_file()
            with pytest.raises(BadRequest) as unknown:
                await bot.get_file("no-such-file")
            await bot.send_document(USER, b"documents:\n", filename="corpus.yaml",
                                    caption="<b>Корпус</b>", parse_mode="HTML")
            return data, str(too_big.value), str(unknown.value)

    data, too_big, unknown = run(scenario())
    assert data == "Мәтін".encode()
    assert too_big == "File is too big" and unknown == "Invalid file_id"
    [sent] = [s for s in fake.sent if s["method"] == "sendDocument"]
    assert sent["params"]["document"]["data"] == b"documents:\n" and sent["text"] == "Корпус"
    assert [d["ok"] for d in fake.downloads] == [True]
