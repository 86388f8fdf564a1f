"""The plain-text medium (CLI `ask`, terminal chat): an Answer as the text a person reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts
from retrieval.corpus import MESSAGES, CorpusError, Problem
from retrieval.types import Answer, AnswerKind

if TYPE_CHECKING:  # the index module pulls in faiss: not needed to format a report
    from retrieval.index import BuildReport


def example_for(query: str) -> str:
    # Rotate the examples so a user who keeps missing sees different suggestions.
    return texts.EXAMPLES[sum(map(ord, query)) % len(texts.EXAMPLES)]


def render(answer: Answer) -> str:
    """The answer as plain text: quotes with [n] markers, then the numbered sources."""
    lines: list[str] = []
    note = texts.ANSWER_IN_KAZAKH.get(answer.query_lang)
    if answer.trimmed:
        lines.append(texts.TRIMMED)
    if answer.kind is AnswerKind.ANSWER:
        if note:
            lines.append(note)
        quotes = answer.quotes
        # Consecutive sentences of one source carry its [n] once, after the last of them.
        lines.append(" ".join(
            q.text if i + 1 < len(quotes) and quotes[i + 1].citation == q.citation
            else f"{q.text} [{q.citation}]" for i, q in enumerate(quotes)))
        lines.append("")
        lines.append(texts.SOURCES_HEADER)
        lines.extend(texts.SOURCE_LINE.format(n=c.n, title=c.title, paragraph=c.paragraph)
                     for c in answer.citations)
    elif answer.kind is AnswerKind.SMALLTALK:
        lines.append(texts.SMALLTALK[answer.smalltalk or "greeting"].format(topic=texts.TOPIC))
        lines.extend(f"• {e}" for e in texts.EXAMPLES)
    elif answer.kind is AnswerKind.EMPTY:
        lines.append(texts.EMPTY.format(example=example_for(answer.query)))
    else:
        if note:
            lines.append(note)
        lines.append(texts.NOT_FOUND.format(topic=texts.TOPIC, example=example_for(answer.query)))
    return "\n".join(lines).strip()


def problem(p: Problem) -> str:
    """A corpus problem or warning for staff: where, then Kazakh, then the English original."""
    kazakh = texts.CORPUS_PROBLEMS.get(p.code) or texts.CORPUS_WARNINGS.get(p.code)
    en = MESSAGES[p.code].format(**p.params)
    kk = kazakh.format(**p.params) if kazakh else en
    return f"{p.where}: {kk} — {en}"


def corpus_error(error: CorpusError) -> str:
    return "\n".join([texts.CORPUS_BAD, *(problem(p) for p in error.problems)])


def corpus_warnings(warnings: list[Problem]) -> str:
    return "\n".join([texts.CORPUS_WARN, *(problem(p) for p in warnings)]) if warnings else ""


def index_report(report: BuildReport) -> str:
    """What a build or reload did: counts, embedded/reused, +added/−removed."""
    if report.action == "reused":
        return texts.INDEX_REUSED.format(documents=report.documents, passages=report.passages,
                                         seconds=report.seconds)
    line = texts.INDEX_BUILT.format(
        reason=texts.INDEX_REASONS.get(report.reason, report.reason), documents=report.documents,
        passages=report.passages, embedded=report.embedded, reused=report.reused_embeddings,
        added=report.added, removed=report.removed, seconds=report.seconds)
    if report.detail:
        line += "\n" + texts.INDEX_BROKEN_NOTE.format(detail=report.detail)
    return line


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, with "…" when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"
