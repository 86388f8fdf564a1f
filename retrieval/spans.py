"""The span of a quoted sentence that answers the question: the number, date, name or title that
was asked for, so that a reader sees it at a glance (shown in bold).

One general mechanism: the question's answer type (`qtype.expected`, or who / where / what is
it called) says which kind of span to look for; the sentence's spans of that kind are found by
their form (digits and number words, month names and years, capitalised names, «titles»), and
those the question already holds are skipped: "Валовая не деді?" does not need "Валовая" in
bold, "Қанша кітап?" needs the number before "кітап".
"""

from __future__ import annotations

import re

from retrieval import kazakh, qtype

Span = tuple[int, int]
MAX_SPANS = 2

_MONTHS = ("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйе қазан қараша желтоқсан "
           "январ феврал март апрел ма[йяе] июн июл август сентябр октябр ноябр декабр")
_MONTH = r"(?:" + "|".join(_MONTHS.split()) + r")\w*"
_YEAR = r"\d{4}(?:\s*[-–—]\s*\d{4})?\s*(?:жыл\w*|ж\.|г\.|год\w*)?"
_DAY = r"\d{1,2}(?:\s*[-–—]\s*\d{1,2})?"
# "2025 жылғы 14 қазанда", "29 тамыз", "30 тамызы мен 1 қыркүйегі", "1946 жылы", "XX ғасыр".
_DATE = re.compile(
    r"(?:\b" + _YEAR + r"\s+)?\b" + _DAY + r"\s+" + _MONTH
    + r"(?:\s+(?:мен|бен|пен|по|and|to|–|-)\s+" + _DAY + r"\s+" + _MONTH + r")?"
    + r"(?:\s+\d{4}\s*(?:жыл\w*|г\.|год\w*)?)?"
    + r"|\b" + _MONTH + r"\s+\d{4}\s*(?:жыл\w*|г\.|год\w*)?"
    + r"|\b\d{4}\s*[-–—]\s*\d{4}\s*жыл\w*|\b\d{4}\s*(?:жыл\w*|г\.|год\w*)"
    + r"|\b[XVIХІ]{1,5}\s+ғасыр\w*|\b\d{1,2}[:.]\d{2}\b",
    re.IGNORECASE)
_MAGNITUDE = r"(?:\s*(?:мың|миллион|миллиард|млн|млрд|тыс\w*|thousand|million|billion)\w*)?"
_APPROX = r"(?:\s+(?:астам|аса|артық|жуық|шамасында|дейін|ғана))?"
_CURRENCY = r"(?:\s*(?:теңге\w*|тг|доллар\w*|евро|франк\w*|рубл\w*|dollars?|euros?|[$€₸£]))?"
# "17 миллионнан астам", "1 200-ден астам", "5%", "3 мың дана", "126".
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?(?:\s*%|-\w+)?"
                     + _MAGNITUDE + _CURRENCY + _APPROX, re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|отыз|"
                          r"қырық|елу|алпыс|жетпіс|сексен|тоқсан|жүз|мың)\w{0,4}\b", re.IGNORECASE)
_TITLE = re.compile(r"«[^«»]{2,120}»")
# A name: capitalised words, initials glued on ("Т.Валовая", "Н.Ә.Назарбаев"), a hyphen inside.
_NAME = re.compile(r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]+"
                   r"(?:\s+(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]+)*")
_WORD = re.compile(r"[^\W\d_]+")

WHO, WHERE, TITLE = "who", "where", "title"
# Matched against the folded question (ы, і -> и; қ -> к ...): "называется" is "називаетсиа".
_ASKS_WHO = re.compile(r"\b(ким(?:дер|ге|ди|нин|мен)?|кто|кого|кому|кем|who|whom)\b")
_ASKS_WHERE = re.compile(r"\b(кайда|кай жерде|кай калада|кай елде|где|куда|where)\b")
# Not "аталып өтті", "атала ма" (marked, celebrated): "атал-" only after "қалай" / "не деп".
_ASKS_TITLE = re.compile(r"\bатау|\b(?:калай|не деп)\s+атал(?!ип)|\bати (?:калай|кандай|не)\b"
                         r"|\bназва|\bназива"
                         r"|\bcalled\b|\bname[d]?\b|\btitle")


