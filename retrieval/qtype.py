"""Expected answer type: a question that asks "how many" needs a number in the answer, one that
asks "when" needs a date, "which year" a year, and "what did X say" a passage where X speaks.
A classic QA check that needs no model and works in any domain: it lifts the sentence that holds
the fact asked for, and it exposes near-miss questions (how many people came? what did someone
who was only present say?) whose best match is about the right event but holds no such fact.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace

from retrieval import kazakh, synonyms

NUMBER = "number"
TIME = "time"
YEAR = "year"  # "қай жылы", "в каком году": a date without a year does not answer
CLOCK = "clock"  # a time of day: "сағат нешеде", "во сколько", "what time"
SPEECH = "speech"  # "X не деді", "по словам X", "what did X say": X must be the one speaking
MONEY = "money"  # "қанша тұрады", "сколько стоит", "how much did it cost": a sum of money
LEADER = "leader"  # "X-тың басшысы кім?", "кто руководит X", "who heads X": a head's title
LOCATED = "located"  # "X қайда орналасқан?", "где находится X": where X is, not where it went
WHICH = "which"  # "қай баспадан шықты?", "қай компания?": a thing by its name, not its kind
PERSON = "person"  # "кім ашты?", "кто подписал?", "who won?": someone the question does not name

# Written naturally and folded at import (kazakh.fold), so that Kazakh, Russian-keyboard Kazakh,
# Latin Kazakh (after transliteration), Russian and English spellings all meet.
_ASKS_WORDS = {
    # Not "құны қанша": folded, it is "күні қанша" (how many on the day); see _PRICE.
    MONEY: ["қанша тұрады", "бағасы қанша", "қанша ақша", "қанша қаржы", "қанша теңге",
            "неше теңге", "неше ақша", "неше қаржы", "неше қаражат", "қаншаға түс",
            "қаншаға сат", "қанша қаражат", "қанша сома", "қанша сыйақы", "сыйақысы қанша",
            "қандай сома", "какую сумму", "какая сумма", "какова сумма", "общая сумма",
            "общую сумму", "сколько средств", "сколько потрат", "сколько потрачено",
            "сколько израсход", "how much was spent", "what sum of", "what amount of money",
            "how much funding",
            "қаржыландыр", "бюджет", "сколько стои", "стоимост", "сколько денег",
            "во сколько обош", "финансир", "cost", "price", "how much money", "funding",
            "budget"],
    CLOCK: ["нешеде", "сағат неше", "сағат қанша", "қай сағатта", "в котором часу", "во сколько",
            "қанша сағатқа дейін", "до скольки", "до какого часа",
            "what time", "which time", "opening hours", "в какие часы", "what hours"],
    YEAR: ["қай жыл", "нешінші жыл", "в каком году", "какого года", "what year", "which year",
           "in which year"],
    TIME: ["қашан", "қай күн", "қай уақыт", "қай айға", "қандай дата", "қай дата", "датасы",
           "қай аралықта", "қай кезеңде",
           "когда", "какого числа", "в какой день", "when", "what date", "which date",
           "what day", "which day", "on what day", "в каком месяце", "какой месяц",
           "which month", "what month", "какую дату", "какая дата",
           # A century dates too ("XIV ғасырда"); not "қай ғасырдың саясаткері" (of which
           # century), which describes.
           "қай ғасырда", "нешінші ғасырда", "в каком веке", "which century", "what century"],
    NUMBER: ["қанша", "неше", "сколько", "скольких", "до скольки", "how many", "how much",
             "what number", "какое количество", "какого количества", "каково количество",
             "how long",
             "как долго", "how big", "how large", "what size", "какого размера",
             "какой площади", "how old", "at what age", "what age is", "what age was",
             "what age are", "what age were", "в каком возрасте", "какого возраста",
             "какой возраст",  # not a bare "what age": "What agency organised it?"
             # A print run is a number of copies, however it is asked.
             "таралымы қандай", "қандай таралым", "каким тиражом", "какой тираж", "каков тираж",
             "print run"],
    # Not "не деп": "не деп атайды" is "what is it called".
    SPEECH: ["не деді", "не дейді", "не деген", "не айтты", "не айтады", "не айтқан",
             "деп айтты", "деп айтқан", "қалай деді", "қандай пікір", "сөзінше", "айтуынша",
             "пікірінше", "что сказал", "что говорил", "что заявил", "что отметил", "по словам",
             "по мнению", "said", "say", "says", "according to", "what did", "told",
             "не ойлайды", "қалай ойлайды", "не ойлады", "қалай бағалады", "баға берді",
             "қалай сипаттады", "что думает", "как оценил", "как оценила", "охарактеризовал",
             "think", "describe", "characteri",
             # "Профессор қолжазбаларды не деп атады?": what someone called it (past tense;
             # "не деп аталады / атайды" asks what a thing is called).
             "деп атады", "нені атады", "деп сипаттады", "деп бағалады",
             # What someone spoke about: "баяндамасында не туралы айтты?".
             "не туралы айтты", "не туралы айтқан", "не туралы сөйледі",
             "о чем говорил", "о чем говорила", "о чем рассказал", "о чем рассказала",
             "что сказала", "что говорила", "что заявила", "что отметила"],
}
_PRICE = re.compile(r"\b(?:құны|куны|quny|kuny)\s+(?:қанша|канша|qansha|kansha)")
# "Во сколько раз выросло ...?" asks how many times as much, not at what hour (folded).
_RATIO = re.compile(r"\bво сколь?ко раз\b")
# "Жігіт нешеде?" asks an age: a bare "нешеде" closing the question, with no "сағат" (hour) in
# it; "сағат нешеде ашылады?", "нешеде басталады?" ask a time of day (folded).
_AGE = re.compile(r"\bнешеде(?:\s+(?:екен|еди|гой))?\W*$|\bнешеге (?:кел|тол)")
# ... unless the question names an hour or a day: "Зал сенбі күні нешеде?" asks a time.
_AT_A_TIME = re.compile(r"\bсагат|\bкун(?:и|де)\b|\bбугин|\bертен")
# Whole words only: "қай кездесуде" (at which meeting), "қай айыппұл" (which fine) ask no time.
# "Нешесінде" asks a day only of a month: "мектептердің нешесінде" is "in how many of them".
# "How much did they pay for it?", "Сколько заплатили?" (folded): a price, asked around the verb.
_PAID = re.compile(r"\bhow much (?!attention|heed)(?:(?!\band\b)[^,;.?])*\b(?:pay|paid)\b"
                   r"|\bсколко(?:\s+(?:же|всего|примерно|им|ему|ей|они|он|она|вы|мы))?\s+заплат"
                   r"|\bсколко\s+(?:всего|примерно|же|это)\s+стои")
# "what did ... do" is not speech: English "what did" counts only with a speech verb after it.
_WHAT_DID_SAY = re.compile(r"\bwhat (?:did|does|do)\b(?=.*\b(?:(?:say|said|tell|told|think|note|"
                           r"stress|mention|call)\w*|talk(?:s|ed|ing)?\b|speak(?:s|ing)?\b"
                           r"|spoke\b))")
# "Қыркүйе": the month is "қыркүйек", "қыркүйегі" once inflected.
_MONTHS = (
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйе қазан қараша желтоқсан "
    "январ феврал март апрел мая мае июн июл август сентябр октябр ноябр декабр"
)
_NUMBERS = (
    "бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс сексен "
    "тоқсан жүз мың миллион миллиард бірнеше"
)


def _alternatives(words: list[str] | str, suffix: str = "") -> re.Pattern[str]:
    items = words.split() if isinstance(words, str) else words
    return re.compile(r"\b(" + "|".join(re.escape(kazakh.fold(w)) for w in items) + ")" + suffix)


# "say" as a whole word only, not "saying"; "қанша" but not "қаншалықты" (to what extent);
# "cost", not "costume"; "до скольки" (until what hour), not "до скольких процентов" nor "до
# скольки градусов" (a count: a noun other than hours after it).
_SUFFIX = {SPEECH: r"\b", NUMBER: r"(?!ли)", MONEY: r"(?!ume)",
           CLOCK: r"(?!х)(?!\s+(?:(?!час)\w+ов|лет|раз)\b)"}
_ASKS = {kind: _alternatives(words, _SUFFIX.get(kind, "")) for kind, words in _ASKS_WORDS.items()}
_HOURS = _alternatives(["жұмыс уақыты", "жұмыс кестесі", "часы работы", "режим работы",
                        "график работы"], r"\b")
_MONTH_RE = _alternatives(_MONTHS)
_ASKS_WHEN_WORDS = re.compile(
    r"\bкай (?:кезде|кезден|айда|айи|айинда)\b|\b(?:айдин|айинин|" + _MONTH_RE.pattern[3:-1]
    + r")\w*\s+нешесинде\b")
_COUNTED = re.compile(_ASKS[NUMBER].pattern
                      + r"\s+(?:(?:many|much)\s+)?([^\W\d_]{2,})(?:\s+([^\W\d_]{2,}))?")
# Folded endings of Kazakh relative adjectives (-лық/-лік, -дағы/-дегі): "неше ядролық сынақ"
# counts tests, not "nuclear" ones.
_ADJECTIVE = re.compile(r"(лик|дик|тик|даги|деги|таги|теги|сиз)$")
_LYK_END = re.compile(r"(?:лик|дик|тик)$")  # the -лық/-лік of nouns as well ("сөздік")
# A sum of money: a currency word or sign (folded: "теңге" -> "тенге").
_MONEY_RE = re.compile(r"тенге|\bтг\b|доллар|евро|\bеуро|франк|рубл|фунт|стерлинг|юан"
                       r"|\bиена|\bлира|\bманат|\bвон\b"
                       r"|\$|€|₸|£|¥|\b(usd|eur|chf|kzt|gbp)\b")
# Two dates in a row, "30 тамызы мен 1 қыркүйегі", "30-31 тамыз", "с 30 августа по 1 сентября"
# (folded), and the lexical term of "күн" (day) that a "how many days" question counts.
_DATE_RANGE = re.compile(r"\b\d{1,2}(?:\s+\w+)?\s*(?:мен|бен|пен|-|–|—|по)\s*\d{1,2}\s+("
                         + _MONTH_RE.pattern[3:-1] + ")")
_DAY_TERM = "кун"
# "Сколько лет?" is a span, told by its years, too: "1955–1979 жылдары" (see satisfies).
_YEAR_TERM = "жил"
# ("1974–1986 жылдары", "1974 жылдан 1986 жылға дейін").
_YEAR_SPAN = re.compile(r"\b\d{4}\s*(?:-|–|—|мен|бен|пен)\s*\d{4}\b"
                        r"|\b\d{4}\s+жил(?:дан|ден)\s+\d{4}\s+жил(?:га|ге)")
# "Конференция барысында" (during the conference), "сапары кезінде": a time given by an event.
_DURING_WORDS = ("барисинда", "кезинде")
_DURING = re.compile(r"\w{4,} (" + "|".join(_DURING_WORDS) + r")\b")
# A time told relative to now, by season or by weekday: "келесі жылдың көктемінде", "жыл
# соңына дейін", "әр айдың соңғы жұмасы" (folded, as the text is matched). A weekday with a
# case ending or none, never longer: "Сәрсенбиев" is a name; and "жұма" only inflected, as
# "Жұма Ахметов" is one too.
_WEEKDAY = (r"(?:дуйсенби|сейсенби|сарсенби|бейсенби|жексенби|сенби)"
            r"(?:де|ден|ге|ни|нин|си(?:нде|не|нен|н)?)?\b"  # "соңғы жексенбісінде"
            r"|жума(?:си|сида|синда|да|дан|га|ни|нин)\b")
# Seasons with their endings only: "жаз" alone begins "жазды" (wrote), "күз" "күзет" (guard).
# Not "биыл" / "былтыр" alone (this / last year): "Биыл марафонға ... қосылды" answered "қай
# күні басталды?" when tried (their pattern, unfolded, had never matched).
# "Жыл соңына" / "айдың соңында": the end of a year or month, not of anything ("кітаптың соңына").
_PERIOD_END = re.compile(r"(?:жил|жилдин|айдин) сонин(?:а|да)")
_RELATIVE_TIME = re.compile(r"\b(коктем|жаз(?:да|ги|и)\b|куз(?:де|ги|и)\b|кис(?:та|ки)\b|"
                            r"келеси жил|осы жил|" + _PERIOD_END.pattern + r"\b|айдан|апта|"
                            + _WEEKDAY + ")")
_RELATIVE_TOKEN = re.compile(r"(коктем|жазда|кузде|киста|келеси|" + _WEEKDAY + ")")
_CLOCK_RE = re.compile(r"\b([01]?\d|2[0-3])[:.][0-5]\d\b|\bсагат\s+(?:\d|бир|еки|уш|торт|бес|алти"
                       r"|жети|сегиз|тогиз|он)")
# Any year written in digits, history's too ("745-840 жылдары"); not "30 жылдығы" (30 years).
# A year: four digits, or three before "жыл" or in a span ("552 жылы", "745 — 840"); "104
# бірлік" is none. Not "125 жылдық" (an anniversary).
_YEAR_ONLY_RE = re.compile(r"\b[12]\d{3}\b(?![\s-]*жилди[кг])"
                           r"|\b\d{3}\s*(?:ж\b|жил(?!ди[кг]))|\b\d{3}\s*[-–—]\s*\d{3,4}\b")
_YEAR_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b|(?<!\d\s)(?<!\d)\bжил(и|да|дан)?\b|\bгасир")
# Short number words ("он", "үш") only as whole words: as prefixes they hide in "онымен", "үшін".
# Longer ones with their endings (folded: "алтыға", "миллионнан", "жиырмасы", "алтыншы"), not as
# the start of another word: "Алтын Орда" (gold), "Жетісу", "жетім".
_NUMBER_ENDING = (r"(?:нши|е?уи?|[гк][ае]|[дт][ае]н?|н[ае]н|нин|ни|мен|си|[дт][ае]г[ае]н)?\b")
_NUMBER_WORDS = re.compile(
    _alternatives([w for w in _NUMBERS.split() if len(w) > 3], _NUMBER_ENDING).pattern + "|"
    + _alternatives([w for w in _NUMBERS.split() if len(w) <= 3], r"\b").pattern)


_NUMBER_TERMS = frozenset(t for w in _NUMBERS.split() for t in kazakh.lexical_terms(w))


def number_word(term: str) -> bool:
    """Whether a lexical term is a number word ("екі", "миллион")."""
    return term in _NUMBER_TERMS


def _folded_words(words: str) -> frozenset[str]:
    return frozenset(kazakh.stem(kazakh.fold(w)) for w in words.split())


# "On what exact date", "какого именно числа": a word that stresses what is asked changes
# nothing of what is asked (folded).
_STRESS = re.compile(r"\b(?:exact|exactly|precise|precisely|specific|именно|точн(?:ую|ое|ой|ая|о))"
                     r"\s+")


def _folded(question: str) -> str:
    text = kazakh.fold(kazakh.normalize(question))
    if kazakh.looks_latin_kazakh(text):
        text = kazakh.fold(kazakh.latin_to_cyrillic(text))
    return _STRESS.sub("", text)


# "Қанша уақыт", "неше рет", "қанша таралыммен" (a print run, told as "N дана"), "қанша
# бөлігін" (a share, told as "N пайызын"): a measure, not a thing counted; any number may answer.
_MEASURES = _folded_words("уақыт мерзім рет сан мөлшер шама таралым көлем бөлік дана times раз")
# "Сколько всего документов": the word after is counted.
_FILLERS = frozenset(_folded_words("всего примерно около приблизительно total more еще сейчас "
                                   "уже теперь сегодня обычно именно"))
# "What share of the funding ...", "Какую долю расходов ...", "қанша бөлігін": a share of a sum
# is a number (a percent), not a sum of money. Right after the question word: "бірінші бөлігіне
# қанша қаржы" asks for money. Folded.
_SHARE = re.compile(r"\b(?:канша|неше) (?:болиг|пайиз)|\bwhat (?:share|proportion|percent)"
                    r"|\b(?:какую|какая|какой|каков\w?)\s+(?:\w+\s+)?(?:дол[яюие]\b|протсент)"
                    r"|\bсколко протсент")


_POSSESSED = re.compile(r"[^\W\d_]{3,}(?:си|и)")
_AGE_WORD = re.compile(r"жас(?:та|таги|инда|ка|ар|тан)?")  # folded
_POSSESSED_CASE = re.compile(r"[^\W\d_]{3,}(?:си|и)(?:н|нин|на|не|нда|нде|нан|нен|мен)?")
# A verb right after "қанша" (folded): a passive past ("тапсырылды", "берілді", "жасалды") or a
# present ("орындалады"); not "-ты/-ді" alone, which is also a noun's accusative ("құжатты").
# "неше ауыл шежіресін цифрландырды": a possessed noun as the verb's object is what is counted
# (not one in another case: "неше адам мұражайына келді" counts people). Folded.
_POSSESSED_OBJECT = re.compile(r"[^\W\d_]{3,}(?:син|ин)")
# "Неше бірлік бар?": a word in -лық before "бар" (there is) or "жоқ" is a noun, counted.
_EXISTS = frozenset({"бар", "жок"})
_COUNTED_VERB = re.compile(r"[лн](?:ди|ти)$|(?:ади|еди|йди)$")
# Words of when, not of what ("биыл", "өткен жылы"): folded stems.
_WHEN_WORDS = frozenset(kazakh.stem(w) for w in "жили биил билтир кеше бугин айда апта".split())
_PLURAL = re.compile(r"[^\W\d_]{3,}(?:лар|лер|дар|дер|тар|тер)$")
# Adjectives before the noun counted ("неше жаңа шығарма", "қанша алғашқы кітап"): those of
# -ғы/-қы after a consonant (алғашқы, соңғы, кейінгі) and the common qualitative ones. Folded.
_QUALITY = re.compile(r"[^\W\d_]{2,}[^аеиоуя\W\d_](?:ги|ки)|жана|улкен|киши|шагин|ири|коне|ески"
                      r"|баска|турли|артурли|жас|сирек")  # "неше жас ақын" counts poets


# "Микрофон қанша тұрады?", "Билеттің бағасы қанша?", "Кітап қаншаға сатылды?", "Билет қанша
# теңге тұрады?": what is priced comes before the price phrase (folded). "құны" is matched
# before folding (see _PRICE).
_PRICED = re.compile(r"(?:канша|неше)(?:га)?\s+"
                     r"(?:(?:мин\s+)?(?:тенге|доллар|евро|рубл\w*?)(?:ге|га)?\s+)?(?:турад|сатил|тус)"
                     r"|\bбагаси\b")
_PRICED_VALUE = re.compile(r"\bқұны\b")
# Words between the thing priced and the price phrase that are not it: when ("биыл"), about
# ("шамамен"), where or how ("кассада", "орта есеппен"), each ("әрқайсысы"). Folded.
_NOT_PRICED = re.compile(r"(?:да|де|та|те|нда|нде|мен|бен|пен)$|^(?:шама|жалпи|орта|казир|"
                         r"кази|биил|билтир|арккайсиси|аркайсиси|есеппен)")


def is_filler(word: str) -> bool:
    """Whether a word says how much or when, not what ("всего", "примерно", "сейчас")."""
    return kazakh.stem(kazakh.fold(word)) in _FILLERS


def priced_word(question: str) -> str | None:
    """What a Kazakh money question prices ("Бір микрофон қанша тұрады?" -> "микрофон"),
    folded; None if it names nothing priced ("Жобаға қанша қаржы бөлінді?" asks a sum)."""
    folded = _folded(question)
    match = _PRICED.search(folded)
    before = folded[:match.start()] if match else None
    if match is None:
        value = _PRICED_VALUE.search(question.lower())
        if value is None:
            return None
        before = kazakh.fold(question.lower()[:value.start()])
    for word in reversed(kazakh.tokenize(before)[-3:]):
        if (kazakh.stopword(word) or number_word(word) or asks_word(kazakh.stem(word))
                or kazakh.stem(word) in _FILLERS or kazakh.stem(word) in _WHEN_WORDS
                or _NOT_PRICED.search(word)):
            continue
        return None if _ADJECTIVE.search(word) or len(word) < 3 else word
    return None


# A dative, locative, ablative or instrumental ending (folded): "орталыққа", "кітапханада",
# "қордан", "таралыммен"; not a nominative's own ending ("газета", "кітапхана").
_CASE_END = re.compile(r"\w{2,}(?:га|ге|кка|кке|пке|тке|нда|нде|пте|кте|тте|дан|ден|тан|тен|нан"
                       r"|нен|мен|бен|пен)$")


def counted_word(question: str) -> str | None:
    """The thing a "how many" question counts ("қанша адам" → "адам"), folded; None if none."""
    if _RATIO.search(_folded(question)):
        return "есе"  # "во сколько раз": told as "2,5 есе", not by any number
    match = _COUNTED.search(_folded(question))
    if match is None:
        return None
    word = match.group(2)
    if (hyphen := re.match(r"-([^\W\d_]{2,})", _folded(question)[match.end(2):])):
        word += "-" + hyphen.group(1)  # "неше комикс-әңгіме": "12 әңгіме" counts them too
    foreign = kazakh.detect_lang(question) in ("ru", "en")
    if not foreign and _COUNTED_VERB.search(word):
        # "Нота қолжазбасы қанша тапсырылды?": a verb right after the question word; what is
        # counted is the noun before it.
        before = kazakh.tokenize(_folded(question)[:match.start()])
        noun = before[-1] if before else ""
        # Not "1931 жылы қанша болды?": a date says when, it is not what is counted.
        dated = (len(before) > 1 and before[-2][0].isdigit()) or kazakh.stem(noun) in _WHEN_WORDS
        if (len(noun) >= 3 and not dated and not kazakh.stopword(noun)
                and not _VERB_END.search(noun)
                and (kazakh.stem(noun) == noun or _POSSESSED.fullmatch(noun)
                     or _PLURAL.search(noun))):
            word = noun
    if word.startswith("жаст") and _ADJECTIVE.search(word):
        return word  # "қанша жастағы балалар": an age, told as "7–10 жастағы"
    # "неше томдық сөздік": the noun after an adjective is counted; not a verb after a word in
    # -лық/-лік: "неше сөздік қойылған" counts "сөздік", a noun that ends like one ("неше
    # ұлттық кітапты": an object's case is no verb).
    after = match.group(3) or ""
    if ((_ADJECTIVE.search(word) and not (_LYK_END.search(word) and (
            _PARTICIPLE.search(after) or _COUNTED_VERB.search(after) or after in _EXISTS)))
            or kazakh.stem(word) in _FILLERS
            or (_QUALITY.fullmatch(word) and not _VERB_END.search(match.group(3) or "-"))
            or (foreign and _RU_ADJECTIVE.search(word) and _RU_NOUN.fullmatch(match.group(3) or ""))
            ) and match.group(3):
        word = match.group(3)
    elif (_ENGLISH_PLURAL.fullmatch(match.group(3) or "") and re.fullmatch("[a-z]+", word)
          and not word.endswith("s") and not kazakh.stopword(match.group(3))):
        word = match.group(3)  # "how many stage costumes": an English compound's head is last
    elif (not foreign and match.group(3) and (_POSSESSED.fullmatch(match.group(3))
                                              or _POSSESSED_OBJECT.fullmatch(match.group(3)))
          and not _VERB_END.search(match.group(3)) and kazakh.stem(word) == word):
        # "қанша қазақ қолжазбасы": the possessed noun is what is counted, not "қазақ". Not in
        # Russian, where the counted noun comes first: "сколько сотрудников библиотеки".
        word = match.group(3)
    if kazakh.stem(word) == "дана" and not foreign:
        # "Неше дана аудиоплеер?", "Брайль кітаптары неше дана?": copies of the noun after
        # "дана", or else of the one before the question word (not a place: "Орталыққа").
        after = match.group(3) or ""
        before = kazakh.tokenize(_folded(question)[:match.start()])
        for noun in (after, before[-1] if before else ""):
            if (len(noun) >= 3 and not kazakh.stopword(noun) and not _VERB_END.search(noun)
                    and not _CASE_END.search(noun) and kazakh.stem(noun) not in _MEASURES
                    and not _MEASURE_HEAD.fullmatch(noun)):  # not "таралымы неше дана"
                return noun
    if kazakh.stopword(word) or kazakh.stem(word) in _MEASURES:
        return None
    if _RU_PAST.search(word) and kazakh.detect_lang(question) == "ru":
        return None  # "Сколько получила ...?": a verb, nothing counted
    return word


# A Russian adjective's plural genitive: "сколько режиссёрских блокнотов" counts notebooks; not
# one used as a noun ("сколько учёных из ...", "сколько рабочих трудится"). Folded.
_RU_ADJECTIVE = re.compile(r"[^\W\d_]{3,}(?:ских|ных|вых|ых|их)$")
_RU_NOUN = re.compile(r"(?!(?:из|на|по|за|от|до|для|при|среди|было|были|будет)$)"
                      r"[^\W\d_]{2,}(?<!ся)(?<!сь)(?<!ли)(?<!ло)(?<!ла)(?<!ет)(?<!ит)(?<!ют)"
                      r"(?<!ят)(?<!ат)(?<!ут)")
# A plural noun after the first word of "how many X Y" (a verb after a plural has no "-s").
_ENGLISH_PLURAL = re.compile(r"(?!(?:is|was|has|does|this|us|as)$)[a-z]{2,}s")
# A Russian past-tense verb's ending; a noun after "сколько" is genitive ("книг", "человек").
_RU_PAST = re.compile(r"(?:ла|ло|лся|лась|лись|лось)$")  # not "-ли": "земли", "прибыли"


# "Who heads X": news text names a head with the title ("директоры Бақытжан Темірболат"); a
# sentence that only names X says nothing of who heads it. Folded forms.
_ASKS_LEADER = re.compile(
    r"\b(басшиси|директори|жетекшиси|торагаси|бастиги|менгерушиси|акими) ким\b|\bким баскар"
    r"|\bкто (?:(?:сейчас|теперь|сегодня|ныне|является) )*(руковод|возглав|директор|глава"
    r"|руководител|аким|мэр)"
    r"|\bwho (is |was )?(now |currently |today )?(the )?(head|director|chief|leader|mayor|akim"
    r"|governor)\b"
    r"|\bwho (heads|leads|runs|directs)\b")
# Not "әкімдігі", "әкімшілігі": the akimat, the administration, not its head.
# Not "басқармасы" (an administration) either: "басқар-" leads only as a verb.
_LEADER_RE = re.compile(r"директор|басшы|жетекші|төраға|бастығ|меңгеруші|басқар(?!м)|әкім(?![дш])",
                        re.IGNORECASE)
# "директорының орынбасары", "әкімінің орынбасары": the deputy, not the head.
_DEPUTY = re.compile(r"орынбасар", re.IGNORECASE)


# "Where is X" ("X қайда орналасқан?", "X қай қалада?" with no verb; not a bare "X қайда?":
# "туған қаласы қайда" asks for a place by its role): news text says where a
# thing is with "орналасқан" or a place adjective before its name ("Женевадағы БҰҰ кеңсесі");
# "Елбасы кітапханасы Женевада іс-шара өткізді" says where it went. Folded forms.
_ASKS_LOCATED = re.compile(r"\bорналас|\bнаходит|\bрасположен|\blocated\b|\bwhere(?: is|'s)\b"
                           r"|\bwhich city is\b|\bкай (калада|елде)\W*$")
_LOCATED_RE = re.compile(r"орналас|мекенжай")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Folded endings of a place adjective: "Женевадағы", "Алматыдағы", "Астанадағы".
_PLACE_ADJECTIVE = re.compile(r"\w{3,}(даги|деги|таги|теги)$")


def located(sentence: str, subject: list[str]) -> bool:
    """Whether the sentence says where the thing named by `subject` (lexical terms of its name)
    is: "орналасқан", or a capitalised place adjective followed by all of the name within three
    words. True when the question names nothing to check."""
    if not subject or _LOCATED_RE.search(kazakh.fold(sentence)):
        return True
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        if word[0].isupper() and _PLACE_ADJECTIVE.fullmatch(kazakh.fold(word)):
            after = {t for w in words[i + 1:i + 4] for t in kazakh.lexical_terms(w)}
            if set(subject) <= after:
                return True
    return False


def place_terms(text: str) -> set[str]:
    """Lexical terms of the text's place adjectives ("Қазақстандағы" -> "казакста")."""
    return {t for w in _WORD.findall(text) if _PLACE_ADJECTIVE.fullmatch(kazakh.fold(w))
            for t in kazakh.lexical_terms(w)}


