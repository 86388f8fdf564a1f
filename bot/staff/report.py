"""What people asked that the bot could not answer, grouped, for staff: `eventqa report` and the
admins' /unanswered.

Refused or 👎 questions of the last days are grouped when their normalised text is the same or
they are close in embedding space (the engine's encoder, greedy clustering at a cosine
threshold), and listed by frequency with an example each, so staff see what to add to the corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot import texts
from bot.plain import cut
from bot.staff.questionlog import Asked

Encode = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised rows
MAX_TEXTS = 2000  # distinct questions embedded at most (the most frequent); the rest stay alone
EXAMPLE_CHARS = 200  # a question shown longer than this is cut (someone pasted a whole article)
VARIANT_CHARS = 80


@dataclass
class Group:
    """Questions taken for one: `variants` (text, count) most frequent first; the first is the
    example shown."""

    variants: list[tuple[str, int]] = field(default_factory=list)
    count: int = 0
    refused: int = 0
    bad: int = 0
    last: float = 0.0

    @property
    def example(self) -> str:
        return self.variants[0][0]


@dataclass
class _Same:
    count: int = 0
    refused: int = 0
    bad: int = 0
    last: float = 0.0


def group_questions(rows: Sequence[Asked], encode: Encode | None, threshold: float,
                    max_texts: int = MAX_TEXTS) -> list[Group]:
    """Groups by frequency (then recency). Without `encode`, only identical texts are grouped;
    only the `max_texts` most frequent distinct texts are embedded, the rest stay alone."""
    same: dict[str, _Same] = {}
    for row in rows:
        s = same.setdefault(row.question, _Same())
        s.count += 1
        s.refused += not row.answered
        s.bad += row.feedback == 0
        s.last = max(s.last, row.asked_at)
    order = sorted(same, key=lambda q: (-same[q].count, -same[q].last, q))
    vectors = None
    if encode is not None and len(order) > 1:
        vectors = np.asarray(encode(order[:max_texts]), dtype=np.float32)
    groups: list[Group] = []
    heads: list[int] = []  # per group (in order), the row of its first, most frequent, text
    for i, question in enumerate(order):
        target = None
        embedded = vectors is not None and i < len(vectors)
        if embedded and heads:
            # Compared with each group's most frequent text only, so a chain of small steps
            # cannot pull unrelated questions into one group.
            similarity = vectors[heads] @ vectors[i]
            best = int(np.argmax(similarity))
            if similarity[best] >= threshold:
                target = groups[best]
        if target is None:
            target = Group()
            groups.append(target)
            if embedded:
                heads.append(i)  # groups of texts beyond max_texts come last: never matched
        s = same[question]
        target.variants.append((question, s.count))
        target.count += s.count
        target.refused += s.refused
        target.bad += s.bad
        target.last = max(target.last, s.last)
    return sorted(groups, key=lambda g: (-g.count, -g.last, g.example))


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def render_text(groups: Sequence[Group], days: float, limit: int | None = None) -> str:
    if not groups:
        return texts.REPORT_EMPTY.format(days=_days(days))
    lines = [texts.REPORT_HEADER.format(days=_days(days), questions=sum(g.count for g in groups),
                                        groups=len(groups))]
    for group in groups[:limit]:
        lines.append(texts.REPORT_LINE.format(count=group.count,
                                              example=cut(group.example, EXAMPLE_CHARS)))
        lines.append(texts.REPORT_DETAIL.format(refused=group.refused, bad=group.bad,
                                                last=_when(group.last)))
        if len(group.variants) > 1:
            lines.append(texts.REPORT_OTHERS.format(others="; ".join(
                f"{cut(text, VARIANT_CHARS)} ({n})" for text, n in group.variants[1:6])))
    return "\n".join(lines)


CSV_COLUMNS = ("count", "refused", "bad_feedback", "example", "variants", "last_asked")


def render_csv(groups: Sequence[Group], limit: int | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in groups[:limit]:
        writer.writerow([group.count, group.refused, group.bad, group.example,
                         " | ".join(f"{text} ({n})" for text, n in group.variants),
                         _when(group.last)])
    return out.getvalue()


def render_unanswered(groups: Sequence[Group], days: float, limit: int = 10) -> str:
    """The admins' /unanswered: the top groups, one line each."""
    if not groups:
        return texts.TG_UNANSWERED_NONE.format(days=_days(days))
    lines = [texts.TG_UNANSWERED_HEADER.format(days=_days(days))]
    for group in groups[:limit]:
        line = texts.TG_UNANSWERED_LINE.format(count=group.count,
                                               example=cut(group.example, EXAMPLE_CHARS))
        if group.bad:
            line += texts.TG_UNANSWERED_BAD.format(bad=group.bad)
        lines.append(line)
    lines.append(texts.TG_UNANSWERED_HINT)
    return "\n".join(lines)


def _days(days: float) -> str:
    return f"{days:g}"
