"""Kazakh synonyms: a question's word found in a sentence that says it another way.

A fresh question paraphrases the text ("қанша жәдігер сыйлады?" for "47 бұйымды ... сыйға
тартты", "кім жүргізеді?" for "... өткізеді"). config/synonyms.yaml lists groups of words a news
reader takes for the same thing or action (written by a lexicographer who saw no test question).
Words are matched by their folded stems (kazakh.lexical_terms); a verb's root matches it with a
voice suffix, which the stemmer may leave ("жұмса", "жұмсал"). A root ending in a vowel that the
stemmer cuts short is kept as written ("дайында", not "дай").
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import yaml

from retrieval import kazakh
from retrieval.config import PROJECT_DIR

log = logging.getLogger(__name__)
SYNONYMS = PROJECT_DIR / "config" / "synonyms.yaml"
# Shorter stems are too ambiguous once folded ("бөл" is "бол", to be) to match a longer form
# of them; they match only themselves ("ел" for "мемлекет"), and only a word folding leaves
# as it is ("қор" folds to "кор", which is "көр", to see; "бақ" to "бак").
MIN_STEM = 4
SHORTEST = 2


@lru_cache(maxsize=4)
def _groups(path: Path = SYNONYMS) -> tuple[tuple[str, ...], ...]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        listed = (raw.get("groups") or []) if isinstance(raw, dict) else None
        if not isinstance(listed, list):
            raise TypeError("expected 'groups:' with a list of word lists")
    except (OSError, yaml.YAMLError, TypeError) as exc:
        log.warning("synonyms %s unusable (%s); synonyms are off", path, exc)
        return ()
    groups = []
    for n, group in enumerate(listed, 1):
        if not isinstance(group, list):
            log.warning("synonyms %s: group %d is not a list of words ([a, b]); skipped", path, n)
            continue
        # Only a word that is its own stem: a derived one shares its stem with other words
        # ("жиналыс" is stemmed "жинал", as "жиналды" is; "қойылым" as "қойылды"). Or a verb
        # root ending in a vowel that the stemmer cuts short ("дайында" is stemmed "дай"), as
        # written: its forms that keep it ("дайындау") meet it. Not one ending in a voice
        # suffix: "қолдан" (use) would be "қолда-" (support) with one.
        stems = tuple(dict.fromkeys(
            terms[0] if terms[0] == _devoiced(str(word)) else kazakh.fold(str(word))
            for word in group if word is not None
            and len(terms := kazakh.lexical_terms(str(word))) == 1
            and (terms[0] in (kazakh.fold(str(word)), _devoiced(str(word))) or (
                kazakh.fold(str(word)).startswith(terms[0])
                and kazakh.fold(str(word))[-1] in "аеиоуы"))
            and (len(kazakh.fold(str(word))) >= MIN_STEM
                 or (len(terms[0]) >= SHORTEST and terms[0] == str(word).lower()))))
        if len(stems) > 1:
            groups.append(stems)
    return tuple(groups)


# What the stemmer may leave after a verb's root: a passive or reflexive suffix ("жұмса-л",
# "өткіз-іл"), folded. Not the reciprocal "-ыс": it also makes nouns ("отыр" / "отырыс").
def _devoiced(word: str) -> str:
    """The folded word as the stemmer leaves a final г/б: "педагог" is stemmed "педагок"."""
    folded = kazakh.fold(word)
    return folded[:-1] + {"г": "к", "б": "п"}.get(folded[-1:], folded[-1:])


_VOICE = frozenset({"л", "н", "ил", "ин"})
# ... or a causative after it ("цифрла-" / "цифрла-н-дыр-"), folded. Not "-ғыз/-қыз": after a
# name it is "қызы" ("Болатқызы" is no form of "Болат"), and its roots ("жет-", "өт-") are too
# short to match; nor "-лдыр" ("айна" is no root of "айналдыр").
_DERIVED = _VOICE | {"дир", "тир", "ндир", "индир"}


def same(a: str, b: str) -> bool:
    """Whether two stems are one word: equal, or a verb's root and its voice or causative
    ("жумса", "жумсал"; "тсифрла", "тсифрландир"); not a noun made from it ("қойыл" and
    "қойылым" are not one word)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return (len(short) >= MIN_STEM and long.startswith(short)
            and long[len(short):] in _DERIVED)


@lru_cache(maxsize=4096)
def of(term: str) -> tuple[str, ...]:
    """The stems of the words in the same group as `term` (not its own)."""
    if len(term) < SHORTEST:
        return ()
    out: list[str] = []
    for group in _groups():
        if any(same(term, stem) for stem in group):
            out.extend(s for s in group if not same(term, s))
    return tuple(dict.fromkeys(out))


def found(term: str, present: set[str] | frozenset[str]) -> bool:
    """Whether a synonym of `term` is among the `present` stems."""
    alternatives = of(term)
    return bool(alternatives) and any(same(s, p) for s in alternatives for p in present)
