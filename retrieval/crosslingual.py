"""Dictionary query translation: Kazakh lexical terms for questions asked in Russian or English.

The dense channel is multilingual, but BM25 and the refusal rule read Kazakh terms, and a
Russian question shares none with the text. A small glossary of general news and institution
vocabulary (config/glossary.yaml, which staff can extend) maps the question's word beginnings to
Kazakh words; capitalised English words (names) are transliterated instead.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import yaml

from retrieval import kazakh
from retrieval.config import PROJECT_DIR

log = logging.getLogger(__name__)
GLOSSARY = PROJECT_DIR / "config" / "glossary.yaml"
_WORD = re.compile(r"[^\W\d_]+")
# A Russian noun's case and number endings, off before a loanword or a name is compared ("номеров").
RU_ENDING = re.compile(r"(?<=\w{4})(?:ами|ями|ов|ев|ей|ах|ях|ом|ем|ой|ый|ий|ая|ую|ые|ых"
                       r"|[аяуюыие])$")


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY) -> dict[str, dict[str, str]]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return {lang: {str(k).lower(): str(v) for k, v in (raw.get(lang) or {}).items()}
                for lang in ("ru", "en")}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        log.warning("word list %s unusable (%s); its Russian/English help is off", path, exc)
        return {"ru": {}, "en": {}}


def _lookup(word: str, entries: dict[str, str]) -> str | None:
    """The entry whose key is the longest prefix of `word`; short keys only for short words, so
    "un" finds "UN" but not "until"."""
    for n in range(min(len(word), 16), 1, -1):
        value = entries.get(word[:n])
        if value is None:
            continue
        if (n <= 3 and len(word) > n + 1) or (n == 4 and len(word) > n + 3):
            continue
        return value
    return None


# English "-ies"/"-ied" is "-y" in the glossary's keys: "countries" is "country", "copied" "copy".
_EN_Y = re.compile(r"ie[sd]$")


def _translation(word: str, lang: str, path: Path = GLOSSARY) -> str | None:
    entries = load_glossary(path)[lang]
    found = _lookup(word, entries)
    if found is None and lang == "en" and _EN_Y.search(word):
        found = _lookup(_EN_Y.sub("y", word), entries)
    return found


DICTIONARY = PROJECT_DIR / "config" / "dictionary.yaml"


def dictionary_terms(word: str, lang: str) -> list[str]:
    """Kazakh lexical terms of a Russian/English word from the general dictionary
    (config/dictionary.yaml): a boost, never a gate. Its words are used only where the corpus
    uses them, and a word found only there is not vouched for (refusal._vouched)."""
    found = _translation(word, lang, DICTIONARY) if lang in ("ru", "en") else None
    return kazakh.lexical_terms(found) if found else []


def in_glossary(word: str, lang: str) -> bool:
    """Whether the glossary translates this Russian/English word (lower case)."""
    return lang in ("ru", "en") and _translation(word, lang) is not None


def translate(text: str, lang: str) -> list[tuple[str, list[str]]]:
    """Per content word of a Russian/English question: (the word, its Kazakh lexical terms).
    Words the glossary lacks keep their own terms (names such as "Елбасы" match as they are)."""
    if lang not in ("ru", "en"):
        return []
    out: list[tuple[str, list[str]]] = []
    for i, word in enumerate(_WORD.findall(text)):
        lower = word.lower().replace("ё", "е")
        if len(lower) < 2 or kazakh.stopword(kazakh.fold(lower)):
            continue
        kk = _translation(lower, lang)
        if kk is not None:
            out.append((lower, kazakh.lexical_terms(kk)))
        elif lang == "en" and word[0].isupper() and i > 0:
            out.append((lower, kazakh.lexical_terms(kazakh.latin_to_cyrillic(word))))
        else:
            out.append((lower, kazakh.lexical_terms(lower)))
    return out