def asked_kind(question: str) -> str | None:
    """What kind of span answers the question: a qtype kind, or who / where / title."""
    kind = qtype.expected(question)
    if kind == qtype.SPEECH:  # the answer is what was said: the whole quote
        return None
    if kind is not None:
        return {qtype.LEADER: WHO, qtype.PERSON: WHO, qtype.LOCATED: WHERE}.get(kind, kind)
    folded = kazakh.fold(kazakh.normalize(question))
    if kazakh.looks_latin_kazakh(folded):
        folded = kazakh.fold(kazakh.latin_to_cyrillic(folded))
    if _ASKS_TITLE.search(folded):
        return TITLE
    if _ASKS_WHO.search(folded):
        return WHO
    if _ASKS_WHERE.search(folded):
        return WHERE
    return None


def find(question: str, sentence: str, kind: str | None = None) -> tuple[Span, ...]:
    """The spans of `sentence` that answer `question`, in order, at most MAX_SPANS."""
    kind = asked_kind(question) if kind is None else kind
    if kind is None:
        return ()
    asked = set(kazakh.lexical_terms(question))
    if kind in (qtype.TIME, qtype.YEAR, qtype.CLOCK):
        spans = _matches(_DATE, sentence)
    elif kind in (qtype.NUMBER, qtype.MONEY):
        spans = [s for s in _numbers(sentence) if not _inside_any(s, _matches(_DATE, sentence))]
        counted = qtype.counted_word(question)
        if counted and spans:
            spans = _with_counted(sentence, spans, counted)
    elif kind == TITLE:
        spans = [s for s in _matches(_TITLE, sentence) if not _held(sentence, s, asked, 0.5)]
    else:  # who, where: names the question does not already hold
        spans = [s for s in _names(sentence) if not _held(sentence, s, asked, 0.5)]
        if kind == WHO:  # a person is named by two words or with initials: "Ерлан Жұмабаев"
            people = [(a, b) for a, b in spans if " " in sentence[a:b] or "." in sentence[a:b]]
            spans = people or spans
    return tuple(spans[:MAX_SPANS])


def _matches(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.group(0).strip()]


def _numbers(sentence: str) -> list[Span]:
    spans = [(a, b) for a, b in _matches(_NUMBER, sentence)]
    if not spans:
        spans = _matches(_NUMBER_WORD, sentence)
    return [(a, len(sentence[:b].rstrip())) for a, b in spans]


def _with_counted(sentence: str, spans: list[Span], counted: str) -> list[Span]:
    """The number before what the question counts, extended to that word ("14 елден 126
    баспа" asked "қанша баспа": "126 баспа"); all numbers when none stands before it."""
    stem = kazakh.stem(counted)[:4]
    for i, (a, b) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(sentence)
        for m in list(_WORD.finditer(sentence, b, end))[:3]:
            if kazakh.stem(kazakh.fold(m.group(0)))[:4] == stem:
                return [(a, m.end())]
    return spans


def _names(sentence: str) -> list[Span]:
    out = []
    for m in _NAME.finditer(sentence):
        a, b = m.span()
        if a == len(sentence) - len(sentence.lstrip(" «\"–—-")):
            # A sentence's first word is capitalised by position: the name is what follows it.
            rest = re.match(r"\S+\s+", m.group(0))
            if rest is None:
                continue
            a += rest.end()
        if _inside_any((a, b), _matches(_TITLE, sentence)):
            continue
        out.append((a, b))
    return out


def _held(sentence: str, span: Span, asked: set[str], share: float) -> bool:
    """Whether the question already holds at least `share` of the span's words."""
    terms = kazakh.lexical_terms(sentence[span[0]:span[1]])
    return bool(terms) and sum(t in asked for t in terms) >= share * len(terms)


def _inside_any(span: Span, others: list[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in others)
