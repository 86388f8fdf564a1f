"""Kazakh text normalisation for retrieval: cleaning, script repair, language guess, stemming.

Every public function is pure (no I/O, no global state changes) and total: it accepts any ``str``
(control characters, zero-width and bidi marks, emoji, lone surrogates, very long input) and never
raises. Regular expressions here are linear-time so a huge message cannot stall the bot.

The lexical channel compares *folded* and *stemmed* forms (see :func:`lexical_terms`): Kazakh
letters are mapped to the Russian-keyboard letters people type instead of them, so a question
typed as "Бакытжан Темирболат кым?" and the article's "Бақытжан Темірболат" meet at the same
terms. The dense channel should get the output of :func:`normalize` / :func:`fix_lookalikes`
(and :func:`latin_to_cyrillic` for Latin-script Kazakh), never stemmed text.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

logger = logging.getLogger(__name__)

__all__ = [
    "KAZAKH_LETTERS",
    "detect_lang",
    "fix_lookalikes",
    "fold",
    "latin_to_cyrillic",
    "lexical_terms",
    "looks_latin_kazakh",
    "normalize",
    "stem",
    "stopword",
    "tokenize",
]

# Letters that exist in Kazakh Cyrillic but not in Russian (Ukrainian і is the same code point).
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# ---------------------------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------------------------

# Apostrophe-like marks are unified *before* NFKC: NFKC turns U+00B4 (acute accent) into
# "space + combining acute", which would split Latin-Kazakh words such as "a´" in two.
_PRE_NFKC = str.maketrans(
    {
        "\u00b4": "'",  # acute accent
        "\u02b9": "'",  # modifier prime
        "\u02bb": "'",  # modifier turned comma (Uzbek-style o')
        "\u02bc": "'",  # modifier apostrophe
        "\u02bd": "'",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u0060": "'",  # grave accent typed as apostrophe
        "\uff07": "'",
    }
)

# After NFKC, the apostrophe marks again: NFKC itself makes some ("″" becomes "′′").
_POST_NFKC = _PRE_NFKC | str.maketrans(
    {
        "\u00ab": '"',  # « »
        "\u00bb": '"',
        "\u2039": '"',  # ‹ ›
        "\u203a": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u301d": '"',
        "\u301e": '"',
        "\u301f": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2043": "-",
        "\u2212": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\u00ad": None,  # soft hyphen: invisible, would split words
    }
)

_WS_RE = re.compile(r"\s+")


# Format (zero-width, bidi, soft hyphen, BOM, tags), control (other than white space),
# surrogate and private-use characters: noise in a message. The ranges are Unicode 14's
# categories Cf/Cc/Cs/Co, hard-coded because scanning the whole code space at import costs ~1 s.
_DROP_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ue000-\uf8ff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\U000f0000-\U000ffffd\U00100000-\U0010fffd]+"
)


def normalize(text: str) -> str:
    """NFKC, drop invisible/control characters, unify quotes and dashes, collapse white space.

    Letters are left as they are (no lower-casing, no script changes), so the result is still
    fit to show to a person or to give to the dense encoder.
    """
    if not isinstance(text, str) or not text:
        return ""
    # Dropped before NFKC too: lone surrogates would otherwise reach the normaliser.
    text = _DROP_RE.sub("", text.translate(_PRE_NFKC))
    if not text.isascii():
        text = _DROP_RE.sub("", unicodedata.normalize("NFKC", text).translate(_POST_NFKC))
    return _WS_RE.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------
# fix_lookalikes
# ---------------------------------------------------------------------------------------------

# Latin (and a few IPA) letters that render like Cyrillic ones. Inside a Cyrillic word they are
# almost always the result of a keyboard/font/OCR mix-up, e.g. "Kaзақстан" or "бiлiм".
# "i" becomes Kazakh "і", the only Cyrillic letter it resembles; "y"/"Y" become "у"/"У"
# (folding maps Kazakh "ү" to "у" anyway).
_LOOKALIKE = {
    "a": "а",
    "c": "с",
    "e": "е",
    "o": "о",
    "p": "р",
    "x": "х",
    "y": "у",
    "i": "і",
    "h": "һ",
    "k": "к",
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
    "Y": "У",
    "I": "І",
    "\u0259": "ә",  # ə, the Azerbaijani-keyboard stand-in for ә
    "\u018f": "Ә",  # Ə
    "\u0275": "ө",  # ɵ barred o
    "\u019f": "Ө",  # Ɵ
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKE)
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
_LOOKALIKE_ANY_RE = re.compile("[" + "".join(_LOOKALIKE) + "]")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f"


def _is_latin(ch: str) -> bool:
    if ch < "\u00c0":
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z")
    return ch <= "\u024f" and ch not in "\u00d7\u00f7"


def _repair_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii() or not _LOOKALIKE_ANY_RE.search(word):
        return word
    has_cyr = False
    has_latin = False
    for ch in word:
        if _is_cyrillic(ch):
            has_cyr = True
        elif ch in _LOOKALIKE:
            has_latin = True
        elif _is_latin(ch):
            # A Latin letter with no Cyrillic twin: a genuinely mixed token (e.g. a brand name
            # with a Cyrillic suffix). Guessing would do more harm than good.
            return word
    if has_cyr and has_latin:
        return word.translate(_LOOKALIKE_TABLE)
    return word


def fix_lookalikes(text: str) -> str:
    """Replace Latin lookalike letters inside otherwise-Cyrillic words by their Cyrillic twins.

    Words made only of Latin letters (real Latin words, Roman numerals such as "XXI") are left
    alone; so are words that contain a Latin letter without a Cyrillic twin.
    """
    if not isinstance(text, str) or not text:
        return ""
    if not _LOOKALIKE_ANY_RE.search(text) or text.isascii():
        return text
    return _LETTER_RUN_RE.sub(_repair_word, text)


# ---------------------------------------------------------------------------------------------
# latin_to_cyrillic
# ---------------------------------------------------------------------------------------------

# Kazakh has had three official Latin alphabets (2017 apostrophes, 2018 acutes, 2021 diacritics)
# and many informal ones (sh/ch/zh digraphs, q or k for қ, y for ы, i for і ...). They conflict:
# "u" is ұ in 2017/2018 but у in 2021, "i" is і informally but и/й in 2021. Because the lexical
# channel folds ұ/ү/у and і/и together, those conflicts do not matter for retrieval, so one
# permissive mapping serves all of them. Multi-letter sequences are tried longest first.
_LATIN_SEQ: dict[str, str] = {
    # 2017 apostrophe variants
    "a'": "ә",
    "g'": "ғ",
    "n'": "ң",
    "o'": "ө",
    "u'": "ү",
    "y'": "у",
    "i'": "и",
    "s'": "ш",
    "c'": "ч",
    # informal digraphs
    "shch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "gh": "ғ",
    "ngg": "ңг",
    "ng": "ң",
    "iia": "ия",
    "iya": "ия",
    "ia": "я",
    "iu": "ю",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
    "ye": "е",
    # 2018 acutes / 2021 diacritics and other single letters with marks
    "á": "ә",
    "ä": "ә",
    "ǵ": "ғ",
    "ğ": "ғ",
    "ń": "ң",
    "ñ": "ң",
    "ŋ": "ң",
    "ó": "ө",
    "ö": "ө",
    "ú": "ү",
    "ü": "ү",
    "ū": "ұ",
    "ý": "у",
    "ş": "ш",
    "ș": "ш",
    "ç": "ч",
    "ı": "і",
    "é": "е",
    "ə": "ә",
    # plain letters
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "у",
    "x": "х",
    "z": "з",
}
_LATIN_MAX_SEQ = max(len(k) for k in _LATIN_SEQ)
_CYR_VOWELS = frozenset("аәеиоөұүуыіэюяё")
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u0259]+(?:'[A-Za-z\u00c0-\u024f\u0259]*)*")


def _translit_word(word: str) -> str:
    # "İ".lower() is "i" + combining dot; map it first so the dot does not leak into the output.
    low = word.replace("İ", "i").lower().replace("\u0307", "")
    out: list[str] = []
    i = 0
    n = len(low)
    while i < n:
        ch = low[i]
        nxt = low[i + 1] if i + 1 < n else ""
        # i/ı/y after a vowel is the glide й ("aitylady" айтылады, "Semei" Семей, "ay" ай);
        # Kazakh has no vowel hiatus, so this reading is safe. But u after a vowel is itself the
        # consonant w ("qauipsizdik" қауіпсіздік, "tauy" тауы), and then i/y stay vowels.
        # Judged on the Cyrillic written so far, so a glide just written counts as a consonant.
        last = "".join(out[-2:])[-2:]
        prev_is_vowel = (
            bool(last)
            and last[-1] in _CYR_VOWELS
            and not (last[-1] == "у" and len(last) == 2 and last[0] in _CYR_VOWELS)
        )
        # Before a/o/u it is part of я/ё/ю instead ("Valovaia" Валовая).
        if ch in "iıy" and prev_is_vowel and nxt not in ("a", "o", "u", "'"):
            out.append("й")
            i += 1
            continue
        if ch == "c" and nxt not in ("h", "'"):
            # Bare "c" only appears in foreign names/loans: ц before front vowels, else к.
            out.append("ц" if nxt in ("e", "i", "y") else "к")
            i += 1
            continue
        for size in range(min(_LATIN_MAX_SEQ, n - i), 0, -1):
            seq = low[i : i + size]
            rep = _LATIN_SEQ.get(seq)
            if rep is None:
                continue
            if seq == "ng" and i == 0:
                continue  # no Kazakh word starts with ң
            out.append(rep)
            i += size
            break
        else:
            if ch == "y":
                out.append("ы")
            elif ch == "i":
                out.append("і")
            elif ch != "'":
                out.append(ch)
            i += 1
    res = "".join(out)
    if len(word) > 1 and word.isupper():
        return res.upper()
    if word[:1].isupper():
        return res[:1].upper() + res[1:]
    return res


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Kazakh written in Latin letters (official 2017/2018/2021 or informal).

    Only Latin-letter runs change; Cyrillic, digits and punctuation pass through. The output is
    a best guess for retrieval, e.g. "Semei poligony turaly ne aitylady?" becomes
    "Семей полигоны туралы не айтылады?".
    """
    if not isinstance(text, str) or not text:
        return ""
    return _LATIN_WORD_RE.sub(lambda m: _translit_word(m.group(0)), text)


