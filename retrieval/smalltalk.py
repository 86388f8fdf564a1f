"""Greetings, thanks and goodbyes in Kazakh, Russian and English (also typed in Latin letters or on
a Russian keyboard): they deserve a friendly reply with example questions, not a search."""

from __future__ import annotations

import re

from retrieval import kazakh

# Words that make a message small talk, per kind; written normally and folded at import, so
# "Сәлем", "Салем" and "salem" all meet.
_CORE = {
    "greeting": "сәлем сәлеметсіз сәлеметсіздер салам саламатсыз ассалаумағалейкум армысыз "
                "армысың қайырлы привет здравствуйте здравствуй здрасте добрый доброе hi hello "
                "hey greetings privet salem salam",
    "thanks": "рахмет рақмет рахмат спасибо благодарю спс мерси thanks thank thx raqmet rahmet "
              "ризамын алғыс",
    "bye": "сау кош қош пока свидания bye goodbye кездескенше",
}
# Words that may stand beside them without turning the message into a question.
_FILLER = (
    "бе ба ма ме па пе күн таң кеш күніңіз қайырлы день утро вечер good morning evening "
    "afternoon day көп үлкен большое очень so much very you all бәріне сізге саған вам тебе "
    "бот bot ау еу болыңыз бол до ал ок ok okay жақсы хорошо great cool рахмет спасибо дос "
    "достар friend friends"
)


def _fold_words(words: str) -> frozenset[str]:
    return frozenset(kazakh.fold(w) for w in words.split())


_CORE_WORDS = {kind: _fold_words(words) for kind, words in _CORE.items()}
_ALLOWED = frozenset().union(*_CORE_WORDS.values()) | _fold_words(_FILLER)
_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDS = 6


def classify(text: str) -> str | None:
    """'greeting', 'thanks' or 'bye' when the whole message is small talk; else None."""
    words = [kazakh.fold(w) for w in _WORD.findall(kazakh.fix_lookalikes(text))]
    if not words or len(words) > MAX_WORDS or not all(w in _ALLOWED for w in words):
        return None
    for kind in ("thanks", "bye", "greeting"):
        if any(w in _CORE_WORDS[kind] for w in words):
            return kind
    return None