_LEADER_TERM = re.compile(r"(директор|басш|жетекш|торага|бастиг|менгеруш|баскар(?!м)|аким(?![дш]))")


def leader_word(term: str) -> bool:
    """Whether a lexical term is a head's title or "басқару" (lead)."""
    return bool(_LEADER_TERM.match(term))


# "жетекші" before a possessed noun is "leading" ("жетекші сарапшысы", "жетекші ғылыми
# қызметкері"), not a head ("Ғылыми жетекші – профессор ..."). Folded.
_LEADING = re.compile(r"\bжетекши [^\W\d_]+и\b")


def leads(sentence: str, subject: list[str]) -> bool:
    """Whether the sentence names the head of what the question asks about (`subject`: its
    lexical terms): a head's title with one of them among the three words before it ("Елбасы
    кітапханасының директоры"), or the verb "басқарады". "Женевадағы БҰҰ Еуропа бөлімінің
    басшысы" heads another body than the Geneva Centre for Security Policy."""
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        # (Not the sentence's first word: "Кеше бастаған көрме" is capitalised by position.)
        if kazakh.fold(word) == "бастаган" and i > 1 and words[i - 1][:1].isupper():
            # "профессор Гүлнар Әбдіқадырова бастаған бес адамдық экспедиция": led by the name
            # before it (not "жұмысын бастаған", began its work).
            if not subject or {t for w in words[i + 1:i + 5]
                               for t in kazakh.lexical_terms(w)} & set(subject):
                return True
            continue
        if not _LEADER_RE.match(word) or any(_DEPUTY.match(w) for w in words[i + 1:i + 3]):
            continue  # "әкімінің (бірінші) орынбасары"
        if kazakh.fold(word) == "жетекши" and _LEADING.search(kazakh.fold(sentence)):
            continue  # "жетекші сарапшысы": a leading expert, not a head
        if not subject:
            return True
        folded = kazakh.fold(word)
        verb = kazakh.fold(" ".join(words[i + 1:i + 2]))
        if re.match(r"баскар(?!м)", folded) or (
                re.match(r"(?:торагалик|басшилик|жетекшилик)$", folded)
                and re.match(r"ет(?:ти|кен|етин|еди|ип)$", verb)):  # "етіп келеді": still
            # "Бағдарламаны Динара Оспанова басқарады" heads the programme, not the jury: what
            # the verb heads is anywhere before it, or just after its participle ("Асқар
            # басқаратын комиссия", "... төрағалық еткен 7 адамнан тұратын қазылар алқасы").
            after = (words[i + 1:i + 3] if re.match(r"баскар(атин|ган)", folded)
                     else words[i + 2:i + 7] if re.match(r"ет(?:кен|етин)$", verb) else [])
            if {t for w in words[:i] + after for t in kazakh.lexical_terms(w)} & set(subject):
                return True
            continue
        if {t for w in words[max(0, i - 3):i] for t in kazakh.lexical_terms(w)} & set(subject):
            return True
        if (verb.startswith(("кизмет", "лауазим"))
                and not any(_GENITIVE.fullmatch(w) or _LOCATIVE_END.search(w)
                            for w in map(kazakh.fold, words[max(0, i - 4):i]))
                and {t for w in words for t in kazakh.lexical_terms(w)} & set(subject)):
            # "1979 жылдан 1994 жылға дейін директор қызметін атқарған Галина Шевченконың
            # кезінде ... кітапхана": a post with no owner named is the sentence's body's.
            return True
    return False


_LOCATIVE_END = re.compile(r"\w{3,}(?:нда|нде|да|де|та|те)$")  # "мектепте": where the post was


# Offices a question may name, which no other head's title tells: an akim, a rector, a
# minister, an ambassador, a consul, in Kazakh, Russian and English (folded; not
# "әкімдігі" / "akimat", nor "министрлігі" / "министерства", the ministry), by the Kazakh
# office's stem.
_HEAD_OFFICES = {"аким": r"аким(?!д|ат)|akim(?!at)|governor|mayor|губернатор|мэр",
                 "ректор": r"ректор|rector",
                 "министр": r"министр(?!лиг|лик)|minister(?!y)",
                 "елши": r"елши|(?:посол|посла|послу|послом)(?!\w)|ambassador",
                 "консул": r"консул|consul"}
_OFFICE_WORD = re.compile("(?:" + "|".join(f"(?P<o_{k}>{v})" for k, v in _HEAD_OFFICES.items())
                          + r")\w*")


def asked_offices(words: list[str]) -> set[str]:
    """The offices a question names, by their folded words in any of its languages ("әкімі",
    "акима", "akim" -> {"аким"})."""
    return {name[2:] for w in words if (m := _OFFICE_WORD.fullmatch(w))
            for name, v in m.groupdict().items() if v}


def holds_office(sentence: str, offices: set[str]) -> bool:
    """Whether the sentence gives one of these offices, not a deputy's ("әкімінің орынбасары")."""
    words = _WORD.findall(sentence)
    return any(asked_offices([kazakh.fold(w).lower()]) & offices
               and not any(_DEPUTY.match(v) for v in words[i + 1:i + 3])
               for i, w in enumerate(words))


def owner_unnamed(sentence: str) -> bool:
    """Whether the sentence's first head's title has no name before it: "Музей директоры
    Ерлан Сұлтанбеков ..." leaves whose museum to the title; "Женевадағы БҰҰ кеңсесі
    кітапханасының директоры" names it. The first word counts only as an acronym (it is
    capitalised by position)."""
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        if _LEADER_RE.match(word):
            return not any(w[:1].isupper() and (j > 0 or (len(w) > 1 and w.isupper()))
                           for j, w in enumerate(words[:i]))
    return False


def owner_named_before(sentence: str, earlier: str) -> set[str]:
    """Lexical terms of the names `earlier` gives the owner a head's title in `sentence` has
    without one: "Тілші архив директоры ..." after "Атырау облыстық мемлекеттік архиві ..." ->
    the terms of the six words before "архиві" (a body's name is long: "Тараз қаласындағы Жамбыл
    облыстық әмбебап ғылыми кітапханасы"). Empty when the title has no owner word."""
    words = _WORD.findall(sentence)
    at = next((i for i, w in enumerate(words) if _LEADER_RE.match(w)), None)
    owner = kazakh.lexical_terms(words[at - 1]) if at else []
    if not owner:
        return set()
    before = _WORD.findall(earlier)
    return {t for i, w in enumerate(before) if owner[0] in kazakh.lexical_terms(w)
            for v in before[max(0, i - 6):i] for t in kazakh.lexical_terms(v)}


def expected(question: str) -> str | None:
    """MONEY, CLOCK, YEAR, TIME, NUMBER, LEADER, LOCATED, PERSON, WHICH, SPEECH or None: the
    answer type."""
    text = _folded(question)
    if _ASKS_LEADER.search(text):
        return LEADER
    if _PAID.search(text):
        return MONEY
    if _PRICE.search(question.lower()):
        return MONEY  # "құны қанша" before folding: folded, it is "күні қанша" (on the day)
    if _AGE.search(text) and not _AT_A_TIME.search(text) and not weekdays(question):
        return NUMBER
    if _WHO_FIRST.match(text) and asks_person(question):
        return PERSON  # "Кто был директором, когда ...?": "когда" joins a clause, asks nothing
    if _WHAT_DID_SAY.search(text):
        return SPEECH  # "What did the minister say about the budget?" asks no sum
    if _RATIO.search(text):
        return NUMBER  # a ratio, told as "2,5 есе"
    # "Что она собирается делать, когда вернётся?": after another question word, "когда" and
    # "when" join a clause; they ask nothing.
    text = _WHEN_JOINS.sub(r"\1", text)
    for kind in (MONEY, CLOCK, YEAR, TIME, NUMBER):
        if kind == MONEY and _asks_who_funds(question, text):
            continue
        if kind == TIME and _ASKS_WHEN_WORDS.search(text):
            return TIME
        if _ASKS[kind].search(text):
            return NUMBER if kind == MONEY and _SHARE.search(text) else kind
    if _SHARE.search(text):
        return NUMBER  # "Какая доля ...?", "What percentage ...?": a share, told as a number
    if _WHAT_SIZE.search(text) and asked_size(question):
        return NUMBER  # "What is the height of ...?", "Какова площадь ...?": a size
    if _HOURS.search(text):
        return CLOCK  # opening hours, when no year, date or count is asked about them
    if _ASKS_RANK.search(text):
        return None  # "On which floor ...?": an ordinal answers (asked_rank), not a name
    if _ASKS_LOCATED.search(text):
        return LOCATED
    if asks_person(question):
        return PERSON
    if _ASKS_WHICH.search(text):
        return WHICH
    speech = _ASKS[SPEECH].search(text)
    if speech and (speech.group(1) != "what did" or _WHAT_DID_SAY.search(text)):
        return SPEECH
    return None


# Words that make a question about money without asking a sum ("қаржыландырды", "финансировал",
# "funded", "бюджет"), folded; "Жобаны кім / қай қор қаржыландырды?" asks who paid, a name.
_FUNDING = re.compile(r"\b(?:каржиландир|финансир|fund|бюджет|budget|sponsor|спонсир)")
_ASKS_SUM = re.compile(r"\b(?:канша|неше|сколько|how (?:much|many)|сумм|sum\b|amount|стои|cost"
                       r"|price|бага|кун[иы]\b)")
_ASKS_WHICH_FOREIGN = re.compile(r"\b(?:как(?:ой|ая|ое|ие|им|ую|ого|ому|ом)|which|what)\s+"
                                 r"(?!сумм|sum\b|amount|бюджет|budget"
                                 r"|(?:is|was|are|were|did|does|do)\b)[^\W\d_]{3,}")


_MONEY_NOUNS = ("бюджет", "budget", "сома", "сумм", "sum", "amount", "каражат", "акша", "каржи")


def _asks_who_funds(question: str, text: str) -> bool:
    """Whether a question about funding asks who or which body gave it, not how much."""
    if not _FUNDING.search(text) or _ASKS_SUM.search(text):
        return False
    which = _ASKS_WHICH.search(text)
    # Not "қай бюджеттен / from which budget": a budget is told with its sum.
    if which and not next(g for g in which.groups() if g).startswith(_MONEY_NOUNS):
        return True
    return bool(_WHO.search(text) or _ASKS_WHICH_FOREIGN.search(text))


_WHERE_WORDS = re.compile(r"\bкай\s+(жер(?:де|ден|ге))\b")


def asking_terms(question: str) -> set[str]:
    """Lexical terms of the words of a when-question's asking phrase ("қай күні", "қай
    кезде", "сағат нешеде") or of "қай жерде" (where): a date or a place answers them without
    repeating "күн", "кез" or "жер". Not of "қай айда": "наурыз айында" often repeats it (1
    near miss answered without it). Of a money question, "ақша": a sum answers it. Of "қай оқу
    орнымен", the place of study: a school's name answers it ("Шәкәрім атындағы
    университетпен"), see named_kinds."""
    text = _folded(question)
    kind = expected(question)
    if where := _WHERE_WORDS.search(text):
        # "Хаттамаға қай жерде қол қойылды?" asks where, as "қайда" does: a place answers it
        # without saying "жер".
        return set(kazakh.lexical_terms(where.group(1)))
    if kind == WHICH and (school := _PLACE_OF_STUDY.search(text)):
        return set(kazakh.lexical_terms(school.group(0)))
    if kind == MONEY:
        # "Неше ақшаға сатылды?" is answered by a sum in tenge, which says no "ақша" (money).
        return {t for t in kazakh.lexical_terms(question) if t in _MONEY_WORDS}
    if kind not in (TIME, CLOCK):
        return set()
    match = (kind == TIME and _ASKS_WHEN_WORDS.search(text)) or _ASKS[kind].search(text)
    if not match:
        return set()
    start = text.rfind(" ", 0, match.start()) + 1
    end = text.find(" ", match.end())
    return set(kazakh.lexical_terms(text[start:end if end >= 0 else len(text)])) - {"ай"}


_WEEK_DAYS_ASKED = re.compile(r"\b(апта\w*)\s+кай\s+кун")


def week_phrase_terms(question: str) -> set[str]:
    """The lexical terms of "апта" in "аптаның қай күндері?": the days named answer it, and a
    text need not say "week"."""
    match = _WEEK_DAYS_ASKED.search(_folded(question))
    return set(kazakh.lexical_terms(match.group(1))) if match else set()


_MONEY_WORDS = frozenset({"акша"})  # lexical terms
_NUMBER_OF = frozenset({"сани", "санин", "санина"})  # "саны", "санын", "санына" (folded)


_LYK_START = re.compile(r"(?:л|д|т)(?:ик|иг)")  # "-лық/-дық/-тық" and its voiced "-лығ", folded


# The second nouns of Kazakh compounds that name another thing than their first (folded):
# "кітапхана" (library) of "кітап" (book), "балабақша" (kindergarten) of "бала" (child),
# "мұражай" (museum) of "мұра" (heritage), "баспахана" (printing house) of "баспа".
_COMPOUND_TAILS = ("хана", "бакша", "жай")


def _compound_of(stem: str, word: str) -> bool:
    """Whether the stem is the word with a compound's second noun after it."""
    return len(word) >= 3 and stem.startswith(word) and stem[len(word):].startswith(_COMPOUND_TAILS)


def _same_word(stem: str, heads: list[str]) -> bool:
    return any(stem.startswith(h) or h.startswith(stem[:4]) for h in heads if stem)