# ---------------------------------------------------------------------------------------------
# fold / tokenize
# ---------------------------------------------------------------------------------------------

# Kazakh letters → the Russian-keyboard letters typed in their place. і also goes to и (the key
# people use for it), which makes "Темирболат" meet "Темірболат". ь/ъ are dropped because
# Latin transliteration cannot produce them and phone typists skip them; ц becomes тс because
# informal Latin spells it "ts". ы goes to и as well: people typing without Kazakh letters use
# ы or и for і ("кым", "Темирболат"), informal Latin uses y and i loosely, and suffix vowel
# harmony (-ды/-ді) stops mattering. On KazQAD this cost nothing measurable (MRR@10 within
# 0.003, i.e. noise): few Kazakh words differ only by ы/і.
_FOLD_TABLE = str.maketrans(
    {
        "қ": "к",
        "ә": "а",
        "і": "и",
        "ї": "и",
        "ы": "и",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "ў": "у",
        "ң": "н",
        "ғ": "г",
        "һ": "х",
        "ё": "е",
        "э": "е",
        "ь": None,
        "ъ": None,
        "ц": "тс",
        "\u0307": None,
    }
)


def fold(text: str) -> str:
    """Lower-case and fold Kazakh-only letters to their Russian-keyboard stand-ins."""
    if not isinstance(text, str) or not text:
        return ""
    return text.lower().translate(_FOLD_TABLE)


def _folded_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _split_hyphenated(token: str) -> list[str]:
    parts = [p for p in token.split("-") if p]
    if len(parts) < 2:
        return parts
    out = [parts[0]]
    for part in parts[1:]:
        # "БҰҰ-ның", "2009-жылы"... a case ending after a hyphen belongs to the word before it.
        if _stem_alpha(part) in _HYPHEN_SUFFIXES and not out[-1].isdigit():
            out[-1] = out[-1] + part
        else:
            out.append(part)
    return out


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits).

    Hyphenated compounds ("іс-шара", "2011-2013") are split into their parts, except that a bare
    case ending after an abbreviation ("БҰҰ-ның") is glued back on so the stemmer can remove it.
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text.lower().replace("\u0307", "")):
        if "-" in tok:
            out.extend(_split_hyphenated(tok))
        else:
            out.append(tok)
    return out


