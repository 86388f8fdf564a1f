"""A sentence splitter for Kazakh news text.

Kazakh news writes initials without spaces (`Н.Ә.Назарбаев`, `Қ.Тоқаев`), uses abbreviations
(`т.б.`, `ж.`) and quotes titles that contain full stops (`«Әлем. ХХІ ғасыр» манифесті`), so a
naive split on ". " breaks names and titles. A long quoted speech, on the other hand, is made of
real sentences that answers need to quote one at a time, so a quote only protects its inside
when it is short (a title), not when it is a speech.
"""

from __future__ import annotations

import re

from retrieval.types import Sentence

# Abbreviations after which a full stop does not end a sentence (lower case, without the dot).
ABBREVIATIONS = frozenset({
    "т.б", "т.с.с", "т.с", "б.з.д", "б.з", "ж", "жж", "ғ", "ғғ", "млн", "млрд", "мыс", "қ",
    "обл", "ауд", "көш", "проф", "акад", "доц", "др", "им", "г", "гг", "ул", "т.д", "т.е", "см",
    "стр", "бет", "мр", "mr", "mrs", "dr", "prof", "etc", "e.g", "i.e", "vs", "no", "st",
})
# A quoted span at most this long is a title (keep it whole); a longer one is a speech.
TITLE_QUOTE_MAX = 60

_END = re.compile(r"[.!?…]+[»\"”’)]*")
_OPENERS = "«\"“„‘(—–-"


def split_sentences(text: str) -> list[Sentence]:
    """Split a paragraph into sentences with character offsets into `text`."""
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if not _is_boundary(text, match.start(), end):
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(text[start:end], start, end))


def _is_boundary(text: str, dot: int, end: int) -> bool:
    """Whether the punctuation at text[dot:end] ends a sentence."""
    if end >= len(text):
        return False  # the paragraph end closes the last sentence anyway
    if not text[end].isspace():
        return False  # "Н.Ә.Назарбаев", "2.5", "БҰҰ.Женева"
    after = text[end:].lstrip()
    if not after:
        return False
    nxt = after[0]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False  # "т.б. мықты шеберлер": a lower-case word continues the sentence
    if text[dot] == "." and end - dot == 1:
        word = _word_before(text, dot)
        if _INITIALS.fullmatch(word):
            return False  # initials: "Н. Назарбаев", "М.О. Әуезов атындағы"
        if word.lower() in ABBREVIATIONS:
            return False
    return not _inside_short_quote(text, end)


_INITIALS = re.compile(r"(?:[^\W\d_a-zа-яәғқңөұүһі]\.)*[^\W\d_a-zа-яәғқңөұүһі]")


def _word_before(text: str, dot: int) -> str:
    i = dot
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:dot]


def _inside_short_quote(text: str, pos: int) -> bool:
    """True when pos is inside a short «…» (a title such as «Әлем. ХХІ ғасыр»), not a speech."""
    opened: list[int] = []
    for i, ch in enumerate(text[:pos]):
        if ch == "«":
            opened.append(i)
        elif ch == "»" and opened:
            opened.pop()
    if not opened:
        return False
    close = text.find("»", pos)
    return close != -1 and close - opened[-1] <= TITLE_QUOTE_MAX
