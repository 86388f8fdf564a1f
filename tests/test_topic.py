"""What the bot says it knows follows the corpus: the topic line and the example questions are made
from the documents (or the settings), every example is one the real engine answers, and a reload
that adds a document changes them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bot import plain, texts
from bot.cli import chat
from bot.topic import MAX_EXAMPLES, MAX_TOPIC, Topics, describe, title_questions, topic_line
from retrieval.config import BotConfig
from retrieval.engine import Engine
from retrieval.types import AnswerKind, Document
from tests.conftest import PROJECT, make_config
from tests.test_staff_bot import NEW_DOCUMENT, NEW_FACT, NEW_FILE

GENEVA = "Елбасы кітапханасы мен БҰҰ-ның Женевадағы кітапханасы ниет туралы хаттамаға қол қойды"
FAIR_FILE = "zharmenke.yaml"
FAIR = """\
documents:
  - id: astana-book-fair-2023
    title: "Астанада халықаралық кітап жәрмеңкесі өтті"
    date: 2023-10-12
    text: |
      2023 жылғы 10-12 қазан аралығында Астанада халықаралық кітап жәрмеңкесі өтті.
      Жәрмеңкеге 14 елден 120 баспа қатысты.
      Жәрмеңкені Мәдениет және ақпарат министрі Аида Балаева ашты.