def word_stems(paragraphs: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The stems of a text's words, for `mentions` (a letter or two, "т.б." or an initial,
    is no word: it would begin every word)."""
    return frozenset(kazakh.stem(token) for text in paragraphs
                     for token in kazakh.tokenize(kazakh.fold(text)) if len(token) > 2)


def mentions(stems: frozenset[str], counted: list[str]) -> bool:
    """Whether a text (`stems`: its `word_stems`) uses the word a "how many" question counts
    (`counted`: its lexical terms). A document that never does names the thing another way
    ("14 елден" for "қанша мемлекеттен"): its numbers are not checked against the word. True
    when nothing is counted."""
    if not counted:
        return True
    heads = [t[:4] for t in counted]
    return any(_same_word(stem, heads) for stem in stems)


# "Қанша адам / кісі" counts people, whom news text counts by their role: "86 оқырман", "3 200
# пайдаланушы", "42 кітапханашы". Folded: agent nouns in -шы/-ші and common words for people.
_PEOPLE = frozenset({"адам", "кис"})
# Children, as a text counts them (folded stems): "қанша бала" is "24 жасөспірім" as well.
_CHILD = "бала"
_CHILDREN = frozenset(kazakh.stem(kazakh.fold(w)) for w in
                      "бала жасөспірім бүлдіршін оқушы шәкірт тәрбиеленуші".split())
_PERSON_NOUN = re.compile(r"(?:\w{3,}(?<!н)ши|окирман|корермен|конак|маман|студент|бала|галим"
                          r"|тургин|делегат|кария|кизметкер|журналист|акин|мугалим|турист(?:ер)?(?!ика)"
                          r"|информант|респондент|актер|актриса|режиссер|профессор|ардагер"
                          r"|зейнеткер|волонтер|умиткер|жулдегер|женимпаз|автор|педагог|устаз"
                          r"|магистрант)"
                          r"(?:лар|лер|дар|дер|тар|тер)?(?:и|си)?"
                          r"(?:га|ге|ка|ке|на|не|ни|нин|дин|тин|дан|ден|тан|тен|нан|нен|мен|бен|пен"
                          r"|да|де|та|те|нда|нде|ди|ти)?")
# What stands between a number and what it counts: its digits and hyphenated ending, "мың",
# "астам", "жуық" ("3 200-ден астам пайдаланушы", "6 мыңнан астам көрермен"). Folded.
_BETWEEN = re.compile(r"\d+|\w{1,3}|(?:мин|миллион|миллиард|млн|млрд)(?:нан|нен|га|ге|ан|и|нин)?"
                      r"|астам|жуик|аса|шамасинда|шамамен|артик")


# Folded units a number can measure (then it counts nothing else).
_UNIT = re.compile(r"шарши|(?:кило)?метр(?:лик|\w{0,3})|км|гектар\w{0,4}|пайиз\w{0,4}"
                   r"|процент\w{0,3}|тенге\w{0,4}|доллар\w{0,4}|евро|еуро|фунт\w{0,4}|стерлинг\w{0,4}"
                   r"|тонна\w{0,4}|кг")


# Folded forms of "дана" (pieces, copies), the counter of a thing printed or given out:
# "5 000 данамен басылды" answers "қанша кітап басылды?".
_PIECES = re.compile(r"дана(?:си|син|сина|синан|да|дан|мен|га|ни|нин|лик)?")
# What is never counted in copies (folded stems): pages, time (not "күнделік", a diary),
# languages, places, shares, institutions ("қанша кітапхана" is no "500 данамен").
_NO_COPIES = re.compile(r"(?:бет|кун(?!де)|жил|ай$|апта|сагат|минут|тил|ел$|мемлекет|кала|ауил"
                        r"|аудан|облис|онир|зал|пайиз|процент|метр|шарши|китапхана|мектеп"
                        r"|музей|муражай|мекеме|уйим|университет|орталик|архив|театр|филиал)")


def _synonym(stem: str, alternatives: list[str]) -> bool:
    """Whether a word's stem is one of the counted word's synonyms (config/synonyms.yaml)."""
    return any(synonyms.same(stem, s) for s in alternatives)


# "Неше зат берді?": things in general, which a text counts by their kind ("47 экспонат").
_THINGS = frozenset({"зат", "нарсе", "дуние"})


def counts_things(counted: list[str]) -> bool:
    """Whether a "how many" question counts things in general (`counted`: its lexical terms):
    any count answers it, as a text names no "зат" beside the number."""
    return bool(counted) and set(counted) <= _THINGS


def counts_people(counted: list[str]) -> bool:
    """Whether a "how many" question counts people ("қанша адам"), whom any text counts by
    their role (see _PERSON_NOUN)."""
    return bool(_PEOPLE & set(counted))


# "Оның 44-і – шыны негативтер мен ... түпнұсқа суреттер": a part's number, a dash, and the
# phrase that says what the part is (folded).
_PART_IS = re.compile(r"\d-с?и\s*[–—-]\s*([^,.;:!?]+)")


@dataclass(frozen=True)
class _Asked:
    """What a "how many" question counts, matched against the words a number stands with."""

    plain: tuple[str, ...]  # its lexical terms, less `exact`
    exact: frozenset[str]  # corpus words near a Russian/English one: matched whole
    alternatives: tuple[str, ...]  # synonyms (config/synonyms.yaml), matched by whole stem
    people: bool  # "қанша адам": any person noun counts them
    role: bool  # "қанша оқырман" of a sentence that names them: "адам" counts them as well
    children: bool = False  # "қанша бала": "24 жасөспірім", "1 250 бүлдіршін", "39 оқушы"

    @classmethod
    def of(cls, counted: list[str], exact: frozenset[str], tokens: list[str]) -> _Asked:
        plain = tuple(t for t in counted if t not in exact)
        people = counts_people(list(plain))
        asked = cls(plain, exact, tuple(s for t in plain for s in synonyms.of(t)), people, False)
        # "оқырман ретінде 47 адам" counts readers as people; "Оған 186 адам қатысты" counts no
        # staff, nor "Кітапханаға 500 адам келді" librarians: the sentence must name the role,
        # a person noun, itself.
        role = not people and any(_PERSON_NOUN.fullmatch(t) and asked.same(t) for t in tokens)
        return replace(asked, role=role, children=_CHILD in plain)

    def same(self, token: str) -> bool:
        """Whether a (folded) word begins as what is counted: its first four letters. Not a
        compound of it ("балабақша" is no "бала", "кітапхана" no "кітап", nor the reverse)."""
        stem = kazakh.stem(token)
        # (A stem under four letters is no beginning of a longer word: "15 жастағы" counts no
        # "жасөспірім"; but one letter short it is the word cut short ("күні" is "ку"), and
        # before "-лық" its derivative ("150 жыл" is the "жылдығы").)
        heads = [t[:4] for t in self.plain if len(stem) >= 4 or stem.startswith(t[:4])
                 or (t.startswith(stem) and (len(t) - len(stem) <= 1
                                             or _LYK_START.match(t, len(stem))))]
        return _same_word(stem, heads) and not any(
            _compound_of(stem, t) or _compound_of(t, stem) for t in self.plain)

    def word(self, token: str, loose: bool = True) -> bool:
        """Whether a (folded) word is a form of what is counted: its first four letters or a
        synonym's whole stem ("экспонат" is no form of "экспозиция"); `loose`, also a corpus
        word near a foreign one, or a compound ending in it ("214 фотосурет" counts "сурет")."""
        stem = kazakh.stem(token)
        return (self.same(token) or _synonym(stem, self.alternatives)
                or (loose and (any(stem.startswith(t) for t in self.exact)
                               or any(len(c) >= 5 and stem.endswith(c) for c in self.plain))))

    def person(self, token: str) -> bool:
        """Whether a word counting people counts what is asked: "86 оқырман" for "қанша адам",
        "180 адам" for "қанша кісі", "47 адам" for "қанша оқырман" (see `role`)."""
        return bool((self.people and (_PERSON_NOUN.fullmatch(token) or (
            kazakh.stem(token) in _PEOPLE and not _ADJECTIVE.search(token))))  # "адамдық"
                    or (self.role and kazakh.stem(token) in _PEOPLE)
                    or (self.children and kazakh.stem(token) in _CHILDREN))

    def copies(self) -> bool:
        """Whether "N дана" (copies) can count it: not people, pages, days, languages, places
        ("неше тілге" is no "5 000 данамен")."""
        return not self.people and not any(
            _PERSON_NOUN.fullmatch(t) or _NO_COPIES.match(t) for t in self.plain)


def _counts(tokens: list[str], i: int) -> bool:
    """Whether the word at `tokens[i]` is a number that counts something: not "бірде-бір" (not a
    single one), "бір бөлігі" (a part), a date's day or a year."""
    token = tokens[i]
    if not (token[0].isdigit() or _NUMBER_WORDS.fullmatch(token)):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token == "бир" and ((i > 0 and tokens[i - 1] in ("бирде", "де"))
                           or tokens[i + 1:i + 3] == ["де", "бир"] or nxt.startswith("болиг")):
        return False  # "бірде-бір кітап жоқ", "бір де бір", "түпнұсқалардың бір бөлігін"
    if nxt and _MONTH_RE.match(nxt):
        return False  # "29 тамыз" is a date
    after = next((t for t in tokens[i + 1:i + 3] if not t.isdigit()), "")
    # "1946 жылы", "1958–1989 жылдары" are years, not a number of years.
    return not (len(token) == 4 and token.isdigit() and after.startswith("жил"))


# "№27 «Балапан» балабақшасы", "№ 12 мектеп": a number that names one, and counts nothing.
_SERIAL = re.compile(r"№\s*\d+|\d+\s*-\s*(?:курс|синип|кабат|класс)")  # and "3-курс студенті"
# A time of day counts nothing: "19:00-ге дейін жұмыс істейді" is no number of works.
_CLOCK_TIME = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")


_TOTAL = frozenset({"жалпи", "барлик", "орташа", "толик"})  # "жалпы саны", folded


def _number_before(text: str, counted: list[str], exact: frozenset[str] = frozenset(),
                   window: int = 4, given: frozenset[str] = frozenset()) -> bool:
    """Whether a number in the (folded) text counts what is asked: the word after it (past
    "мың", "астам" and the like), the word before its "саны", its possessor ("жәдігерлердің
    128-і"), or what a dash says the part is ("Оның 44-і – түпнұсқа суреттер"). Not a number the
    question gives itself (`given`)."""
    tokens = kazakh.tokenize(_CLOCK_TIME.sub(" ", _SERIAL.sub(" ", text)))
    asked = _Asked.of(counted, exact, tokens)
    for part in _PART_IS.finditer(kazakh.fold(text)):
        if any(asked.word(t, loose=False) for t in kazakh.tokenize(part.group(1))):
            return True
    for i in (i for i in range(len(tokens)) if _counts(tokens, i)):
        if given and numbers_in(tokens[i]) <= given:
            continue
        if next((t for t in tokens[i + 1:i + 3] if t != "жарим"), "").startswith("есе") and not (
                asked.word("есе")):
            continue  # "қатысушылар саны бір жарым есеге артты": how many times, no count
        young = (tokens[i + 1:i + 2] == ["жас"] and i + 2 < len(tokens)
                 and (asked.word(tokens[i + 2]) or _PERSON_NOUN.fullmatch(tokens[i + 2])))
        if tokens[i + 1:i + 2] and _AGE_WORD.fullmatch(tokens[i + 1]) and not (
                asked.word("жас") or young):
            continue  # "84 жастағы ардагер": an age, no count of veterans ("143 жас ақын" is)
        if i >= 2 and tokens[i - 1] in _NUMBER_OF and not tokens[i - 2][0].isdigit():
            # "қатысушылар санын 100-ге жеткізу", "оқырмандар саны 12 400"; past "жалпы":
            # "құжаттардың жалпы саны – 1 247".
            owner = tokens[i - 3] if i >= 3 and tokens[i - 2] in _TOTAL else tokens[i - 2]
            # (A compound as well: "бейнекітаптар санын 150-ге" counts books.)
            if asked.word(owner) or (asked.people and _PERSON_NOUN.fullmatch(owner)):
                return True
        # A suffix written after a hyphen ("3 200-і") is no word between.
        following = [t for t in tokens[i + 1:i + 1 + 2 * window]
                     if len(t) > 1 and not t.isdigit()][:window]  # "3 590-ы": one number
        units = list(itertools.takewhile(
            _UNIT.fullmatch, itertools.dropwhile(_BETWEEN.fullmatch, following)))
        if (units and (asked.people or any(u.startswith(("пайиз", "процент")) for u in units))
                and not any(asked.same(u) for u in units)):
            # "120 шаршы метрлік зал" measures the hall: it counts no visitors; "54 пайызы –
            # кітаптар" is a share, no count of books.
            continue
        before = next((t for t in reversed(tokens[max(0, i - 2):i]) if t[0].isalpha()), "")
        genitive = before.endswith(("нин", "дин", "тин"))
        # ... not when a noun of its own follows the number ("немерелері 127 жәдігер
        # тапсырды" counts things, not grandchildren).
        own = tokens[i + 1] if i + 1 < len(tokens) else ""
        counts_own = (len(own) > 2 and own.isalpha() and not _BETWEEN.fullmatch(own)
                      and not _UNIT.fullmatch(own) and not _PIECES.fullmatch(own)
                      and not _FINITE.search(own) and not _PARTICIPLE.search(own))
        if (_POSSESSED.fullmatch(before) or genitive) and not counts_own and (
                kazakh.stem(before) in asked.plain
                # "қатысушылардың 104-іне" of "қанша адамға": people by their role
                or (genitive and asked.people and bool(_PERSON_NOUN.fullmatch(before[:-3])))):
            # "шығыны 4,2 миллион теңге", "жәдігерлердің 128-і": its possessive or genitive,
            # then its number; not a bare "кітап 12 тілге".
            return True
        # What it counts is the first word past those between ("2 000 данасы оқушыларға" counts
        # copies, not pupils; "әр мектепке 15 данадан": copies of what is given out), or a
        # form of the asked word among the next few.
        k = next((k for k, t in enumerate(following) if not _BETWEEN.fullmatch(t)), None)
        counter = following[k] if k is not None else ""
        # "58 ауыл тұрғынының": a bare noun before a possessed person noun says whose.
        second = following[k + 1] if k is not None and k + 1 < len(following) else ""
        if (asked.person(counter) or (_PIECES.fullmatch(counter) and asked.copies())
                or any(asked.word(t) for t in following)
                or (kazakh.stem(counter) == counter and asked.person(second)
                    and bool(_POSSESSED_CASE.fullmatch(second)))):
            return True
    return False


# Lexical terms of the question-type phrases ("жыл" of "қай жылы"): not what a question is about.
_ASK_TERMS = frozenset(t for words in _ASKS_WORDS.values() for w in words
                       for t in kazakh.lexical_terms(w))


_SPEECH_TERMS = frozenset(t for w in _ASKS_WORDS[SPEECH] for t in kazakh.lexical_terms(w))


def speech_word(term: str) -> bool:
    """Whether a lexical term belongs to a "what did X say / think" phrase ("ойла", "бага"):
    the quote that answers holds what was said, not the verb of saying."""
    return term in _SPEECH_TERMS


def asks_word(term: str) -> bool:
    """Whether a lexical term belongs to a question-type phrase ("жыл" of "қай жылы")."""
    return term in _ASK_TERMS


_DATE_TOKEN = re.compile(r"\d{1,4}(-\w+)?")
_CLAUSE_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[,;:()]")
# A Kazakh participle (-ған/-ген/-қан/-кен, -атын/-етін) closes a relative clause; "1946 жылы ...
# қолға алған" is about the taking over, whatever the sentence goes on to say.
_CLAUSE_END = re.compile(r"\w(ган|ген|кан|кен|атин|етин|йтин)$")


DESCRIBED_WORDS = 5  # a participle clause describes at most this many words after it
# Folded: what follows a verb's root in its participle ("өт-кен", "өт-етін"), and in a derivative
# told for it (causative "жүр-гіз-", passive "-іл-", reflexive "-ін-", converb "-іп").
_PARTICIPLE_OF = re.compile(r"(?:ган|ген|кан|кен|атин|етин|йтин|тин)")
_DERIVED = re.compile(r"(?:гиз|киз|дир|тир|ил|ин|ип|ис)")
# A root's last consonant voiced before a vowel ("шық" -> "шығар"), and a causative or passive
# between the root and a participle's ending (folded).
_VOICED = {"к": "г", "п": "б"}
_VOICE_SUFFIX = re.compile(r"(?:ар|ер|ир|дир|тир|гиз|киз|ил|ин|л|н)?")


def _participle_of(token: str, root: str) -> bool:
    """Whether the (folded) token is a participle of the verb `root`: "өткен" of "өт",
    "шығарған" of "шық" (published: came out)."""
    if len(root) < 2:
        return False
    stems = {root, root[:-1] + _VOICED.get(root[-1], root[-1])}
    if len(root) > 4 and root[-1] in "лн":
        stems.add(root[:-1])  # the passive asked ("жасалған"), the active told ("жасаған")
    for stem in stems:
        if token.startswith(stem):
            rest = _VOICE_SUFFIX.match(token, len(stem))
            if _PARTICIPLE_OF.fullmatch(token, len(stem)) or (
                    rest and _PARTICIPLE_OF.fullmatch(token, rest.end())):
                return True
    return False


def date_near(sentence: str, terms: list[str]) -> bool:
    """Whether a date of the sentence is in the same clause as the question's terms (at least
    a third of those the sentence holds): "1946 жылы Ұлттар Лигасының архиві ... қолға алған"
    answers when the League's archive was taken over, not when the digitisation the sentence
    goes on to mention ends ("архив" alone of "БҰҰ архивін цифрландыру жобасы қашан
    аяқталады?" is not enough). Clauses end at commas and participles. A date alone between
    commas dates the phrase before it or, opening the sentence, its main clause. True when the
    sentence holds none of the terms (nothing to check)."""
    # A quoted title is one phrase: neither its colon ("«… бетбұрыс: Елбасы бастамалары»") nor
    # its participle ("«Қайта оянған мұра» атты көрме") ends a clause.
    quoted = [m.span() for m in _QUOTED.finditer(sentence)]
    matches = list(_CLAUSE_TOKEN.finditer(sentence))
    raw = [m.group(0) for m in matches]
    tokens = [kazakh.fold(t) for t in raw]
    inside = [any(a < m.start() < b for a, b in quoted) for m in matches]
    # A name is no participle: "Жезқазған" ends like one. Nor is "деген" after a quotation
    # ("«Бөкей ордасы» деген атпен", under the name).
    # Nor "деп аталатын" (called): "«Композитордың үні» деп аталатын көрме" names the thing.
    ends = [_is_clause_end(t) and not r[:1].isupper() and not q
            and not (t == "деген" and j > 0 and inside[j - 1])
            and not (t.startswith("атал") and j > 0 and tokens[j - 1] == "деп")
            for j, (t, r, q) in enumerate(zip(tokens, raw, inside, strict=True))]
    wanted = set(terms)
    # A verb asked about may be told by its derivative ("жүріп жатыр" asked, "жүргізіліп"
    # told): a term of three letters or more, followed by a causative or passive ending.
    found = [{w for w in wanted for x in kazakh.lexical_terms(t)
              if x == w or (len(w) > 2 and x.startswith(w) and _DERIVED.match(x, len(w)))}
             for t in tokens]
    hits = [bool(f) for f in found]
    if not any(hits):
        return True
    in_sentence = set().union(*found)
    for i, token in enumerate(tokens):
        if not (_DATE_TOKEN.fullmatch(token) or _MONTH_RE.match(token)
                or token in _DURING_WORDS or _RELATIVE_TOKEN.match(token)
                or (i > 0 and _PERIOD_END.fullmatch(tokens[i - 1] + " " + token))):
            continue
        lo = i
        while lo > 0 and not ends[lo - 1]:
            lo -= 1
        # A participle clause right before (no comma between) describes a word of this one,
        # if this one holds a word of the question itself: "Ең көп кітап оқыған 20 бала 25
        # желтоқсанда марапатталып" is about those children ("Музей орналасқан ғимарат 1958
        # жылы салынған" dates the building, not the museum).
        if any(hits[lo:i + 1]):
            while lo > 0 and tokens[lo - 1] not in ",;:()":
                lo -= 1
                while lo > 0 and not ends[lo - 1]:
                    lo -= 1
        if lo > 1 and tokens[lo] in _PRONOUNS and tokens[lo - 1] == ",":
            # "... көрме де жұмысын бастады, ол 30 маусымға дейін жалғасады": "ол" is the
            # clause before's subject, whose words count.
            lo -= 1
            while lo > 0 and not ends[lo - 1]:
                lo -= 1
        hi = i
        while hi + 1 < len(tokens) and not ends[hi]:
            hi += 1
        in_clause = set().union(*found[lo:hi + 1])
        first = next((j for j, end in enumerate(ends) if end), len(tokens))
        if hi + 1 >= len(tokens) and first < lo and tokens[first] not in ",;:()":
            # The main clause (the sentence's last) has its subject at the start, before a
            # participle clause: "Музейі екі жылға созылған жөндеуден кейін 12 қыркүйекте ашты"
            # (measured: one more answer on a fresh set, nothing else changed anywhere). Not
            # after a comma: that first part is a clause of its own.
            in_clause |= set().union(*found[:first + 1])
        # A date alone between commas ("Ал 1 маусымда, ...") has no clause of its own.
        alone = all(_DATE_TOKEN.fullmatch(t) or _MONTH_RE.match(t) or t.startswith("жил")
                    or t in _OPENERS or t in ",;:()" for t in tokens[lo:hi + 1])
        if (not in_clause and alone and lo > 1 and tokens[lo - 1] in ",;:("
                and hi + 1 < len(tokens) and tokens[hi] in ",;:()"
                and not _FINITE.search(tokens[lo - 2])):
            # It is in apposition to a phrase before it that is no clause (ends in no verb):
            # "Конференцияның екінші күні, 15 қазанда, ...".
            before = lo - 1
            while before > 0 and not ends[before - 1]:
                before -= 1
            in_clause = set().union(*found[before:lo])
        if not in_clause and hi + 1 < len(tokens) and tokens[hi] in ",;:()":
            # A date whose clause holds none of the question's words dates the clause after
            # it: an apposition ("екінші күні, 15 қазанда, ... меморандумға қол қойылды"). It
            # also lets "1991 жылы құрылды, жинақ цифрландырылуда" answer when the collection
            # was digitised; requiring commas on both sides cost 3 KazQAD answers (measured).
            hi += 1
            while hi + 1 < len(tokens) and not ends[hi]:
                hi += 1
            in_clause = set().union(*found[lo:hi + 1])
            if alone:
                # Opening the sentence, it dates its main clause: the first to end in a verb
                # ("Ал 1 маусымда, ... күніне орай, ... арналған ... серия басталады"; "1958
                # жылы, соғыстан кейін, ғимарат салынды, мұражай ... ашылды" dates the building).
                # So it does after a time it names ("Семинардың екінші күні, 15 қазанда, ...
                # кітапханалар арасында меморандумға қол қойылды").
                a, b = _main_clause(tokens, ends, hi + 1)
                in_clause |= set().union(*found[a:b + 1])
        if in_clause and len(in_clause) * 3 >= len(in_sentence):
            return True
        if (tokens[hi] not in ",;:()" and hi + 1 < len(tokens)
                and (in_clause or any(_participle_of(tokens[hi], w) for w in wanted)
                     or tokens[hi] in _HELD)):
            # A participle clause about what is asked (holding a word of the question, or the
            # participle of its verb: "өткен" of "өтті") describes the words after it: "24
            # мамырда өтетін «Жас инженер» ... жарысында" dates that contest. Read so, the date
            # must have more than two thirds of the question's words the sentence holds around
            # it: "1946 жылы ... қолға алған БҰҰ ... архиві ... цифрландыру ... жобаны" dates
            # no digitisation.
            nxt = hi + 1
            while nxt + 1 < len(tokens) and not ends[nxt] and nxt < hi + DESCRIBED_WORDS:
                nxt += 1
            described = in_clause | set().union(*found[hi + 1:nxt + 1])
            if 3 * len(described) >= 2 * len(in_sentence) + 1:
                return True
    return False


# Participles of being held (folded): "18 қазанда өтетін «Шәкәрім оқулары» кеші" dates the
# event named after it, whatever verb the question asks it with ("қай күні болады?").
_HELD = frozenset({"отетин", "откен", "откизилетин", "откизилген", "болатин"})


# Words that may open a sentence before its date ("Ал 1 маусымда, ..."), and the folded
# endings of a verb that ends a clause (past, present, "жатыр"): both for date_near.
# A pronoun opening a clause after a comma: its subject is the clause before's (date_near).
_PRONOUNS = frozenset({"ол", "олар", "бул", "булар"})
_OPENERS = frozenset({"ал", "биил", "сонимен", "кейин"})
_FINITE = re.compile(r"(?:ди|ти|ади|еди|йди|жатир|отир|тур|жур)$")


def _main_clause(tokens: list[str], ends: list[bool], start: int) -> tuple[int, int]:
    """The first clause from `start` that ends in a verb before a comma, or the last one."""
    a = start
    while a < len(tokens):
        b = a
        while b + 1 < len(tokens) and not ends[b]:
            b += 1
        if b + 1 >= len(tokens) or (tokens[b] in ",;:()" and b > a
                                    and _FINITE.search(tokens[b - 1])):
            return a, b
        a = b + 1
    return start, len(tokens) - 1


# "Қашанға дейін", "қай күнге дейін", "до какого числа", "until when": what is asked is an end
# date, told with "дейін" ("30 қарашаға дейін", "жыл соңына дейін"). Folded; "кашана" is
# informal Latin's "qashanga" read with ң.
_ASKS_UNTIL = re.compile(r"\b(?:кашан(?:г|)а|кай \w+(?:га|ге|ка|ке)) дейин\b"
                         r"|\bдо (?:какого|каких|какой)\b|\b(?:until|till) when\b"
                         # When it closes: "when does the exhibition close?", "қашан жабылады?"
                         r"|\bwhen (?:does|will|did) .*\b(?:close|end)s?\b"
                         r"|\bкогда .*\b(?:закрива|закро|заканчива|законч)"
                         r"|\bкашан .*\b(?:жабил|аяктал)")
# A sentence that tells when something closes ("Көрме 15 наурызда жабылады"). Folded.
_CLOSES = re.compile(r"\bжабил|\bаяктал")
_UNTIL = re.compile(_MONTH_RE.pattern + r"\w*\s+дейин\b|" + _PERIOD_END.pattern + r"\s+дейин\b"
                    r"|\b\d{1,2}[:.]\d{2}(?:-\w+)?\s+дейин\b")  # "17:00-ге дейін": an hour


# "Қай жылдан бері", "қашаннан бері", "с какого года", "since when": what is asked is a start,
# told with "бері" or "бастап" after the date ("1998 жылдан бері"). Folded.
_ASKS_SINCE = re.compile(r"\b(?:кай \w+|кашан\w*) (?:бери|бастап)\b|\bс (?:какого|каких пор)\b"
                         r"|\bsince (?:when|what|which)\b")
