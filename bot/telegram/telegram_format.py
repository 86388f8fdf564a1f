"""The Telegram medium: an Answer (and the bot's other replies) as Telegram HTML messages.

The counterpart of `bot/plain.py`. Pure functions, no network: what the handlers send is built
here, so it can be checked against the Bot API's HTML rules without a running bot.

Rules every message built here keeps:
- all text that is not ours (corpus, questions) is HTML-escaped; tags are only the ones we add;
- each message fits Telegram's limit, 4096 UTF-16 code units of the text *after* parsing: long
  quotes are shortened (the full-paragraph button shows the rest) and what still does not fit is
  split between messages at line, then word boundaries, tags closed and reopened at the cut;
- callback data stays within Telegram's 64 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.plain import GENERIC, refusal_lines, smalltalk_text
from bot.topic import Topic, newest_first
from retrieval.types import Answer, AnswerKind, Citation, Document, Passage, Quote

MAX_MESSAGE = 4096  # Telegram: text length after entity parsing, in UTF-16 code units
MAX_QUOTE = 700  # characters of one quote; the button with the whole paragraph shows the rest
MAX_TITLE = 200  # characters of a document title in a source line
MAX_INLINE_DESCRIPTION = 120
ABOUT_SNIPPET = 400  # characters of first paragraphs shown by /about (shared by the documents)
ABOUT_DOCUMENTS = 3  # newest documents /about shows the opening of
BUTTONS_PER_ROW = 3
SPLIT_MIN_ROOM = 200  # a long block starts in the current message if this much room is left
ELLIPSIS = "…"

_TAG = re.compile(r"<[^>]*>")
_TOKENS = re.compile(r"\S+\s*|\s+")
_FORMATTER = string.Formatter()


# -- measuring and escaping -----------------------------------------------------------------------
def escape(text: str) -> str:
    """Text for Telegram HTML: only &, < and > are special outside attributes."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_len(markup: str) -> int:
    """Length Telegram measures for our HTML: the text after tags and entities are parsed.

    Exact for HTML built here, where every `<` of content is escaped.
    """
    return utf16_len(html.unescape(_TAG.sub("", markup)))


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def _utf16_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit into `limit` UTF-16 code units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            return i
    return len(text)


# -- building blocks ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """A stretch of plain text with the (balanced) tags around it."""

    text: str
    open: str = ""
    close: str = ""


def bold(text: str) -> Run:
    return Run(text, "<b>", "</b>")


def italic(text: str) -> Run:
    return Run(text, "<i>", "</i>")


def link(text: str, url: str | None) -> Run:
    if not url:
        return Run(text)
    return Run(text, f'<a href="{html.escape(url, quote=True)}">', "</a>")


@dataclass(frozen=True)
class Block:
    """One line (or quote) of a message; `wrap` is a tag put around the whole block."""

    runs: tuple[Run, ...]
    wrap: str = ""  # a tag around the whole block: "", "b", "blockquote"

    def html(self) -> str:
        inner = "".join(r.open + escape(r.text) + r.close for r in self.runs if r.text)
        return f"<{self.wrap}>{inner}</{self.wrap}>" if self.wrap else inner

    def size(self) -> int:
        return sum(utf16_len(r.text) for r in self.runs)


def line(*runs: Run | str, wrap: str = "") -> Block:
    return Block(tuple(Run(r) if isinstance(r, str) else r for r in runs), wrap)


def template(text: str, **values: Run | str) -> Block:
    """A texts.* template as a block; placeholders become runs (so a title can be a link)."""
    runs: list[Run] = []
    for literal, field, _, _ in _FORMATTER.parse(text):
        if literal:
            runs.append(Run(literal))
        if field is not None:
            value = values[field]
            runs.append(value if isinstance(value, Run) else Run(str(value)))
    return Block(tuple(runs))


def paragraphs(text: str) -> list[Block]:
    """Multi-line texts.* strings as one block per line (empty lines kept as spacing)."""
    return [line(part) for part in text.split("\n")]


