"""The plain-text medium (CLI `ask`, terminal chat): an Answer as the text a person reads."""

from __future__ import annotations

from bot import texts
from retrieval.corpus import MESSAGES, CorpusError, Problem
from retrieval.types import Answer, AnswerKind


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
        lines.append(" ".join(f"{q.text} [{q.citation}]" for q in answer.quotes))
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
    """A corpus problem for staff: where, then Kazakh, then the English original."""
    kk = texts.CORPUS_PROBLEMS.get(p.code, MESSAGES[p.code]).format(**p.params)
    en = MESSAGES[p.code].format(**p.params)
    return f"{p.where}: {kk} — {en}"


def corpus_error(error: CorpusError) -> str:
    return "\n".join([texts.CORPUS_BAD, *(problem(p) for p in error.problems)])
