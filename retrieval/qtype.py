"""Expected answer type: a question that asks "how many" needs a number in the answer, one that
asks "when" needs a date. A classic QA check that needs no model and works in any domain: it
lifts the sentence that holds the number or the date, and it exposes near-miss questions (how
many people came?) whose best match is about the right event but holds no such fact.
"""

from __future__ import annotations

import re

from retrieval import kazakh

NUMBER = "number"
TIME = "time"
CLOCK = "clock"  # a time of day: "сағат нешеде", "во сколько", "what time"

# Written naturally and folded at import (kazakh.fold), so that Kazakh, Russian-keyboard Kazakh,
# Latin Kazakh (after transliteration), Russian and English spellings all meet.
_ASKS_WORDS = {
    CLOCK: ["нешеде", "сағат неше", "қай сағатта", "в котором часу", "во сколько",
            "what time", "which time", "opening hours"],
    TIME: ["қашан", "қай жыл", "қай күн", "қай уақыт", "нешінші жыл", "когда", "в каком году",
           "какого числа", "в какой день", "when", "what year", "which year", "what date"],
    NUMBER: ["қанша", "неше", "сколько", "how many", "how much", "what number"],
}
_MONTHS = (
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан "
    "январ феврал март апрел мая мае июн июл август сентябр октябр ноябр декабр"
)
_NUMBERS = (
    "бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс сексен "
    "тоқсан жүз мың миллион миллиард бірнеше көптеген"
)


def _alternatives(words: list[str] | str, suffix: str = "") -> re.Pattern[str]:
    items = words.split() if isinstance(words, str) else words
    return re.compile(r"\b(" + "|".join(re.escape(kazakh.fold(w)) for w in items) + ")" + suffix)


_ASKS = {kind: _alternatives(words) for kind, words in _ASKS_WORDS.items()}
_MONTH_RE = _alternatives(_MONTHS)
_COUNTED = re.compile(_ASKS[NUMBER].pattern + r"\s+(?:(?:many|much)\s+)?([^\W\d_]{2,})")
_CLOCK_RE = re.compile(r"\b([01]?\d|2[0-3])[:.][0-5]\d\b|\bсагат")
_YEAR_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b|\bжил(и|да|дан)?\b|\bгасир")
# Short number words ("он", "үш") only as whole words: as prefixes they hide in "онымен", "үшін".
_NUMBER_WORDS = re.compile(
    _alternatives([w for w in _NUMBERS.split() if len(w) > 3], r"\w*").pattern + "|"
    + _alternatives([w for w in _NUMBERS.split() if len(w) <= 3], r"\b").pattern)


def _folded(question: str) -> str:
    text = kazakh.fold(kazakh.normalize(question))
    if kazakh.looks_latin_kazakh(text):
        text = kazakh.fold(kazakh.latin_to_cyrillic(text))
    return text


def counted_word(question: str) -> str | None:
    """The thing a "how many" question counts ("қанша адам" → "адам"), folded; None if none."""
    match = _COUNTED.search(_folded(question))
    return match.group(2) if match else None


def expected(question: str) -> str | None:
    """NUMBER, TIME, CLOCK or None for the answer type the question asks for."""
    text = _folded(question)
    for kind in (CLOCK, TIME, NUMBER):
        if _ASKS[kind].search(text):
            return kind
    return None


def _number_before(text: str, counted: list[str], window: int = 4) -> bool:
    tokens = kazakh.tokenize(text)
    heads = [t[:4] for t in counted]
    for i, token in enumerate(tokens):
        if not (token[0].isdigit() or _NUMBER_WORDS.fullmatch(token)):
            continue
        for nxt in tokens[i + 1:i + 1 + window]:
            stem = kazakh.stem(nxt)
            if any(stem.startswith(h) or h.startswith(stem[:4]) for h in heads if stem):
                return True
    return False


def satisfies(kind: str | None, sentence: str, counted: list[str] | None = None) -> bool:
    """Whether the sentence can hold an answer of that type (True when nothing is expected).
    With `counted` (the lexical terms of what a "how many" question counts), the number must
    stand just before that word: "17 миллионнан астам кітап" answers "қанша кітап", while "30
    жылдығына" does not answer "қанша адам"."""
    if kind is None:
        return True
    text = kazakh.fold(sentence)
    if kind == NUMBER and counted:
        return _number_before(text, counted)
    if kind == CLOCK:
        return bool(_CLOCK_RE.search(text))
    if kind == TIME:
        return bool(_YEAR_RE.search(text) or _MONTH_RE.search(text))
    return bool(re.search(r"\d", text) or _NUMBER_WORDS.search(text))
