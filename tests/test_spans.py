"""The span that answers is found by its form in any text, and shown in bold in both media."""

from __future__ import annotations

import pytest

from bot import plain
from bot.bench.fakebotapi import parse_html
from bot.telegram import telegram_format as tf
from retrieval import spans
from retrieval.types import Answer, AnswerKind, Citation, Quote


def found(question: str, sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in spans.find(question, sentence)]


# Sentences none of the article's: a book fair, an archive, a museum.
@pytest.mark.parametrize("question, sentence, expected", [
    ("Қанша баспа қатысты?", "Биылғы жәрмеңкеге 14 елден 126 баспа қатысып отыр.",
     ["126 баспа"]),
    ("Сыйлықтың жүлде қоры қанша?", "Сыйлықтың жүлде қоры – 5 миллион теңге.",
     ["5 миллион теңге"]),
    ("Жәрмеңке қашан ашылды?", "2025 жылғы 14 қазанда Шымкентте кітап жәрмеңкесі ашылды.",
     ["2025 жылғы 14 қазанда"]),
    ("Архив қай жылы құрылды?", "Архив 1936 жылы құрылған.", ["1936 жылы"]),
    ("Кім сөз сөйледі?", "Рәсімде қала әкімінің орынбасары Ерлан Жұмабаев сөз сөйледі.",
     ["Ерлан Жұмабаев"]),
    ("Who opened the exhibition?", "Көрмені музей директоры А.Сейітова ашты.", ["А.Сейітова"]),
    ("Көрме қалай аталады?", "Музейде «Дала жәдігерлері» атты көрме ашылды.",
     ["«Дала жәдігерлері»"]),
    ("Сколько посетителей пришло?", "Көрмеге 1 200-ден астам адам келді.",
     ["1 200-ден астам"]),
    # The question is read folded ("называется" is "називаетсиа"); "кімге" asks who, too.
    ("Как называется выставка?", "Музейде «Дала жәдігерлері» атты көрме ашылды.",
     ["«Дала жәдігерлері»"]),
    ("Көрменің аты қалай?", "Музейде «Дала жәдігерлері» атты көрме ашылды.",
     ["«Дала жәдігерлері»"]),
    ("Бас жүлде кімге бұйырды?", "Бас жүлде германиялық аудармашы Ханна Веберге бұйырды.",
     ["Ханна Веберге"]),
])
def test_the_asked_span_is_found_by_its_form(question, sentence, expected):
    assert found(question, sentence) == expected


def test_nothing_is_marked_when_the_question_asks_for_no_single_fact():
    said = "«Бұл – үлкен жетістік», – деді директор Ерлан Жұмабаев."
    assert found("Директор не деді?", said) == []
    assert found("Жоба не үшін керек?", "Жоба 2025 жылы басталды.") == []


def test_a_name_the_question_holds_is_not_the_answer():
    sentence = "Көрмені музей директоры Айгүл Сейітова мен Ерлан Жұмабаев ашты."
    assert found("Айгүл Сейітовамен бірге көрмені кім ашты?", sentence) == ["Ерлан Жұмабаев"]


def _answer(text: str, marks: tuple[tuple[int, int], ...]) -> Answer:
    citation = Citation(1, "doc", "doc:p1:s1", "Құжат", 1, text, text)
    return Answer("q", AnswerKind.ANSWER, (Quote(text, 1, marks),), (citation,))


def test_bold_in_telegram_html_and_on_a_terminal_never_in_a_pipe():
    text = "Жәрмеңкеге 14 елден 126 баспа & <б> қатысты."
    a, b = text.index("126"), text.index("баспа") + len("баспа")
    answer = _answer(text, ((a, b),))
    message = tf.render_answer(answer)[0]
    shown, entities = parse_html(message)  # the strict fake's parser: fails on invalid HTML
    bolds = [shown[e["offset"]:e["offset"] + e["length"]] for e in entities if e["type"] == "bold"]
    assert "126 баспа" in bolds and text in shown
    assert plain.render(answer).startswith(text)  # verbatim for pipes, JSON and eval
    assert "\033[1m126 баспа\033[0m" in plain.render(answer, emphasis=plain.ANSI_BOLD)


def test_a_mark_cut_off_by_shortening_is_dropped():
    text = "Сөз " * 300 + "126 баспа."
    a = text.index("126")
    message = tf.render_answer(_answer(text, ((a, a + 9),)))[0]
    shown, entities = parse_html(message)
    assert "126 баспа" not in shown and not [e for e in entities
                                              if e["type"] == "bold" and e["length"] == 9]


def test_the_engine_marks_the_number_it_quotes(engine):
    answer = engine.answer("БҰҰ кітапханасында қанша кітап бар?")
    marked = [q.text[a:b] for q in answer.quotes for a, b in q.marks]
    assert marked == ["17 миллионнан астам кітап"]