def _split_block(block: Block, limit: int, first: int | None = None) -> list[Block]:
    """Cut a block into pieces of at most `limit` (the first one at most `first`), at word
    boundaries where possible."""
    pieces: list[Block] = []
    current: list[Run] = []
    size = 0
    limit_now = limit if first is None else first
    for run in block.runs:
        for token in _TOKENS.findall(run.text):
            while token:
                room = limit_now - size
                length = utf16_len(token)
                if length <= room:
                    current.append(Run(token, run.open, run.close))
                    size += length
                    break
                if length <= limit:  # the word fits on a fresh piece
                    if current:
                        pieces.append(Block(tuple(current), block.wrap))
                    current, size, limit_now = [], 0, limit
                    continue
                head = _utf16_prefix(token, room)  # a "word" longer than a message
                if head:
                    current.append(Run(token[:head], run.open, run.close))
                    token = token[head:]
                if current:
                    pieces.append(Block(tuple(current), block.wrap))
                current, size, limit_now = [], 0, limit
    if current:
        pieces.append(Block(tuple(current), block.wrap))
    return [_merge_runs(p) for p in pieces]


def _merge_runs(block: Block) -> Block:
    merged: list[Run] = []
    for run in block.runs:
        if merged and (merged[-1].open, merged[-1].close) == (run.open, run.close):
            merged[-1] = Run(merged[-1].text + run.text, run.open, run.close)
        else:
            merged.append(run)
    return Block(tuple(merged), block.wrap)


