"""What the bot tells people it knows: a topic line and example questions, made from the corpus
(or the bot.topic / bot.examples settings) and made again whenever the running bot swaps in a new
index, so adding a document never leaves the bot claiming it knows only the first one.

Example questions are only offered if the engine answers them from the current corpus: a
configured one that stopped being answered (its document was removed) is dropped, and a document
no configured example covers gets a question made from its title ("X қашан ашылды?").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import texts
from retrieval import kazakh
from retrieval.config import BotConfig
from retrieval.types import Answer, AnswerKind, Document

if TYPE_CHECKING:  # the engine pulls in faiss and torch: not needed to format a topic
    from retrieval.engine import Engine

log = logging.getLogger(__name__)

MAX_TOPIC = 300  # characters of the topic line; titles that do not fit are counted, not listed
MAX_TITLE = 120  # characters of one title in it
MAX_EXAMPLES = 4
MAX_TRIES = 12  # questions made from titles tried per corpus (each costs one answer, ~30 ms)
# A headline ends in its verb; with these words before it the verb is two words ("қол қойды").
_VERB_PARTNERS = frozenset(kazakh.fold(w) for w in
                           "қол назар ат үлес баға көз мән жарық іске сыйға қолға қайта".split())
_VERB_ENDINGS = ("ды", "ди", "ты", "ти", "ган", "ген", "кан", "кен")  # folded past forms
# A past form's "т"/"қ"/"к" follows a voiceless consonant, and "д"/"ғ"/"г" does not: "ашты",
# "тапсырды"; "саясаты", "мақсаты" are nouns ("-ы": its policy), not verbs.
_VOICELESS = "кпстфхцчшщ"


def _ends_in_past(word: str) -> bool:
    folded = kazakh.fold(word)
    ending = next((e for e in _VERB_ENDINGS if folded.endswith(e)), None)
    if ending is None or len(folded) <= len(ending):
        return False
    before = folded[-len(ending) - 1]
    return (before in _VOICELESS) == (ending[0] in "тк")


@dataclass(frozen=True)
class Topic:
    line: str  # what the bot knows, for "Менің білетінім: {topic}."
    examples: tuple[str, ...] = ()

    def example_for(self, seed: str) -> str | None:
        """One example, rotating with `seed` so a user who keeps missing sees different ones."""
        if not self.examples:
            return None
        return self.examples[sum(map(ord, seed)) % len(self.examples)]

    def hint(self, seed: str) -> str:
        """texts.EXAMPLE_HINT with an example, or "" when there is none."""
        example = self.example_for(seed)
        return texts.EXAMPLE_HINT.format(example=example) if example else ""


def newest_first(documents: Iterable[Document]) -> list[Document]:
    """Newest first, undated last: the order a reader expects of a list of articles."""
    documents = list(documents)
    dated = sorted((d for d in documents if d.date), key=lambda d: d.id)
    dated.sort(key=lambda d: d.date or "", reverse=True)
    return dated + sorted((d for d in documents if not d.date), key=lambda d: d.id)


def topic_line(documents: Iterable[Document], setting: str = "") -> str:
    """The setting if given; else one title, or "N құжат: «a», «b» және тағы M" within MAX_TOPIC."""
    if setting.strip():
        return setting.strip()
    ordered = newest_first(documents)
    if not ordered:
        return texts.TOPIC_NONE
    titles = [texts.TOPIC_ONE.format(title=_shorten(d.title, MAX_TITLE)) for d in ordered]
    if len(titles) == 1:
        return titles[0]
    shown = titles[:1]
    for title in titles[1:]:
        more = texts.TOPIC_MORE.format(more=len(titles) - len(shown) - 1)
        if len(", ".join([*shown, title])) + len(more) + 1 > MAX_TOPIC:
            break
        shown.append(title)
    listed = ", ".join(shown)
    if len(shown) < len(titles):
        listed += " " + texts.TOPIC_MORE.format(more=len(titles) - len(shown))
    return texts.TOPIC_MANY.format(count=len(titles), titles=listed)


def title_questions(title: str) -> list[str]:
    """Questions made from a headline ending in its verb: "«Дала өркениеті» көрмесі қашан
    ашылды?"; none when the title does not end in a verb."""
    words = title.strip().rstrip(".!?…").split()
    if len(words) < 2 or not _ends_in_past(words[-1]):
        return []
    cut = len(words) - 2 if len(words) > 2 and kazakh.fold(words[-2]) in _VERB_PARTNERS \
        else len(words) - 1
    head, verb = " ".join(words[:cut]), " ".join(words[cut:])
    return [t.format(head=head, verb=verb) for t in texts.TITLE_QUESTIONS]


def describe(documents: Mapping[str, Document], config: BotConfig,
             ask: Callable[[str], Answer]) -> Topic:
    """The topic line and the example questions `ask` answers (see the module doc)."""
    configured: list[str] = []
    covered: set[str] = set()
    for question in config.examples:
        cited = _cited(ask(question))
        if cited:
            configured.append(question)
            covered |= cited
        else:
            log.warning("bot.examples: %r is not answered from the current corpus; not shown",
                        question)
    made: list[str] = []
    room = MAX_EXAMPLES - min(len(configured), 1)  # new documents first, one configured kept
    tries = 0
    for document in newest_first(documents.values()):
        if len(made) >= room or tries >= MAX_TRIES:
            break
        if document.id in covered:
            continue
        for question in title_questions(document.title):
            tries += 1
            if document.id in _cited(ask(question)):
                made.append(question)
                break
    # Questions about the newest documents first: they are what is new to users.
    examples = tuple(dict.fromkeys(made + configured))[:MAX_EXAMPLES]
    return Topic(topic_line(documents.values(), config.topic), examples)


def _cited(answer: Answer) -> set[str]:
    if answer.kind is not AnswerKind.ANSWER:
        return set()
    return {c.doc_id for c in answer.citations}


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-–—") + "…"


class Topics:
    """The Topic of an engine's current index: made on first use and again after a reload."""

    def __init__(self, engine: Engine, config: BotConfig | None = None) -> None:
        self._engine = engine
        self._config = config if config is not None else engine.config.bot
        self._lock = threading.Lock()
        self._made: tuple[object, Topic] | None = None  # (the index it was made for, topic)

    def peek(self) -> Topic | None:
        """The topic if it is made for the index in use now (no work); else None."""
        made = self._made
        return made[1] if made is not None and made[0] is self._engine.index else None

    def get(self) -> Topic:
        """The current topic; makes it (a few answers' worth of work) when the index changed."""
        with self._lock:
            index = self._engine.index
            if self._made is None or self._made[0] is not index:
                topic = describe(index.documents, self._config, self._engine.answer)
                self._made = (index, topic)
                log.info("topic: %s; %d example question(s)", topic.line, len(topic.examples))
            return self._made[1]