# ---------------------------------------------------------------------------------------------
# language guess
# ---------------------------------------------------------------------------------------------

# Latin-script Kazakh function words (question words, conjunctions, postpositions, copulas) in
# the spellings people use. Words that are also common English words ("men", "bar", "be") are
# left out so that they cannot tip an English question.
_KK_LATIN_WORDS = frozenset(
    """
    kim kimi kimnin kimnyn kimge kimde ne neni nege neden nemese neshe nesh qansha kansha
    qalai kalai qalay kalay qashan kashan qaida kaida qayda kayda qai kai qay kay qaisy kaisy
    qandai kandai qanday kanday turaly zhane jane jäne zhäne bul osy osi osyny sol ol olar
    biz siz men ushin üshin uşin ushın dep dedi degen degenimiz boldy bolady bolyp bolgan
    bolğan edi eken emes joq zhoq jok zhok bar ma me ba be pa pe ğoi goi ğoy goy da de ta te
    mynau ana myna qazir kazir keyin kein keiin dein deiin deyin arqyly arkyly siyaqty siiaqty
    boiynsha boyynsha boiyncha
    """.split()
)
# Beginnings of Kazakh question words, which questions inflect ("neshede", "nesinshi",
# "qanshadan", "qaidagy"); no English word begins so.
_KK_LATIN_ASKING = ("neshe", "neshi", "nesin", "qansha", "kansha", "qashan", "kashan", "qaida",
                    "kaida", "qaisy", "kaisy", "qandai", "kandai", "qanday", "kanday")
# Too ambiguous with English on their own; they count only next to other Kazakh evidence.
_KK_LATIN_WEAK = frozenset({"men", "bar", "be", "ma", "me", "da", "de", "ta", "te", "ba", "pa"})
_EN_FUNCTION = frozenset(
    """
    the a an is are was were be been being am do does did done what who whom whose which when
    where why how of to in on at by for with from about into over after before under between
    and or but not no yes this that these those it its he she they them his her their there
    here have has had will would can could should shall may might must i you we me my your our
    please tell show find give many much as among other kind during doing take took get got
    gave made long ago also just very some any each every than then so such own same
    kinds type types sort sorts until via since within without across upon
    """.split()
)
# Frequent in English questions about an event, but content words: evidence, not stop words.
_EN_WORDS = _EN_FUNCTION | {"name", "named", "director", "signed", "said", "city", "year", "book"}
_KK_LATIN_SUFFIX_RE = re.compile(
    r"(?:"
    r"[dnt][yı]ñ|[dnt][yı]n[g']?|[dnt]iñ|[dnt]in[g']"  # genitive -дың/-нің
    r"|[lдdt][ae]r[dy]?|l[ae]rd[ya]|ler[dg]i"  # plural
    r"|[gğqk][ae]n|[gğqk][ae]nd[ay]"  # participle -ған/-ген
    r"|d[ae]ğ[yı]|d[ae]g[yıi]|t[ae]ğ[yı]"  # -дағы
    r"|[dt][ae]n|n[ae]n"  # ablative
    r"|[yı]p|ıp|yp"  # converb -ып
    r"|[aeıiy]l[ae]d[yı]|[yı]ld[yı]|l[yı]q|l[ıi]k|d[yı]q|t[yı]q"  # passive/-лық
    r"|s[yı]n|s[yı]ñ|[yı]m[yı]z|[ıi]m[ıi]z|[aeouy]s[yı]"  # possessive
    r")$"
)
_EN_SUFFIX_RE = re.compile(r"(?:tion|sion|ment|ness|ship|ould|ough|ight|ing|ies|ed|ly|'s|n't)$")
_EN_BIGRAM_RE = re.compile(r"th|wh|ck|ee|oo|ou|ea|ph|wr|qu")
_KK_LETTER_RE = re.compile(r"[äğñöūüışçáǵńóúýq]|[agnousyci]'")
# A hyphenated word is one: "is-sharaga" is no English "is".
_LATIN_TOKEN_RE = re.compile(r"[A-Za-z\u00c0-\u024f']+(?:-[A-Za-z\u00c0-\u024f']+)*")


def _latin_scores(text: str) -> tuple[float, float, int]:
    """(Kazakh evidence, English evidence, number of Latin words) for the Latin words of text."""
    words = [w.strip("'").replace("İ", "i").lower() for w in _LATIN_TOKEN_RE.findall(text)]
    words = [w for w in words if w]
    kk = 0.0
    en = 0.0
    for w in words:
        if w in _KK_LATIN_WORDS:
            kk += 0.5 if w in _KK_LATIN_WEAK else 2.0
        elif w.startswith(_KK_LATIN_ASKING):
            kk += 2.0  # an inflected question word: "neshede", "neshinshi", "qashanga"
        if w in _EN_WORDS:
            en += 2.0
        if _KK_LETTER_RE.search(w.replace("qu", "").replace("n't", "")):
            kk += 1.5
        if len(w) >= 5 and w not in _EN_WORDS:
            if _KK_LATIN_SUFFIX_RE.search(w):
                kk += 1.0
            if _EN_SUFFIX_RE.search(w):
                en += 1.0
        if _EN_BIGRAM_RE.search(w):
            en += 0.5
        if "zh" in w or "kh" in w or ("sh" in w[:-1] and w.endswith(("y", "ı"))):
            kk += 0.5
    return kk, en, len(words)


def looks_latin_kazakh(text: str) -> bool:
    """Guess whether the Latin-script part of ``text`` is Kazakh rather than English.

    Evidence for Kazakh: Kazakh function words (kim, ne, qalai, turaly, jane ...), letters of
    the official alphabets (q, ä, ğ, ñ, ö, ū, ü, ı, ş, ç, apostrophe forms), and Kazakh suffix
    shapes (-dyn/-nyn, -lar/-ler, -gan/-gen, -dagy ...). Evidence for English: English function
    words and suffixes (-tion, -ing, -ly ...), letter pairs rare in Kazakh (th, wh, ck, ee ...).
    Kazakh wins only with positive evidence that outweighs the English one.
    """
    if not isinstance(text, str) or not text:
        return False
    try:
        kk, en, n_words = _latin_scores(normalize(text))
    except Exception:  # defensive: a language guess must never take the bot down
        logger.exception("looks_latin_kazakh failed")
        return False
    return n_words > 0 and kk > 0 and kk > en


