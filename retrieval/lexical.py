"""BM25 over a term-major sparse matrix (scipy CSC), for the lexical retrieval channel.

Terms come from :func:`retrieval.kazakh.lexical_terms`; this module knows nothing about
language. The per-(term, document) BM25 weights are precomputed at fit time, so scoring a query
is one gather over the query terms' posting lists plus a ``np.bincount`` - no Python loop over
documents, microseconds for a short query on 10,000 passages.
"""

from __future__ import annotations

import bisect
import difflib
import logging
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from scipy import sparse

logger = logging.getLogger(__name__)

__all__ = ["BM25"]

_FORMAT_VERSION = 1


class BM25:
    """Okapi BM25 with Lucene's non-negative idf: ``log(1 + (N - df + 0.5) / (df + 0.5))``.

    Query terms are de-duplicated before scoring: a question that repeats a word ("кітабы қандай
    кітап?") should not weigh that word double.
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        weights: sparse.csc_matrix,
        doc_len: np.ndarray,
        k1: float,
        b: float,
    ) -> None:
        # Prefer BM25.fit / BM25.from_arrays; this constructor trusts its inputs.
        self.vocabulary: list[str] = list(vocabulary)
        self._term_id: dict[str, int] = {t: i for i, t in enumerate(self.vocabulary)}
        self._weights = weights  # (n_docs, n_terms) CSC: column j is term j's posting list
        self.doc_len = np.asarray(doc_len, dtype=np.int32)
        self.k1 = float(k1)
        self.b = float(b)
        self.n_docs: int = int(weights.shape[0])
        df = np.diff(weights.indptr).astype(np.float64)
        self._idf = np.log1p((self.n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        self._sorted: list[str] | None = None  # built on first use by `knows`
        self._by_initial: dict[str, list[str]] | None = None  # built on first use by `closest`

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def fit(cls, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> BM25:
        """Index documents given as lists of terms (empty documents are allowed)."""
        if k1 < 0 or not 0.0 <= b <= 1.0:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        doc_len = np.zeros(len(docs), dtype=np.int32)
        for d, terms in enumerate(docs):
            doc_len[d] = len(terms)
            for term, tf in Counter(terms).items():
                rows.append(d)
                cols.append(vocab.setdefault(term, len(vocab)))
                tfs.append(tf)
        n_docs = len(docs)
        tf_arr = np.asarray(tfs, dtype=np.float64)
        row_arr = np.asarray(rows, dtype=np.int64)
        avgdl = float(doc_len.mean()) if n_docs and doc_len.sum() else 1.0
        norm = k1 * (1.0 - b + b * doc_len.astype(np.float64) / avgdl)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(vocab)).astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        col_arr = np.asarray(cols, dtype=np.int64)
        w = idf[col_arr] * tf_arr * (k1 + 1.0) / (tf_arr + norm[row_arr]) if len(tfs) else tf_arr
        weights = sparse.csc_matrix(
            (w.astype(np.float32), (row_arr, col_arr)), shape=(n_docs, len(vocab)), dtype=np.float32
        )
        weights.sort_indices()
        vocabulary = [""] * len(vocab)
        for term, i in vocab.items():
            vocabulary[i] = term
        logger.debug("BM25 fitted: %d docs, %d terms, avgdl %.1f", n_docs, len(vocab), avgdl)
        return cls(vocabulary, weights, doc_len, k1, b)

    # -- queries -----------------------------------------------------------------------------

    def _term_ids(self, query_terms: Iterable[str]) -> list[int]:
        seen: dict[int, None] = {}
        for term in query_terms:
            known = self.resolve(term)
            if known is not None:
                seen.setdefault(self._term_id[known], None)
        return list(seen)

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every document, float32 of shape (n_docs,); 0 where no term matches."""
        ids = self._term_ids(query_terms)
        if not ids or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        indptr = self._weights.indptr
        if len(ids) == 1:
            lo, hi = indptr[ids[0]], indptr[ids[0] + 1]
            out = np.zeros(self.n_docs, dtype=np.float32)
            out[self._weights.indices[lo:hi]] = self._weights.data[lo:hi]
            return out
        sel = np.concatenate([np.arange(indptr[j], indptr[j + 1]) for j in ids])
        out = np.bincount(
            self._weights.indices[sel], weights=self._weights.data[sel], minlength=self.n_docs
        )
        return out.astype(np.float32)

    def matched_terms(self, query_terms: Iterable[str], doc_index: int) -> set[str]:
        """The query terms that occur in document ``doc_index``."""
        if not 0 <= doc_index < self.n_docs:
            return set()
        found: set[str] = set()
        indptr, indices = self._weights.indptr, self._weights.indices
        for term in set(query_terms):
            j = self._term_id.get(term)
            if j is None:
                continue
            postings = indices[indptr[j] : indptr[j + 1]]
            k = int(np.searchsorted(postings, doc_index))
            if k < len(postings) and postings[k] == doc_index:
                found.add(term)
        return found

    def idf(self, term: str) -> float:
        """Lucene BM25 idf of ``term``; 0 for a term no document contains."""
        j = self._term_id.get(term)
        return 0.0 if j is None else float(self._idf[j])

    def knows(self, term: str, prefix: int = 5) -> bool:
        """Whether the corpus uses `term` or a near form of it (see `resolve`)."""
        return self.resolve(term, prefix) is not None

    def begins(self, term: str) -> bool:
        """Whether some corpus term begins with `term` (3+ letters): "көп" of "көптеген"."""
        if len(term) < 3:
            return False
        return next(self.starting_with(term), None) is not None

    def starting_with(self, prefix: str) -> Iterator[str]:
        """The corpus terms that begin with `prefix`, in order."""
        if self._sorted is None:
            self._sorted = sorted(self.vocabulary)
        i = bisect.bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            yield self._sorted[i]
            i += 1

    def resolve(self, term: str, prefix: int = 5) -> str | None:
        """The corpus term that stands for `term`: itself; else the longest stem of 4+ letters
        that `term` extends, or the term sharing most of its beginning (at least `prefix`
        letters) - forms the stemmer did not conflate ("каласда" after "кала"), a Russian ending
        on a shared name ("женеве" / "женева"), a clipped form ("манифесі" / "манифест")."""
        if term in self._term_id:
            return term
        # At most a suffix's length past it: "мекенжай" (address) is no form of "меке(н)".
        for n in range(len(term) - 1, max(3, len(term) - 4), -1):
            if term[:n] in self._term_id:
                return term[:n]
        if len(term) < prefix:
            return None
        if self._sorted is None:
            self._sorted = sorted(self.vocabulary)
        best, best_len = None, prefix - 1
        i = bisect.bisect_left(self._sorted, term[:prefix])
        while i < len(self._sorted) and self._sorted[i].startswith(term[:prefix]):
            candidate = self._sorted[i]
            shared = next((k for k, (a, b) in enumerate(zip(term, candidate, strict=False))
                           if a != b), min(len(term), len(candidate)))
            if shared > best_len:
                best, best_len = candidate, shared
            i += 1
        return best

    def closest(self, term: str, cutoff: float = 0.75) -> str | None:
        """The corpus term spelt most like `term` (same first letter, similarity >= cutoff),
        for names transliterated from another script; None when nothing is that close."""
        if len(term) < 4:
            return None
        if self._by_initial is None:
            self._by_initial = {}
            for t in self.vocabulary:
                self._by_initial.setdefault(t[:1], []).append(t)
        pool = [t for t in self._by_initial.get(term[:1], ()) if abs(len(t) - len(term)) <= 2]
        # As difflib.get_close_matches (its cheap bounds first: a big corpus has thousands of
        # words per initial), but equal similarity goes to the longer shared beginning: "абая"
        # is "абай", not "арба".
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(term)
        best: tuple[float, int, str] | None = None
        for t in pool:
            matcher.set_seq1(t)
            if (matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff
                    and (ratio := matcher.ratio()) >= cutoff):
                candidate = (ratio, len(os.path.commonprefix([term, t])), t)
                best = candidate if best is None or candidate > best else best
        return best[2] if best else None

    @property
    def max_idf(self) -> float:
        """The idf of the rarest term: what a word the corpus never uses is worth."""
        return float(self._idf.max()) if len(self._idf) else 0.0

    @property
    def avgdl(self) -> float:
        return float(self.doc_len.mean()) if self.n_docs else 0.0

    # -- persistence -------------------------------------------------------------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Plain numpy arrays for ``np.savez`` (no pickling needed to load them back)."""
        vocab = np.array(self.vocabulary, dtype=str) if self.vocabulary else np.array([], "<U1")
        return {
            "bm25_version": np.array([_FORMAT_VERSION], dtype=np.int32),
            "bm25_vocabulary": vocab,
            "bm25_indptr": self._weights.indptr.astype(np.int64),
            "bm25_indices": self._weights.indices.astype(np.int32),
            "bm25_data": self._weights.data.astype(np.float32),
            "bm25_doc_len": self.doc_len.astype(np.int32),
            "bm25_params": np.array([self.k1, self.b], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> BM25:
        """Rebuild from :meth:`to_arrays` output (or the NpzFile that ``np.load`` returns)."""
        version = int(np.asarray(arrays["bm25_version"])[0])
        if version != _FORMAT_VERSION:
            raise ValueError(f"unsupported BM25 array format {version}")
        vocabulary = [str(t) for t in np.asarray(arrays["bm25_vocabulary"]).tolist()]
        doc_len = np.asarray(arrays["bm25_doc_len"], dtype=np.int32)
        weights = sparse.csc_matrix(
            (
                np.asarray(arrays["bm25_data"], dtype=np.float32),
                np.asarray(arrays["bm25_indices"], dtype=np.int32),
                np.asarray(arrays["bm25_indptr"], dtype=np.int64),
            ),
            shape=(len(doc_len), len(vocabulary)),
        )
        k1, b = (float(x) for x in np.asarray(arrays["bm25_params"]))
        if not math.isfinite(k1) or not math.isfinite(b):
            raise ValueError("corrupt BM25 parameters")
        return cls(vocabulary, weights, doc_len, k1, b)
