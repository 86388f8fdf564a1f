"""The corpus's words, each embedded on its own: word matching for Russian/English questions.

A Russian or English question shares no words with Kazakh text, so the share of its terms a
sentence holds (`answer.coverage`) sees only the words the glossary translates. The multilingual
encoder puts a word near its translations ("museum" near "музей", "kept" near "сақталған",
"ambassador" near "елшісі"), so each question word can be matched against a sentence's words by
cosine instead: a translation table the corpus makes for itself, with no hand list, for any
document staff add. Built with the index (about 3 ms a word), stored as float16, held in memory
as float32 (a memory map would die with the file if staff's edit truncated it mid-question).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 3  # shorter words are mostly particles and abbreviations


def words_of(text: str) -> list[str]:
    """The distinct lower-case words of `text` worth matching, in order."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text) if len(w) >= MIN_LETTERS))


@dataclass
class WordVectors:
    words: list[str]
    vectors: np.ndarray  # (len(words), dim) float32, L2-normalised rows
    _row: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._row = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def build(cls, texts: Iterable[str], embed: Callable[[list[str]], np.ndarray],
              known: WordVectors | None = None) -> WordVectors:
        """Every word of `texts`; `embed` is called only for words `known` lacks (an edit
        embeds only its new words)."""
        words = sorted({w for text in texts for w in words_of(text)})
        old = known._row if known is not None else {}
        missing = [w for w in words if w not in old]
        fresh = embed(missing) if missing else np.zeros((0, 0), dtype=np.float32)
        dim = fresh.shape[1] if len(missing) else (known.vectors.shape[1] if known else 0)
        vectors = np.zeros((len(words), dim), dtype=np.float32)
        new_row = {w: i for i, w in enumerate(missing)}
        for i, w in enumerate(words):
            vectors[i] = fresh[new_row[w]] if w in new_row else known.vectors[old[w]]
        # At the precision they are stored in: a loaded index answers as the built one did.
        return cls(words, vectors.astype(np.float16).astype(np.float32))

    def __len__(self) -> int:
        return len(self.words)

    def nearest(self, vector: np.ndarray, k: int, min_cosine: float = -1.0) -> list[str]:
        """The `k` words of the vocabulary nearest to `vector` (at `min_cosine` or more), best
        first. Loose: among a word's translations come related words ("visitors": "оқырман",
        "оқушы", "студент", but also "саяхат"), so callers use them where a wrong one costs
        little."""
        if not len(self):
            return []
        sims = self.vectors @ vector
        top = np.argpartition(-sims, min(k, len(self)) - 1)[:k]
        return [self.words[i] for i in top[np.argsort(-sims[top])] if sims[i] >= min_cosine]

    def match(self, question: np.ndarray, text: str) -> float:
        """How well `text` holds the question's words: the mean, over the question's word
        vectors, of each one's best cosine with a word of `text` (0 when nothing to match)."""
        rows = [self._row[w] for w in words_of(text) if w in self._row]
        if not rows or not len(question):
            return 0.0
        return float((question @ self.vectors[rows].T).max(axis=1).mean())

    def grouped_rows(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """For `match_many`: the rows of each text's words, one text after another, and where
        each text's rows begin. A text with no known word gets row len(self) (see match_many)."""
        rows: list[int] = []
        starts: list[int] = []
        for text in texts:
            starts.append(len(rows))
            rows.extend([self._row[w] for w in words_of(text) if w in self._row] or [len(self)])
        return np.array(rows, dtype=np.int64), np.array(starts, dtype=np.int64)

    def match_many(self, question: np.ndarray, grouped: tuple[np.ndarray, np.ndarray]
                   ) -> np.ndarray:
        """`match` for many texts at once (`grouped` from grouped_rows): one product with the
        whole vocabulary, then each text's best per question word. A text with no known word
        gets the lowest match of the others (not 0, which would squeeze theirs in a min-max)."""
        rows, starts = grouped
        if not len(starts) or not len(self) or not len(question):
            return np.zeros(len(starts), dtype=np.float32)
        sims = np.full((len(question), len(self) + 1), np.nan, dtype=np.float32)
        sims[:, :-1] = question @ self.vectors.T
        out = np.maximum.reduceat(sims[:, rows], starts, axis=1).mean(axis=0)
        empty = np.isnan(out)
        if empty.all():
            return np.zeros(len(starts), dtype=np.float32)
        out[empty] = out[~empty].min()
        return out


def question_words(translations: Sequence[tuple[str, list[str]]]) -> list[str]:
    """The content words of a Russian/English question (see `crosslingual.translate`)."""
    return [word for word, _ in translations if not word.isdigit() and len(word) >= MIN_LETTERS]