def pack(blocks: Sequence[Block], limit: int = MAX_MESSAGE) -> list[str]:
    """Blocks joined by newlines into as few messages as fit; never cuts inside a tag."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        room = limit - size - (1 if current else 0)
        if block.size() <= limit:
            parts = [block]
        elif room >= SPLIT_MIN_ROOM:  # start the long block in what is left of this message
            parts = _split_block(block, limit, first=room)
        else:
            parts = _split_block(block, limit)
        for part in parts:
            extra = part.size() + (1 if current else 0)
            if current and size + extra > limit:
                messages.append("\n".join(current))
                current, size, extra = [], 0, part.size()
            current.append(part.html())
            size += extra
    if current:
        messages.append("\n".join(current))
    # Spacing lines at the edges of a split look broken, and Telegram refuses blank messages.
    messages = [m.strip("\n") for m in messages]
    return [m for m in messages if html.unescape(_TAG.sub("", m)).strip()]


# -- answers ------------------------------------------------------------------------------------
def answer_blocks(answer: Answer, *, quote_limit: int = MAX_QUOTE,
                  examples_as_text: bool = False, topic: Topic | None = None) -> list[Block]:
    """The answer as blocks, in the order of `plain.render`."""
    topic = topic or GENERIC
    blocks: list[Block] = []
    note = texts.ANSWER_IN_KAZAKH.get(answer.query_lang)
    if answer.trimmed:
        blocks.append(line(italic(texts.TRIMMED)))
    if answer.kind is AnswerKind.ANSWER:
        if note:
            blocks.append(line(italic(note)))
        runs: list[Run] = []
        quotes = answer.quotes
        for i, q in enumerate(quotes):
            if i:
                runs.append(Run(" "))
            runs.extend(_quote_runs(q, quote_limit))
            if i + 1 == len(quotes) or quotes[i + 1].citation != q.citation:
                runs += [Run(" "), bold(f"[{q.citation}]")]  # once per run of one source
        blocks.append(Block(tuple(runs), "blockquote"))
        blocks.append(line(bold(texts.SOURCES_HEADER)))
        blocks.extend(source_line(c) for c in sorted(answer.citations, key=lambda c: c.n))
    elif answer.kind is AnswerKind.SMALLTALK:
        if note:  # "How are you?" in English gets a Kazakh reply: say so
            blocks.append(line(italic(note)))
        blocks.extend(paragraphs(smalltalk_text(answer, topic)))
        if examples_as_text:
            blocks.extend(line(f"• {e}") for e in topic.examples)
    elif answer.kind is AnswerKind.EMPTY:
        blocks.extend(line(text) for text in refusal_lines(answer, topic))
    else:
        if note:
            blocks.append(line(italic(note)))
        blocks.extend(line(text) for text in refusal_lines(answer, topic))
    return blocks


def _quote_runs(quote: Quote, limit: int) -> list[Run]:
    """A quote shortened to `limit`, the span that answers in bold (a span cut off by the
    shortening is dropped; the paragraph button shows the rest)."""
    text = shorten(quote.text, limit)
    kept = len(text) if text == quote.text.strip() else len(text) - len(ELLIPSIS)
    offset = len(quote.text) - len(quote.text.lstrip())
    runs, at = [], 0
    for a, b in sorted(quote.marks):
        a, b = a - offset, b - offset
        if a < at or b > kept:
            continue
        runs += [Run(text[at:a]), bold(text[a:b])]
        at = b
    return [*runs, Run(text[at:])]


def source_line(c: Citation) -> Block:
    return template(texts.SOURCE_LINE, n=str(c.n), title=link(shorten(c.title, MAX_TITLE), c.url),
                    paragraph=str(c.paragraph))


def render_answer(answer: Answer, *, asked: str | None = None, limit: int = MAX_MESSAGE,
                  examples_as_text: bool = False, topic: Topic | None = None) -> list[str]:
    """An answer as one or more HTML messages; `asked` repeats the question (example buttons);
    `topic` (bot/topic.py) is what refusals and small-talk replies say the bot knows."""
    head = [line(bold(texts.TG_ASKED.format(question=shorten(asked, 300))))] if asked else []
    blocks = head + answer_blocks(answer, examples_as_text=examples_as_text, topic=topic)
    return pack(blocks, limit)


def render_answer_single(answer: Answer, limit: int = MAX_MESSAGE,
                         topic: Topic | None = None) -> str:
    """Exactly one message (inline results): quotes are shortened further until it fits."""
    quote_limit = MAX_QUOTE
    while True:
        messages = pack(answer_blocks(answer, quote_limit=quote_limit, examples_as_text=True,
                                      topic=topic), limit)
        if len(messages) == 1 or quote_limit <= 40:
            return messages[0]
        quote_limit //= 2


def inline_description(answer: Answer, topic: Topic | None = None) -> str:
    if answer.kind is AnswerKind.ANSWER and answer.quotes:
        return shorten(answer.quotes[0].text, MAX_INLINE_DESCRIPTION)
    return shorten((topic or GENERIC).line, MAX_INLINE_DESCRIPTION)


# -- the bot's other messages -----------------------------------------------------------------
def render_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """A plain texts.* message (already formatted) as escaped HTML."""
    return pack(paragraphs(text), limit)


def render_welcome(topic: Topic) -> str:
    text = texts.TG_WELCOME.format(topic=topic.line)
    if topic.examples:  # they are the buttons under it
        text += "\n\n" + texts.TG_WELCOME_EXAMPLES
    return pack(paragraphs(text))[0]


def render_help(username: str, topic: Topic) -> str:
    return pack(paragraphs(texts.TG_HELP.format(
        example_hint=topic.hint(""), username=username or "bot")))[0]


def render_about(documents: Mapping[str, Document], topic: Topic,
                 limit: int = MAX_MESSAGE) -> list[str]:
    """What the bot knows, then the opening of the newest documents, each with its source."""
    blocks = [line(bold(texts.TG_ABOUT_HEADER)), line(topic.line + ".")]
    ordered = newest_first(documents.values())
    snippet = ABOUT_SNIPPET // min(max(len(ordered), 1), ABOUT_DOCUMENTS)
    for document in ordered[:ABOUT_DOCUMENTS]:
        if document.paragraphs:
            blocks += [line(""), line(shorten(document.paragraphs[0], snippet))]
        title = link(shorten(document.title, MAX_TITLE), document.url)
        source = template(texts.TG_ABOUT_SOURCE, title=title)
        if document.date:
            source = Block((*source.runs, Run(f" ({document.date})")))
        blocks.append(source)
    if len(ordered) > ABOUT_DOCUMENTS:
        blocks += [line(""), line(texts.TG_ABOUT_MORE.format(count=len(ordered)))]
    return pack(blocks, limit)


def render_sources(documents: Mapping[str, Document], limit: int = MAX_MESSAGE) -> list[str]:
    ordered = newest_first(documents.values())
    if not ordered:
        return render_text(texts.TG_SOURCES_EMPTY, limit)
    blocks = [line(bold(texts.TG_SOURCES_HEADER.format(count=len(ordered))))]
    for i, d in enumerate(ordered, 1):
        runs = [Run(f"{i}. "), link(shorten(d.title, MAX_TITLE), d.url)]
        if d.date:
            runs.append(Run(f" — {d.date}"))
        blocks.append(line(*runs))
    return pack(blocks, limit)


def render_paragraph(n: int, document: Document, passage: Passage,
                     limit: int = MAX_MESSAGE) -> list[str]:
    """The whole paragraph a citation comes from, the cited passage in bold."""
    text = document.paragraphs[passage.paragraph - 1]
    start = text.find(passage.text)
    if start < 0:
        runs: tuple[Run, ...] = (Run(text),)
    else:
        end = start + len(passage.text)
        runs = tuple(r for r in (Run(text[:start]), bold(text[start:end]), Run(text[end:]))
                     if r.text)
    header = template(texts.SOURCE_LINE, n=str(n),
                      title=link(shorten(document.title, MAX_TITLE), document.url),
                      paragraph=str(passage.paragraph))
    return pack([Block(header.runs, "b"), Block(runs, "blockquote")], limit)


# -- buttons and callback data ------------------------------------------------------------------
# Callback data (≤ 64 bytes): "q:<i>" asks example i, "p:<n>:<key>" shows the paragraph of
# citation n, "f:1"/"f:0" is feedback. A passage is named by a hash of its id *and* text, so a
# button under an old answer finds nothing (instead of a different text) once the corpus changed.
EXAMPLE, PARAGRAPH, FEEDBACK = "q", "p", "f"


def passage_key(passage_id: str, text: str) -> str:
    digest = hashlib.sha256(f"{passage_id}\n{text}".encode()).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode("ascii")  # 16 characters


def parse_callback(data: str | None) -> tuple[str, list[str]]:
    """("q", [i]) | ("p", [n, key]) | ("f", ["1"|"0"]) | ("", []) for anything else."""
    kind, _, rest = (data or "").partition(":")
    parts = rest.split(":") if rest else []
    shapes = {EXAMPLE: 1, PARAGRAPH: 2, FEEDBACK: 1}
    if shapes.get(kind) != len(parts) or not all(parts):
        return "", []
    return kind, parts


class PassageLookup:
    """Finds a passage by its button key in the current index (rebuilt when the index changes)."""

    def __init__(self) -> None:
        self._source: object | None = None
        self._keys: dict[str, Passage] = {}

    def find(self, passages: Sequence[Passage], key: str) -> Passage | None:
        if self._source is not passages:
            self._keys = {passage_key(p.id, p.text): p for p in passages}
            self._source = passages
        return self._keys.get(key)


def examples_keyboard(topic: Topic) -> InlineKeyboardMarkup | None:
    if not topic.examples:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(e, callback_data=f"{EXAMPLE}:{i}")]
         for i, e in enumerate(topic.examples)])


def button_text(markup: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    """The text on the button of `markup` that carries `data`."""
    buttons = markup.inline_keyboard if markup is not None else ()
    return next((b.text for row in buttons for b in row if b.callback_data == data), None)


def feedback_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(texts.TG_BUTTON_GOOD, callback_data=f"{FEEDBACK}:1"),
            InlineKeyboardButton(texts.TG_BUTTON_BAD, callback_data=f"{FEEDBACK}:0")]


def answer_keyboard(answer: Answer, topic: Topic | None = None) -> InlineKeyboardMarkup | None:
    """Paragraph buttons for each citation and 👍/👎 under answers and refusals; the example
    questions under small talk."""
    if answer.kind is AnswerKind.SMALLTALK:
        return examples_keyboard(topic or GENERIC)
    if answer.kind is AnswerKind.EMPTY:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    buttons = [InlineKeyboardButton(
        texts.TG_BUTTON_PARAGRAPH.format(n=c.n),
        callback_data=f"{PARAGRAPH}:{c.n}:{passage_key(c.passage_id, c.text)}")
        for c in sorted(answer.citations, key=lambda c: c.n)]
    rows += [buttons[i:i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    rows.append(feedback_row())
    return InlineKeyboardMarkup(rows)


def without_feedback(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The keyboard after a vote: the 👍/👎 row goes, the paragraph buttons stay."""
    if markup is None:
        return None
    rows = [list(row) for row in markup.inline_keyboard
            if not any(_is_feedback(b) for b in row)]
    return InlineKeyboardMarkup(rows) if rows else None


def _is_feedback(button: InlineKeyboardButton) -> bool:
    return isinstance(button.callback_data, str) and button.callback_data.startswith(
        f"{FEEDBACK}:")
