"""`eventqa eval`: the metrics of shared/eval/README.md, overall and per language group."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.types import Answer

MAX_ANSWER_CHARS = 700
_QUOTES = re.compile(r"[«»\"“”„‟'‘’‚‛`]")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_QUOTES.sub("", text).split())


@dataclass
class Item:
    id: str
    q: str
    lang: str
    gold: list[str]
    answerable: bool
    positives: list[str] = field(default_factory=list)  # relevant document ids (KazQAD style)


@dataclass
class Outcome:
    item: Item
    rank: int | None  # first search rank holding a gold substring
    answered: bool
    correct: bool  # answered, gold in the shown text, short enough
    text: str
    recall10: float | None = None  # share of the item's `positives` among the first 10 documents


@dataclass
class Metrics:
    n: int = 0
    answerable: int = 0
    unanswerable: int = 0
    recall: dict[int, float] = field(default_factory=dict)
    mrr: float = 0.0
    accuracy: float = 0.0
    false_refusal: float = 0.0
    refusal_recall: float = 0.0
    precision: float = 0.0  # answers holding the gold / answers given
    recall10: float | None = None  # items with `positives` (KazQAD style): mean R@10 of documents


def load_items(path: Path) -> list[Item]:
    items = []
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold = list(row.get("gold", row.get("answers", [])))
            items.append(Item(str(row["id"]), row["q"], row.get("lang", "kk"), gold,
                              bool(row.get("answerable", True)), list(row.get("positives", []))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: not an eval question ({exc})") from None
    return items


def run(items: list[Item], search: Callable[[str], list[tuple[str, str]]],
        answer: Callable[[str], Answer], render: Callable[[Answer], str]) -> list[Outcome]:
    """`search` returns (document id, passage text) best first; `render` gives what the user
    sees. A hit is a passage holding a gold substring, or one of the item's `positives`."""
    outcomes = []
    for item in items:
        gold = [norm(g) for g in item.gold]
        rank, recall10 = None, None
        hits = search(item.q)
        if item.positives:
            # Counted per document, as the benchmark's relevance is: a document's later
            # paragraphs are not further results.
            docs = list(dict.fromkeys(doc_id for doc_id, _ in hits))[:10]
            rank = next((r for r, d in enumerate(docs, 1) if d in item.positives), None)
            recall10 = len(set(docs) & set(item.positives)) / len(set(item.positives))
        else:
            rank = next((r for r, (_, text) in enumerate(hits[:10], 1)
                         if any(g in norm(text) for g in gold)), None)
        ans = answer(item.q)
        shown = render(ans)
        correct = (ans.answered and len(shown) <= MAX_ANSWER_CHARS
                   and any(g in norm(shown) for g in gold))
        outcomes.append(Outcome(item, rank, ans.answered, correct, shown, recall10))
    return outcomes


def metrics(outcomes: list[Outcome], ks: tuple[int, ...] = (1, 3, 5)) -> Metrics:
    pos = [o for o in outcomes if o.item.answerable]
    neg = [o for o in outcomes if not o.item.answerable]
    m = Metrics(len(outcomes), len(pos), len(neg))
    if pos:
        m.recall = {k: sum(o.rank is not None and o.rank <= k for o in pos) / len(pos) for k in ks}
        m.mrr = sum(1 / o.rank for o in pos if o.rank) / len(pos)
        m.accuracy = sum(o.correct for o in pos) / len(pos)
        m.false_refusal = sum(not o.answered for o in pos) / len(pos)
        given = [o for o in pos if o.answered]
        m.precision = sum(o.correct for o in given) / len(given) if given else 0.0
        ranked = [o.recall10 for o in pos if o.recall10 is not None]
        m.recall10 = sum(ranked) / len(ranked) if ranked else None
    if neg:
        m.refusal_recall = sum(not o.answered for o in neg) / len(neg)
    return m


def report(outcomes: list[Outcome]) -> str:
    groups = {"all": outcomes}
    for o in outcomes:
        groups.setdefault(o.item.lang, []).append(o)
    head = (f"{'group':<11}{'n':>4}{'ans':>5}{'R@1':>7}{'R@3':>7}{'R@5':>7}{'MRR':>7}"
            f"{'acc':>7}{'falseref':>10}{'refrec':>8}")
    lines = [head]
    for name, group in groups.items():
        m = metrics(group)
        r = m.recall
        fmt = (lambda x, has: f"{x:.3f}" if has else "   - ")  # noqa: E731
        lines.append(
            f"{name:<11}{m.n:>4}{m.answerable:>5}"
            f"{fmt(r.get(1, 0), m.answerable):>7}{fmt(r.get(3, 0), m.answerable):>7}"
            f"{fmt(r.get(5, 0), m.answerable):>7}{fmt(m.mrr, m.answerable):>7}"
            f"{fmt(m.accuracy, m.answerable):>7}{fmt(m.false_refusal, m.answerable):>10}"
            f"{fmt(m.refusal_recall, m.unanswerable):>8}")
    overall = metrics(outcomes)
    if overall.recall10 is not None:
        ranked = [o for o in outcomes if o.item.answerable]
        mrr10 = sum(1 / o.rank for o in ranked if o.rank) / max(len(ranked), 1)
        lines.append(f"documents: MRR@10 {mrr10:.3f}  R@10 {overall.recall10:.3f}   answers: gold "
                     f"in the answer {overall.accuracy:.3f}  precision {overall.precision:.3f}")
    misses = []
    for o in outcomes:
        if o.item.answerable and (o.rank is None or o.rank > 3 or not o.correct):
            why = []
            if o.rank is None or o.rank > 3:
                why.append(f"rank {o.rank or '>k'}")
            if not o.answered:
                why.append("refused")
            elif not o.correct:
                why.append("answer lacks gold" if len(o.text) <= MAX_ANSWER_CHARS
                           else f"answer too long ({len(o.text)})")
            misses.append(f"  {o.item.id} [{o.item.lang}] {o.item.q} — {', '.join(why)}")
        elif not o.item.answerable and o.answered:
            misses.append(f"  {o.item.id} [{o.item.lang}] {o.item.q} — answered, should refuse")
    lines.append("")
    lines.append(f"misses ({len(misses)}):" if misses else "misses: none")
    lines.extend(misses)
    return "\n".join(lines)