_SINCE = re.compile(r"\d\S*(?:\s+\w+){0,3}\s+(?:бери|бастап)\b")


def asks_since(question: str) -> bool:
    """Whether a "when" question asks since when."""
    return bool(_ASKS_SINCE.search(_folded(question)))


def since_date(sentence: str) -> bool:
    """Whether the sentence tells a start ("1998 жылдан бері", "1 қазаннан бастап")."""
    return bool(_SINCE.search(kazakh.fold(sentence)))


def asking_words(question: str) -> set[str]:
    """The folded words of the phrase that gives the question its type ("cost" of "How much did
    the restoration cost?"; a phrase may end inside a word: "стои" of "стоил"); empty for a
    question of no type."""
    kind = expected(question)
    text = _folded(question)
    match = _ASKS[kind].search(text) if kind in _ASKS else None
    words = set(match.group(0).split()) if match else set()
    if kind in (TIME, YEAR):
        # "When were the works completed?": a date says when a thing began or ended ("2024
        # жылдың тамызына дейін"), with or without the verb.
        words |= set(_START_OR_END.findall(text))
    return words


_START_OR_END = re.compile(r"\b(?:complet|finish|end|start|begin|began|begun|завершил|закончил"
                           r"|окончил|начал|аяктал|бастал)\w*")


def asks_until(question: str) -> bool:
    """Whether a "when" question asks until when."""
    return bool(_ASKS_UNTIL.search(_folded(question)))


def until_date(sentence: str, closing: bool = True) -> bool:
    """Whether the sentence tells an end date ("2025 жылғы 30 қарашаға дейін") or hour; with
    `closing`, also as a closing ("15 наурызда жабылады") or a span of days, which ends on its
    last one ("11–17 қараша аралығында")."""
    text = kazakh.fold(sentence)
    return bool(_UNTIL.search(text) or closing and (_CLOSES.search(text)
                                                    or _DATE_RANGE.search(text)))


_DAY_OF_MONTH = re.compile(r"\b\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+" + _MONTH_RE.pattern[2:])


# "Қай күні ашылды?", "нешесінде", "какого числа", "on what date": a day is asked, and a year or
# a month alone does not answer; "қай айда", "в каком месяце", "which month": a month is (folded).
_ASKS_DAY = _alternatives(["қай күн", "нешесінде", "какого числа", "какое число", "в какой день",
                          "what date", "which date", "what day", "which day"])
_ASKS_MONTH = _alternatives(["қай айда", "қай айы", "қай айында", "қай айға", "в каком месяце",
                             "какой месяц", "what month", "which month"], r"\b")
_WEEKDAY_RE = re.compile(_WEEKDAY + r"|\bжума кун")
# Other ways a day is written: "15-қазанда", "қазанның 15-інде", "15.10.2024" (folded).
_DAY_FORMS = re.compile(r"\b\d{1,2}\s*-\s*" + _MONTH_RE.pattern[2:] + r"|" + _MONTH_RE.pattern[2:]
                        + r"\w*\s+\d{1,2}\s*-|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")


DAY, MONTH = "day", "month"


# Weekdays, Monday first (folded; "жұма" inflected or before "күні", as _WEEKDAY), and in
# Russian and English questions.
_DAY_STEMS = ("дуйсенби", "сейсенби", "сарсенби", "бейсенби", "жума", "сенби", "жексенби")
_DAY_WORD = re.compile(r"\b(?:(дуйсенби|сейсенби|сарсенби|бейсенби|жексенби|сенби)"
                       r"(?:де|ден|ге|ни|нин|си)?"
                       r"|(жума)(?:си|сида|синда|да|дан|га|ни|нин|(?= кун)))(?:\s+дейин)?\b")