# Function words, in folded form (see fold): one list per language. "не" is both Kazakh
# ("what") and Russian ("not"), "да" both Kazakh ("too") and Russian ("yes"): they prove nothing
# and are left out of the language evidence (they are still stop words).
_RU_DETECT = frozenset(
    """
    и в во на с со о об обо что кто как когда где почему зачем какой какая какое какие какую
    каких каком который которая которое которые это этот эта эти этого был была были было быть
    есть для по из от до за к ко у же ли бы но а или его ее их он она они мы вы я ты чем при про
    над под между сколько чего кого кому куда откуда там тут уже все всё весь также только ещё
    еще можно нужно надо будет был ли чей чья чьё чьи свой своя своё свои мне меня нам нас вам
    вас ему ей им ними нем ней сказал сказала говорит каким какими каков какова каково каковы
    скольких скольким сколькими какого какому количество количества количеством самого самой
    """.split()
)
_KK_DETECT = _folded_set(
    """
    кім кімнің кімге кімді кімде кімнен нені неге неден неше нешинши канша кашан кайда кай
    кайсы кайдан калай кандай неликтен туралы жане бул осы сол ол олар биз сиз мен менин ушин
    деп деди деген дегенимиз болды болады болып болган еди екен емес жок бар ма ме ба бе па пе
    гой гана кана тагы бойынша арасында кейин дейин аркылы сиякты кым кымнын
    """.split()
)
_RU_SUFFIX_RE = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ться|тся|ешь|ете|ают|яют|уют|ует|ает|яет|ишь|ите|ение|ения|ении|ость|"
    r"ости|ский|ская|ское|ские|ского|ских|ный|ная|ное|ные|ного|ных|ами|ями|ах|ях|ям|ией|ить|"
    r"ать|ять|еть|ал|ала|али|ила|ил|зея|ья)$"
)
_KK_SUFFIX_RE = re.compile(
    r"(?:[дтн][ыи]н|[лдт][ае]р[ыи]?|[гк][ае]н|[дт][ае]г[ыи]|[дтн][ае]н|[ыи]нда|[ыи]нде|с[ыи]н|"
    r"[ыи]м[ыи]з|л[ыи]к|[дт][ыи]к|[ыи]п|уы|[аеы]д[ыи]|д[аеи]|[^ие]т[ыи]|[дл][ыи]р[ыи]?у)$"
)
_CYR_WORD_RE = re.compile(r"[\u0400-\u04ff]+")
_RU_ONLY_RE = re.compile(r"[щъэё]")


def _cyrillic_scores(text: str) -> tuple[float, float, bool]:
    """(Kazakh evidence, Russian evidence, any Kazakh-only letter) for the Cyrillic words."""
    kk = 0.0
    ru = 0.0
    kk_letters = False
    for word in _CYR_WORD_RE.findall(text):
        low = word.lower()
        if any(ch in KAZAKH_LETTERS for ch in word):
            kk_letters = True
            kk += 1.5
        folded = fold(low)
        if folded in _KK_DETECT:
            kk += 2.0
        if low in _RU_DETECT:
            ru += 2.0
        if _RU_ONLY_RE.search(low) or ("ь" in low and not low.endswith("ь")) or low.endswith("ь"):
            ru += 0.5
        if len(low) >= 5:
            if _KK_SUFFIX_RE.search(folded):
                kk += 0.75
            if _RU_SUFFIX_RE.search(low):
                ru += 0.75
    return kk, ru, kk_letters


_RU_KEYS_SIGN_RE = re.compile(r"[аоуы][кг]|[кг][аоуы]")


def _typed_on_ru_keys(text: str) -> bool:
    """Kazakh text without Kazakh letters: typed on a Russian keyboard, or a Kazakh word that
    simply has none (e.g. "цифрландыру")? Several words with none of them is telling (almost
    every Kazakh sentence has one); so is к/г next to a back vowel, which native Kazakh spells
    қ/ғ ("кай" for "қай")."""
    words = _CYR_WORD_RE.findall(text.lower())
    return len(words) >= 2 or any(_RU_KEYS_SIGN_RE.search(w) for w in words)


_QUOTED_TITLE = re.compile(r"\"[^\"]*\"|«[^«»]*»")


def detect_lang(text: str) -> str:
    """The language of the question outside any «quoted title»: "Когда вышла книга «Қазақ
    халық ертегілері»?" is Russian (see _detect_lang)."""
    lang = _detect_lang(text)
    if lang == "kk" and isinstance(text, str):
        rest = _QUOTED_TITLE.sub(" ", normalize(text))
        if (rest != normalize(text) and re.search(r"[^\W\d_]{3,}", rest)
                and _detect_lang(rest) == "ru"):
            return "ru"
    return lang


def _detect_lang(text: str) -> str:
    """Best guess of the query language: "kk", "ru", "en", "kk-latn" or "kk-ru-keys".

    * more Latin letters than Cyrillic: "kk-latn" when :func:`looks_latin_kazakh`, else "en";
    * Cyrillic: weigh Kazakh evidence (Kazakh-only letters, Kazakh function words, Kazakh
      suffix shapes) against Russian evidence (Russian function words and endings, щ/ъ/э/ё/ь).
      A Kazakh-only letter makes Kazakh win ties; without any of әғқңөұүһі a Kazakh result is
      "kk-ru-keys" (Kazakh typed on a Russian keyboard). Cyrillic with no evidence either way
      (a bare name or term) is "kk", the bot's language.
    Text with no letters at all is "kk".
    """
    if not isinstance(text, str) or not text:
        return "kk"
    try:
        clean = fix_lookalikes(normalize(text))
        n_cyr = sum(1 for ch in clean if _is_cyrillic(ch))
        n_lat = sum(1 for ch in clean if _is_latin(ch))
        if n_lat > n_cyr:
            return "kk-latn" if looks_latin_kazakh(clean) else "en"
        if n_cyr == 0:
            return "kk"
        kk, ru, kk_letters = _cyrillic_scores(clean)
        if kk_letters and kk >= ru:
            return "kk"
        if kk > ru:
            if kk_letters or not _typed_on_ru_keys(clean):
                return "kk"
            return "kk-ru-keys"
        if kk == ru == 0:
            return "kk"  # no evidence either way (a bare name or term): the bot's language
        return "ru"
    except Exception:  # defensive: a language guess must never take the bot down
        logger.exception("detect_lang failed")
        return "kk"


