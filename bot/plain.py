"""The plain-text medium (CLI `ask`, terminal chat): an Answer as the text a person reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts
from bot.topic import Topic
from retrieval.corpus import MESSAGES, CorpusError, Problem
from retrieval.types import Answer, AnswerKind

if TYPE_CHECKING:  # the index module pulls in faiss: not needed to format a report
    from retrieval.index import BuildReport


# Without a topic (a caller showing only answers) a reply names no document and no example.
GENERIC = Topic(texts.TOPIC_GENERIC)


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


def smalltalk_text(answer: Answer, topic: Topic) -> str:
    """The reply to small talk, up to the example questions that follow it."""
    kind = answer.smalltalk if answer.smalltalk in texts.SMALLTALK else "greeting"
    text = texts.SMALLTALK[kind].format(topic=topic.line)
    return f"{text} {texts.SMALLTALK_EXAMPLES}" if topic.examples else text


def refusal_lines(answer: Answer, topic: Topic) -> list[str]:
    """"Not in the text" (or "write it in words") and an example question to try."""
    text = texts.EMPTY if answer.kind is AnswerKind.EMPTY \
        else texts.NOT_FOUND.format(topic=topic.line)
    return [text, topic.hint(answer.query)] if topic.examples else [text]


def render(answer: Answer, topic: Topic | None = None,
           emphasis: tuple[str, str] = ("", "")) -> str:
    """The answer as plain text: quotes with [n] markers, then the numbered sources. `topic`
    (bot/topic.py) is what refusals and small-talk replies say the bot knows. The span that
    answers is wrapped in `emphasis` (none by default: pipes, JSON and eval get the verbatim
    quote; a terminal gets bold)."""
    topic = topic or GENERIC
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
        if note:  # "How are you?" in English gets a Kazakh reply: say so
            lines.append(note)
        lines.append(smalltalk_text(answer, topic))
        lines.extend(f"• {e}" for e in topic.examples)
    elif answer.kind is AnswerKind.EMPTY:
        lines.extend(refusal_lines(answer, topic))
    else:
        if note:
            lines.append(note)
        lines.extend(refusal_lines(answer, topic))
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
        passages=report.passages, embedded=report.embedded, words=report.embedded_words,
        reused=report.reused_embeddings,
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
