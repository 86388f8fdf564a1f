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


ANSI_BOLD = ("\033[1m", "\033[0m")


def emphasis_for(stream) -> tuple[str, str]:
    """Bold for a terminal, nothing for a pipe or a file."""
    return ANSI_BOLD if getattr(stream, "isatty", lambda: False)() else ("", "")


def marked(text: str, marks: tuple[tuple[int, int], ...], emphasis: tuple[str, str]) -> str:
    """`text` with each marked span between the emphasis strings (nothing when they are empty)."""
    if not marks or not emphasis[0]:
        return text
    out, at = [], 0
    for a, b in sorted(marks):
        out += [text[at:a], emphasis[0], text[a:b], emphasis[1]]
        at = b
    return "".join(out) + text[at:]


def render(answer: Answer, emphasis: tuple[str, str] = ("", "")) -> str:
    """The answer as plain text: quotes with [n] markers, then the numbered sources. The span
    that answers is wrapped in `emphasis` (none by default: pipes, JSON and eval get the
    verbatim quote; a terminal gets bold)."""
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
            marked(q.text, q.marks, emphasis)
            + ("" if i + 1 < len(quotes) and quotes[i + 1].citation == q.citation
               else f" [{q.citation}]") for i, q in enumerate(quotes)))
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