# ---------------------------------------------------------------------------------------------
# stem
# ---------------------------------------------------------------------------------------------


# The stemmer works in a "stem alphabet": the folded alphabet, except that ң, ғ and қ are kept
# when the input has them. Folding them away would make real ambiguities: "полигон-ын" (its
# polygon, accusative) and "Женева-ның" (genitive) would both end in "-нын"; the dative "-ға"
# would eat the end of loans such as "Рига" or "экономика". Text typed on a Russian keyboard has
# no ң/ғ/қ, so the suffixes are also listed as typed there, each in a context where the plain
# letter cannot belong to a native Kazakh stem: the genitive -дын/-тын/-нын, -дагы, the dative
# -га/-ка, the participle -ган/-кан and -лык/-дык (native Kazakh spells г/к after a back vowel
# as ғ/қ).
_STEM_TABLE = {k: v for k, v in _FOLD_TABLE.items() if chr(k) not in "ңғқ"}


def _stem_alpha(word: str) -> str:
    return word.lower().translate(_STEM_TABLE)


# Each suffix carries the context it may follow, from Kazakh phonotactics: after a vowel the
# accusative is -ны and the genitive -ның, after a voiceless consonant -ты/-тың, and so on. The
# context tells a suffix from look-alike stem endings: "президенті" is президент + і (the -ті
# accusative needs a voiceless consonant before it: "президентті"), and "газета" keeps its -та
# (the locative -та follows a voiceless consonant). Contexts: "any"; "v" after a vowel; "c"
# after a consonant; "vl" after a voiceless consonant; "n" after м/н/ң or ы/і; "p" after the
# possessive vowel ы/і (the pronominal -н- of "-сы-на", "-ы-нда", "-і-н").
def _rules(spec: str) -> dict[str, str]:
    """Parse "ctx: suffix suffix; ctx: ..." into {stem-alphabet suffix: context}."""
    out: dict[str, str] = {}
    for part in spec.split(";"):
        if not part.strip():
            continue
        ctx, words = part.split(":")
        for w in words.split():
            out.setdefault(_stem_alpha(w), ctx.strip())
    return out


_CASE_RULES = _rules(
    """
    any: ның нің ға ге ды ді да де дан ден мен дағы дегі дагы;
    c: дың дің дын дін бен ады еді;
    vl: тың тің тын тін қа ке ты ті та те тан тен пен тағы тегі тагы;
    v: ны ні йды йді йтын йтін;
    n: нан нен;
    nv: нын нін;
    p: на не нда нде ндағы ндегі ндагы н;
    back: га;
    vl: ка
    """
)
_POSS_RULES = _rules("c: ы і ымыз іміз ыңыз іңіз; v: сы сі мыз міз ңыз ңіз")
_PLURAL_RULES = _rules("any: лар лер; c: дар дер; vl: тар тер")
_DERIV_RULES = _rules(
    """
    any: лық лік лык ған ген шы ші у;
    c: дық дік дык ып іп;
    vl: тық тік тык қан кен кан;
    c: ган
    """
)
_POSS_AFTER_VOWEL = _stem_alpha("сы")  # the possessive -сы/-сі (one spelling in the stem alphabet)
_PURE_VOWELS = frozenset("аеиоыэюяё")
_VOWELS = _PURE_VOWELS | {"у"}
_POSS_VOWELS = frozenset(_stem_alpha("ыі"))
# Consonants after which Kazakh suffixes take their т/қ/к/п variants (-ты, -тың, -қа, -пен).
_VOICELESS = frozenset("бвгдкқпстфхчшщ")
_NASAL_OR_POSS = _POSS_VOWELS | frozenset("мнң")
# Where the dative -ға typed without ғ ("Женевага", "Алматыга") can follow. Native Kazakh
# spells г after a back vowel as ғ, so only loans ("Прага", "Лига") are cut wrongly, and they are
# cut the same way in every form. The -ка twin is only accepted after a voiceless consonant
# ("кітапка"), which keeps the many "-ика" loans (экономика, физика) whole.
_BACK_OR_VOICED = frozenset("аоуыияюжзлмнңрй")
_HYPHEN_SUFFIXES = frozenset(_CASE_RULES) | frozenset(_POSS_RULES)
# Common case, plural and possessive endings may leave a two-letter root (ел-дің, үй-і, іс-ке,
# өт-ті: short roots are common and frequent in news). Every other ending needs three letters,
# otherwise "тамыз" would lose "-мыз", "басы" its "-сы", "қойды" its "-йды", "халық" its "-лық".
_MIN_STEM = 3
_SHORT_STEM_SUFFIXES = frozenset(
    _stem_alpha(w)
    for w in """
    ның нің дың дің тың тің дын дін тын тін ға ге қа ке ны ні ды ді ты ті да де та те
    дан ден тан тен нан нен мен бен пен дағы дегі тағы тегі лар лер дар дер тар тер ы і
    """.split()
)


def _context_ok(ctx: str, before: str) -> bool:
    if ctx == "any":
        return True
    if ctx == "v":
        return before in _VOWELS
    if ctx == "c":
        return before not in _PURE_VOWELS
    if ctx == "vl":
        return before in _VOICELESS
    if ctx == "n":
        return before in _NASAL_OR_POSS
    if ctx == "nv":
        # The genitive typed without ң after a vowel ("көрменің" as "корменин"), as after a
        # nasal or the possessive vowel: else "-мен" + "-ін" were cut ("кор").
        return before in _NASAL_OR_POSS or before in _VOWELS
    if ctx == "back":
        return before in _BACK_OR_VOICED
    return before in _POSS_VOWELS  # "p"


