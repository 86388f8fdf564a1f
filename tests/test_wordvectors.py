"""WordVectors on toy vectors (no model): building, reuse, and matching one text or many."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.wordvectors import WordVectors, question_words, words_of

AXES = {"музей": [1, 0, 0], "кітап": [0, 1, 0], "мерейтой": [0, 0, 1]}


def embed_counting(calls: list[list[str]]):
    def embed(words: list[str]) -> np.ndarray:
        calls.append(list(words))
        return np.array([AXES.get(w, [0.6, 0.8, 0]) for w in words], dtype=np.float32)
    return embed


def test_words_are_lower_case_distinct_and_three_letters_or_more():
    assert words_of("Музей мен МУЗЕЙ: 60 жыл, ол кітап") == ["музей", "мен", "жыл", "кітап"]
    assert question_words([("museum", ["музей"]), ("60", ["60"]), ("of", [])]) == ["museum"]


def test_a_rebuild_embeds_only_new_words_and_keeps_the_rest():
    calls: list[list[str]] = []
    first = WordVectors.build(["Музей кітап"], embed_counting(calls))
    again = WordVectors.build(["Музей кітап мерейтой"], embed_counting(calls), first)
    assert calls == [["кітап", "музей"], ["мерейтой"]]
    assert again.words == ["кітап", "мерейтой", "музей"]
    assert again.vectors.dtype == np.float32 and again.vectors.shape == (3, 3)


def test_match_many_equals_match_and_a_text_without_words_gets_the_lowest():
    words = WordVectors.build(["музей кітап мерейтой"], embed_counting([]))
    question = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)  # "museum", "book"
    texts = ["Музей ашылды", "Кітап пен музей", "— Иә.", "мерейтой"]
    many = words.match_many(question, words.grouped_rows(texts))
    assert many[0] == pytest.approx(words.match(question, texts[0]))  # 0.5: museum only
    assert many[1] == pytest.approx(1.0)
    assert many[3] == pytest.approx(0.0)
    assert many[2] == pytest.approx(min(many[0], many[1], many[3]))  # not below the others


def test_an_empty_vocabulary_matches_nothing_and_does_not_fail():
    words = WordVectors.build(["12 3 ә"], embed_counting([]))
    question = np.ones((1, 3), dtype=np.float32)
    assert len(words) == 0 and words.match(question, "музей") == 0.0
    assert list(words.match_many(question, words.grouped_rows(["музей", "кітап"]))) == [0, 0]


def test_nearest_words_come_best_first_and_at_most_the_vocabulary():
    words = WordVectors.build(["музей кітап мерейтой"], embed_counting([]))
    museum_ish = np.array([0.9, 0.1, 0.4], dtype=np.float32)
    assert words.nearest(museum_ish, 2) == ["музей", "мерейтой"]
    assert words.nearest(museum_ish, 10) == ["музей", "мерейтой", "кітап"]
    empty = WordVectors.build([], embed_counting([]))
    assert empty.nearest(museum_ish, 3) == []
