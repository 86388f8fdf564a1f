"""BM25 over the seed article's sentences, with queries written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from retrieval.kazakh import lexical_terms
from retrieval.lexical import BM25

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.kk.txt"
# A sentence ends at . ! ? followed by a capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"А-ЯӘҒҚҢӨҰҮҺІ0-9])")


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    text = ARTICLE.read_text(encoding="utf-8")
    out = [s for para in text.splitlines() for s in _SENTENCE_END.split(para.strip()) if s]
    assert len(out) > 20
    return out


@pytest.fixture(scope="module")
def bm25(sentences: list[str]) -> BM25:
    return BM25.fit([lexical_terms(s) for s in sentences])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Kazakh
        ("Назарбаев қай ғасырлардағы ірі саясаткерлердің бірі?", "ірі саясаткерлердің бірі"),
        ("Геосаяси тұрақсыздық кезінде Қазақстанның рөлі қандай?", "геосаяси тұрақсыздық"),
        ("Материалдар мен кітаптар нені қамтиды?", "мәселелерді қамтиды"),
        ("Ұлттар Лигасының архиві кімнің қолына өтті?", "Ұлттар Лигасының барлық архиві"),
        ("Мекеменің архивін көпшілікке ашу туралы не делінді?", "көпшілікке қолжетімді ету"),
        ("Тоқаев қай жылдары Бас хатшының орынбасары болды?", "Бас хатшысының орынбасары"),
        ("Женева саясат және қауіпсіздік орталығымен не бекітілді?", "Женева саясат"),
        # typed on a Russian keyboard
        ("Зерттеушилердин кызыгушылыгы кандай?", "қызығушылығы зор"),
        ("Назарбаевтын есимимен аталган мекеме", "есімімен аталған мекеменің"),
        ("Ядролык каруды таратпау туралы ким айтты?", "ядролық қаруды таратпау"),
        # Latin script: informal and official 2021
        ("Ulttar Ligasynyn arkhivi men basylymy", "Ұлттар Лигасының барлық архиві"),
        ("Geosaiasi turaqsyzdyq zhagdaiynda Qazaqstannyn roli", "геосаяси тұрақсыздық"),
        ("Ūlttar Ligasynyñ arhivi qaida?", "Ұлттар Лигасының барлық архиві"),
        ("Tokaev BUU Bas hatshysynyn orynbasary bolgan ba?", "Бас хатшысының орынбасары"),
        # Latin lookalike letters inside Cyrillic words
        ("Kaзaқстaнның бітімгер рөлі", "бітімгер"),
    ],
)
def test_right_sentence_ranks_first(
    bm25: BM25, sentences: list[str], query: str, expected: str
) -> None:
    scores = bm25.scores(lexical_terms(query))
    best = int(np.argmax(scores))
    assert expected.lower() in sentences[best].lower(), (query, sentences[best])
    # and it wins clearly, not by a tie-break
    runner_up = np.partition(scores, -2)[-2]
    assert scores[best] > runner_up


def test_scores_shape_dtype_and_zeros(bm25: BM25, sentences: list[str]) -> None:
    terms = lexical_terms("Франческо Пизано")
    scores = bm25.scores(terms)
    assert scores.shape == (len(sentences),) == (bm25.n_docs,)
    assert scores.dtype == np.float32
    hits = np.flatnonzero(scores)
    assert len(hits) == 1 and "Пизано" in sentences[hits[0]]
    assert np.all(scores >= 0)


def test_unknown_and_empty_queries_score_zero(bm25: BM25) -> None:
    assert not bm25.scores([]).any()
    assert not bm25.scores(["жоқсөз", "xyzzy"]).any()
    assert bm25.scores([]).shape == (bm25.n_docs,)


def test_repeated_query_terms_count_once(bm25: BM25) -> None:
    once = bm25.scores(["китап"])
    assert np.array_equal(once, bm25.scores(["китап", "китап", "китап"]))


def test_scores_add_up_over_terms(bm25: BM25) -> None:
    a, b = bm25.scores(["китапхана"]), bm25.scores(["женева"])
    np.testing.assert_allclose(bm25.scores(["китапхана", "женева"]), a + b, rtol=1e-6)


def test_matched_terms(bm25: BM25, sentences: list[str]) -> None:
    query = lexical_terms("Франческо Пизано кітапхана директоры Алматы")
    doc = next(i for i, s in enumerate(sentences) if "Франческо Пизано" in s)
    assert bm25.matched_terms(query, doc) == set(
        lexical_terms("Франческо Пизано кітапхана директоры")
    )
    assert bm25.matched_terms(query, -1) == set()
    assert bm25.matched_terms(query, bm25.n_docs) == set()
    assert bm25.matched_terms([], doc) == set()


def test_idf(bm25: BM25) -> None:
    common = bm25.idf("китапхана")  # in many sentences
    rare = bm25.idf("пизано")  # in one
    assert rare > common > 0
    assert bm25.idf("жоқсөз") == 0.0
    assert bm25.idf("") == 0.0


def test_round_trip_through_npz(tmp_path: Path, bm25: BM25, sentences: list[str]) -> None:
    path = tmp_path / "lexical.npz"
    np.savez(path, **bm25.to_arrays())
    with np.load(path, allow_pickle=False) as arrays:
        loaded = BM25.from_arrays(dict(arrays))
    assert loaded.n_docs == bm25.n_docs
    for query in ("Семей полигоны", "Valovaia kim?", "Бакытжан Темирболат кым?"):
        terms = lexical_terms(query)
        np.testing.assert_array_equal(loaded.scores(terms), bm25.scores(terms))
        assert loaded.idf(terms[0]) == bm25.idf(terms[0])
    doc = int(np.argmax(bm25.scores(lexical_terms("Семей полигоны"))))
    assert loaded.matched_terms(["семей"], doc) == {"семей"}


def test_fit_edge_cases() -> None:
    empty = BM25.fit([])
    assert empty.n_docs == 0
    assert empty.scores(["а"]).shape == (0,)
    blank = BM25.fit([[], []])
    assert blank.scores(["кітап"]).tolist() == [0.0, 0.0]
    restored = BM25.from_arrays(blank.to_arrays())
    assert restored.n_docs == 2
    with pytest.raises(ValueError):
        BM25.fit([["a"]], k1=-1.0)
    with pytest.raises(ValueError):
        BM25.fit([["a"]], b=1.5)


def test_longer_documents_are_normalised() -> None:
    # Same term frequency, longer document: lower score (b > 0).
    model = BM25.fit([["кітап", "кітап"], ["кітап", "кітап"] + ["басқа"] * 20, ["жоқ"]])
    scores = model.scores(["кітап"])
    assert scores[0] > scores[1] > 0 and scores[2] == 0


def test_scores_at_ten_thousand_documents() -> None:
    # Speed is measured by `eventqa bench`; here: the vectorised scoring is right at that size.
    rng = np.random.default_rng(7)
    vocab = np.array([f"t{i}" for i in range(20_000)])
    zipf = 1.0 / np.arange(1, len(vocab) + 1)
    docs = [list(rng.choice(vocab, size=40, p=zipf / zipf.sum())) for _ in range(10_000)]
    model = BM25.fit(docs)
    query = ["t3", "t40", "t900", "t15000", "missing"]
    out = model.scores(query)
    assert out.shape == (10_000,)
    has_term = np.array([bool(set(query) & set(d)) for d in docs])
    assert (out[has_term] > 0).all() and (out[~has_term] == 0).all()


def test_a_clipped_or_misspelt_form_finds_its_word(bm25: BM25, sentences: list[str]) -> None:
    # "манифесі" (for "манифесті") stems to "манифе", which no sentence holds as such.
    term = lexical_terms("манифесі")[0]
    found = bm25.resolve(term)
    assert term not in bm25.vocabulary and found in bm25.vocabulary and bm25.knows(term)
    assert found.startswith(term)
    scores = bm25.scores([term])
    assert scores.max() > 0 and "манифес" in sentences[int(scores.argmax())].lower()
    assert bm25.resolve("xyzzy") is None and bm25.resolve("ма") is None


def test_a_short_word_that_begins_a_corpus_word(bm25: BM25) -> None:
    # "көп" (many) is not a stem of the article, but "көптеген" begins with it.
    term = lexical_terms("көп")[0]
    assert not bm25.knows(term) and bm25.begins(term)
    assert not bm25.begins(lexical_terms("мекенжай")[0])  # an address: nothing like it
    assert not bm25.begins("ко")  # two letters begin too much


def test_a_spelling_finds_the_word_that_shares_its_beginning():
    # "Абая" (Russian genitive) is as close to "арба" as to "абай" by letters: the longer shared
    # beginning decides.
    lexical = BM25.fit([["абай", "арба"], ["абай"]])
    assert lexical.closest("абая") == "абай"