def _strip_one(word: str, rules: dict[str, str], ablative: bool = False) -> str:
    """Remove the longest suffix whose context matches and that leaves a long enough stem.
    `ablative`: a final "-стан" may be the ablative (the token ends in it: "облыстан", not
    "ұстанды", a verb of "ұстану")."""
    for size in range(min(6, len(word) - 2), 0, -1):
        suffix = word[-size:]
        ctx = rules.get(suffix)
        if ctx is None:
            continue
        stem = word[:-size]
        if len(stem) < _MIN_STEM and suffix not in _SHORT_STEM_SUFFIXES and not (
                suffix == "га" and stem[-1] in "ауй"):
            continue  # "га": the dative typed without ғ ("aiga" reads "айга"), after a back
            # root ("ай", "су"), not a loanword's "-га" ("Ольга", "органы", "лига", "Рига")
        if not _context_ok(ctx, stem[-1]):
            continue
        if ctx == "p" and len(stem) <= _MIN_STEM:
            continue  # the possessive vowel will be stripped too
        if suffix == _POSS_AFTER_VOWEL and stem[-1] in _POSS_VOWELS and stem[-2:-1] != "ш":
            # "жұмыс-ы", "облыс-ы", not "жұмы-сы"; but "басшы-сы", "хатшы-сы": the -шы nouns
            # are the common ы/і-final ones ("белгісі", "кісісі" are missed; counted on
            # KazQAD's words this way 1,333 forms are fixed and 705 missed, 1,212 without "ш").
            continue
        if suffix == "тан" and stem.endswith("с") and (
                not ablative or stem[-2:-1] not in _VOWELS or fold(word) in _VOWEL_STAN_PLACES):
            continue  # "-стан" place names (Қазақстан, Түркістан), not an ablative
        if any(ch in _VOWELS for ch in stem):
            return stem
    return word


def _devoice(word: str) -> str:
    # Stem-final қ/к/п voice before vowel suffixes (ынтымақтастық → ынтымақтастығы, кітап →
    # кітабы, топ → тобы); undo that so both forms meet ("тобын" and "Топты" are one word).
    if len(word) >= _MIN_STEM and word[-1] in "гғб":
        return word[:-1] + {"г": "к", "ғ": "қ", "б": "п"}[word[-1]]
    return word


def stem(token: str) -> str:
    """Stem one token and return it in folded form (see :func:`fold`).

    Strips Kazakh inflection read from the end of the word in morpheme order: one case (or
    finite verb) ending, one possessive, one plural, a possessive vowel again (so "белгі" and
    "белгілер" meet); that pass runs twice so a stem that ends like a suffix ("алтын") is cut
    the same way bare and inflected ("алтынның"). Then one derivational/verbal ending (-лық,
    -шы, -ған, -ып, -у). A stem keeps a vowel and at least 3 letters (2 after the plain case,
    plural and possessive endings: "елдің" → "ел"), so short words survive.

    The token may be folded already (Russian-keyboard text) or not; ң/ғ/қ, when present,
    disambiguate. Numbers and non-Cyrillic words pass through (folded).
    """
    if not isinstance(token, str) or not token:
        return ""
    return _stem_cached(token)


# "Облыстан", "соғыстан", "жұмыстан" (from the region, the war, work) are ablatives. The place
# names in "-стан" have a consonant before it (Қазақстан, Өзбекстан, Татарстан), except these
# (folded, as і and ы are both и there). No place name ends in "-стен" ("істен").
_VOWEL_STAN_PLACES = frozenset(fold(w) for w in """Түркістан Үндістан Пәкістан Дағыстан Күрдістан
    Гүлістан Арыстан Узбекистан Таджикистан Туркменистан Афганистан Дагестан""".split())


# Inflected forms repeat a lot in a corpus; caching makes indexing several times faster.
@functools.lru_cache(maxsize=1 << 16)
def _stem_cached(token: str) -> str:
    stemmed = _stem_once(token)
    return _ELIDED.get(stemmed, stemmed)


def _stem_once(token: str) -> str:
    word = _stem_alpha(token)
    if len(word) <= 2 or not word.isalpha() or not all(_is_cyrillic(c) for c in word):
        return fold(word)
    ablative = word.endswith("стан")
    for _ in range(2):
        word = _strip_one(word, _CASE_RULES, ablative)
        word = _strip_one(word, _POSS_RULES)
        word = _strip_one(word, _PLURAL_RULES)
        word = _strip_one(word, _POSS_RULES)
    word = _devoice(word)
    word = _devoice(_strip_one(word, _DERIV_RULES))
    word = _devoice(_active(word, _stem_alpha(token)))
    # "полигон-ы" (its polygon) and "Женева-ны" (accusative) look alike: -ны after a vowel is
    # ambiguous. Dropping a stem-final vowel+н makes both readings meet ("полиго"), at the cost
    # of rare collisions between words that differ only by that н.
    if len(word) > _MIN_STEM and word[-1] == "н" and word[-2] in _VOWELS:
        word = word[:-1]
    return fold(word)


# The passive voice, -ыл/-іл after a consonant and -л after a verb's -та/-те/-да/-де, before a
# verb's ending: "қойылды" meets "қойды", "табылған" "тапқан", "аталды" "атады", so a question
# asked in one voice finds the text told in the other ("Хаттамаға қашан қол қойылды?" /
# "Тараптар ... хаттамасына қол қойды"). Nouns in -ыл/-іл take "-ды/-ді" too, as their
# accusative or "-ды" adjective ("ауылды", "ақылды"): those frequent in Kazakh text keep it.
# (Folded as well: Russian-keyboard text spells "-ған" as "-ган".)
_PASSIVE_ENDS = tuple(dict.fromkeys(
    f(w) for w in "ды ді ған ген ып іп у атын етін ады еді".split() for f in (_stem_alpha, fold)))
_NOUNS_IN_IL = frozenset(f(w) for w in """ауыл өкіл көңіл ақыл Жамбыл тәсіл шабуыл дақыл қызыл
    қышқыл түйткіл дауыл шетел""".split() for f in (_stem_alpha, fold))
_PASSIVE_AFTER_VOWEL = frozenset(_stem_alpha(w) for w in "та те да де".split())
_PAST_OR_ACCUSATIVE = _stem_alpha("ды")  # "қойылды", and also "ауылды"