_FOREIGN_DAYS = re.compile(r"\b(понедельник|вторник|сред[аыуе]|четверг|пятниц|суббот|воскресен"
                           r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
_FOREIGN_DAY_INDEX = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4,
                      "суббот": 5, "воскресен": 6, "monday": 0, "tuesday": 1, "wednesday": 2,
                      "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def weekdays(text: str) -> set[int]:
    """The weekdays a text names (0 = Monday); "дүйсенбіден жұмаға дейін" names all five."""
    folded = kazakh.fold(text)
    days: set[int] = set()
    matches = list(_DAY_WORD.finditer(folded))
    for i, m in enumerate(matches):
        day = _DAY_STEMS.index(m.group(1) or m.group(2))
        days.add(day)
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        # "X-ден Y-ге дейін": every day between.
        if (nxt is not None and re.search(r"(?:ден|дан|нен|тен)$", m.group(0))
                and nxt.group(0).endswith("дейин") and not folded[m.end():nxt.start()].strip()):
            end = _DAY_STEMS.index(nxt.group(1) or nxt.group(2))
            days.update(range(day, end + 1))
    for m in _FOREIGN_DAYS.finditer(text.lower()):
        days.add(next(v for k, v in _FOREIGN_DAY_INDEX.items() if m.group(1).startswith(k)))
    return days


def date_grain(question: str) -> str | None:
    """DAY for "қай күні" / "какого числа" / "on what date", MONTH for "қай айда" / "в каком
    месяце", else None: how finely a when-question asks."""
    asked = _folded(question)
    if _ASKS_DAY.search(asked):
        return DAY
    return MONTH if _ASKS_MONTH.search(asked) else None


# A size asked of a thing (folded): its dimension, the units that tell it, and the other
# dimensions those units tell as well. "Киіз үйдің биіктігі неше метр?" is not answered by
# "диаметрі 1,6 метр шаңырағы", nor "What was the weight of the felt?" by "37 пайызы".
_DIMENSIONS = {
    "height": r"\bбиикт|\bheight|\bhow (?:high|tall)\b|\bвисот",
    "length": r"\bузынд|\blength|\bдлин",
    "width": r"\bени\b|\bенин\b|\bwidth|\bhow wide\b|\bширин",
    "depth": r"\bтеренд|\bdepth|\bhow deep\b|\bглубин",
    "diameter": r"\bдиаметр|\bdiameter",
    "thickness": r"\bкалынд|\bthickness|\bhow thick\b|\bтолщин",
    "area": r"\bшарши\b|\bквадрат|\bsquare met|\bгектар|\bhectare|\bплощад"
            r"|\b(?:floor|total) area\b|\barea of\b"
            r"|\b(?:аума[кг]|аудан)ы\s+(?:канша|неше|кандай)",
    "weight": r"\bсалма[кг]|\bweigh|\bhow heavy\b|\bвес(?:ит|ил\w*|ят|а|ом|у)?\b",
    # How long it lasted ("Бір сабақ қанша уақытқа созылды?", "Сколько длилось занятие?"),
    # told in hours, days, months or years, not by a count of things ("26 сабақ").
    "duration": r"\bдлил|\bдлит|\bпродолжал|\bhow long\b(?! ago)|\bканша уакит|\bнеше уакит"
                r"|\bсозил",
}
_DIMENSION_RE = {d: re.compile(p) for d, p in _DIMENSIONS.items()}
_WHAT_SIZE = re.compile(r"\b(?:what|how|какая|какой|каков\w*|кандай)\b")
_LENGTH_UNIT = r"(?<!шарши )(?<!квадрат )\b(?:кило|санти|милли)?метр|\b(?:см|мм|км)\b|\bшакырим"
_SIZE_UNITS = {"area": re.compile(r"\bшарши\b|\bквадрат|\bм[2²]|\bгектар|\bга\b"),
               "weight": re.compile(r"\b(?:кг|килограм\w*|грамм?\w*|тонна\w*|центнер\w*)"
                                   r"|байт"),  # a file's "салмағы" is its size
               "duration": re.compile(r"(?:\b\d{1,3}(?:[,.]\d+)?|\b(?:бир|еки|уш|торт|бес|алти"
                                      r"|жети|сегиз|тогиз|он|жиирма|отиз|кирик|елу|жуз|жарим))"
                                      r"(?:-\w+)?\s*(?:сагат|минут|кун|тауилик|апта|ай\b"
                                      r"|ай[гдлн]\w*|жил)")}


def asked_size(question: str) -> str | None:
    """The dimension a "how many" question asks of a thing ("биіктігі неше метр" → "height"),
    or None."""
    text = _folded(question)
    return next((d for d, pattern in _DIMENSION_RE.items() if pattern.search(text)), None)


def sized_as_asked(size: str, sentence: str) -> bool:
    """Whether the sentence tells a size in that dimension's units, with no other dimension
    named instead ("диаметрі 1,6 метр" is no height)."""
    text = kazakh.fold(sentence)
    if size == "duration" and _DATE_RANGE.search(text):
        return True  # "30 тамызы мен 1 қыркүйегі аралығында": how many days it ran
    units = _SIZE_UNITS.get(size) or re.compile(_LENGTH_UNIT)
    if not units.search(text):
        return False
    if size in _SIZE_UNITS:
        return True
    others = [d for d in _DIMENSION_RE if d not in _SIZE_UNITS and d != size]
    return bool(_DIMENSION_RE[size].search(text)) or not any(
        _DIMENSION_RE[d].search(text) for d in others)


def dated_as_asked(grain: str | None, sentence: str) -> bool:
    """Whether the sentence dates as finely as `grain` (see date_grain): a day needs a day of a
    month or a weekday, a month a month's name."""
    text = kazakh.fold(sentence)
    if grain == DAY:
        return bool(_DAY_OF_MONTH.search(text) or _DAY_FORMS.search(text)
                    or _WEEKDAY_RE.search(text))
    if grain == MONTH:
        return bool(_MONTH_RE.search(text))
    return True


# Ordinals from "second" on (folded): "екінші орынды кім алды?" is not answered by who came
# first. Not "first": the winner, "алғашқы", "бас жүлде" and an adverb ("involved first") all
# say it without the word.
_ORDINALS = {2: r"екинши\w*|second|втор(?:ой|ого|ом|ая|ое|ую|ие|их|им|ому)",
             3: r"ушинши\w*|third|трет(?:ий|его|ем|я|ей|е|ю|и|их|им|ему)",
             4: r"тортинши\w*|fourth|четверт(?:ий|ого|ом|ая|ое|ую|ие|их|им|ому)",
             5: r"бесинши\w*|fifth"}
_ORDINAL_RE = {n: re.compile(r"\b(?:" + p + r")\b") for n, p in _ORDINALS.items()}
# Not a place in a row: a date ("второго сентября"), the world war, "second-hand".
_NOT_A_RANK = re.compile(r"\s*(?:-\s*hand|" + _MONTH_RE.pattern[3:-1]
                         + r"|мировой|мировая|world|дуниежузилик)")
_ROMAN = {2: "ii", 3: "iii", 4: "iv", 5: "v"}


def asked_ordinals(question: str) -> set[int]:
    """The ordinals (2 and on) the question asks about ("екінші орын", "third place")."""
    text = _folded(question)
    return {n for n, pattern in _ORDINAL_RE.items()
            if any(not _NOT_A_RANK.match(text, m.end()) for m in pattern.finditer(text))}


def has_ordinals(sentence: str, ordinals: set[int], question: str = "") -> bool:
    """Whether the sentence says each of these ordinals, in words or as "2-орын"; of the same
    thing where a Kazakh `question` says of what ("екінші аптада" is not "екінші күні")."""
    text = kazakh.fold(sentence)
    latin = sentence.lower().replace("і", "i")  # Roman numerals, in Latin or Kazakh "І"
    of = _ordinal_nouns(question)
    for n in ordinals:
        told = [m.end() for m in _ORDINAL_RE[n].finditer(text)]
        if n in of and told and not any(_next_word_is(text, end, of[n]) for end in told):
            return False
        if not (told or re.search(rf"\b{n}\s*-\s*[^\W\d_]", text)
                or re.search(rf"\b{_ROMAN[n]}\b", latin)):
            return False
    return True


# The time words an ordinal may count in a Kazakh question ("екінші аптада", "үшінші күні").
_ORDINAL_TIME = re.compile(r"(апта|кун|жил|кезен)|(ай)(?:да|и|ин|инда|ина|га)?$")


@functools.lru_cache(maxsize=256)  # asked once per question, checked per sentence
def _ordinal_nouns(question: str) -> dict[int, str]:
    """The time word after each Kazakh ordinal of the question, folded ("екінші аптада" ->
    {2: "апта"})."""
    if not question:
        return {}
    text = _folded(question)
    out = {}
    for n, pattern in _ORDINAL_RE.items():
        for m in pattern.finditer(text):
            word = re.match(r"\s+(\w+)", text[m.end():])
            time = word and _ORDINAL_TIME.match(word.group(1))
            if time:
                out[n] = time.group(1) or time.group(2)
    return out


def _next_word_is(text: str, end: int, stem: str) -> bool:
    word = re.match(r"\s+(\w+)", text[end:])
    return bool(word) and word.group(1).startswith(stem)


# "Нешінші рет / қабатта / сыныпта?", "Какая по счёту?", "What grade is she in?" ask a place in
# a row, told by an ordinal: a word in -ыншы/-інші ("үшінші рет"), a Roman numeral ("IV
# республикалық олимпиада"), "9-сынып", "№17" (folded). Not "нешінші жылы", a year (YEAR).
_ASKS_RANK = re.compile(r"\bнешинши\b(?!\s+жил)|\bпо счету\b|\bв каком классе\b"
                        r"|\bна каком (?:этаже|курсе|месте)\b|\b(?:what|which) (?:grade|floor)\b"
                        r"|\bкай (?:кабат|курс|синип)\w*")  # "қай қабатта": told "үшінші қабатында"
# "Мамырдың нешінші жұлдызында?": a day of a month, told by a date ("15 мамырда").
_ASKS_DAY_RANK = re.compile(r"\bнешинши\s+(?:жулдиз|кун)")
_RANK = re.compile(r"\w{2,}нши(?:си|син|сине|синде|синен|нин|ге|де|ден)?\b"  # "үшіншісі"
                   r"|\b\d+\s*-\s*[^\W\d_]|№\s*\d")
_ROMAN_RANK = re.compile(r"\b[IVXІ]{1,5}\b")


def asked_rank(question: str) -> str | None:
    """"day" when a question asks which day of a month ("нешінші жұлдызында"), "rank" when it
    asks any other place in a row ("нешінші рет", "what grade"), else None."""
    text = _folded(question)
    if _ASKS_DAY_RANK.search(text):
        return "day"
    return "rank" if _ASKS_RANK.search(text) else None


def tells_rank(rank: str, sentence: str, question: str = "") -> bool:
    """Whether the sentence says the kind of place in a row asked (see asked_rank); of the
    thing a Kazakh "нешінші X" names, when it names one: "№9 мектеп-гимназиясының 16 жастағы
    оқушысы" tells no "нешінші сыныпта"."""
    if rank == "day":
        return day_of_month(sentence)
    text = kazakh.fold(sentence)
    ordinals = [*_RANK.finditer(text), *_ROMAN_RANK.finditer(sentence)]
    ranked = _RANKED.search(_folded(question))
    if ranked is None or ranked.group(1).startswith(_COUNTERS):
        return bool(ordinals)
    stem = ranked.group(1)[:max(3, len(ranked.group(1)) - 3)]
    # The ordinal's own word or one of the two after it: "9-сыныпта", "тоғызыншы сыныпта".
    return any(word.startswith(stem) for m in ordinals
               for word in re.split(r"[\s\-–]+", text[m.start():])[:3])


_RANKED = re.compile(r"\bнешинши\s+(\w{3,})")
# "Нешінші рет / мәрте?" counts times, told by the event's own ordinal ("IV олимпиада").
_COUNTERS = ("рет", "марте", "дуркин")


# The two ends of each scale a superlative can ask about ("ең жасы", "самая новая", "oldest"):
# Kazakh folded stems, Russian stems, English words. Writers of near misses turn a superlative
# the text gives into its opposite: "Ең жас ертегіші неше жаста?" of "Олардың ең егдесі – 84
# жастағы ...". A word may sit on two scales ("үлкен": eldest and biggest; "oldest").
_EXTREMES = {
    "old": ("егде", "кари", "улкен", "старш", "пожил", "старейш", "oldest", "eldest"),
    "young": ("жас", "киши", "младш", "молод", "youngest"),
    "ancient": ("коне", "ески", "ерте", "древн", "стар", "oldest", "earliest"),
    "new": ("жана", "сонги", "нов", "последн", "newest", "latest"),
    "big": ("улкен", "ири", "крупн", "больш", "largest", "biggest"),
    "small": ("киши", "шагин", "маленьк", "smallest"),
    "many": ("коп",),
    "few": ("аз", "fewest", "least"),
    "long": ("узак", "узин", "длин", "longest"),
    "short": ("киска", "корот", "shortest"),
}
_OPPOSITE = {"old": "young", "young": "old", "ancient": "new", "new": "ancient", "big": "small",
             "small": "big", "many": "few", "few": "many", "long": "short", "short": "long"}
# A superlative's word (folded): after "ең" / "самый" or "most", or one in -ейш/-айш or -est.
_SUPERLATIVE = re.compile(r"\b(?:ен|сам(?:ий|ая|ое|ие|ого|ой|ую|их|им|ом)|most)\s+(\w+)"
                          r"(?:\s+(улкен\w*|киши\w*))?|\b(\w+(?:ейш|айш)\w*|\w+est)\b")
_AGE_STEM = re.compile(r"жас(?:и|тар)?\w{0,3}")  # "ең жасы үлкен": the age is big, the eldest


def _extremes(text: str) -> set[str]:
    """The ends of scales the (folded) text's superlatives name."""
    out: set[str] = set()
    for match in _SUPERLATIVE.finditer(text):
        word = match.group(1) or match.group(3)
        if match.group(2) and _AGE_STEM.fullmatch(word):
            # "ең жасы үлкен / кіші": the eldest / the youngest, told by the adjective.
            out.add("old" if match.group(2).startswith("улкен") else "young")
            continue
        # (A short stem only with a short ending: "ең жасы", not "ең жасанды".)
        out |= {end for end, stems in _EXTREMES.items()
                if any(word.startswith(s) and (len(s) >= 4 or len(word) - len(s) <= 3)
                       for s in stems)}
    return out


def asked_extremes(question: str) -> set[str]:
    """The ends of scales a question's superlative asks about ("ең жасы": young), if any."""
    return _extremes(_folded(question))


def tells_other_extreme(sentence: str, asked: set[str]) -> bool:
    """Whether the sentence's superlative is the opposite end of what is asked, and none of
    it ("ең егдесі" for "ең жасы", "ең көне" for "ең жаңа")."""
    told = _extremes(kazakh.fold(sentence))
    return bool(told & {_OPPOSITE[end] for end in asked}) and not told & asked


# Months by number, as Kazakh, Russian and English write them (folded beginnings).
_MONTH_NUMBERS = {kazakh.fold(w): n for n, group in enumerate((
    "қаңтар январ january", "ақпан феврал february", "наурыз март march", "сәуір апрел april",
    "мамыр мая мае may", "маусым июн june", "шілде июл july", "тамыз август august",
    "қыркүйе сентябр september", "қазан октябр october", "қараша ноябр november",
    "желтоқсан декабр december"), 1) for w in group.split()}
_MONTH_WORD = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DAY_MONTH = re.compile(r"\b([12]?\d|3[01])(?:st|nd|rd|th)?(?:\s*[-–]\s*\w+)?\s+(?:of\s+)?"
                        r"(" + _MONTH_WORD + r")\w*"
                        r"|\b(" + _MONTH_WORD + r")\w*\s+([12]?\d|3[01])(?:st|nd|rd|th)?\b")


_DAYS_MONTH = re.compile(r"\b([12]?\d|3[01])\s*[-–—]\s*([12]?\d|3[01])\s+(" + _MONTH_WORD + r")")


def days_of_month(text: str) -> set[tuple[int, int]]:
    """The (day, month) dates a text names ("11 апреля", "April 11", "18 сәуірде")."""
    out = set()
    text = kazakh.fold(text).lower()
    for m in _DAY_MONTH.finditer(text):
        day, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.add((int(day), _MONTH_NUMBERS[word]))
    for m in _DAYS_MONTH.finditer(text):  # "11–17 сәуір": every day between
        first, last = int(m.group(1)), int(m.group(2))
        out |= {(d, _MONTH_NUMBERS[m.group(3)]) for d in range(first, last + 1)}
    return out


def tells_other_day(context: str, asked: set[tuple[int, int]]) -> bool:
    """Whether the context dates what it tells by other days than those the question gives
    ("Кто открыл фестиваль 11 апреля?" of "Қостанай, 18 сәуір ... ашылды"), and none of them."""
    if _DATE_RANGE.search(kazakh.fold(context)) or _DAY_SPAN.search(kazakh.fold(context)):
        return False  # "30 тамызы мен 1 қыркүйегі аралығында", "11–14 наурыз": days between
    told = days_of_month(context)
    return bool(told) and not told & asked


_DAY_SPAN = re.compile(r"\b\d{1,2}\s*[-–—]\s*\d{1,2}\b")


# A year as a year: "в 2022 году", "in 2022", "2022 жылы", not "2000 участников".
_YEAR_NUMBER = re.compile(r"(?:\b(?:в|во|с|со|по|до|за|к|in|since|from|until|by|of|for)\s+)"
                          r"((?:1[89]|20)\d\d)\b|\b((?:1[89]|20)\d\d)(?=\s*(?:год|г\.|жыл|year))")


def asked_years(question: str) -> set[str]:
    """The years a question names ("в 2022 году", "in 2024")."""
    return {a or b for a, b in _YEAR_NUMBER.findall(question.lower())}


# What dates or times a sentence: a year with "жыл" / "ж.", a day of a month, a clock time, a
# written date (folded). "1500 кітап" is a count, "2025 жылғы 14 қазанда" is not.
_NOT_A_COUNT = re.compile(_SERIAL.pattern + r"|\b\d{4}(?:\s*[-–]\s*\d{2,4})?\s*(?:ж\b|жил\w*)|"
                          + _DAY_OF_MONTH.pattern[2:]
                          + r"|\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def amounts(text: str) -> frozenset[str]:
    """The numbers a text writes in digits, whole: "3,8" and "3.8" as "3.8", "1 200" as "1200"."""
    return frozenset(re.sub(r"\s", "", m).replace(",", ".")
                     for m in re.findall(r"\d+(?:\s\d{3})*(?:[.,]\d+)?", text))


def only_a_date(text: str) -> bool:
    """Whether the text holds a date and nothing else ("14 наурыз 2025 жыл.", "2025 жылғы 14
    қазан"), not a clause ("2025 жылы 45 кітап шықты")."""
    words = re.findall(r"[^\W\d_]+", kazakh.fold(text))
    return bool(re.search(r"\d", text)) and all(
        w.startswith("жил") or w == "ж" or _MONTH_RE.match(w) for w in words)


def numbers_in(text: str) -> frozenset[str]:
    """The numbers a text gives, in digits or words ("екі томдық": "еки"); a number word only
    as itself or with its endings, not an ordinal ("жетінші") or a word it begins ("Жетісу")."""
    folded = kazakh.fold(text)
    return frozenset(re.findall(r"\d+", folded)) | frozenset(
        base for m in _NUMBER_WORDS.finditer(folded)
        if (base := m.group(1) or m.group(2))
        and kazakh.stem(re.match(r"\w*", folded[m.start():]).group()) == kazakh.stem(base))


def given_numbers(question: str) -> frozenset[str]:
    """The question's own numbers, which do not answer it; not "бір", as often "a" as "one"
    ("Бір жылда неше рет өтеді?" is answered by "жылына бір рет")."""
    return numbers_in(question) - {"бир"}


def counts_something(sentence: str, given: frozenset[str] = frozenset(),
                     measures: bool = True) -> bool:
    """Whether the sentence has a number that is no date or time of day, nor one the question
    gives itself: "Екі томдық жинақ неше данамен шығады?" is not answered by "екі томдық".
    Without `measures`, nor an age, a span, a distance, a sum or a share: "76 жасында", "85
    шақырым" count nothing that "Жыраудың неше баласы болған?" asks."""
    text = _NOT_A_COUNT.sub(" ", kazakh.fold(sentence))
    if not measures:
        text = _MEASURED.sub(" ", text)
    return bool(numbers_in(text) - given)


# A number and what it measures (folded), "76 жасында", "бес айға", "85 шақырым", "3 млн теңге".
_MEASURED = re.compile(
    r"(?:\d+(?:[ .,]\d+)*|\b(?:" + "|".join(kazakh.fold(w) for w in _NUMBERS.split())
    + r")\w*)(?:-\w{1,4})?\s+(?:(?:мин|миллион|миллиард|млн|млрд|астам|жуик)\w*\s+)*"
    r"(?:(?:жас|жил|ай|кун|апта|сагат|минут|шакирим|гасир)\w*|" + _UNIT.pattern + ")")


def day_of_month(sentence: str) -> bool:
    """Whether the sentence names a day of a month ("15 қазанда", "14–17 қазан")."""
    return bool(_DAY_OF_MONTH.search(kazakh.fold(sentence)))


def _is_clause_end(token: str) -> bool:
    return token in ",;:()" or bool(_CLAUSE_END.search(token))


_OWN_DATE = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b|\bгасир|" + _MONTH_RE.pattern[2:])


def tells_date(sentence: str) -> bool:
    """Whether the sentence tells a date of its own: a year, a century or a month. Not one
    that describes a thing ("XVIII–XX ғасырлардағы карталарына", "1879 жылғы картасында"):
    in -ғы/-гі it is an attribute of a noun, not when the sentence's event happened. Nor one
    in a quoted title ("«Дала бейнесі: ғасырлар куәсі» атты көрме"; quoted speech keeps its
    dates: "«Мұражай 2026 жылы ашылады», – деді")."""
    text = kazakh.fold(_TITLE_QUOTE.sub(" ", sentence))
    for match in _OWN_DATE.finditer(text):
        words = text[match.start():].split()
        head = 0
        if len(words) > 2 and words[1] in "-–—" and words[2][:1].isdigit():
            head = 2  # "1920 – 1930 жылдардағы"
        if words[head][:1].isdigit() and len(words) > head + 1 and words[head + 1].startswith(
                "жил"):
            head += 1  # "1879 жылғы"
        if words[head].endswith(("нин", "дин", "тин")):
            # "ғасырдың соңындағы", "ғасырдың екінші жартысындағы"
            head = next((k for k in range(head + 1, min(head + 3, len(words)))
                         if words[k].endswith("ги")), head)
        if not words[head].endswith("ги"):
            return True
    return False


# A quoted title ("«Дала бейнесі: ғасырлар куәсі» атты"), not a speech ("«...», – деді").
_TITLE_QUOTE = re.compile(r"«[^«»]*»(?!\s*,?\s*[–—-])")


def satisfies(kind: str | None, sentence: str, counted: list[str] | None = None,
              exact: frozenset[str] = frozenset(), foreign: bool = False,
              given: frozenset[str] = frozenset(), measures: bool = True) -> bool:
    """Whether the sentence can hold an answer of that type (True when nothing is expected).
    Without `counted`, any number but a date's or an hour's answers "how many". With `counted`
    (the lexical terms of what a "how many" question counts), the number must
    stand just before that word: "17 миллионнан астам кітап" answers "қанша кітап", while "30
    жылдығына" does not answer "қанша адам". A term of `exact` (corpus words near a
    Russian/English one) counts only where one of the words after the number begins with the
    whole term, not with its first four letters, which too many others share ("қатысушы" is not
    "қатысты"). `foreign`: a Russian/English "сколько лет / how many years" is an age or a span
    as well, told by its years ("1974–1986 жылдары"); a Kazakh "неше жылға" is a count of
    years (a span of documents is no term of an agreement). `given`: the question's own numbers.
    `measures`: with nothing counted, whether an age, a span or a sum may answer it."""
    if kind is None:
        return True
    text = kazakh.fold(sentence)
    if kind == NUMBER and not counted:
        # "Неше?" with nothing counted: a date's or an hour's digits count nothing.
        return counts_something(sentence, given, measures)
    if kind == NUMBER and counted:
        # "Неше күн өтті?" is answered by the dates it ran between ("30 тамызы мен 1 қыркүйегі").
        return _number_before(text, counted, exact, given=given) or (
            _DAY_TERM in counted and bool(_DATE_RANGE.search(text))) or (
            foreign and _YEAR_TERM in counted
            and bool(_YEAR_SPAN.search(text) or _AGE_TOLD.search(text)
                     or _AGES_OF_A_GROUP.search(text)))
    if kind == CLOCK:
        return bool(_CLOCK_RE.search(text))
    if kind == MONEY:
        # "How much of the 3.8 million tenge budget ...?" is not answered by "3,8 миллион теңге".
        told = amounts(text)
        return bool(_MONEY_RE.search(text)) and (not given or not told or bool(told - given))
    if kind == LEADER:
        return leads(sentence, counted or [])
    if kind == LOCATED:
        return located(sentence, counted or [])
    if kind == TIME:
        if _RELATIVE_TIME.search(text):
            return True
        return bool(_YEAR_RE.search(text) or _MONTH_RE.search(text) or _DURING.search(text))
    if kind == YEAR:
        return bool(_YEAR_ONLY_RE.search(text))
    if kind in (SPEECH, PERSON, WHICH):
        return True  # decided with the paragraph (speaks()) and the corpus's names
    return bool(re.search(r"\d", text) or _NUMBER_WORDS.search(text))


_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^“”]*”")
_CAPITALISED = re.compile(r"\b[^\W\d_a-zа-яәғқңөұүһі][^\W_]*")


def words(text: str) -> list[str]:
    """The text's words ("Іс-шара" is one)."""
    return _WORD.findall(text)


# Folded beginnings of the words Kazakh news use to attribute speech (деді, деп, айтты, атап
# өтті, тоқталып, айтуынша, сөзінше, пікірінше, мәлімдеді, жеткізді, баса айтты, сөйледі).
_SPEECH_MARK = re.compile(r"\b(?:(?:деди|деп|дейди|деген|айтти|айтип|айткан|айтади|айтуинша|"
                          r"айтилди|баса)\b|атап|токтал|созинше|пикиринше|малимде|жеткиз|сойле)")
_LONG_QUOTE = re.compile(r"«[^«»]{40,}")


_WHO_SAID = re.compile(r"\bwho (said|stated|noted|called)\b"
                       r"|\bкто (сказал|заявил|отметил|назвал|говорил)")


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said something ("... деп кім айтты?", "Who said ...?")."""
    text = _folded(question)
    if _WHO_SAID.search(text):
        return True
    tokens = [t for t in kazakh.tokenize(text) if t not in ("ма", "ме", "ба", "бе", "па", "пе")]
    return (len(tokens) >= 2 and bool(_WHO.fullmatch(tokens[-2]))
            and (bool(_SPEECH_MARK.match(tokens[-1])) or "деп" in tokens))


# A finite verb of saying (folded): "деді", "атап өтті"; not "атап айтқанда" (namely).
_SAID = re.compile(r"\b(деди|дейди|айтти|айтади|атап отти|малимдеди|жеткизди|сойледи|токталди)\b")


def attributed(sentence: str) -> bool:
    """Whether the sentence names who speaks: a word of saying and a name outside quotation
    marks, past its first word ("..., деді Т.Валовая.", "Пизано былай деді: «...»")."""
    if not _SAID.search(kazakh.fold(sentence)):
        return False
    outside = _QUOTED.sub(" ", sentence.split("»")[-1] if sentence.count("»") > sentence.count("«")
                          else sentence)
    return len(_CAPITALISED.findall(outside)) > (1 if outside.lstrip()[:1].isupper() else 0)


def closes_speech(sentence: str) -> bool:
    """Whether a word of saying follows the sentence's last closing quotation mark ("...», –
    деді ол."): the quotation was someone's words, not a title."""
    return "»" in sentence and bool(_SAID.search(kazakh.fold(sentence.rsplit("»", 1)[1])))


def speech_context(paragraphs: tuple[str, ...] | list[str], number: int) -> str:
    """The paragraph (1-based) with, when it opens with a quotation, the paragraph before it:
    news text names the speaker there ("X атап өтті." then "«...»")."""
    text = paragraphs[number - 1]
    if number > 1 and text.lstrip().startswith(("«", "\"", "“", "–", "—")):
        return paragraphs[number - 2] + "\n" + text
    return text


def speaks(context: str, names: set[str]) -> bool:
    """Whether the one a "what did X say" question names speaks in `context`: it holds an
    attribution word or a long quotation, and X (`names`: lexical terms of the question's
    capitalised words the corpus uses as names) is one of its capitalised words outside
    quotations. A question that names nobody is not checked."""
    if not names:
        return True  # "what does the document say": nobody to find speaking
    return bool(speakers(context, names))


# "Құжат ... не дейді?", "What does the document say": a text speaks, not a person. Folded.
_TEXT_SUBJECT = re.compile(r"\b(?:кужат|матин|макала|хаттама|меморандум|келисим|документ|текст"
                           r"|стать|протокол|document|text|article|memorandum|agreement)\w{0,4}\b"
                           r"(?<!texts)(?<!textbook)")


def about_a_text(question: str) -> bool:
    """Whether "what does X say" asks what a document says, not what someone said."""
    return bool(_TEXT_SUBJECT.search(_folded(question)))


def is_speech(text: str) -> bool:
    """Whether the text says what someone said: a word of attribution or a long quotation."""
    return bool(_SPEECH_MARK.search(kazakh.fold(text)) or _LONG_QUOTE.search(text))


def titled_names(paragraphs: tuple[str, ...] | list[str], roles: set[str]
                 ) -> dict[str, set[str]]:
    """The names a text gives right after a role the question asks about ("проректор Ерлан
    Қасымов", "облыс әкімінің орынбасары Әсел Нұрмағамбетова"): whom "what did the pro-rector
    say" means. Each name's lexical terms, with the role's terms it was found after. A name is
    two capitalised words or more, or an initial with a surname ("Т.Валовая"), within one
    sentence."""
    out: dict[str, set[str]] = {}
    for text in paragraphs:
        raw = text.split()
        words = [w.strip("«»\"“”(),.:;!?–—") for w in raw]
        for i, word in enumerate(words):
            opens = i == 0 or raw[i - 1].endswith((".", "!", "?"))
            if not word or not (word[0].islower() or opens):
                continue
            role = set(kazakh.lexical_terms(word)) & roles
            if not role or raw[i].endswith((".", "!", "?")):
                continue
            # The role's owner the question names goes with it: "мұражайының директоры
            # Жанболат ..." is whom "мұражай директоры не айтты?" asks about, not any director.
            k = i - 1
            while k >= 0 and not raw[k].endswith((".", "!", "?", ",", ":")) and (
                    owner := set(kazakh.lexical_terms(words[k])) & roles):
                role |= owner
                k -= 1
            start = i + 1
            if raw[i].endswith(",") and raw[i][-2:-1].isalpha():
                # "мұражайының директоры, тарих ғылымдарының докторы Жанболат ...", "студенті,
                # 20 жастағы Әлия ...": a second title or an age in apposition, ending in its
                # possessive, comes before the name.
                start = next((k + 1 for k in range(i + 1, min(i + 6, len(words) - 1))
                              if words[k + 1][:1].isupper() and words[k][:1].islower()
                              and words[k].endswith(("ы", "і"))
                              and not any(map(speech_word, kazakh.lexical_terms(words[k])))
                              and all((w[:1].islower() or w.isdigit())
                                      and not r.endswith((".", "!", "?", ","))
                                      for w, r in zip(words[i + 1:k + 1], raw[i + 1:k + 1],
                                                      strict=True))), start)
            run: list[str] = []
            for k in range(start, min(start + 4, len(words))):
                if not words[k][:1].isupper():
                    break
                run.append(words[k])
                if raw[k].endswith((".", "!", "?")):
                    break  # the sentence ends
            if len(run) >= 2 or (run and "." in run[0]):
                for t in (t for w in run for t in kazakh.lexical_terms(w)):
                    out.setdefault(t, set()).update(role)
    return out


def speakers(context: str, names: set[str]) -> set[str]:
    """Those of `names` who speak in `context` (see speaks)."""
    if not is_speech(context):
        return set()
    outside = _QUOTED.sub(" ", context)
    return {t for w in _CAPITALISED.findall(outside) for t in kazakh.lexical_terms(w)} & names


# Who a Russian/English "what did X say" asks about: the words between the auxiliary and the
# verb of saying ("What did the student say the specialists can do?" -> the student), or after
# a Russian verb of saying up to a preposition ("Что сказал директор музея о выставке?").
_EN_SPEAKER = re.compile(r"\b(?:did|does|do|has|have|had)\s+((?:[\w-]+\s+){1,5}?)(?:say|said|think"
                         r"|tell|told|mention|note|describe|explain|feel)\b", re.IGNORECASE)
_RU_SPEAKER = re.compile(r"\b(?:сказал|сказала|сказали|говорил|говорила|заявил|заявила|отметил"
                         r"|отметила|рассказал|рассказала|думает|считает)\s+(?!(?:о|об|обо|про|на|в|во|по)\b)"
                         r"([\w-]+(?:\s+[\w-]+){0,3}?)"
                         r"(?=\s+(?:о|об|обо|про|на|в|во|по|для|насчет|после|перед)\b|\W*$)",
                         re.IGNORECASE)


def speaker_words(question: str) -> list[str]:
    """The words of a Russian/English "what did X say" that name X, lower case; none found:
    []."""
    match = _EN_SPEAKER.search(question) or _RU_SPEAKER.search(question)
    return [w.lower().replace("ё", "е") for w in _WORD.findall(match.group(1))] if match else []


# "What is the name of the governor ...?", "Как зовут посла ...?": the words after which the
# role whose holder's name is asked comes.
_NAME_OF = re.compile(r"\bname of (?:the |this |that |a )?((?:[\w'’-]+\s*){1,4})"
                      r"|\b(?:как (?:зовут|звали)|имя|фамилия) ((?:[\w-]+\s*){1,3})", re.IGNORECASE)
# Roles people hold (folded lexical terms, besides _PERSON_NOUN and leaders): an akim, a
# minister, an ambassador, a master craftsman, an author.
_ROLES = frozenset({"аким", "министр", "ректор", "елши", "шебер", "автор", "консул", "тилши",
                    "хатши", "ардагер"})


def named_role(question: str, translations: list[tuple[str, list[str]]]) -> list[str]:
    """The Kazakh terms of the role whose holder's name a Russian/English question asks ("What
    is the name of the regional governor?" -> "әкім"); none when it asks no person's name
    ("the name of the exhibition")."""
    match = _NAME_OF.search(_QUOTED.sub(" ", question))  # not "«... во имя мира»"
    if match is None:
        return []
    foreign = dict(translations)
    words = []  # the role's words, up to "of", "who", "из", "который" ...
    for word in _WORD.findall(re.sub(r"['’]s\b", " s", match.group(1) or match.group(2))):
        word = word.lower().replace("ё", "е")
        if word in _PHRASE_END:
            break
        words.append(word)
    # Its head: the last English word ("the deputy akim"; "the author's book" is a book), the
    # first Russian noun ("главного хранителя фондов": the keeper).
    english = match.group(1) is not None
    nouns = [w for w in words if w != "s" and (english or not _RU_ADJ_END.search(w))]
    head = (nouns[-1] if english else nouns[0]) if nouns else ""
    if any(_PERSON_NOUN.fullmatch(t) or _PERSON_NOUN.fullmatch(t + "и") or leader_word(t)
           or t in _ROLES for t in foreign.get(head, [])):  # "қатысуш(ы)", "сақтауш(ы)": stems
        # "deputy akim": "әкімінің орынбасары Асқар Омаров" (the owner's words too)
        return [t for w in words for t in foreign.get(w, [])]
    return []


_PHRASE_END = frozenset("of who which that from in at on for with by about and из в во на у для "
                        "с о об про и который которая которые которого".split())
_RU_ADJ_END = re.compile(r"(?:ой|ый|ий|ая|ое|ые|ых|их|ого|его|ую|юю|ым|им)$")


# "What did the vice minister say about Kazakh artifacts?", "Что сказала о проекте Айгуль
# Нурланова?": what follows "about" (in English, the rest of the question; in Russian, the word
# after "о" / "про") is what was said of, not who said it.
_FOREIGN_ABOUT = re.compile(r"\b(?:about|regarding)\b.*"
                            r"|(?<![^\W\d_])(?:о|об|обо|про|насчет)\s+[\w-]+", re.IGNORECASE)


def question_names(question: str, translations: list[tuple[str, list[str]]]) -> set[str]:
    """Lexical terms of the question's capitalised words (for Russian/English questions, their
    Kazakh counterparts, before any "about"): who "what did X say" asks about."""
    foreign = dict(translations)
    out: set[str] = set()
    if foreign:
        question = _FOREIGN_ABOUT.sub(" ", question)
    for word in _CAPITALISED.findall(_QUOTED.sub(" ", question)):
        terms = foreign.get(word.lower().replace("ё", "е")) if foreign else None
        out.update(terms if terms is not None else kazakh.lexical_terms(word))
    return out


# Nominative "кім"/"кімдер" asks for the doer; "кімнің" (whose), "кімге" (to whom), "кім деп"
# (called what) do not.
_WHO = re.compile(r"\bким(дер)?\b(?!\s+деп)")
_VERB_END = re.compile(r"(ди|ти|ган|ген|кан|кен|ади|еди|йди)$")
_PARTICIPLE = re.compile(r"\w{2,}(ган|ген|кан|кен)$")
# After the verb's root: a passive (-ыл/-іл/-л, -н after a vowel) before the tense ending.
_PASSIVE = re.compile(r"(и?л|[ае]н|н)[дтгк]")


# "Кім ашты?", "кімнің бастамасымен?", "кто подписал?", "who won?" (folded). Not "кім болып"
# (as what), "кімге арналған" (for whom: "балаларға"), "кімдермен кездесті" (a group answers:
# "ұйымдардың өкілдерімен"), "для кого", "кто такой" or "X кім?" after a name (who X is: a
# description, not another name).
_ASKS_PERSON = re.compile(r"(?<!для )\b(?:ким(?:ди|нин|мен)?|кто|кого|who|whom|whose)\b"
                          r"(?!\s+(?:деп|болип|такой|такая|такие|это"
                          # "Who can use it for free?": those allowed, told by a kind of people;
                          # "who will get the free copies?": those given to ("мектептерге"), as
                          # "кімге".
                          r"|can|may|could|может|могут|имеет|имеют"
                          r"|(?:will\s+|would\s+)?(?:get|gets|receive|receives|be\s+given))\b)")
_WHEN_JOINS = re.compile(r"^(\W*(?:что|чем|чему|какой|какая|какое|какие|каких|каким|сколко"
                         r"|what|which|how)\b.*?)\b(?:когда|when)\b")
# A Russian/English question opening with "who": its other question words are conjunctions.
_WHO_FIRST = re.compile(r"\W*(?:кто|кого|who|whom)\b")
# One opening with another question word: a later "who" is a relative pronoun ("What service
# is planned for readers who cannot get around?", "Что получат те, кто ...?"), unless it asks
# a name ("What was the name of the interpreter who ...?").
_OTHER_FIRST = re.compile(r"\W*(?:what|which|when|where|how|why|что|какой|какая|какое|какие|где"
                          r"|когда|как|сколко|почему|зачем)\b(?!.*\b(?:name|names|surname|called"
                          r"|имя|имени|зовут|звали|фамили\w*)\b)")  # folded: "сколько" -> "сколко"
_WHO_IS_NAMED = re.compile(r"\b(?:[Ww]ho (?:is|was|are|were)|[Кк]то (?:такой|такая|это)) [A-ZА-ЯЁ]")
_NAMED_WHO = re.compile(r"^\W*([^\W\d_]+)(?:\s+([^\W\d_]+))?\s+ким\s*(?:екен|болган|болди|ол|ози)?"
                        r"\W*$")


# "Қай баспадан шықты?" (folded): the answer names it. Not a time or an era, a place by its
# role, a language, an age, a kind or a side ("қай жерде", "қай тілдерде", "қай жастағы", "қай
# түрі"): those are told without a name.
_ASKS_WHICH = re.compile(r"\bкай\s+(?!(?:жер|тил|жас|кез|уакит|кун|ай|жил|сагат|мерзим|дауир|гасир"
                         r"|тур(?!ист)|жакт)\w*)(\w{3,})"
                         # English "which X" opening the question or after a preposition;
                         # not a relative "which" ("the exhibition which opened").
                         r"|(?:^\W*|\b(?:in|at|on|from|to|by|with|for|of|about|under|into)\s+)"
                         r"which\s+(?!(?:year|day|month|date|time|age|language|kind|type|part|side"
                         r"|way|place|period|century|season|of|is|was|are|were|do|does|did|has|have"
                         r"|had|can|will|would)s?\b)([a-z]{3,})")


# A place: a name in the locative ("Таразда", "Алматыдағы") or before a place's kind
# ("Түркістан облысында"). Folded.
_LOCATIVE = re.compile(r"\w{3,}(?:да|де|та|те|нда|нде)(?:ги)?$")
_PLACE_KIND = re.compile(r"(?:облис|кала|аудан|ауил|онир|елд|мемлекет)")


# A Kazakh surname, in any case (folded): -ов/-ова, -ев/-ева, -ұлы, -қызы. Not "-ин": a
# genitive ends so ("Тараздың").
_SURNAME = re.compile(r"\w{3,}(?:ов|ев|ули|кизи)а?"
                      r"(?:ни|ти|ди|га|ка|ге|ке|нин|тин|дин|мен|пен|бен|нан|дан|тан)?$")


# "Неше жаста?", "неше жасында?", "жасы қанша?", "How old is ...?", "Сколько ему лет?" (folded).
_ASKS_AGE = re.compile(r"\b(?:неше|канша)\s+жас(?:та|ка|инда)?\b(?!\s+(?:топ|тоб|санат))"
                       r"|\bжаси\s+(?:неше|канша)|\bhow old\b|\bwhat age\b|возраст"
                       r"|\bсколко\s+(?:же\s+)?(?:ему|ей|им)\s+лет\b")


# An age limit asked (folded): "До какого возраста ...?", "up to what age", "неше жасқа дейін".
_AGE_LIMIT = re.compile(r"\bдо\s+(?:какого|сколки\w*)\s+(?:возраст|лет)|\bup\s+to\s+(?:what|which)"
                        r"\s+age|\bage\s+limit|\bжаска\s+дейин|\bжас\s+шег")


def asks_age(question: str) -> bool:
    """Whether the question asks someone's age; not "қанша жастағы балалар" (of a group, told
    as a range), "неше жас тобы" (how many age groups) nor an age limit ("до какого возраста":
    "23 жасқа дейінгі" answers it)."""
    text = _folded(question)
    if "жастаги" in text or _AGE_LIMIT.search(text):
        return False
    return bool(_ASKS_AGE.search(text) or (_AGE.search(text) and not _AT_A_TIME.search(text)))


_WORD_OR_NUMBER = re.compile(r"\d+|[^\W\d_]+(?:-[^\W\d_]+)*")


# An age told (folded): "52 жаста", "34 жастағы", "жетпіс жасқа толды", "1961 жылы туған /
# дүниеге келген", "орташа жасы – 34", "150 жылдық тарихы" (a body's). Not "40 жас ақын" (young),
# nor an age limit ("23 жасқа дейінгі иллюстраторлар", "18 жастан асқан").
_AGE_TOLD = re.compile(r"\d\s*(?:[-–]\s*)?жас(?:та(?!н)|ка(?!\s+дейин)|инда|ин|ар)|\bжаска\s+тол"
                       r"|\bжасинда"
                       r"|\bжили\s+(?:\w+\s+){0,3}(?:туган|дуниеге\s+кел)|\bжаси\W+(?:\w+\s+)?\d"
                       r"|\d\s+жилдик")
# ... and the ages of a group, which answer "how old were they?" ("80 жастан асқан", "13 пен 17
# жас аралығындағы"), not how old one person is (tells_age).
_AGES_OF_A_GROUP = re.compile(r"\d\s*жастан\s+(?:аскан|жогари|улкен)|\d\s+жас\s+аралиг")


# "Хаттардың қаншасы ...?", "How many of the letters ...?", "Сколько из/среди ...?": a part of a
# whole is asked (folded). Not "айының нешесінде" (on which day of the month).
_ASKS_PART = re.compile(r"\b(?:неше|канша)си(?:н|на)?\b|\bhow many of\b"
                        r"|\bсколко\s+(?:из|среди)\b")
# A part told: "оның 27-сі", "120-сы", "65 пайызы", "40%", "оның 27 млн теңгесі", "5 миллион
# теңгенің 2 миллионын", "олардың ішінде 40 бала", "екеуі".
_PART_TOLD = re.compile(r"\d\s*(?:-\s*(?:с?ин?|еуи)\b|пайиз|%|(?:миллион|миллиард|мин)ин?\b)"
                        r"|\b(?:екеуи|ушеуи|тортеуи|бесеуи)"
                        r"|\b(?:онин|олардин)\s+(?:ишинде|арасинда)\s+(?:\w+\s+)?\d"
                        r"|тенгеси|\bжартиси|\b(?:екиден|уштен|торттен|бестен)\s+бир"
                        r"|\b(?:онин|олардин)\s+(?:шамамен\s+)?\d"
                        # a share in words: "алпыс пайызға жуығын"
                        r"|\b(?:он|жиирма|отиз|кирик|елу|алпис|жетпис|сексен|токсан)\s+пайиз")


# The time a count is asked or told of (folded). One day: "ашылу күні", "алғашқы күні", "в первый
# день", "on the opening day". The whole run: "жабылғанға дейін", "за весь срок", "до закрытия".
_ONE_DAY = re.compile(r"\b(?:ашилу|ашилган|алгашки|биринши|бир)\s+кун(?:и|инде|де)?\b"
                      r"|\bашилу (?:салтанат|расим)|\bсалтанатти ашилу|\bopening ceremony"
                      r"|\bцеремони\w* открыти|\bторжественн\w* открыти"
                      r"|\b(?:first|opening)\s+day\b|\bday\s+of\s+(?:the\s+)?opening\b"
                      r"|\bперв\w*\s+ден|\bден\w*\s+открити")
# (Typed in Latin letters, "jabylganga" reads "жабылғаңа".)
_WHOLE_RUN = re.compile(r"\bжабилганг?а\s+дейин|\bжабилганша|\bвес\w*\s+срок"
                        r"|\bдо\s+(?:\w+\s+)?закрит|\bза\s+время\s+работ|\buntil\s+(?:it\s+)?clos"
                        r"|\bwhole\s+run")
# A span of days, weeks or months (folded): "үш күнінде", "төрт күн ішінде", "бір айдың ішінде",
# "бір аптада". Not "бір күнде" / "1 күнде" (one day).
_TWO_TO_TEN = "|".join(kazakh.fold(w) for w in _NUMBERS.split()[1:10])  # екі ... он
_SPAN = (r"(?:(?:[2-9]|\d{2,}|" + _TWO_TO_TEN + r")\s+кун"
         r"|(?:\d+|бир|алгашки|" + _TWO_TO_TEN + r")\s+(?:апта|ай))\w*(?:\s+ишинде)?")
# A count told of a span or of one day: the span right before its number ("алғашқы үш
# күнінде 2 850 адам", "бір айдың ішінде қосымшаны 86 400 рет").
_COUNT_OF_SPAN = re.compile(r"\b" + _SPAN + r"(?:\s+[^\W\d]+){0,2}\s+\d")
_COUNT_OF_FIRST = re.compile(r"\b(?:алгашки\s+" + _SPAN + r"|(?:ашилу|ашилган|алгашки|биринши)"
                             r"\s+кун(?:и|инде|де)?)(?:\s+[^\W\d]+){0,2}\s+\d")


_COUNT_OF_ONE_DAY = re.compile(r"\b(?:ашилу|ашилган|биринши)\s+кун\w*(?:\s+[^\W\d]+){0,3}\s+\d")
ONE_DAY, WHOLE_RUN = "one day", "whole run"

# A rate asked (folded): "күніне қанша адам келеді?", "сколько страниц в день", "how many
# visitors a day", per day, week, month or year. Not a named day or year ("Тәуелсіздік күніне
# орай", "30 жылына орай"), nor "кітап аптасына", "наурыз айына" (a week's or month's name: only
# "апта сайын", "ай сайын" are rates in Kazakh). Russian "в день" only before a verb or at the
# end ("в день открытия", "в день начала" are dates); English not "for a year", "a year later".
_NOT_A_RATE = r"(?!\s+(?:орай|арнал|байланист|дейин|тус))"
_RU_RATE_NEXT = r"(?=\s*(?:$|\?|\w+(?:ют|ет|ит|ят|ат|ли|л|тся|ся|лос|лас|лис)\b))"
# But "аптасына үш рет", "айына екі сағат" (and "аптасына неше рет?"): a week's or month's times
# or hours are a rate.
_TIMES_OF = (r"ина\s+(?:\d+|неше|канша|" + "|".join(kazakh.fold(w) for w in _NUMBERS.split())
             + r")\w*\s+(?:рет|марте|сагат|кун)")
_RATES = {"day": r"(?<!\d )кунине" + _NOT_A_RATE + r"|кун\s+сайин|таулигине|\bв\s+(?:ден|сутки)"
                 + _RU_RATE_NEXT + r"|ежедневно\b|\bdaily\b",
          "week": r"апта\s+сайин|\bаптас" + _TIMES_OF + r"|\bв\s+неделю" + _RU_RATE_NEXT
                  + r"|еженедельно\b|\bweekly\b",
          "month": r"\bай\s+сайин|\bай" + _TIMES_OF + r"|\bв\s+месятс" + _RU_RATE_NEXT
                   + r"|ежемесячно\b|\bmonthly\b",
          "year": r"(?<!\d )жилина" + _NOT_A_RATE + r"|жил\s+сайин|\bв\s+год" + _RU_RATE_NEXT
                  + r"|ежегодно\b|\bannually\b|\byearly\b"}
_RATE_ASKED = {unit: re.compile(pattern + r"|\b(?:per|each|every)\s+" + unit + r"\b"
                                + r"|(?<!\bfor )(?<!\bin )(?<!\bon )(?<!\bwithin )(?<!\bover )"
                                + r"(?<!\bafter )\ba\s+" + unit
                                + r"\b(?!\s+(?:later|ago|after|before|earlier))")
               for unit, pattern in _RATES.items()}
_RATE_TOLD = {unit: re.compile(pattern) for unit, pattern in _RATES.items()}
# "Әр ауылдық кітапханаға неше дана?", "How many copies will each library get?": a share for
# each one, told as such ("әр мектепке 15 данадан"), not by the total given out (folded).
_RATE_ASKED["each"] = re.compile(r"\bар\s+(?!турли)\w|\bарбир|\beach\b|\bкажд|\bпо\s+скольку\b")
_RATE_TOLD["each"] = re.compile(r"\bар\s+\w|\bарбир|\bаркайси|\d\s*(?:данадан|данадын)")


# Birth and death, as questions ask them (folded: "қай жылы туған", "when did he die", "когда
# умер") and as a text tells them ("дүниеге келген", "дүниеден озды", "көз жұмды").
# Not "туған" of a noun: "туған өлке мұражайы", "туған ауылында" (home, native).
_BIRTH = (r"\bту(?:ган(?! (?:олке|жер|ауил|кала|ел\b|тил|онир|аймак|халик|бауир|мекен|ути))"
          r"|ди\b|ил|ип)|\bдуниеге кел|\bомирге кел")
_DEATH = (r"\bкайтис бол|\bдуниеден (?:оз|от)|\bомирден (?:оз|от)|\bкоз жум|\bказа (?:тап|бол)"
          r"|\bдуние сал|\bмерт бол|\bопат бол")
_LIFE_ASKED = {"birth": re.compile(_BIRTH + r"|\bborn\b|\bродил|\bрожден"),
               "death": re.compile(_DEATH + r"|\bdie[ds]?\b|\bdeath\b|\bумер(?:ла|ли)?\b"
                                   r"|\bскончал|\bсмерт")}
# "Ақтамберді жырау (1675–1768)": a life's years, as an encyclopedia gives them after a name.
_LIFESPAN = r"|\(\s*[\d.]{4,10}\s*[-–—]\s*[\d.]{4,10}[^()\d]{0,8}\)"  # "(1675–1768 жж.)"
_LIFE_TOLD = {"birth": re.compile(_BIRTH + _LIFESPAN), "death": re.compile(_DEATH + _LIFESPAN)}


# Kin of someone the question names ("Ақбілектің анасының рөлін кім ойнады?", "Temirbekovtyn
# ayelinin aty kim edi", "How many grandchildren ...?"), as a question asks them (in Kazakh or
# English; in Russian) and as a text tells them (folded). The mother's role is not the
# daughter's, nor is a wife's name her husband's. Kazakh "ұлы" and "қызы" only in a case
# ("ұлының", "қызына"): bare, they are "great" ("Ұлы Жеңіс") and "girl" as often. Folded:
# "отец" is "отетс", "мать" "мат".
_KIN = {
    "mother": (r"\b(?:анаси|шешеси)\w*|\bmothers?\b", r"\bмат(?:ери|ерью)?\b",
               r"\bана(?:м|си|ла|\b)|\bшеше"),
    "father": (r"\bакеси\w*|\bfathers?\b", r"\bот(?:етс|тса|тсу|тсом|тсе)\b",
               r"\bаке(?:м|си|ла|ми|нин|\b)"),
    "son": (r"\bули(?:нин|на|н|мен)\b|\bsons?\b", r"\bсин(?:а|у|ом|овья|овей|ов)?\b",
            r"\bул(?:и|дар)|\bбала"),
    "daughter": (r"\bкизи(?:нин|на|н|мен)\b|\bdaughters?\b", r"\bдоч(?:ери|ерью)?\b",
                 r"\bкиз(?:и|дар)|\bбала"),
    "spouse": (r"\b(?:айели|жубайи|куйеуи)\w*|\bwi(?:fe|ves)\b|\bhusbands?\b|\bspouse",
               r"\bжен(?:а|и|е|ой|у)\b|\bмуж(?:а|у|ем|е)?\b|\bсупруг\w*",
               r"\bайел|\bжубай|\bкуйеу|\bжар(?:и|ин|ина)\b|\bзайиб"),
    "grandchild": (r"\bнемере\w*|\bgrand(?:son|daughter|child)\w*", r"\bвну(?:к|ч)\w*",
                   r"\bнемере|\bшобере"),
    "grandparent": (r"\b(?:атаси|ажеси)\w*|\bgrand(?:father|mother|pa|ma)\w*",
                    r"\bдед(?:а|у|ом|ушк\w*)?\b|\bбабушк\w*",
                    r"\bата(?:м|си|син|лар|миз)|\bаже"),
}
# Russian words are looked for in Russian questions only: folded, "жене" and "сын" are also
# Kazakh ("жеңе", "сын": a win, a critique).
_KIN_ASKED = {kin: re.compile(asked) for kin, (asked, _, _) in _KIN.items()}
_KIN_ASKED_RU = {kin: re.compile(f"{asked}|{ru}") for kin, (asked, ru, _) in _KIN.items()}
_KIN_TOLD = {kin: re.compile(told) for kin, (_, _, told) in _KIN.items()}


# "Немересінің айтуынша, ...", "According to his son, ...": the kin is who speaks, named beside
# the quotation, not in the sentence that answers (folded).
_ATTRIBUTED = re.compile(r"айтуинша|созинше|пикиринше|\baccording to\b|\bпо (?:словам|мнению)\b")


def asked_kin(question: str, lang: str = "kk") -> set[str]:
    """The kin of someone a question asks about ("анасының", "wife", "внуками"); none where
    the kin is the one whose words are asked for. `lang`: the question's (Query.lang)."""
    q = _folded(question)
    if _ATTRIBUTED.search(q):
        return set()
    # A title or a name's compound is no one's kin: "«Атасының мұрасы» көрмесі",
    # "the fathers-and-children club".
    words = _WORD.findall(_QUOTED.sub(" ", kazakh.normalize(question)))
    latin = kazakh.looks_latin_kazakh(kazakh.fold(kazakh.normalize(question)))  # as _folded
    found = set()
    for i, word in enumerate(words):
        folded = kazakh.fold(kazakh.latin_to_cyrillic(word) if latin else word)
        if "-" in word or (i + 1 < len(words) and words[i + 1][:1].isupper()):
            continue  # "бабушке Кулаш Оразбаевой", "ұлы Ерлан": she is named, not her kin
        patterns = _KIN_ASKED_RU if lang == "ru" else _KIN_ASKED
        found |= {kin for kin, asked in patterns.items() if asked.search(folded)}
    return found


# A patronymic names the father: "Дулат Бабатайұлы", "Шернияз Жарылғасұлымен".
_PATRONYMIC = re.compile(r"\b[А-ЯӘҒҚҢӨҰҮҺІ][^\W\d_]{2,}(?:ұлы|қызы|улы|кызы)[^\W\d_]{0,5}\b")


def tells_kin(kin: set[str], sentence: str) -> bool:
    """Whether the sentence speaks of each of those kin."""
    text = kazakh.fold(sentence)
    return all(_KIN_TOLD[k].search(text) or (k == "father" and _PATRONYMIC.search(sentence))
               for k in kin)


def asked_life_event(question: str) -> str | None:
    """"birth" or "death" when a question asks of someone's birth or death (when, at what age,
    how many died)."""
    # Not a title's words: "«Ағаштан туған үн» кітабы неше бет?" asks of no birth.
    q = _folded(_QUOTED.sub(" ", question))
    return next((event for event, asked in _LIFE_ASKED.items() if asked.search(q)), None)


def tells_life_event(event: str, sentence: str) -> bool:
    """Whether the sentence tells that birth or death: "1946–1978 жылдары бригадир болып еңбек
    еткен" is no answer to when he was born, nor "марқұм" to when he died."""
    return bool(_LIFE_TOLD[event].search(kazakh.fold(sentence)))


def dates_only_life(sentence: str) -> bool:
    """Whether every year the sentence gives dates a birth or a death ("1951 жылы ... дүниеге
    келген"): no answer to when anything else happened."""
    text = kazakh.fold(sentence)
    clauses = [c for c in re.split(r"[,;:.()]|\s[–—-]\s", text) if _A_YEAR.search(c)]
    return bool(clauses) and all(_LIFE_DATED.search(c) for c in clauses)


# A person's birth or death, as no idea's ("идея 2023 жылы туған" dates the idea): folded.
_LIFE_DATED = re.compile(r"\bдуниеге кел|\bомирге кел|" + _DEATH)


# "Келесі жылы", "next year", "в следующем году": a question about what is planned (folded).
_NEXT_YEAR = re.compile(r"\b(?:келеси|алдаги) жил|\bnext year|\bследующ\w* год|\bбудущ\w* год")
# What a text plans: the next year, a plan, an intention ("жібермек", "оқымақшы"), a future
# form ("істейді", "шығарылатын", "өтетінін"; not "-ады/-еді", which folded is also the past
# "-ды/-ді": "істеді"), folded.
_FUTURE_TOLD = re.compile(
    r"\b(?:келеси|алдаги) (?:жил|маусим|кезен|уакит)|жоспар|коздел|коздеп|кутил|кутеми|\bтаяу"
    r"|\w{2,}(?:мак|мек|бак|бек|пак|пек)(?:ши|шимиз)?\b|\w{2,}(?:йди|атин|етин|йтин)\w{0,3}\b")
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# "Қанша пайызы цифрланып үлгерді?", "How much has it already given?": what is done so far,
# which a plan ("цифрлау көзделді", "өтінім берілмек") does not tell (folded).
_ASKS_DONE = re.compile(r"\bулгер|\balready\b|\bуже\b|\bалдекашан|\bосы уакитка дейин|\bso far\b"
                        r"|\bto date\b|\bby now\b|\bна сегодня|\bна данный момент"
                        r"|\bказирдин озинде|\bказирге дейин")
_PLAN_TOLD = re.compile(r"жоспар|коздел|коздеп|\b(?!комек)\w{2,}(?:мак|мек|бак|бек|пак|пек)"
                        r"(?:ши|шимиз)?\b")


def asks_done(question: str) -> bool:
    """Whether the question asks what is done so far ("үлгерді", "already", "уже")."""
    return bool(_ASKS_DONE.search(_folded(question)))


# What is done, told next to a plan: "25 аудиокітап жазу жоспарланған, оның алғашқы бесеуі дайын".
_DONE_TOLD = re.compile(r"\b(?:дайин|аяктал|битти|биткен|орындал|улгер)")


def tells_plan(sentence: str) -> bool:
    """Whether the sentence tells a plan or an intention, and nothing done."""
    text = _PLANNED_THING.sub(" ", kazakh.fold(sentence))
    return bool(_PLAN_TOLD.search(text)) and not _DONE_TOLD.search(text)


# A plan's participle before the noun it describes tells no plan: "8 қолжазбаның 3 400 беті
# сканерленді, бұл жоспарланған жұмыстың 65 пайызын құрайды" tells what is done (folded).
_PLANNED_THING = re.compile(r"\b(?:жоспар|коздел)\w*(?:ган|ген)\s+(?=\w)")


def asked_verb(question: str) -> str | None:
    """The lexical term of a Kazakh question's closing verb ("Кітап қашан табылды?" ->
    "табил"), or None."""
    tokens = [t for t in kazakh.tokenize(_folded(question)) if t not in _QUESTION_PARTICLES]
    if not tokens or not _VERB_END.search(tokens[-1]) or _PARTICIPLE.search(tokens[-1]):
        return None
    terms = kazakh.lexical_terms(tokens[-1])
    return terms[0] if terms else None


_QUESTION_PARTICLES = frozenset({"ма", "ме", "ба", "бе", "па", "пе"})


# "Былтыр ... 34 жырау қатысқан болса, биыл ...": last year's figure set against this year's
# (folded).
_LAST_YEAR = re.compile(r"\b(?:билтир\w*|откен жил\w*)")
_THIS_YEAR = re.compile(r"\bбиил\b")


def this_year_part(sentence: str, question: str) -> str | None:
    """What a sentence that sets last year's figures against this year's ("Былтыр сайысқа 34
    жырау қатысқан болса, биыл ...") tells of this year, for a question that does not ask of
    last year; None for any other sentence or question."""
    text = kazakh.fold(sentence).lower()
    if _LAST_YEAR.search(_folded(question)) or not _LAST_YEAR.search(text):
        return None
    match = _THIS_YEAR.search(text)
    return text[match.start():] if match else None


def closes_with(sentence: str, verb: str | None) -> bool:
    """Whether the sentence ends in the verb (its main one): "... көшірмелерін салтанатты түрде
    табыстады." for "табист"."""
    tokens = kazakh.tokenize(kazakh.fold(sentence))
    return bool(verb and tokens and kazakh.lexical_terms(tokens[-1])[:1] == [verb])


def only_describes(sentence: str, verb: str | None) -> bool:
    """Whether the sentence has the verb only as a participle describing a noun ("табылған
    оқулық"), not as what it tells happened."""
    if not verb:
        return False
    forms = [t for t in kazakh.tokenize(kazakh.fold(sentence))
             if (terms := kazakh.lexical_terms(t)) and terms[0] == verb]
    return bool(forms) and all(_PARTICIPLE.search(t) for t in forms)


# A when-question's asking words (folded): "қай жылы", "қай күні", "қашан", "нешінші жылы".
_WHEN_ASKING = re.compile(r"кашан\w*|кай|нешинши")
_WHEN_NOUNS = ("жил", "кун", "уакит", "кез")
# Folded endings of a noun in the locative after its stem: "кітапхана-сында", "музей-інде",
# "кітапхана-дағы".
_LOCATED = re.compile(r"(?:с?ин|н)?[дт][ае](?:ги)?")


def asked_subject(question: str) -> str | None:
    """The stem of what a when-question dates, when it stands bare right before its asking words
    ("Тараз қалалық кітапханасы қай жылы ашылған?" -> "китапхана")."""
    tokens = kazakh.tokenize(_folded(question))
    for i, token in enumerate(tokens):
        if not _WHEN_ASKING.fullmatch(token) or i == 0:
            continue
        if not token.startswith("кашан") and not (
                i + 1 < len(tokens) and tokens[i + 1].startswith(_WHEN_NOUNS)):
            continue
        before = tokens[i - 1]
        terms = kazakh.lexical_terms(before)
        if terms and before.startswith(terms[0]) and before[len(terms[0]):] in ("", "и", "си"):
            return terms[0]
        return None
    return None


# A Russian/English when-question about a thing's beginning: what began is a noun phrase
# before or after the verb ("When was the Central State Archive founded?", "В каком году была
# основана эта библиотека?", "Когда открыли музей?"). Lower case.
_BEGUN = (r"(?P<verb>founded|established|opened|built|created|set up|основан[аоы]?|открыт[аоы]?"
          r"|открыл[аои]?(?:сь|ся)?|построен[аоы]?|построил[аои]?|создан[аоы]?|создал[аои]?"
          r"|учрежден[аоы]?|учредил[аои]?)")
_WHEN_FOREIGN = r"(?:when|(?:in )?(?:what|which) year|когда|в каком году|какого числа)"
_BEGUN_AFTER = re.compile(_WHEN_FOREIGN + r"\s+(?:was|were|did|is|был[аио]?|были)?\s*" + _BEGUN
                          + r"\s+(?P<subject>[^?.!]+)")
_BEGUN_BEFORE = re.compile(_WHEN_FOREIGN + r"\s+(?:was|were|did|is)?\s*(?P<subject>[^?.!]+?)\s+"
                           r"(?:был[аио]?\s+|были\s+)?" + _BEGUN + r"\b")
_DETERMINERS = frozenset("the this that its a an эта этот это эти его её ее их".split())
_PREPOSITIONS = frozenset("в во на из у in at from".split())
_FOREIGN_ADJECTIVE = re.compile(r"[\w-]+(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ского|ской)$")


def foreign_begun_verb(question: str) -> str | None:
    """The verb of a Russian/English when-question about a beginning, as written ("founded"),
    or None."""
    text = question.lower().replace("ё", "е")
    match = _BEGUN_AFTER.search(text) or _BEGUN_BEFORE.search(text)
    return match.group("verb") if match else None


# Folded endings of a verb's forms after its root: passive -ыл/-іл, reflexive -ын/-ін, past
# -ды/-ті, converb -ып/-іп, participles -ған/-ген/-қан/-кен.
_AFTER_ROOT = re.compile(r"(?:ил|ин|ди|ти|ип|ган|ген|кан|кен)\w*")


def tells_verb(sentence: str, roots: list[str]) -> bool:
    """Whether the sentence has a form of a verb by one of its roots ("аш": "ашылды")."""
    return any(t.startswith(root) and _AFTER_ROOT.fullmatch(t[len(root):])
               for t in kazakh.tokenize(kazakh.fold(sentence)) for root in roots)


# Folded roots of Kazakh verbs of beginning: құрылу, салыну, ашылу, негізі қалану.
_BEGUN_ROOTS = ("кур", "сал", "аш", "калан")


def begun_root(question: str) -> str | None:
    """The root of a Kazakh question's closing verb of beginning ("Кітапхана қай жылы
    құрылған?" -> "кур"), or None."""
    tokens = [t for t in kazakh.tokenize(_folded(question)) if t not in _QUESTION_PARTICLES]
    last = tokens[-1] if tokens else ""
    return next((root for root in _BEGUN_ROOTS
                 if last.startswith(root) and _AFTER_ROOT.fullmatch(last[len(root):])), None)


def foreign_asked_subject(question: str) -> str | None:
    """The head noun of what a Russian/English when-question asks the beginning of, as written
    ("When was the Central State Archive founded?" -> "archive"), or None."""
    text = question.lower().replace("ё", "е")
    if (match := _BEGUN_AFTER.search(text)) is not None:
        words = [w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", match.group("subject"))
                 if w not in _DETERMINERS]
        # Russian puts adjectives first: "основан областной музей" -> "музей".
        nouns = [w for w in words if not _FOREIGN_ADJECTIVE.fullmatch(w)]
        return nouns[0] if nouns else None
    if (match := _BEGUN_BEFORE.search(text)) is not None:
        words = [w for w in re.findall(r"[^\W\d_]+", match.group("subject"))
                 if w not in _DETERMINERS]
        if words and words[0] in _PREPOSITIONS:
            return None  # "Когда в Кызылорде открыли ...": where, not what, comes first
        return words[-1] if words else None  # "the Pavlodar regional library": the last noun
    return None


# Folded participle endings, past and present ("өткен", "өтетін", "ашылатын").
_A_PARTICIPLE = re.compile(r"\w*(?:ган|ген|кан|кен|атин|етин|йтин)")


def describes_with(sentence: str, verb: str) -> bool:
    """Whether the sentence has a participle of the verb ("12 қараша күні ... өткен концертте"
    for "өт"), by its root: the stemmer cuts short verbs' forms unevenly ("өтті" -> "от",
    "өткен" -> "отке")."""
    root = verb if len(verb) <= 2 else verb[:-1]
    return any(t.startswith(root) and _A_PARTICIPLE.fullmatch(t)
               for t in kazakh.tokenize(kazakh.fold(sentence)))


def only_located(sentence: str, subject: str) -> bool:
    """Whether the sentence names the subject only as where something happens ("Тараз қалалық
    кітапханасында ... апталығы басталды"): what it dates is that event, not the subject."""
    forms = [t for t in kazakh.tokenize(kazakh.fold(sentence))
             if (terms := kazakh.lexical_terms(t)) and terms[0] == subject]
    return bool(forms) and all(t.startswith(subject) and _LOCATED.fullmatch(t[len(subject):])
                               for t in forms)


def asks_next_year(question: str) -> bool:
    """Whether a question asks about next year ("келесі жылы", "next year")."""
    return bool(_NEXT_YEAR.search(_folded(question)))


# "Өткен жылғы фестивальде ...?", "last year": what the year before the text's own told.
_ASKS_LAST_YEAR = re.compile(r"\bбилтир|\bоткен жил|\blast year|\bprevious year|\bпрошл\w* год")
_THIS_YEAR_ASKED = re.compile(r"\bби(?:и|й|ий)л|\bthis year|\bв этом году")
_LAST_YEAR_TOLD = re.compile(r"\bбилтир|\bоткен жил|\bалдинги жил")


def asks_last_year(question: str) -> bool:
    """Whether a question asks about last year ("былтыр", "өткен жылғы", "last year"); not one
    that asks which of the two years it was ("биыл ма, әлде былтыр ма?")."""
    folded = _folded(question)
    return bool(_ASKS_LAST_YEAR.search(folded)) and not _THIS_YEAR_ASKED.search(folded)


def tells_last_year(sentence: str, now: int | None = None) -> bool:
    """Whether a sentence tells of last year: "How many children attended the camp last year?"
    is not answered by this year's count. `now`: the year the document is dated, whose year
    before is last year ("2024 жылы" in a 2025 text); without it any year may be."""
    return bool(_LAST_YEAR_TOLD.search(kazakh.fold(sentence))) or any(
        now is None or int(year) == now - 1 for year in _A_YEAR.findall(sentence))


def tells_future(sentence: str, now: int | None = None) -> bool:
    """Whether a sentence tells of what is to come: "How many manuscripts will be restored next
    year?" is not answered by the twelve restored in 2024–2025. `now`: the year the document is
    dated, after which any year is to come ("2025 жылдың сәуірінде" in an October 2024 text)."""
    return bool(_FUTURE_TOLD.search(kazakh.fold(sentence))) or (
        now is not None and any(int(y) > now for y in _A_YEAR.findall(sentence)))


def year_of(dateline: str) -> int | None:
    """The year a dateline gives ("Өскемен, 14 қазан 2024 жыл." -> 2024), if any."""
    found = _A_YEAR.search(dateline)
    return int(found.group()) if found else None


# Peoples and their languages and countries ("жапон", "Жапония"), as lexical terms: whole
# stems, not beginnings ("Орысбаев" is no Russian). Not Kazakh: every text here is of Kazakh things.
_PEOPLES = tuple(frozenset(t for w in group.split() for t in kazakh.lexical_terms(w)) for group in (
    "орыс Ресей", "ағылшын Англия", "неміс Германия", "қытай", "француз Франция", "араб",
    "корей Корея", "жапон Жапония", "моңғол Моңғолия", "өзбек Өзбекстан", "парсы Иран",
    "латын", "голланд Нидерланд", "түрік Түркия", "қырғыз Қырғызстан", "татар Татарстан",
    "украин Украина", "поляк Польша",
    "венгр Венгрия", "итальян Италия", "испан Испания"))


def asked_peoples(terms: list[str]) -> list[frozenset[str]]:
    """The peoples (languages, countries) a question's lexical terms name."""
    return [group for group in _PEOPLES if group & set(terms)]


def names_a_person(terms: list[str]) -> bool:
    """Whether a word's lexical terms are a person's ("ғалым", "зерттеуші", "шебер")."""
    return any(_PERSON_NOUN.fullmatch(t) or t in _PEOPLE or t.startswith("шебер")
               or (len(t) > 4 and t.endswith("уш")) for t in terms)  # "зерттеуш(і)"


def names_people(terms: set[str], group: frozenset[str]) -> bool:
    """Whether lexical terms name that people, its language or country."""
    return bool(group & terms)


def asked_rate(question: str) -> str | None:
    """The unit of a rate a count asks ("күніне қанша", "per day": "day"), or None."""
    q = _folded(question)
    return next((unit for unit, asked in _RATE_ASKED.items() if asked.search(q)), None)


def rate_told(unit: str, sentence: str) -> bool:
    """Whether the sentence tells a count per `unit` ("күніне 600 парақ"): a total ("38 сағат
    уақыт жұмсаған") is no answer to how many hours a day."""
    return bool(_RATE_TOLD[unit].search(kazakh.fold(sentence)))


def asked_period(question: str) -> str | None:
    """ONE_DAY ("ашылу күні", "on the opening day", "в первый день"), WHOLE_RUN ("жабылғанға
    дейін", "до её закрытия") or None: the time a count question asks of."""
    q = _folded(question)
    if _ONE_DAY.search(q) and not re.search(_SPAN, q):
        return ONE_DAY
    return WHOLE_RUN if _WHOLE_RUN.search(q) else None


def count_of_another_period(period: str | None, sentence: str) -> bool:
    """Whether the sentence's count is of another time than `period` (asked_period): a span's
    for one day ("алғашқы үш күнінде 2 850 адам" is not how many came on the opening day), or
    the first day's or days' for the whole run ("ашылған алғашқы күні 400 адам" is not how many
    are expected by its close)."""
    if period is None:
        return False
    text = kazakh.fold(sentence)
    if period == ONE_DAY:
        # ... unless it tells the day's as well ("Ашылған күннің өзінде 820 адам келсе,
        # алғашқы аптада 3 850 адам").
        return bool(_COUNT_OF_SPAN.search(text)) and not _COUNT_OF_ONE_DAY.search(text)
    return bool(_COUNT_OF_FIRST.search(text))


def asks_part(question: str) -> bool:
    """Whether a "how many" question asks how many of a whole ("Хаттардың қаншасы ...?") or
    what share ("Какая доля ...?")."""
    text = _folded(question)
    return bool(_ASKS_PART.search(text) or _SHARE.search(text))


def tells_part(sentence: str) -> bool:
    """Whether the sentence tells a part of a whole: "олардың 87-сі", "65 пайызы"."""
    return bool(_PART_TOLD.search(kazakh.fold(sentence)))


def tells_age(sentence: str, group: bool = False) -> bool:
    """Whether the sentence tells an age: "52 жаста", "9 жасар", "1961 жылы туған", "70 жасқа
    толған", "орташа жасы – 34", "оның жасы 550 жылдан асады". Not an age range ("7 мен 13 жас
    аралығындағы" is whom a club is for, not how old anyone is), unless the ages of a `group`
    are asked ("What age were the participants?")."""
    text = kazakh.fold(sentence)
    return bool(_AGE_TOLD.search(text) or (group and _AGES_OF_A_GROUP.search(text)))


_HE_SHE = frozenset({"ол", "онин"})  # folded "ол", "оның"
_APPOSED_AGE = re.compile(r"([^\W\d_]+)\s+[–—-]\s+\d+\s+жаст", re.IGNORECASE)


def age_told_of(sentence: str, names: set[str], before: str = "") -> bool:
    """Whether the sentence gives an age of someone `names` names (lexical terms): "N жастағы"
    is of the first name after it, past the role between ("62 жастағы жазушы, «Дала жыры»
    романының авторы Әділбек Жұматаев"); "N жаста" of the name before it ("Гүлнар 52 жаста").
    "24 жастағы медиамаман Нұрсұлтан" is no answer to how old Бақытжан is. `before`: the
    sentence before, whose names the sentence's age may be of (its own ages are not read)."""
    for apposed in _APPOSED_AGE.finditer(sentence):
        # "Серік Жұмағалиев – 67 жастағы зейнеткер, ол Орал қаласындағы ...": the age after a
        # dash is of the name before it, whatever name comes later.
        if names & set(kazakh.lexical_terms(apposed.group(1))):
            return True
    told = _WORD_OR_NUMBER.findall(_QUOTED.sub(" ", before))
    words = told + _WORD_OR_NUMBER.findall(_QUOTED.sub(" ", sentence))
    for i, word in enumerate(words[:-1]):
        if i < len(told):
            continue
        if not (word[0].isdigit() or _NUMBER_WORDS.fullmatch(kazakh.fold(word))):
            continue
        age = kazakh.fold(words[i + 1])
        if not age.startswith("жас"):
            continue
        if age.startswith("жастан") or (age == "жаска" and kazakh.fold(
                words[i + 2] if i + 2 < len(words) else "").startswith("дейин")):
            continue  # an age limit: "23 жасқа дейінгі", "18 жастан асқан"
        before = [w for w in words[max(0, i - 6):i] if w[:1].isupper()][-2:]
        if before and all(kazakh.fold(w) in _HE_SHE for w in before):
            # "... әжеміз Бибігүл ... . Ол кісі 2023 жылы 96 жасында қайтыс болды": "ол" is
            # the one the sentence before names.
            before = [w for w in told if w[:1].isupper()][-2:]
        if age.startswith(("жаста", "жасин", "жаска")) and not age.startswith("жастаги"):
            whose = before
        else:
            after = words[i + 2:i + 12]
            first = next((k for k, w in enumerate(after) if w[:1].isupper()), None)
            # "... тұрғыны Сәуле Бекенова. 52 жастағы әйел ...": with no name after it, the
            # age is of the one named before (in the sentence before, when given).
            whose = after[first:first + 2] if first is not None else before
        if names & {t for w in whose for t in kazakh.lexical_terms(w)}:
            return True
    return False


# The stems of "қай X" that ask a place: city, village, district ("ауданда" -> "ау"), region,
# country. Folded.
_PLACE_STEMS = frozenset({"кала", "ауил", "ау", "аудан", "облис", "онир", "ел", "елд",
                          "мемлекет"})


# "In which district", "в каком районе", "из какого города": a Russian/English place asked.
_FOREIGN_PLACE = re.compile(
    r"\b(?:which|what) (?:city|town|village|district|region|country)\b(?! hall| music| council)"
    r"|\b(?:в|из) как(?:ом|ого) (?:городе|города|селе|села|районе|района|регионе|региона)\b"
    r"|\b(?:в|из) какой (?:стране|страны)\b")
_WHERE = re.compile(r"\b(?:where|кайда|где)\b")


def asks_where(question: str) -> bool:
    """Whether a question asks where ("қайда", "қай қалада", "where", "в каком городе")."""
    return bool(_WHERE.search(_folded(question))) or asks_place(question)


def asks_place(question: str) -> bool:
    """Whether "қай X" asks a place ("қай қалада", "in which district", "в каком городе"); not
    an adjective of X ("қай қалалық кітапхана", "қай мемлекеттік мекеме") nor a word that
    begins like one ("қаламгер")."""
    if _FOREIGN_PLACE.search(question.lower()):
        return True
    match = _ASKS_WHICH.search(_folded(question))
    word = (match.group(1) or match.group(2)) if match else None
    return bool(word and not _ADJECTIVE.search(word) and kazakh.stem(word) in _PLACE_STEMS)


# A place name with a case ending of place ("Қызылордада", "Алматыдан", "Таразға"), folded.
_PLACE_CASE = re.compile(r"\w{3,}(?:да|де|та|те|дан|ден|тан|тен|нан|нен|га|ге|ка|ке)(?:ги)?")


def opens_with_place(title: str, names: set[str] | frozenset[str]) -> bool:
    """Whether a title opens with a place in a case of place ("Қызылордада ... өтті"): a word
    the corpus writes as a name (`names`), not any capitalised first word ("Кітапханада")."""
    first = _WORD.findall(title)[:1]
    return bool(first and _PLACE_CASE.fullmatch(kazakh.fold(first[0]))
                and set(kazakh.lexical_terms(first[0])) & names)


def names_place(sentence: str, skip: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether the sentence can name a place: a capitalised word past its first one that is no
    person's name (no surname after it or in it: "Дәурен Жанұзақов"), or any before a place's
    kind ("Түркістан облысы")."""
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        if not word[:1].isupper() or word.isupper() or set(kazakh.lexical_terms(word)) & skip:
            continue  # not whom the question asks about
        after = words[i + 1] if i + 1 < len(words) else ""
        if _PLACE_KIND.match(kazakh.fold(after)):
            return True
        if i > 0 and not _SURNAME.search(kazakh.fold(word)) and not (
                after[:1].isupper() and _SURNAME.search(kazakh.fold(after))):
            return True
    return False


# A quoted title and the word after it: "«Қайта оянған мұра» атты", "«Білім көші» кітапхана".
_TITLE_THEN = re.compile(r"«[^«»]{2,}»\s+([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?")
_NAMING_WORDS = frozenset({"атти", "аталатин", "атимен"})
# "деп / деген" after a quotation mostly end speech ("«…» деп атап өтті"); a name only when
# "атал-" / "атпен" follows ("«…» деп аталатын", "«…» деген атпен").
_SAYING_WORDS = frozenset({"деп", "деген"})


# A title in quotes, not a quotation ("«...», – деді"): 3-80 letters.
_QUOTED_TITLE = re.compile(r"«([^«»]{3,80})»(?!\s*,?\s*[–—-])")


def quoted_titles(text: str) -> list[tuple[str, ...]]:
    """Lexical terms of each quoted title of two to six terms in the text («Жұлдызды дала»)."""
    out = []
    for match in _QUOTED_TITLE.finditer(text):
        terms = tuple(dict.fromkeys(kazakh.lexical_terms(match.group(1))))
        if 2 <= len(terms) <= 6:
            out.append(terms)
    return out


def title_neighbours(question: str, titles: list[tuple[str, ...]]) -> list[str] | None:
    """The words next to where the question names one of the titles (lexical terms of each),
    which say what kind of thing it is ("«Әжемнің ертегілері» кітабы", "сборник «...»"); None
    when it names none of them word by word."""
    words = _WORD.findall(question)
    terms = [set(kazakh.lexical_terms(w)) for w in words]
    out: list[str] | None = None
    for title in titles:
        for i in range(len(words)):
            if title[0] not in terms[i]:
                continue
            end = next((k for k in range(i, min(i + len(title) + 2, len(words)))
                        if title[-1] in terms[k]), None)
            if end is not None:
                out = (out or []) + words[max(0, i - 1):i] + words[end + 1:end + 2]
    return out


def names_other_titles(sentence: str, asked: list[tuple[str, ...]], kinds: set[str]) -> bool:
    """Whether the sentence gives another thing of the kind the question asks about, and not
    the one it names (`asked`: the lexical terms of each title it names; `kinds`: its lexical
    terms): "«Жұлдызды дала» романы қашан шықты?" is not answered by "2016 жылы жарық көрген
    «Темір құстар» романы". A title of another kind may well be the answer: "Серияны
    «Сарыарқа кітап» баспа үйі шығарады" for "who publishes the series «...»"."""
    if not asked:
        return False
    present = set(kazakh.lexical_terms(sentence))
    if any(set(title) <= present for title in asked):
        return False
    # The kind after "атты": "«Алғашқы қадам» атты жинақ" is a collection, too.
    return any(set(kazakh.lexical_terms(
        match.group(2) if kazakh.fold(match.group(1).lower()) in _NAMING_WORDS and match.group(2)
        else match.group(1))) & kinds for match in _TITLE_THEN.finditer(sentence))


# A case ending of a noun (folded): genitive, dative, locative, ablative, accusative,
# instrumental ("Кітаптың бір бөлігі": the book's, no qualifier of "бір").
_CASE_ENDING = re.compile(r"(?:нин|дин|тин|га|ге|ка|ке|на|не|да|де|та|те|дан|ден|тан|тен|нан"
                          r"|нен|ди|ти|ни|мен|бен|пен)$")


@functools.lru_cache(maxsize=8192)  # the corpus's sentence pairs, asked again per question
def takes_up_title(previous: str, sentence: str) -> bool:
    """Whether the sentence opens with the kind of thing the sentence before it named by a
    quoted title ("... «Теңіз сөйлейді» атты көрме ашылды. Көрме 30 қарашаға дейін жұмыс
    істейді."): it goes on about that thing, and is read with its name."""
    first = _WORD.findall(sentence)[:2]
    head = kazakh.lexical_terms(first[0]) if first else []
    if not head:
        return False
    opening, after = (kazakh.fold(w) for w in (first + [""])[:2])
    if after and first[1][:1].islower() and not _CASE_ENDING.search(opening) and (
            kazakh.stem(after) == after) and not (number_word(after) or kazakh.stopword(after)):
        return False  # "Орталық мұрағат директоры ...": a bare word before a bare noun qualifies it
    kinds: set[str] = set(_named_kinds_in(previous))
    for match in _TITLE_THEN.finditer(previous):
        word = match.group(1)
        if kazakh.fold(word) in _NAMING_WORDS | _SAYING_WORDS:
            word = match.group(2) or ""
        kinds.update(kazakh.lexical_terms(word))
    return head[0] in kinds


# The kind noun of a name, with its possessive (folded): "музейі", "кітапханасының".
_NAME_HEAD = re.compile(r"[^\W\d_]{2,}(?:и|си)(?:н|нин|на|не|нда|нде|нан|нен|мен|ндаги|ндеги)?")


def _named_kinds_in(text: str) -> list[str]:
    """The kinds of the things the text names: the possessed noun closing a name, after its
    capitalised words and at most two lower-case ones ("Жезқазған тарихи-археологиялық
    музейі" -> "музей"). A sentence that opens with that noun ("Музейдің аға ғылыми
    қызметкері ...") goes on about the one named. (The text's first word counts too, though
    its capital may be its position's: "Нысанның құрылысына ... . Құрылыс жұмыстары ..." is
    read as one as well; requiring a name there lost 2 KazQAD answers.)"""
    # Not a word closing a clause: a verb's place ("... ұсынды.", "қатысты,").
    clauses = re.sub(r"[^\W\d_]+(?:-[^\W\d_]+)*(?=\s*(?:[,.;:!?»)]|$))", "", text)
    words = _WORD.findall(text)
    heads = set(_WORD.findall(clauses))
    out: list[str] = []
    for i, word in enumerate(words):
        if (not word[:1].islower() or word not in heads
                or not _NAME_HEAD.fullmatch(kazakh.fold(word))):
            continue
        between = list(itertools.takewhile(lambda w: w[:1].islower(), reversed(words[:i])))
        name = i - len(between) - 1  # the name's last word
        if len(between) <= 2 and name >= 0 and words[name][:1].isupper():
            out.extend(kazakh.lexical_terms(word)[:1])
    return out


def gives_title(sentence: str, terms: set[str]) -> bool:
    """Whether the sentence names something with a quoted title: «…» followed by a naming word
    ("атты") or by a word of the question ("«Білім көші» кітапхана-автобусы"), or whose own
    last word is one ("Кириловтың «Бүкілресей империясының атласы»" for the atlas's name)."""
    for match in _TITLE_THEN.finditer(sentence):
        last = _WORD.findall(match.group(0).rsplit("»", 1)[0])[-1:]
        if last and set(kazakh.lexical_terms(last[0])) & terms:
            return True
        word = kazakh.fold(match.group(1))
        if word in _SAYING_WORDS:
            after = kazakh.fold(match.group(2) or "")
            if after.startswith(("атал", "атпен")):
                return True
            continue
        if set(kazakh.lexical_terms(match.group(1))) & terms:
            return True
        if word in _NAMING_WORDS:
            # "«Самар: бір ғасырдың куәсі» атты кітап" names a book, no answer to what the
            # project is called: the thing after "атты" (within six words) is one the
            # question asks of, if it asks of any the sentence has.
            after = {t for w in _WORD.findall(sentence[match.end(1):])[:6]
                     for t in kazakh.lexical_terms(w)}  # "атты IV халықаралық ... конференция"
            if not after or after & terms or not terms & set(kazakh.lexical_terms(sentence)):
                return True
    return False


def is_surname(word: str) -> bool:
    """Whether a word is a Kazakh or Russian surname in any case ("Сүлейменовтің")."""
    return bool(_SURNAME.fullmatch(kazakh.fold(word)))


def is_place(word: str, after: str) -> bool:
    """Whether a capitalised word names a place where something was, not who did it."""
    folded = kazakh.fold(word)
    return bool(_LOCATIVE.fullmatch(folded) or _PLACE_KIND.match(kazakh.fold(after)))


def which_noun(question: str) -> str | None:
    """The stem of the noun a "қай X" question asks for ("қай ортамен" -> "орта"), folded."""
    match = _ASKS_WHICH.search(_folded(question))
    return kazakh.stem(match.group(1) or match.group(2)) if match else None


def asks_which_person(question: str) -> bool:
    """Whether a "қай X" question asks for a person ("қай актері", "қай ақын"): a name answers
    it, not a place."""
    match = _ASKS_WHICH.search(_folded(question))
    word = (match.group(1) or match.group(2)) if match else ""
    return bool(word) and is_person_word(word)


def is_person_word(word: str) -> bool:
    """Whether a word names a person by a role ("маманы", "ғалымы"). Read as written as well as
    by its terms: the stemmer cuts some roles short ("маманы" -> "мама", "оқырман" -> "окирма")."""
    folded = kazakh.fold(word).lower()
    return bool(_PERSON_NOUN.fullmatch(folded)) or names_a_person(kazakh.lexical_terms(word))


def which_adjectives(question: str) -> set[str]:
    """Lexical terms of the relative adjectives right after "қай" ("қай шетелдік архив")."""
    match = _ASKS_WHICH.search(_folded(question))
    if not match or not match.group(1) or not _ADJECTIVE.search(match.group(1)):
        return set()
    # An adjective goes with a noun after it; "қай министрлік ұйымдастырды?" asks the noun.
    after = _WORD.findall(_folded(question)[match.end():])[:1]
    if not after or _VERB_END.search(after[0]):
        return set()
    return set(kazakh.lexical_terms(match.group(1)))


def named_noun(sentence: str, noun: str) -> bool:
    """Whether the sentence has the noun with a name among the four words before it
    ("Женева саясат және қауіпсіздік орталығы" for "қай орталық"), or a number ("№17
    мектептің" for "қай мектепте")."""
    if not noun:
        return False
    words = _WORD.findall(sentence)
    head = noun[:4]
    for numbered in re.finditer(r"(?:№\s*\d+\S*\s+|\b\d+-)(\w+)", kazakh.fold(sentence)):
        if numbered.group(1).startswith(head) and not _ADJECTIVE.search(numbered.group(1)):
            return True  # "№17 мектептің", "17-мектепте"; not "№3 қалалық ауруханада"
    for i, word in enumerate(words):
        folded = kazakh.fold(word)
        # A short stem must be the word's own: "ел" (country) begins "электронды".
        own = len(noun) > 3 or kazakh.stem(folded) in (noun, noun + "и")
        if i and own and folded.startswith(head) and any(
                w[:1].isupper() for w in words[max(1, i - 4):i]):
            return True
    return False


# Kinds of institution whose names say the kind ("Еуразия ұлттық университеті", "«Ұлағат»
# баспасы"): "Айдос қай университетті бітірген?" is not answered by a sentence that names none.
# Folded stems, as which_noun gives them; "оқу орны" (a place of study) is any school. A firm
# is named by its legal form as often as by "компания" («Мұғалжар Энерджи» ЖШС, «Ертіс
# Реставрация» серіктестігі): "Қай компания қолдады?" is not answered by a person or a city
# (2 of stop 43's opened sets). Not "мекеме", "қала": any body or place answers those.
_PLACE_OF_STUDY = re.compile(r"\bоку орн\w*")  # "оқу орны" (folded), any school
_SCHOOLS = ("университет", "мектеп", "лицей", "колледж", "институт", "академия", "гимназия")
_MUSEUMS = ("муражай", "музей")
_FIRMS = ("компания", "сериктестик", "жшс", "корпорация", "холдинг", "касипор", "фирма",
          "акционерлик")
_NAMED_KINDS = {**{k: (k,) for k in _SCHOOLS + ("баспа", "зауит", "фабрика", "телеарна",
                                                "театр")},
                **{k: _MUSEUMS for k in _MUSEUMS}, **{k: _FIRMS for k in _FIRMS}}


# "Қай мекеме / ұйым?" asks for a body, which a text may name in lower case ("облыстық мәдениет,
# архивтер және құжаттама басқармасының қолдауымен"): by the kind of body it is (folded).
_ANY_BODY = frozenset({"мекеме", "уйим"})
_BODY = re.compile(r"\b(?:баскарма|министрлик|акимдик|китапхана|муражай|музей|архив|мурагат"
                   r"|университет|орталиг|орталик|уйим|когам|баспа|академия|институт"
                   r"|департамент|комитет|агенттик|агенттиг)\w*")


# Offices, which Kazakh names in lower case by what they are of ("облыстық мәдениет
# басқармасы"); not a school or a library, which have names of their own (folded).
_OFFICE_KINDS = ("баскарма", "министрлик", "акимдик", "департамент", "комитет", "агенттик")


def names_body(noun: str, sentence: str) -> bool:
    """Whether a "қай X" question asks for a body and the sentence names one: any body by its
    kind, for X "мекеме", "ұйым"; for X an office ("басқарма"), one by what it is of
    ("облыстық мәдениет ... басқармасы қаржыландырды")."""
    folded = kazakh.fold(sentence)
    if noun in _ANY_BODY:
        return bool(_BODY.search(folded))
    return noun.startswith(_OFFICE_KINDS) and re.search(
        rf"[^\W\d_]{{3,}}\s+{re.escape(noun)}(?:си|и)\w*", folded) is not None


def named_kinds(question: str) -> tuple[str, ...] | None:
    """The kinds of institution a "қай X" question asks for (see _NAMED_KINDS), or None."""
    noun = which_noun(question)
    if which_adjectives(question):
        return None  # "қай академиялық жинақ": a collection, not an academy
    if noun == "оку" and _PLACE_OF_STUDY.search(_folded(question)):
        return _SCHOOLS
    return _NAMED_KINDS.get(noun or "")


def kind_named(sentence: str, kinds: tuple[str, ...]) -> bool:
    """Whether the sentence names an institution of one of these kinds."""
    folded = kazakh.fold(sentence)
    # A final "п" / "к" voices before a vowel: "мектеп" is "мектебінің" when inflected.
    return any(re.search(r"\b" + re.sub(r"п$", "[пб]", re.sub(r"к$", "[кг]", k)), folded)
               for k in kinds)


# "Кем работает Ольга Ким?", "Ольга Ким кім болып жұмыс істейді?": a role or trade is asked,
# which "дәріхана меңгерушісі Ольга Ким" tells without another name (folded).
_ASKS_ROLE = re.compile(r"\bкем (?:работа|явля|служ|труд)\w*"
                        r"|\bким болип (?:жумис|кизмет|истей|енбек)"
                        r"|\bпо (?:спетсиалн|професси)\w*|\bby (?:profession|training)\b"
                        r"|\bмамандиги (?:ким|кандай)\b")


def asks_person(question: str) -> bool:
    """Whether the question asks who did something, which a name answers (see PERSON)."""
    text = _folded(question)
    if _ASKS_ROLE.search(text):
        return False
    named = _NAMED_WHO.match(text)
    # "Ерлан Тоқтаров кім (екен)?"; typed in lower case, a surname tells the name ("ерлан
    # токтаров ким ол").
    if named and (all(w[:1].isupper() for w in _WORD.findall(question)[:2 if named.group(2)
                                                                      else 1])
                  or _SURNAME.fullmatch(named.group(2) or named.group(1))):
        return False
    return (bool(_ASKS_PERSON.search(text)) and not _WHO_IS_NAMED.search(question)
            and not asks_who_said(question) and not _OTHER_FIRST.match(text))


def asked_action(question: str) -> str | None:
    """The verb root of a Kazakh "who did it" question ("Конференцияны кім ашты?" -> "аш"),
    folded; None for other questions, for "кім" without a verb ("директоры кім?") and for verbs
    of speaking (a quotation shows who spoke without the verb; "X деп кім атады?" asks who
    called it X)."""
    text = _folded(question)
    if not _WHO.search(text):
        return None
    tokens = [t for t in kazakh.tokenize(text) if t not in ("ма", "ме", "ба", "бе", "па", "пе")]
    if not tokens or _SPEECH_MARK.match(tokens[-1]) or "деп" in tokens:
        return None
    at = len(tokens) - 1
    if _WHO.fullmatch(tokens[at]):
        # "Конференцияны ашқан кім?": the participle before "кім" is the action.
        if len(tokens) < 2 or not _PARTICIPLE.search(tokens[-2]) or _SPEECH_MARK.match(tokens[-2]):
            return None
        at -= 1
    verb = tokens[at]
    ending = _VERB_END.search(verb)
    if ending is None:
        return None
    if at > 0 and tokens[at - 1] in _AS_A:
        return None  # "кім қонақ болып келді?": "қонағы ... болды" says who, without "келді"
    root = verb[:ending.start()]
    if ending.group() == "ти" and len(root) > 3 and root.endswith("п"):
        # "жасапты", "келіпті": the evidential past is a converb's "-п" and "-ты".
        root = root[:-1]
        root = root[:-1] if root.endswith("и") and root[-2:-1] not in "аеиоу" else root
    # After "-ады/-еді" only "-ыл/-іл" ("айтылады"): a root in "-ла/-ле" is left as "-л" there
    # ("бағалады": "багал", active).
    if _PASSIVE_ROOT.search(root) and (ending.group() not in ("ади", "еди", "йди")
                                       or root.endswith("ил")):
        # "Кім марапатталды?" asks to whom it was done: "жүлдесін X иеленді" says so without
        # the verb, and a passive sentence names no doer the rule would look for anyway.
        return None
    if root in _AUXILIARIES and at > 0 and (
            converb := re.fullmatch(r"(\w{2,}?)(?:ип|п)", tokens[at - 1])):
        # "Бекболатты кім ойнап шықты?": the action is the converb's ("Бекболат рөлін ...
        # Нұрлан Әбдірахманов ... ойнады"), the verb after it only says how it went.
        if _SPEECH_MARK.match(tokens[at - 1]):
            return None  # "кім айтып берді?": who spoke, as above
        root = converb.group(1)
    # "Кім бірінші болды?", "кім сөз алды?", "кім жетекшілік етеді?": "бол" (be) and the
    # light verbs of "noun + verb" phrases (take, do) name no action a text must repeat; nor
    # do "come" and "go" (see _LIGHT_VERBS).
    return root if len(root) >= 2 and root not in _LIGHT_VERBS else None


# Verbs that follow a converb to say how its action went ("оқып шықты", "жазып берді",
# "сызып қойды", "салып тастады"), folded; "қойды" leaves "ко" (its "-йды" read as an ending).
_AUXILIARIES = frozenset({"шик", "бер", "кой", "ко", "сал", "таста", "жибер", "кет"})


# "Әкімдіктен кім келді?", "делегацияны кім бастап барды?": coming and going to an event is
# told as taking part ("салтанатына ... қатысты"), or by a list of names with no verb; joining
# ("алқаға кім кірді?") as being among them ("алқа құрамында ... болды"); reaching a noun
# ("кім жеңіске жетті?") as what the noun says ("бас жүлдені ... жеңіп алды", "жеңімпаз атанды").
_LIGHT_VERBS = frozenset({"бол", "ал", "ет", "кил", "кел", "бар", "атан", "кир", "жет"})
# A passive verb's root (folded): "марапаттал", "тағайындал", "шақырыл"; not "ал" (take), "бол"
# (be) or "сал" (build), too short to carry a suffix. An intransitive root in "-л" ("айналды")
# reads as passive too: no verb is asked of it then, as of one that names no doer.
_PASSIVE_ROOT = re.compile(r"(?:\w{3,}[аеиоу]л|\w[^аеиоу\W]ил)$")
# "N болып / ретінде V" (V as N): the noun is what is asked, the verb only how. Folded.
_AS_A = frozenset({"болип", "ретинде"})


# What may follow a root of two letters in a verb ("қиды", "қиып"): "қи" also begins
# "кітапхана" once folded. Folded.
_VERB_TAIL = re.compile(r"(?:ди|ти|ган|ген|кан|кен|ип|ып|п|ад|ед|йд|у|са|се|ш)")


def does_action(sentence: str, verb: str) -> bool:
    """Whether the sentence has the verb in an active form, so it can say who did it: "кітап
    алмасу ұсынылды" (was proposed) names no one who proposed."""
    # "дайындады" leaves "дайынд" (its "-ады" read as "жазады"'s): the root may end in a vowel.
    roots = (verb, *synonyms.of(verb), *synonyms.of(verb + "а"), *synonyms.of(verb + "е"))
    # A root's closing ы/і merges into the verbal noun's у: "оқы-" is "оқу", "оқуды" (folded).
    roots += (verb[:-1] + "у",) if verb.endswith("и") and len(verb) > 2 else ()
    for token in kazakh.tokenize(kazakh.fold(sentence)):
        for root in roots:
            rest = token[len(root):]
            if token.startswith(root) and not _PASSIVE.match(rest) and (
                    len(root) > 2 or _VERB_TAIL.match(rest)):
                return True
    return False


# "X-тың авторы кім?", "X-ті кім жазды?" (who wrote X): general text names the author as such,
# by a verb of writing or compiling, or as the owner of the work ("Торайғыровтың романы",
# "Дулаттың еңбегі"); a sentence that only names X ("жинағының тұсаукесері болды") does not.
# Folded.
_ASKS_AUTHOR = re.compile(r"\bавтор(и|лари) ким|\bкто (автор|написал|составил)"
                          r"|\bким (?:жаз|курастир)(?:ди|ган|ип)\b"
                          r"|\b(?:жаз|курастир)(?:ган|кан) ким\b"
                          r"|\bwho (wrote|compiled|authored|is the author)\b")
_AUTHOR_RE = re.compile(r"автор|\bжаз(ди|ган|ип|уши|умен)|\bкурастир|\bшигар(ди|ган|ип)|\bкалам"
                        r"|\bкагазга тусир")  # "... төте жазумен қағазға түсірген"
_NAME_GENITIVE = re.compile(r"\b[А-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]+(ның|нің|дың|дің|тың|тің)\b")


def asks_author(question: str) -> bool:
    """Whether the question asks who wrote or compiled something ("жинақтың авторы кім?")."""
    return bool(_ASKS_AUTHOR.search(_folded(question)))


def names_author(sentence: str) -> bool:
    """Whether the sentence can say who wrote something (see _ASKS_AUTHOR)."""
    return bool(_AUTHOR_RE.search(kazakh.fold(sentence))
                or _NAME_GENITIVE.search(_QUOTED.sub(" ", sentence)))


# "X-ның Y-ы кім / қандай / қанша / не?" asks for the value of Y: "директоры кім", "нөмірі
# қандай". A text that never uses Y cannot answer; one with "Z-ның Y-ы" is about another's Y
# (refusal). Folded forms.
_ASKING = frozenset({"ким", "кимдер", "кандай", "канша", "не", "нени", "неше"})
_WHICH = frozenset({"кай", "кандай"})
_TRAILING = frozenset({"ма", "ме", "ба", "бе", "па", "пе", "болды", "болган", "еди", "екен",
                       "болады", "болып"})
_POSSESSIVE = re.compile(r"[^\W\d_]{2,}(и|ы)$")
_GENITIVE = re.compile(r"[^\W\d_]{2,}(нин|нын|дин|дын|тин|тын)$")
# "Атауы қандай" (what is it called) is answered by the name itself, not by the word "name";
# "бірі қандай" (one of them) by one of them.
_NOT_HEADS = frozenset({"атау", "ата", "ат", "есим", "бир", "оз", "бар"})
_NAME_WORDS = frozenset({"атауи", "ати", "есими"})  # folded "атауы", "аты", "есімі"


# A measure asked of something ("ауылдар саны", "жүлденің сомасы", "залдың ауданы", "өлшемі",
# "жасы", "бағасы", "құны"): the answer is a value, which need not repeat the measure's word.
# Folded, with the possessive.
_MEASURE_HEAD = re.compile(r"(?:сан|сома|молшер|олшем|колем|таралим|дана|аудан|аумаг|бага|кун"
                           r"|жас)(?:и|си)")


def measure_term(term: str) -> bool:
    """Whether a lexical term is a measure a value is told in ("дана", "рет", "мөлшер")."""
    return term in _MEASURES


def measure_word(word: str) -> bool:
    """Whether a question's word asks a measure of something ("көлемі", "саны"), folded."""
    return bool(_MEASURE_HEAD.fullmatch(kazakh.fold(word)))


def asked_head(question: str, measures: bool = True) -> str | None:
    """The lexical term of what a Kazakh question asks the value of ("X-ның директоры кім?",
    "қай елдің азаматы?" -> "директор", "азамат"); None when it asks otherwise, and, without
    `measures`, when it asks a measure ("ауылдар саны қанша?")."""
    tokens = [t for t in kazakh.tokenize(_folded(question)) if t not in _TRAILING]
    # "аты-жөні" (name and patronymic) is one name word; "толық" / "ресми" (full, official)
    # before it say how the name is asked. ("Толық атауы" keeps "толық": asked_head is then
    # None, as the "what is it called" phrase is.)
    tokens = [t for i, t in enumerate(tokens) if not (t == "жони" and tokens[i - 1:i] == ["ати"])
              and not (t in ("толик", "ресми") and tokens[i + 1:i + 3] == ["ати", "жони"])]
    word = None
    # A past verb ends like a possessive ("ашты" / "азаматы"): before "кім" at the end, it is one;
    # before "қандай", "қанша" it is not ("сайты қандай").
    if (len(tokens) >= 2 and tokens[-1] in _ASKING and _POSSESSIVE.fullmatch(tokens[-2])
            and not (tokens[-1] in ("ким", "кимдер") and _VERB_END.search(tokens[-2]))):
        word = tokens[-2]
    # "Қай елдің азаматы?" asks of the citizen; "қай елдердің тұрғындары тыңдаған?", with a
    # verb after, asks which countries.
    for i in range(len(tokens) - 2):
        if (tokens[i] in _WHICH and _GENITIVE.fullmatch(tokens[i + 1])
                and _POSSESSIVE.fullmatch(tokens[i + 2])
                and all(t in _ASKING for t in tokens[i + 3:])):
            word = tokens[i + 2]
    # "Геологтың жұбайының есімі кім?" asks the spouse's name: what it asks about is the spouse.
    if (len(tokens) >= 3 and tokens[-1] in _ASKING and tokens[-2] in _NAME_WORDS
            and _GENITIVE.fullmatch(tokens[-3])):
        word = tokens[-3]
    if word is None or (not measures and _MEASURE_HEAD.fullmatch(word)):
        return None
    terms = kazakh.lexical_terms(word)
    return terms[0] if terms and terms[0] not in _NOT_HEADS else None


# "X-тың (толық) атауы қандай?", "қалай аталады?": the answer is the name itself, so "атауы",
# "толық", "ресми" are how the question asks, not words the answer holds. Folded.
_ASKS_NAME = re.compile(r"(?:\b(?:толик|ресми)\s+){0,2}\b(?:атауи|ати)(?:\W+жони)?\s+"
                        r"(?:кандай|калай|не|ким)\b"
                        r"|\bкалай атал\w*")


def asks_full_name(question: str) -> bool:
    """Whether the question asks someone's "аты-жөні" (name and patronymic, a person's)."""
    return any("жони" in m.group(0) for m in _ASKS_NAME.finditer(_folded(question)))


def name_phrase_terms(question: str) -> frozenset[str]:
    """Lexical terms of a "what is it called" phrase of the question (empty if none)."""
    return frozenset(t for m in _ASKS_NAME.finditer(_folded(question))
                     for t in kazakh.lexical_terms(m.group(0)))


# "X туралы" (about X): the answer speaks of X. Folded.
_ABOUT = frozenset(kazakh.fold(w) for w in ("туралы", "жайлы", "жөнінде", "жайында", "турасында",
                                            "хақында"))


def topic_terms(question: str, names: set[str] = frozenset()) -> list[str]:
    """Lexical terms of what a Kazakh question asks about with "туралы" / "жайлы": the up to
    three words before it, less a first word among `names` (the speaker of "X Y туралы не
    деді")."""
    window = _topic_window(question, names)
    return [t for w in window for t in kazakh.lexical_terms(w)]


def _topic_window(question: str, names: set[str] = frozenset()) -> list[str]:
    tokens = kazakh.tokenize(_folded(question))
    first = 1 if tokens and set(kazakh.lexical_terms(tokens[0])) & names else 0
    for i, token in enumerate(tokens):
        if token in _ABOUT and i > first:
            return tokens[max(first, i - 3):i]
    return []


_WH_OF_TOPIC = frozenset({"кандай", "кай", "не", "нени", "ким", "кимнин", "нелер"})


def topic_asked(question: str) -> bool:
    """Whether what the question's "X туралы" is about is what it asks ("қандай оқиға
    туралы?", "қай жобасы туралы айтты?"): its words then say what kind of thing answers,
    not a topic the text must name."""
    return any(w in _WH_OF_TOPIC for w in _topic_window(question))


def own_names(question: str, lang: str) -> list[str]:
    """The question's capitalised words, titles in quotation marks included: the names it is
    about ("центра «Ордабасы»"). A Russian/English question's first word counts only inside
    quotation marks ("Кто ..." is capitalised by position); a Kazakh one's always (the caller
    keeps only words the corpus uses as names)."""
    words = _CAPITALISED.findall(question)
    quoted = {w for q in _QUOTED.findall(question) for w in _CAPITALISED.findall(q)}
    return [w for i, w in enumerate(words) if i > 0 or w in quoted or lang.startswith("kk")]
