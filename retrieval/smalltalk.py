"""Small talk: greetings, thanks, goodbyes, "how are you?" and "who are you / what do you know?"
in Kazakh, Russian and English (also typed in Latin letters or on a Russian keyboard). They deserve
a friendly reply with what the bot knows and example questions, not a search.

A message is small talk only when it is short and *every* word is one of the few below: a word
about the corpus ("Кітапхана қалай аталады?", "What is the protocol about?") makes it a question.
Which kind it is comes from the words that carry it; the one that asks wins over a greeting.
"""

from __future__ import annotations

import re

from retrieval import kazakh

KINDS = ("greeting", "thanks", "bye", "howareyou", "about")

# Words that carry a kind; written normally and folded at import, so "Қалайсың", "Калайсын" and
# "qalaisyn" all meet.
_SIGNALS = {
    "greeting": "сәлем сәлеметсіз сәлеметсіздер салам саламатсыз ассалаумағалейкум армысыз "
                "армысың қайырлы привет здравствуйте здравствуй здрасте добрый доброе hi hello "
                "hey greetings privet salem salam",
    "thanks": "рахмет рақмет рахмат спасибо благодарю спс мерси thanks thank thx raqmet rahmet "
              "ризамын алғыс",
    "bye": "сау кош қош пока свидания bye goodbye кездескенше",
    "howareyou": "қалайсың қалайсыз қалайсыңдар қалайсыздар қандайсың қандайсыз қалың халің "
                 "хал жағдай жағдайың жағдайыңыз жағдайлар қалай дела делишки поживаешь "
                 "поживаете как how hows how's sup up",
    "about": "кімсің кімсіз кімсіңдер білесің білесіз білетінің білетініңіз аласың аласыз "
             "істейсің істейсіз істейді туралы умеешь умеете можешь можете знаешь знаете кто "
             "чем about who know yourself себе өзің өзіңіз өзіңді өзіңізді сұрақ сұрақтар "
             "сұрай сұрауға сұраймын сұрасам",
}
# Words that may stand beside them without turning the message into a question about the text.
_FILLER = (
    "бе ба ма ме па пе күн таң кеш күніңіз қайырлы день утро вечер good morning evening "
    "afternoon day көп үлкен большое очень so much very lot all бәріне бәрі сізге саған вам тебе "
    "ау еу болыңыз бол до ал ок ok okay жақсы хорошо great cool дос достар friend friends "
    "сен сіз сендер сіздер өзің өзіңіз ты вы тебя вас you u your ur i me мне и а ну да "
    "are is am do does can could tell please the a it that what whats what's о о и у тебя "
    "is there there's not bad fine well doing going goes it's its мен маған не "
    "істей қандай жөн жай бар нешік нешігің такой такая за ваши ваш твои аламын болады бола "
    "қоюға қоя сенен сізден айтшы айтыңызшы айтып берші беріңізші расскажи расскажите "
    "tell"
)
# "What is this?" / "Бұл не?" / "What can you do?" asks about the bot: a question word next to a
# word for it.
_QUESTION = "не кім what who что кто"
_BOT = "бот бота ботсың bot бұл осы this это этот эта сен сіз ты вы you u"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MAX_WORDS = 8


def _fold_words(words: str) -> frozenset[str]:
    return frozenset(kazakh.fold(w) for w in words.split())


_KIND_WORDS = {kind: _fold_words(words) for kind, words in _SIGNALS.items()}
_QUESTION_WORDS = _fold_words(_QUESTION)
_BOT_WORDS = _fold_words(_BOT)
_ALLOWED = frozenset().union(*_KIND_WORDS.values()) | _fold_words(_FILLER) | _QUESTION_WORDS \
    | _BOT_WORDS


def _word(raw: str) -> str:
    """The folded word, or its Cyrillic reading when only that one is small talk ("qalaisyn")."""
    folded = kazakh.fold(raw)
    return folded if folded in _ALLOWED else kazakh.fold(kazakh.latin_to_cyrillic(raw))


def classify(text: str) -> str | None:
    """One of KINDS when the whole message is small talk; else None (a question to search)."""
    words = [_word(w) for w in _WORD.findall(kazakh.fix_lookalikes(text))]
    if not words or len(words) > MAX_WORDS or not all(w in _ALLOWED for w in words):
        return None
    present = {kind for kind, signals in _KIND_WORDS.items() if any(w in signals for w in words)}
    if "about" in present:
        return "about"
    if "howareyou" in present:
        return "howareyou"
    if any(w in _QUESTION_WORDS for w in words) and any(w in _BOT_WORDS for w in words):
        return "about"
    for kind in ("thanks", "bye", "greeting"):
        if kind in present:
            return kind
    return None


# Words that end an opening greeting or thanks when nothing stands between them: "Қайырлы
# күн", "Добрый день", "Thank you", "Сәлеметсіз бе".
_COURTESY_TAIL = _fold_words("күн таң кеш күніңіз день утро вечер morning evening afternoon day "
                             "there all everyone бәріне көп үлкен большое очень much so very "
                             "lot a бе ба you сізге саған вам тебе")
# Not "алғыс": "Алғыс хатпен кім марапатталды?" asks about a letter of thanks.
_COURTESY = (_KIND_WORDS["greeting"] | _KIND_WORDS["thanks"]) - _fold_words("алғыс")


def without_courtesy(text: str) -> str:
    """The question after an opening greeting or thanks, which is no content to search for:
    "Hello, who signed the protocol?" -> "who signed the protocol?". The text as it is when
    nothing else would be left."""
    cut = 0
    for match in _WORD.finditer(text):
        word = _word(match.group(0))
        joined = cut and not text[cut:match.start()].strip()  # "Добрый день", not "Сәлем! Күн"
        if not (word in _COURTESY or (joined and word in _COURTESY_TAIL)):
            break
        cut = match.end()
    rest = text[cut:].lstrip(" ,.!?;:-–—")
    return rest if cut and _WORD.search(rest) else text