def _active(word: str, whole: str) -> str:
    """The active stem of a passive verb (stem alphabet), else the word as it is."""
    ending = whole[len(word):] if whole.startswith(word) else ""
    if not ending.startswith(_PASSIVE_ENDS) or (
            ending.startswith(_PAST_OR_ACCUSATIVE) and word in _NOUNS_IN_IL):
        return word
    if (word.endswith(_stem_alpha("ыл")) and len(word) >= 4
            and word[-3] not in _VOWELS):
        return word[:-2]
    if word.endswith("л") and len(word) >= 4 and word[-3:-1] in _PASSIVE_AFTER_VOWEL:
        return word[:-1]
    return word


# Nouns that drop their last vowel before an ending ("орын" -> "орны", "халық" -> "халқы"):
# the stem of the short form is read as the full one's, so that "24 оқу орны" is a count of
# "орын". Folded stems.
_ELIDED = {_stem_once(short): _stem_once(full) for full, short in (
    ("орын", "орны"), ("халық", "халқы"), ("ауыз", "аузы"), ("нарық", "нарқы"),
    ("құлық", "құлқы"), ("ырық", "ырқы"))}


# ---------------------------------------------------------------------------------------------
# stop words and the lexical pipeline
# ---------------------------------------------------------------------------------------------

# Question words, pronouns, conjunctions, postpositions, particles and copulas. Content words
# are never listed: BM25's idf already discounts frequent ones, and a stop word here also stops
# counting as evidence that the article covers a question.
_KK_STOP = """
ма ме ба бе па пе ше ші
нені неге неден нелер неше нешінші қанша қашан қайда қайдан қайсы қай қалай қандай кім кімнің
кімге кімді кімде кімнен неліктен нешеу
туралы жөнінде жайлы жайында турасында хақында бойынша арқылы үшін
сияқты секілді сайын дейін шейін кейін бірге
соң бері гөрі қарай
мен және бен пен әрі не немесе яғни бірақ алайда дегенмен сондықтан себебі өйткені егер
бұл осы сол ол олар мына ана анау мынау осындай сондай мұндай бұның осының соның оның олардың
бұны осыны соны оны оларды бұған осыған соған оған оларға бұдан осыдан содан одан
сен сіз біз сендер сіздер біздер менің сенің сіздің біздің маған саған сізге бізге
өз өзі өзінің өзіне өздері
барлығы барлық бүкіл жалпы түгел барша
да де та те ғана қана тек ғой әлі тағы енді ал
бар жоқ емес еді екен болды болады болып болған болса болатын табылады дегеніміз деген деп
деді дейді айтты айтады айтқан айтып айтылды айтылады айтылған делінді делінген
сөз сөзінше айтуынша пікірінше ойынша қатар әлде бола
отыр тұр жатыр жүр
немен кіммен неменен қысқаша айтшы айтыңызшы айтып берші беріңізші түсіндіріңізші сәйкес
""".split()
_RU_STOP = sorted(_RU_DETECT) + """не да нет ни чтобы если то так вот кем является являются
каков какова каким какими такой такая такое самый самая самые чьему станут стал стала стали
имеет имеют""".split()
_STOP_FOLDED = _folded_set([*_KK_STOP, *_RU_STOP, *_EN_FUNCTION])
# Stop words whose folded form is a content word written without Kazakh letters: "тұр" (stands)
# folds to "тур" (a tour), "әлі" (still) to the name "Али". Written so, they are those words.
_FOLDS_TO_A_WORD = frozenset({"тур", "али"})
# Inflected forms of the question words and pronouns ("кімнің", "бұларды", "қайсысы") are caught
# by their stems. Only these: the stems of other function words are often content words too
# ("бер" of "бері"/"беру", "тарап" of "тарапынан").
_STOP_STEMS = frozenset(
    t
    for t in map(stem, "кім қай қайсы қайсысы қанша неше қандай қашан бұл сол олар сен сіз біз"
                 .split())
    if len(t) >= 3  # "ол"/"ос" would also be the stems of "өлі", "осу"...
)


def stopword(folded_token: str) -> bool:
    """True for function words (Kazakh, Russian, English), given a folded token."""
    return folded_token in _STOP_FOLDED


# Roman numerals (centuries: "XIV ғасыр", Cyrillic "ХХІ ғасыр") in either script become Arabic
# numbers, so Latin and Cyrillic spellings - and "14-ғасыр" - meet. "ХХИ гасыр" is "ХХІ ғасыр"
# typed on a Russian keyboard (І → И).
_ROMAN_RE = re.compile(r"(?<![^\W\d_])[IVXІХИ]+(?![^\W\d_])(?:(?=\s+[ғгҒГ])|(?<=[IVXІХИ]{2}))")
_ROMAN_VALUE = {"I": 1, "І": 1, "И": 1, "V": 5, "X": 10, "Х": 10}
_ROMAN_CANON = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman_to_int(match: re.Match[str]) -> str:
    numeral = match.group(0)
    values = [_ROMAN_VALUE[ch] for ch in numeral]
    total = sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))
    # Only well-formed numerals: "IIV" or "ХХХХ" are more likely abbreviations than numbers.
    canon, rest = "", total
    for value, digits in _ROMAN_CANON:
        while rest >= value:
            canon += digits
            rest -= value
    latin = numeral.replace("І", "I").replace("И", "I").replace("Х", "X")
    return str(total) if total > 0 and canon == latin and total <= 39 else numeral


_ANY_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _prepare(text: str) -> str:
    clean = _ROMAN_RE.sub(_roman_to_int, fix_lookalikes(normalize(text)))
    if _ANY_LATIN_RE.search(clean):
        kk, en, n_words = _latin_scores(clean)
        # Transliterate when the Latin words look Kazakh, and also when nothing marks them as
        # English (a bare name such as "Temirbolat"): the corpus is Kazakh Cyrillic, so an
        # untransliterated Latin word could not match anything anyway.
        if n_words and (kk > en or en == 0):
            clean = latin_to_cyrillic(clean)
    return clean


def lexical_terms(text: str) -> list[str]:
    """The terms the lexical (BM25) channel indexes and searches, for passages and queries alike:
    normalize → fix_lookalikes → Roman numerals to digits → latin_to_cyrillic (Latin text that
    is not English) → tokenize → fold → drop stop words → stem. Single letters (initials such as
    "Н.Ә.") are dropped; numbers are kept. Terms are folded stems, e.g. "кітапханасының" →
    "китапхана".
    """
    return [term for term, _ in lexical_pairs(text)]


