"""The small data types that cross module boundaries (and the retrieval/bot boundary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Document:
    """One document of the corpus, as staff wrote it."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    source: str  # the corpus file it came from
    line: int  # 1-based line of the document in that file (for messages)
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence with its character offsets inside its paragraph."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: a window of whole sentences from one paragraph."""

    id: str  # "<doc_id>:p<paragraph>:s<first sentence>" - stable while the text is stable
    doc_id: str
    paragraph: int  # 1-based paragraph number in the document
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class SearchHit:
    rank: int  # 1-based
    score: float
    passage: Passage
    dense: float = 0.0  # the channel scores behind `score`, for diagnostics and refusal
    lexical: float = 0.0


class AnswerKind(StrEnum):
    ANSWER = "answer"  # quotes with citations
    NOT_FOUND = "not_found"  # the corpus does not say
    SMALLTALK = "smalltalk"  # greeting, thanks, "how are you?", "who are you?": reply with examples
    EMPTY = "empty"  # nothing to search for (empty, emoji-only ...)


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] marker
    doc_id: str
    passage_id: str
    title: str
    paragraph: int
    text: str  # the cited passage
    paragraph_text: str  # the whole paragraph around it ("show the paragraph")
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str  # one sentence (or a trimmed part of it) from the source
    citation: int  # the [n] it belongs to
    # (start, end) of what answers the question (a number, date, name, title), shown in bold
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Answer:
    """What the engine answers; formatters in bot/ turn it into text for one medium."""

    query: str
    kind: AnswerKind
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Citation, ...] = ()
    took_ms: float = 0.0
    smalltalk: str | None = None  # one of retrieval.smalltalk.KINDS when kind is SMALLTALK
    query_lang: str = "kk"  # kk | ru | en | kk-latn | kk-ru-keys (best guess)
    trimmed: bool = False  # the question was cut to the configured length
    document: str | None = None  # the best quote's document: a follow-up prefers it
    debug: dict = field(default_factory=dict, compare=False)

    @property
    def answered(self) -> bool:
        return self.kind is AnswerKind.ANSWER
