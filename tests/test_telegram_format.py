"""The Telegram HTML formatter: escaping, length limits, citation numbering, callback data.

Every message is checked with the fake Bot API's re-implementation of Telegram's HTML parser
(`bot.bench.fakebotapi.parse_html`), and one batch goes through a real sendMessage to the fake
server.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Bot

from bot import plain, texts
from bot.bench.fakebotapi import FakeBotAPI, parse_html, utf16_len
from bot.telegram import telegram_format as tf
from bot.topic import Topic, topic_line
from retrieval.types import Answer, AnswerKind, Citation, Document, Passage, Quote, Sentence

NASTY = 'Tom & Jerry <b>bold</b> "quoted" \'single\' a<b & c>d &amp; &lt; 1 < 2 > 0 </blockquote>'
# What the bot knows, with corpus text that needs escaping (titles and questions are staff's).
TOPIC = Topic(f"«{NASTY}»", (f"{NASTY}?", "Екінші сұрақ?"))


def parsed(message: str) -> str:
    """The text Telegram would show; fails the test if Telegram would refuse the HTML."""
    text, _ = parse_html(message)
    assert text.strip(), "Telegram refuses empty messages"
    assert utf16_len(text) <= 4096, utf16_len(text)
    return text


def citation(n: int, text: str = "Passage text.", title: str = "Title", url: str | None = None,
             paragraph: int = 1) -> Citation:
    return Citation(n=n, doc_id="doc", passage_id=f"doc:p{paragraph}:s{n}", title=title,
                    paragraph=paragraph, text=text, paragraph_text=f"Before. {text} After.",
                    url=url, date="2021-09-01")


def answer(quotes: list[tuple[str, int]], citations: list[Citation], **kw) -> Answer:
    return Answer("question", AnswerKind.ANSWER, tuple(Quote(t, n) for t, n in quotes),
                  tuple(citations), **kw)


def test_corpus_text_is_escaped_and_shown_verbatim():
    a = answer([(NASTY, 1)], [citation(1, NASTY, title=NASTY,
                                       url='https://example.org/a?b=1&c="<x>"')])
    messages = tf.render_answer(a, asked=NASTY)
    assert len(messages) == 1
    text = parsed(messages[0])
    assert text.count(NASTY) == 3  # the question, the quote, the title
    _, entities = parse_html(messages[0])
    links = [e for e in entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == ['https://example.org/a?b=1&c="<x>"']
    assert "<b>bold</b>" not in messages[0]  # corpus markup never becomes formatting


def test_answer_layout_mirrors_plain_text():
    a = answer([("Бірінші сөйлем.", 1), ("Екінші сөйлем.", 2)],
               [citation(1, title="Құжат А", paragraph=4), citation(2, title="Құжат Б")])
    text = parsed(tf.render_answer(a)[0])
    assert text == ("Бірінші сөйлем. [1] Екінші сөйлем. [2]\n"
                    f"{texts.SOURCES_HEADER}\n"
                    "[1] Құжат А, 4-абзац\n"
                    "[2] Құжат Б, 1-абзац")


def test_consecutive_sentences_of_one_source_carry_its_marker_once():
    a = answer([("Алдыңғы сөйлем.", 1), ("Оның жалғасы.", 1), ("Басқасы.", 2)],
               [citation(1), citation(2)])
    text = parsed(tf.render_answer(a)[0])
    assert text.startswith("Алдыңғы сөйлем. Оның жалғасы. [1] Басқасы. [2]\n")
    assert plain.render(a).startswith("Алдыңғы сөйлем. Оның жалғасы. [1] Басқасы. [2]")


def test_citation_markers_match_the_numbered_source_list():
    cits = [citation(n, title=f"Document {n}") for n in (3, 1, 2)]  # any order in, sorted out
    a = answer([("One.", 2), ("Two.", 1), ("Three.", 3), ("Four.", 2)], cits)
    text = parsed(tf.render_answer(a)[0])
    body, sources = text.split(texts.SOURCES_HEADER)
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", body)]
    assert markers == [2, 1, 3, 2]
    listed = re.findall(r"^\[(\d+)\] Document (\d+),", sources, flags=re.M)
    assert [(int(a), int(b)) for a, b in listed] == [(1, 1), (2, 2), (3, 3)]
    assert set(markers) == {int(n) for n, _ in listed}


def test_a_huge_answer_is_split_into_valid_messages_within_the_limit():
    long_quote = ("сөз " * 3000) + "😀" * 800  # astral characters count twice in UTF-16
    cits = [citation(n, title="Т" * 5000) for n in range(1, 41)]
    a = answer([(long_quote, (i % 40) + 1) for i in range(80)], cits)
    messages = tf.render_answer(a)
    assert len(messages) > 1
    shown = "\n".join(parsed(m) for m in messages)
    assert re.findall(r"^\[(\d+)\] ", shown, flags=re.M) == [str(n) for n in range(1, 41)]
    assert shown.count(tf.ELLIPSIS) >= 80  # quotes were shortened, not dropped
    assert all(f"[{(i % 40) + 1}]" in shown for i in range(80))


def test_single_message_for_inline_results_always_fits():
    cits = [citation(n, title="Title " * 40) for n in range(1, 31)]
    a = answer([("word " * 2000, n) for n in range(1, 31)], cits)
    parsed(tf.render_answer_single(a))


@pytest.mark.parametrize("kind, lang, needle", [
    (AnswerKind.NOT_FOUND, "kk", texts.NOT_FOUND.split("{")[0]),
    (AnswerKind.NOT_FOUND, "ru", texts.ANSWER_IN_KAZAKH["ru"]),
    (AnswerKind.NOT_FOUND, "en", texts.ANSWER_IN_KAZAKH["en"]),
    (AnswerKind.EMPTY, "kk", texts.EMPTY.split("{")[0]),
    (AnswerKind.SMALLTALK, "kk", texts.SMALLTALK["thanks"].split("{")[0]),
])
def test_other_kinds_render_their_kazakh_text(kind, lang, needle):
    a = Answer("<b>&", kind, smalltalk="thanks", query_lang=lang, trimmed=True)
    text = "\n".join(parsed(m) for m in tf.render_answer(a, examples_as_text=True, topic=TOPIC))
    assert needle.strip() in text and texts.TRIMMED in text
    assert any(e in text for e in TOPIC.examples)  # an example to try, whatever went wrong


@pytest.mark.parametrize("kind", ["greeting", "howareyou", "about", "thanks", "bye", "unknown"])
def test_small_talk_names_what_the_bot_knows_and_offers_the_examples(kind):
    a = Answer("Қалайсың?", AnswerKind.SMALLTALK, smalltalk=kind)
    [message] = tf.render_answer(a, topic=TOPIC)
    text = parsed(message)
    assert "[1]" not in text and texts.NOT_FOUND.split("{")[0] not in text
    if kind in ("greeting", "howareyou", "about", "unknown"):
        assert f"Менің білетінім: {TOPIC.line}." in text
    markup = tf.answer_keyboard(a, TOPIC)
    assert [b.text for row in markup.inline_keyboard for b in row] == list(TOPIC.examples)
    assert [b.callback_data for row in markup.inline_keyboard for b in row] == ["q:0", "q:1"]
    assert plain.render(a, TOPIC).endswith(f"• {TOPIC.examples[0]}\n• {TOPIC.examples[1]}")


def test_an_example_button_is_found_by_its_data_and_asks_its_own_text():
    markup = tf.examples_keyboard(TOPIC)
    assert tf.button_text(markup, "q:1") == "Екінші сұрақ?"
    assert tf.button_text(markup, "q:7") is None and tf.button_text(None, "q:0") is None


def test_without_examples_nothing_promises_them():
    bare = Topic("«Жалғыз құжат»")
    for kind in (AnswerKind.NOT_FOUND, AnswerKind.EMPTY, AnswerKind.SMALLTALK):
        text = "\n".join(parsed(m) for m in tf.render_answer(Answer("?", kind), topic=bare))
        assert "Мысалы" not in text
    assert tf.answer_keyboard(Answer("?", AnswerKind.SMALLTALK), bare) is None
    assert tf.examples_keyboard(bare) is None
    assert texts.TG_WELCOME_EXAMPLES not in parsed(tf.render_welcome(bare))
    assert "Мысалы" not in parsed(tf.render_help("eventqa_bot", bare))


def test_foreign_question_answer_carries_the_note():
    a = answer([("Жауап.", 1)], [citation(1)], query_lang="ru")
    assert parsed(tf.render_answer(a)[0]).startswith(texts.ANSWER_IN_KAZAKH["ru"])


def test_paragraph_view_bolds_the_cited_passage_and_splits_long_paragraphs():
    passage = Passage("doc:p1:s3", "doc", 1, (Sentence("Cited <one> & only.", 0, 19),))
    short = Document("doc", "T & <t>", ("Before it. Cited <one> & only. After it.",), "f", 1,
                     url="https://example.org")
    [message] = tf.render_paragraph(2, short, passage)
    text, entities = parse_html(message)
    start = text.index("Cited <one> & only.")
    assert {"type": "bold", "offset": start, "length": 19} in entities
    assert text.startswith("[2] T & <t>, 1-абзац")
    huge = Document("doc", "T", ("А" * 5000 + " Cited <one> & only. " + "😀 " * 4000,), "f", 1)
    messages = tf.render_paragraph(1, huge, passage)
    assert len(messages) >= 3
    assert "Cited <one> & only." in "".join(parsed(m) for m in messages)


def test_sources_and_about_list_documents_with_dates_and_links():
    docs = {f"d{i}": Document(f"d{i}", f"Title {i} <&>", ("First paragraph.",), "f", 1,
                              date=f"2021-0{i}-01", url=f"https://example.org/{i}")
            for i in range(1, 4)}
    [sources] = tf.render_sources(docs)
    text, entities = parse_html(sources)
    assert "1. Title 3 <&> — 2021-03-01" in text  # newest first
    assert len([e for e in entities if e["type"] == "text_link"]) == 3
    topic = Topic(topic_line(docs.values()))
    about = "\n".join(parsed(m) for m in tf.render_about(docs, topic))
    assert "3 құжат: «Title 3 <&>», «Title 2 <&>», «Title 1 <&>»." in about
    assert about.count("First paragraph.") == 3 and "Дереккөз: Title 1 <&> (2021-01-01)" in about
    assert texts.TG_ABOUT_MORE.split("{")[0] not in about
    more = {**docs, "d4": Document("d4", "Title 4", ("Fourth.",), "f", 1, date="2021-04-01")}
    about = "\n".join(parsed(m) for m in tf.render_about(more, Topic(topic_line(more.values()))))
    assert "Fourth." in about and "Title 1 <&>" not in about.split("\n", 2)[2]  # newest three
    assert about.endswith(texts.TG_ABOUT_MORE.format(count=4))
    many = {f"d{i}": Document(f"d{i}", "Long title " * 15, ("p",), "f", 1) for i in range(300)}
    assert len([parsed(m) for m in tf.render_sources(many)]) > 1
    assert parsed(tf.render_sources({})[0]) == texts.TG_SOURCES_EMPTY


def test_welcome_and_help_are_valid():
    welcome = parsed(tf.render_welcome(TOPIC))
    assert f"Менің білетінім: {TOPIC.line}." in welcome
    assert welcome.endswith(texts.TG_WELCOME_EXAMPLES)  # the example buttons follow
    assert [b.text for row in tf.examples_keyboard(TOPIC).inline_keyboard for b in row] == \
        list(TOPIC.examples)
    help_text = parsed(tf.render_help("eventqa_bot", TOPIC))
    assert "@eventqa_bot" in help_text and f"«{TOPIC.examples[0]}»" in help_text


def test_callback_data_fits_64_bytes_and_round_trips():
    long_id = "a-very-long-document-identifier-" * 4 + ":p12:s7"
    a = answer([("q", 1), ("r", 2)], [
        Citation(1, "doc", long_id, "T", 12, "cited text", "p"), citation(2)])
    markup = tf.answer_keyboard(a)
    datas = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert all(1 <= len(d.encode()) <= 64 for d in datas)
    assert datas[-2:] == ["f:1", "f:0"]
    kind, (n, key) = tf.parse_callback(datas[0])
    assert (kind, n, key) == (tf.PARAGRAPH, "1", tf.passage_key(long_id, "cited text"))
    for data in ("", "x", "p:1", "f:", "q:1:2", None):
        assert tf.parse_callback(data) == ("", [])


def test_passage_lookup_misses_after_the_text_changed():
    old = Passage("doc:p1:s1", "doc", 1, (Sentence("Old text.", 0, 9),))
    new = Passage("doc:p1:s1", "doc", 1, (Sentence("New text.", 0, 9),))
    lookup = tf.PassageLookup()
    key = tf.passage_key(old.id, old.text)
    assert lookup.find([old], key) is old
    assert lookup.find([new], key) is None  # the same id, another text: the button is stale


def test_feedback_row_is_removed_after_a_vote():
    markup = tf.answer_keyboard(answer([("q", 1)], [citation(1)]))
    rest = tf.without_feedback(markup)
    assert [b.text for row in rest.inline_keyboard for b in row] == ["📄 [1] абзац"]
    assert tf.without_feedback(tf.InlineKeyboardMarkup([tf.feedback_row()])) is None


_PIECES = st.sampled_from(list("ab әң<>&\"';\n\t 😀") + ["&amp;", "</b>", "<i>", "word "])
_TEXT = st.lists(_PIECES, max_size=1500).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6),
       st.integers(min_value=30, max_value=4096))
def test_any_text_packs_into_valid_messages_within_any_limit(chunks, limit):
    blocks = [tf.line(chunks[0])] + [
        tf.Block((tf.Run(c), tf.bold(c[:40]), tf.link(c[:90], "https://a.b/?q=<&>")),
                 "blockquote") for c in chunks]
    messages = tf.pack(blocks, limit)
    for m in messages:
        text, _ = parse_html(m)
        assert utf16_len(text) <= limit
    joined = "".join(parse_html(m)[0] for m in messages)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", "".join(
        chunks[0] + "".join(c + c[:40] + c[:90] for c in chunks)))


def test_the_fake_bot_api_accepts_real_send_message_calls():
    """The same messages, sent by PTB's Bot over HTTP, are accepted by the strict fake server."""
    a = answer([(NASTY * 40, 1), ("Екінші.", 2)],
               [citation(1, NASTY, title=NASTY, url="https://example.org/?a=1&b=2"),
                citation(2)], query_lang="en", trimmed=True)
    messages = tf.render_answer(a, asked=NASTY) + tf.render_answer(
        Answer(NASTY, AnswerKind.NOT_FOUND, query_lang="ru"), topic=TOPIC) + tf.render_answer(
        Answer(NASTY, AnswerKind.SMALLTALK, smalltalk="about"), topic=TOPIC) + [
        tf.render_welcome(TOPIC), tf.render_help("eventqa_bot", TOPIC)]

    async def send(fake: FakeBotAPI) -> None:
        async with Bot(fake.token, base_url=fake.base_url) as bot:
            for i, m in enumerate(messages):
                markup = tf.answer_keyboard(a) if i == len(messages) - 1 else None
                await bot.send_message(1001, m, parse_mode="HTML", reply_markup=markup)

    with FakeBotAPI() as fake:
        fake.send_text("hi")  # Telegram: a bot may write only to users who wrote to it
        asyncio.run(send(fake))
        assert fake.rejected == []
        assert [s["text"] for s in fake.sent if s["method"] == "sendMessage"] == [
            parse_html(m)[0] for m in messages]