def lexical_pairs(text: str) -> list[tuple[str, str]]:
    """`lexical_terms` with the folded word each term came from (refusal looks at word forms)."""
    if not isinstance(text, str) or not text:
        return []
    try:
        pairs: list[tuple[str, str]] = []
        for tok in tokenize(_prepare(text)):
            folded = fold(tok)
            if not folded or (folded in _STOP_FOLDED
                              and not (folded in _FOLDS_TO_A_WORD and tok.lower() == folded)):
                continue
            if len(folded) == 1 and not folded.isdigit():
                continue
            term = stem(tok)
            if term in _STOP_STEMS:
                continue
            pairs.append((term, folded))
        return pairs
    except Exception:  # defensive: one odd message must not break search for everyone
        logger.exception("lexical_terms failed")
        return []


# ---------------------------------------------------------------------------------------------
# Kazakh letters back into text typed on a Russian keyboard
# ---------------------------------------------------------------------------------------------

_KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD_RE = re.compile(r"[^\W\d_]+")


def spelling_table(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> its most frequent spelling, over `texts` (the corpus) and the common
    question words: what `restore_letters` puts back."""
    counts: dict[str, Counter[str]] = {}
    for text in [*texts, " ".join(_KK_STOP)]:
        for word in _WORD_RE.findall(text.lower()):
            counts.setdefault(fold(word), Counter())[word] += 1
    # Every spelling counts: "болды" is no "бөлді", however often the text also says that.
    return {folded: c.most_common(1)[0][0] for folded, c in counts.items()}


def restore_letters(text: str, table: dict[str, str], every_word: bool = False) -> str:
    """Kazakh typed on a Russian keyboard, with the words the table knows spelt properly again
    ("китапхананын директоры ким" -> "кітапхананың директоры кім"). For the dense encoder, which
    reads "кітапхана" far better than "китапхана"; other words are left as typed. With
    `every_word`, also words with Kazakh letters: those of a Latin transliteration are guesses
    ("oqygan" -> "оқыган", which the text spells "оқыған")."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if _KK_LETTERS.intersection(word) and not every_word:
            return word
        spelt = table.get(fold(word))
        if spelt is None and every_word:
            # Latin "ng" is "ң" or "ңг" ("mengerushi" is "меңгеруші"), at each "ң" in turn.
            lower = word.lower()
            for k in [i for i, ch in enumerate(lower) if ch == "ң"]:
                spelt = table.get(fold(lower[:k] + "ңг" + lower[k + 1:]))
                if spelt is not None:
                    break
        if spelt is None and every_word:
            # Latin "ia", "iu" are "я", "ю", "йа", "йу" ("syiaqy" is "сыйақы") or, in a
            # loanword, "иа", "иу" ("filialga" is "филиалға").
            lower = word.lower()
            for a, b in (("йа", "йу"), ("иа", "иу")):
                spelt = table.get(fold(lower.replace("я", a).replace("ю", b)))
                if spelt is not None:
                    break
        if spelt is None and every_word and "й" in word.lower():
            # Latin "ii" is "иі" as well as "ий" ("kiiz" is "киіз").
            spelt = table.get(fold(word.lower().replace("й", "и")))
        if spelt is None:
            return word
        return spelt[0].upper() + spelt[1:] if word[0].isupper() else spelt

    return _WORD_RE.sub(fix, text)


def name_terms(sentences: Iterable[str]) -> frozenset[str]:
    """Lexical terms of the words written with a capital letter inside sentences (not as their
    first word): the names a text uses (Валовая, Пизано, БҰҰ, Женева), not "Құжат" opening a
    question."""
    out: set[str] = set()
    for sentence in sentences:
        words = _WORD_RE.findall(sentence)
        for word in words[1:]:
            if word[0].isupper():
                out.update(lexical_terms(word))
    return frozenset(out)


# A list of names: capitalised words joined by commas and "және / мен / пен / бен / и / and"
# ("Күлтегін, Білге қаған және Тоныкөк ескерткіштері"); a name may be of several words and
# have one lower-case word after it ("Білге қаған").
_CAPITAL = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]+"
_AND = r"(?:және|мен|пен|бен|и|and)"
_LISTED_NAME = _CAPITAL + r"(?:\s+" + _CAPITAL + r")*(?:\s+(?!" + _AND + r"\b)[a-zа-яёәғқңөұүһі]+)?"
_LIST_SEPARATOR = re.compile(r",\s*|\s+" + _AND + r"\s+")
_LISTED = re.compile(r"(?<![^\W\d_])" + _LISTED_NAME + r"(?:(?:,\s*|\s+" + _AND + r"\s+)"
                     + _LISTED_NAME + ")+")


def listed_names(sentences: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each name the text lists with others ("Қазақстан, Моңғолия және Түркия"), the
    lexical terms of the others: one of a list is not another."""
    out: dict[str, set[str]] = {}
    for sentence in sentences:
        for match in _LISTED.finditer(sentence):
            parts = _LIST_SEPARATOR.split(match.group(0))
            if match.start() == 0:  # a sentence's first word is capitalised by position
                parts[0] = parts[0].partition(" ")[2]
            items = [{terms[0] for word in re.findall(_CAPITAL, item)
                      if (terms := lexical_terms(word))} for item in parts]
            for i, item in enumerate(items):
                others = set().union(*(o for k, o in enumerate(items) if k != i)) - item
                for name in item:
                    out.setdefault(name, set()).update(others)
    return {name: frozenset(others) for name, others in out.items() if others}


def common_terms(sentences: Iterable[str]) -> frozenset[str]:
    """Lexical terms of the words a text writes in lower case: "жаңа", "биыл" are words even
    where a title or a quotation opens with them; "Жартытөбе" is only ever a name."""
    # Not a name's derivative: "таразлық" (of Taraz) is written in lower case, "Тараз" is not.
    return frozenset(t for sentence in sentences for word in _WORD_RE.findall(sentence)
                     if word[0].islower() and not _DERIVED.search(fold(word))
                     for t in lexical_terms(word))


_DERIVED = re.compile(r"(?:лик|дик|тик)$")