"""
OFF_TOPIC = "Футбол бойынша әлем чемпионатын кім жеңді?"


def doc(i: int, title: str, date: str | None = None) -> Document:
    return Document(f"d{i}", title, ("p",), "f.yaml", 1, date=date)


# -- the topic line --------------------------------------------------------------------------------
def test_one_document_is_named_by_its_title_several_are_counted_and_listed_newest_first():
    assert topic_line([doc(1, "Көрме ашылды")]) == "«Көрме ашылды»"
    assert topic_line([doc(1, "Ескі", "2021-01-01"), doc(2, "Жаңа", "2024-01-01")]) == \
        "2 құжат: «Жаңа», «Ескі»"
    assert topic_line([]) == texts.TOPIC_NONE
    assert topic_line([doc(1, "Көрме ашылды")], "Кітапхана жаңалықтары") == \
        "Кітапхана жаңалықтары"  # the bot.topic setting wins


def test_many_documents_fit_the_line_and_the_rest_are_counted():
    line = topic_line([doc(i, f"Ұзын тақырып нөмір {i} " * 3, f"2024-01-{i:02}")
                       for i in range(1, 29)])
    assert len(line) <= MAX_TOPIC + 40
    assert line.startswith("28 құжат: «Ұзын тақырып нөмір 28")  # the newest first
    shown = line.count("«")
    assert 1 <= shown < 28 and line.endswith(texts.TOPIC_MORE.format(more=28 - shown))


def test_questions_are_made_from_a_headline_ending_in_its_verb():
    assert title_questions("Астанада халықаралық кітап жәрмеңкесі өтті") == [
        "Астанада халықаралық кітап жәрмеңкесі қашан өтті?",
        "Астанада халықаралық кітап жәрмеңкесі қайда өтті?"]
    assert title_questions(GENEVA)[0].endswith("хаттамаға қашан қол қойды?")  # "қол қойды" whole
    # "жарық көрді" (was published), "іске қосылды" (was launched): one verb of two words.
    assert title_questions("Ақан серінің жинағы жарық көрді")[0] == (
        "Ақан серінің жинағы қашан жарық көрді?")
    assert title_questions("Кітапхана-автобус іске қосылды")[0] == (
        "Кітапхана-автобус қашан іске қосылды?")
    assert title_questions("Жылдық есеп 2023") == []  # no verb: no question
    # "саясаты" (its policy) ends like a past verb ("ашты") but is a noun: a Wikipedia-style
    # title makes no "... қашан саясаты?".
    assert title_questions("Патша үкіметінің отаршылдық қоныс аудару саясаты") == []
    assert title_questions("Семейде кітапхана қайта ашылды")[0] == (
        "Семейде кітапхана қашан қайта ашылды?")


# -- examples the real engine answers ----------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_engine(tmp_path_factory):
    """An engine on a corpus folder of its own (the shipped document), for edits and reloads."""
    work = tmp_path_factory.mktemp("topic")
    corpus = work / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "un-geneva-2021.yaml", corpus)
    return Engine.load(make_config(work / "index", corpus)), corpus


def test_examples_are_answered_and_follow_a_reload_that_adds_documents(corpus_engine):
    engine, corpus = corpus_engine
    topics = Topics(engine)
    before = topics.get()
    assert before.line == f"«{GENEVA}»"
    assert before.examples == tuple(engine.config.bot.examples)  # the settings, all answered
    assert topics.peek() is before

    (corpus / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")
    (corpus / FAIR_FILE).write_text(FAIR, encoding="utf-8")
    try:
        engine.reload()
        assert topics.peek() is None  # made for the old index: made again on next use
        after = topics.get()
        assert after.line == ("3 құжат: «Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды», "
                              "«Астанада халықаралық кітап жәрмеңкесі өтті», "
                              f"«{GENEVA}»")
        assert after.examples[:2] == (
            "Елбасы кітапханасында «Дала өркениеті» көрмесі қашан ашылды?",
            "Астанада халықаралық кітап жәрмеңкесі қашан өтті?")
        assert len(after.examples) == MAX_EXAMPLES
        assert after.examples[2] == engine.config.bot.examples[0]  # a configured one kept
        cited = {}
        for example in after.examples:  # each one is a real question the bot answers
            answer = engine.answer(example)
            assert answer.kind is AnswerKind.ANSWER, (example, answer.debug)
            cited[example] = {c.doc_id for c in answer.citations}
        assert NEW_FACT in plain.render(engine.answer(after.examples[0]))
        assert "astana-book-fair-2023" in cited[after.examples[1]]

        refusal = plain.render(engine.answer(OFF_TOPIC), after)
        assert after.line in refusal and "«Дала өркениеті» көрмесі" in refusal
        greeting = plain.render(engine.answer("Сәлем! Қалайсың?"), after)
        assert f"Менің білетінім: {after.line}." in greeting
        assert f"• {after.examples[0]}" in greeting

        # Without settings: every example comes from a title, newest document first.
        bare = describe(engine.index.documents, BotConfig(), engine.answer)
        assert bare.line == after.line and len(bare.examples) == 3
        assert bare.examples[:2] == after.examples[:2]
        assert all(engine.answer(e).kind is AnswerKind.ANSWER for e in bare.examples)
    finally:
        (corpus / NEW_FILE).unlink()
        (corpus / FAIR_FILE).unlink()
        engine.reload()
    assert topics.get() == before  # the documents went: so did what the bot said about them


def test_a_configured_example_the_corpus_does_not_answer_is_not_offered(corpus_engine, caplog):
    engine, _ = corpus_engine
    config = BotConfig(examples=[OFF_TOPIC, "Хаттамаға кімдер қол қойды?"], topic="Мақалалар")
    topic = describe(engine.index.documents, config, engine.answer)
    assert topic.examples == ("Хаттамаға кімдер қол қойды?",) and topic.line == "Мақалалар"
    assert OFF_TOPIC in caplog.text  # staff see why in the log


def test_terminal_chat_welcome_names_every_document(corpus_engine, tmp_path):
    engine, corpus = corpus_engine
    (corpus / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")
    try:
        engine.reload()
        out = io.StringIO()
        chat.run(engine, io.StringIO("Не білесің?\n"), out)
    finally:
        (corpus / NEW_FILE).unlink()
        engine.reload()
    welcome, reply = out.getvalue().split("\n\n")[:2]
    assert welcome.startswith(texts.CHAT_WELCOME.split("{")[0])
    assert "2 құжат: «Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды»" in welcome
    assert GENEVA in welcome
    assert reply.startswith(texts.SMALLTALK["about"].split("{")[0])
    assert "• Елбасы кітапханасында «Дала өркениеті» көрмесі қашан ашылды?" in reply


def test_settings_read_examples_from_yaml_and_environment(tmp_path: Path):
    from retrieval.config import ConfigError, load_config

    path = tmp_path / "config" / "eventqa.yaml"
    path.parent.mkdir()
    path.write_text("bot:\n  topic: Мақалалар\n  examples:\n    - Бірінші?\n    - ' Екінші? '\n",
                    encoding="utf-8")
    config = load_config(path, env={})
    assert (config.bot.topic, config.bot.examples) == ("Мақалалар", ["Бірінші?", "Екінші?"])
    config = load_config(path, env={"EVENTQA_BOT_EXAMPLES": "А, б?| В?"})
    assert config.bot.examples == ["А, б?", "В?"]
    path.write_text("bot:\n  examples: [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bot.examples"):
        load_config(path, env={})
