"""Honest refusal: decide from several signals whether the corpus answers the question.

A dense cosine alone does not separate off-topic questions (e5 gives ~0.8 to almost anything in
the same language), so the rule also asks for lexical evidence: the question's content words
(stemmed, folded, idf-weighted) found in the quoted sentence. Questions without usable Kazakh
terms (Russian, English) can only lean on the dense score and need a higher one.
The thresholds live in `Thresholds` and were calibrated on labelled questions (README).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    dense: float  # cosine of the best sentence
    coverage: float  # idf-weighted share of the question's terms in the best sentence
    has_terms: bool  # the question has content terms the corpus vocabulary knows
    lang: str


@dataclass(frozen=True)
class Thresholds:
    floor: float = 0.80  # below this dense score nothing is an answer
    strong: float = 0.88  # at or above this the dense score alone suffices
    with_terms: float = 0.40  # coverage needed between floor and strong
    foreign_floor: float = 0.84  # ru/en questions: dense needed (their terms rarely match)


def should_answer(e: Evidence, t: Thresholds = Thresholds()) -> bool:
    if e.dense < t.floor:
        return False
    if e.dense >= t.strong:
        return True
    if e.lang in ("ru", "en") and e.coverage < t.with_terms:
        return e.dense >= t.foreign_floor
    return e.coverage >= t.with_terms
