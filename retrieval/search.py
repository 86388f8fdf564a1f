"""Hybrid search: a dense channel (multilingual-e5 + FAISS) fused with Kazakh BM25.

The dense channel reads the question as typed (the multilingual encoder copes with Russian and
English) and, when query repair changed it, the repaired form too; the lexical channel reads the
repaired, folded and stemmed terms. Scores are min-max normalised over the candidates of each
channel and mixed with a weight; a channel that has nothing to say (an English question has no
Kazakh terms) drops out instead of dragging the other down.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval import crosslingual, kazakh
from retrieval.config import SearchConfig
from retrieval.encoder import Encoder
from retrieval.index import Index
from retrieval.lexical import BM25
from retrieval.types import SearchHit

_NAME = re.compile(r"[^\W\d_]+")


@dataclass
class Query:
    """A question prepared for both channels."""

    original: str
    repaired: str
    lang: str
    terms: list[str]
    # Russian/English questions: (word, Kazakh terms) per content word (crosslingual)
    translations: list[tuple[str, list[str]]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> Query:
        original = kazakh.normalize(text)
        lang = kazakh.detect_lang(original)
        repaired = kazakh.fix_lookalikes(original)
        if lang == "kk-latn":
            repaired = kazakh.latin_to_cyrillic(repaired)
        translations = crosslingual.translate(original, lang)
        terms = kazakh.lexical_terms(original)
        if translations:
            # A Russian/English question's own words are no Kazakh terms: they would only dilute
            # its coverage. Numbers are kept; names come back through their translations.
            terms = [t for t in terms if t.isdigit()]
        terms += [t for _, kk in translations for t in kk if t not in terms]
        return cls(original, repaired, lang, terms, translations)

    def with_names_spelt_as(self, lexical: BM25) -> Query:
        """Russian/English questions: a capitalised word with no counterpart in the corpus
        takes the corpus term it most resembles, if any is close: "Tokayev" transliterates as
        "токайев" where the text has "Тоқаев", "Pisano" as "писано" for "Пизано"."""
        names = {w.lower() for w in _NAME.findall(self.original) if w[0].isupper()}
        changed = False
        translations = []
        for word, terms in self.translations:
            if word in names and terms and not any(lexical.knows(t) for t in terms):
                close = [lexical.closest(t) for t in terms]
                if all(close):
                    terms, changed = [c for c in close if c], True
            translations.append((word, terms))
        if not changed:
            return self
        terms = [t for t in self.terms if t.isdigit()]
        terms += [t for _, kk in translations for t in kk if t not in terms]
        return replace(self, terms=terms, translations=translations)


@dataclass
class Scored:
    """All candidate passages of one query with their channel scores (internal to the engine)."""

    query: Query
    query_vectors: np.ndarray  # (1 or 2, dim)
    candidates: np.ndarray  # passage numbers
    dense: np.ndarray  # best cosine per candidate
    lexical: np.ndarray  # raw BM25 per candidate
    fused: np.ndarray
    gap: float  # best passage cosine minus the mean over all passages (refusal evidence)
    timings: dict[str, float] = field(default_factory=dict)


class Searcher:
    def __init__(self, index: Index, encoder: Encoder, config: SearchConfig):
        self.index = index
        self.encoder = encoder
        self.config = config
        vectors = index.embeddings[index.passage_rows]
        self._mean_vector = vectors.mean(axis=0) if len(vectors) else np.zeros(0, np.float32)
        self._spelling_table: dict[str, str] | None = None
        self._spelling_lock = threading.Lock()

    def _spelling(self) -> dict[str, str]:
        """The corpus's spellings, to put Kazakh letters back into Russian-keyboard questions
        (built on the first such question: a pass over the whole text)."""
        with self._spelling_lock:
            if self._spelling_table is None:
                self._spelling_table = kazakh.spelling_table(p.text for p in self.index.passages)
            return self._spelling_table

    def score(self, query: Query) -> Scored:
        t0 = time.perf_counter()
        if query.translations:
            query = query.with_names_spelt_as(self.index.lexical)
        texts = [query.original]
        repaired = query.repaired
        if query.lang == "kk-ru-keys":
            repaired = kazakh.restore_letters(repaired, self._spelling())
        if repaired != query.original:
            texts.append(repaired)
        qv = self.encoder.encode_queries(texts)
        t1 = time.perf_counter()
        n = len(self.index.passages)
        k = min(n, self.config.dense_candidates)
        best, ids = self.index.vectors.search(np.ascontiguousarray(qv, dtype=np.float32), k)
        t2 = time.perf_counter()
        lexical_all = self.index.lexical.scores(query.terms) if query.terms else None
        cand = set(int(i) for i in ids.ravel() if i >= 0)
        if lexical_all is not None and lexical_all.max(initial=0.0) > 0:
            top = np.argpartition(-lexical_all, min(k, n) - 1)[:k]
            cand.update(int(i) for i in top if lexical_all[i] > 0)
        t3 = time.perf_counter()
        candidates = np.array(sorted(cand), dtype=np.int64)
        vecs = self.index.embeddings[self.index.passage_rows[candidates]]
        dense = (vecs @ qv.T).max(axis=1)
        lexical = (lexical_all[candidates] if lexical_all is not None
                   else np.zeros(len(candidates), dtype=np.float32))
        fused = self._fuse(dense, lexical) + self.config.paragraph_weight * self._paragraph(
            qv, query.terms)[self.index.paragraph_of[candidates]]
        # The mean cosine over all passages is the cosine with their mean vector: no pass over
        # the whole matrix per question.
        gap = float(best[0, 0] - self._mean_vector @ qv[0]) if n else 0.0
        t4 = time.perf_counter()
        timings = {"encode_ms": (t1 - t0) * 1e3, "vector_ms": (t2 - t1) * 1e3,
                   "lexical_ms": (t3 - t2) * 1e3, "fusion_ms": (t4 - t3) * 1e3}
        return Scored(query, qv, candidates, dense, lexical, fused, gap, timings)

    def _paragraph(self, qv: np.ndarray, terms: list[str]) -> np.ndarray:
        """Each paragraph's fused score: context for its sentences, so that "what did X say
        about Y" finds the sentence about Y in the paragraph where X speaks."""
        dense = (self.index.paragraph_vectors @ qv.T).max(axis=1)
        lexical = (self.index.paragraph_lexical.scores(terms) if terms
                   else np.zeros(len(dense), dtype=np.float32))
        return self._fuse(dense, lexical)

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        w = self.config.dense_weight
        d = _minmax(dense)
        if lexical.max(initial=0.0) <= 0:
            return d
        return w * d + (1 - w) * (lexical / lexical.max())

    def search(self, text: str, k: int | None = None) -> list[SearchHit]:
        return self.hits(self.score(Query.parse(text)), k or self.config.top_k)

    def hits(self, scored: Scored, k: int) -> list[SearchHit]:
        order = np.argsort(-scored.fused, kind="stable")[:k]
        return [
            SearchHit(rank=r, score=float(scored.fused[i]),
                      passage=self.index.passages[int(scored.candidates[i])],
                      dense=float(scored.dense[i]), lexical=float(scored.lexical[i]))
            for r, i in enumerate(order, start=1)
        ]


def _minmax(x: np.ndarray) -> np.ndarray:
    if len(x) == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-9:
        return np.ones_like(x)
    return (x - lo) / (hi - lo)
