"""Every sentence people read, in one place, so a native speaker can review it without the code.

Users read Kazakh. Staff messages (corpus problems) are Kazakh with the English original after it,
because staff also search the web for them.
"""

from __future__ import annotations

# -- what the bot knows about -------------------------------------------------------------------
TOPIC = (
    "Қазақстан Республикасының Тұңғыш Президенті – Елбасы кітапханасы мен БҰҰ-ның Женевадағы "
    "кітапханасы мен архиві арасында Женевада қол қойылған ынтымақтастық хаттамасы"
)
EXAMPLES = (
    "БҰҰ кітапханасында қанша кітап бар?",
    "Хаттамаға кімдер қол қойды?",
    "Женевадағы конференция қалай аталды?",
)

# -- answers --------------------------------------------------------------------------------------
SOURCES_HEADER = "Дереккөздер:"
SOURCE_LINE = "[{n}] {title}, {paragraph}-абзац"
NOT_FOUND = (
    "Кешіріңіз, мәтінде бұл сұраққа жауап жоқ. Мен тек мына оқиға туралы білемін: {topic}.\n"
    "Мысалы, былай сұраңыз: «{example}»"
)
EMPTY = "Сұрағыңызды сөзбен жазыңыз. Мысалы: «{example}»"
TRIMMED = "Сұрақ тым ұзын болды, тек басын оқыдым."
ANSWER_IN_KAZAKH = {
    "ru": "Отвечаю на казахском языке.",
    "en": "The answer is in Kazakh.",
}
SMALLTALK = {
    "greeting": "Сәлеметсіз бе! Мен {topic} туралы сұрақтарға мәтіннен дәйексөз келтіріп жауап "
                "беремін. Мысалы:",
    "thanks": "Рахмет сізге де! Тағы сұрағыңыз болса, жазыңыз. Мысалы:",
    "bye": "Сау болыңыз! Сұрақ туындаса, қайта жазыңыз. Мысалы:",
}

# -- terminal chat --------------------------------------------------------------------------------
CHAT_WELCOME = (
    "eventqa — {topic} туралы сұрақ-жауап.\n"
    "Сұрағыңызды жазып, Enter басыңыз. Шығу: Ctrl+D немесе /exit."
)
CHAT_PROMPT = "Сұрақ> "
CHAT_BYE = "Сау болыңыз!"

# -- command line (staff and developers) ---------------------------------------------------
LOADING = "Индекс дайындалуда…"
INDEX_REUSED = "Индекс өзгеріссіз: {documents} құжат, {passages} үзінді ({seconds:.1f} с)."
INDEX_BUILT = (
    "Индекс жаңартылды ({reason}): {documents} құжат, {passages} үзінді; "
    "жаңадан {embedded} мәтін векторланды, {reused} мәтін кэштен алынды; "
    "+{added} / −{removed} үзінді ({seconds:.1f} с)."
)
INDEX_REASONS = {
    "new": "бұрын индекс болмаған",
    "corpus_changed": "корпус өзгерді",
    "model_changed": "модель өзгерді",
    "settings_changed": "баптаулар өзгерді",
    "broken": "ескі индекс бүлінген, қайта құрылды",
    "format_changed": "индекс пішімі жаңарды",
    "unchanged": "өзгеріс жоқ",
}
INDEX_BROKEN_NOTE = "Ескерту: бұрынғы индекс жарамсыз болды ({detail}); жаңасы құрылды."
CORPUS_BAD = "Корпус файлында қате бар, индекс өзгертілмеді:"
CORPUS_OK = "Корпус дұрыс: {documents} құжат, {paragraphs} абзац, {files} файл."
CONFIG_BAD = "Баптаулар файлында қате: {error}"
MODEL_BAD = "Модельді жүктеу мүмкін болмады: {error}"
INDEX_WRITE_BAD = "Индексті жазу мүмкін болмады: {error}"
QUERY_MISSING = "Сұрақ берілмеді."

# Corpus problems: code -> Kazakh wording (the English one is in retrieval/corpus.py).
CORPUS_PROBLEMS = {
    "not_found": "корпус табылмады: {path}",
    "no_files": "{path} бумасында корпус файлы (*.yaml) жоқ",
    "unreadable": "файлды оқу мүмкін емес: {error}",
    "not_utf8": "файл UTF-8 мәтіні емес ({offset}-байт); файлды UTF-8 етіп сақтаңыз",
    "yaml_syntax": "YAML жазылуында қате: {problem}",
    "not_mapping": "файл 'documents:' деп басталып, одан кейін құжаттар тізімі келуі керек",
    "no_documents_key": "'documents:' кілті жоқ",
    "documents_not_list": "'documents' тізім болуы керек: әр құжат '- id: ...' деп басталады",
    "document_not_mapping": "{index}-құжат 'кілт: мән' жолдарынан тұруы керек",
    "missing_key": "{index}-құжатта '{key}' жоқ",
    "empty_value": "{index}-құжатта '{key}' бос",
    "wrong_type": "{index}-құжатта '{key}' мәтін болуы керек ({actual} емес)",
    "bad_id": "{index}-құжат: '{value}' id-інде тек латын әріптері, сандар, '-' және '_' болады",
    "duplicate_id": "'{value}' id-і қайталанды (алғаш рет: {first})",
    "unknown_key": "{index}-құжат: белгісіз кілт '{key}' (болатын кілттер: {known})",
    "bad_date": "{index}-құжат: '{value}' күні 2021-09-01 түрінде жазылуы керек",
    "bad_url": "{index}-құжат: '{value}' сілтемесі http:// немесе https:// деп басталуы керек",
    "empty_corpus": "корпуста бірде-бір құжат жоқ",
}


# ================================================================================================
# Telegram (the bot: bot/handlers.py, bot/telegram_format.py, bot/serve.py)
# ================================================================================================
# HTML is added by bot/telegram_format.py; these strings are plain text and are escaped there.

TG_WELCOME = (
    "Сәлеметсіз бе! Мен {topic} туралы сұрақтарға жауап беремін.\n\n"
    "Сұрағыңызды жай ғана жазыңыз. Жауапты мақала мәтінінен дәйексөз етіп келтіремін, "
    "ал [1] сияқты белгі оның қай дереккөзден алынғанын көрсетеді. "
    "Мәтінде жауап болмаса, соны айтамын.\n\n"
    "Мысалы, мына сұрақтардың бірін басып көріңіз:"
)
TG_HELP = (
    "Қалай сұрау керек:\n"
    "• Сұрағыңызды жай ғана жазыңыз. Мысалы: «{example}»\n"
    "• [1], [2] — жауап астындағы дереккөздер тізіміндегі нөмірлер. «📄» батырмасы дәйексөз "
    "алынған толық абзацты көрсетеді, 👍 / 👎 — жауапты бағалау.\n"
    "• Топта мен өзіме арналған хабарға ғана жауап беремін: @{username} деп атаңыз, менің "
    "хабарыма жауап қайтарыңыз немесе «/ask сұрақ» деп жазыңыз.\n"
    "• Кез келген чатта «@{username} сұрақ» деп жазсаңыз, жауапты сол чатқа жіберуге болады.\n\n"
    "Командалар:\n"
    "/start — бастау және сұрақ мысалдары\n"
    "/about — оқиға туралы қысқаша\n"
    "/sources — мен білетін құжаттар\n"
    "/help — осы анықтама"
)
TG_ABOUT_HEADER = "Оқиға туралы"
TG_ABOUT_SOURCE = "Дереккөз: {title}"
TG_SOURCES_HEADER = "Мен білетін құжаттар ({count}):"
TG_SOURCES_EMPTY = "Әзірге бірде-бір құжат жүктелмеген."
TG_ASKED = "Сұрақ: {question}"
TG_COMMANDS = {
    "start": "Бастау және сұрақ мысалдары",
    "help": "Қалай сұрау керек",
    "about": "Оқиға туралы қысқаша",
    "sources": "Мен білетін құжаттар",
    "ask": "Сұрақ қою (топта): /ask сұрақ",
}
TG_UNKNOWN_COMMAND = "Мұндай команданы білмеймін. Не істей алатынымды көру үшін /help деп жазыңыз."
TG_NOT_TEXT = (
    "Кешіріңіз, мен тек мәтінмен жазылған сұрақтарды түсінемін: стикерді, суретті, дауысты "
    "және файлды оқи алмаймын. Сұрағыңызды сөзбен жазыңыз. Мысалы: «{example}»"
)
TG_ASK_USAGE = "Сұрақты /ask командасынан кейін жазыңыз. Мысалы: /ask {example}"
TG_RATE_LIMITED = (
    "Хабарларыңыз тым жиі келіп жатыр. Бір минуттай күте тұрып, сұрағыңызды қайта жазыңыз."
)
TG_ERROR = "Кешіріңіз, қате шықты. Сәлден соң қайта көріңіз."
TG_BUTTON_PARAGRAPH = "📄 [{n}] абзац"
TG_BUTTON_GOOD = "👍"
TG_BUTTON_BAD = "👎"
TG_FEEDBACK_THANKS = "Бағаңызға рахмет!"
TG_PARAGRAPH_GONE = "Бұл мәтін жаңартылған, абзац табылмады. Сұрағыңызды қайта қойыңыз."
TG_BUTTON_EXPIRED = "Бұл батырма ескірген."
TG_INLINE_ANSWER_TITLE = "Мәтіннен жауап"
TG_INLINE_NOT_FOUND_TITLE = "Мәтінде жауап жоқ"
TG_INLINE_OTHER_TITLE = "Сұрақты сөзбен жазыңыз"
TG_INLINE_START = "Бот туралы"
# Staff-facing (the person starting the bot): Kazakh, then the English original.
TG_TOKEN_MISSING = (
    "TELEGRAM_BOT_TOKEN орта айнымалысы берілмеген: бот токенін осы айнымалыға жазып, қайта "
    "іске қосыңыз. — TELEGRAM_BOT_TOKEN is not set: put the bot token into this environment "
    "variable and start again."
)
TG_TOKEN_REJECTED = (
    "Telegram бот токенін қабылдамады: TELEGRAM_BOT_TOKEN мәнін тексеріңіз. — Telegram rejected "
    "the bot token: check TELEGRAM_BOT_TOKEN."
)
TG_WEBHOOK_BAD = "Webhook орнату мүмкін болмады: {error} — setWebhook failed: {error}"
TG_LISTEN_BAD = (
    "Webhook үшін {address} адресін тыңдау мүмкін болмады: {error} — cannot listen on {address} "
    "for the webhook: {error}"
)


# ================================================================================================
# Staff workflow: corpus warnings, the bot following corpus edits, admin commands, the question
# log (bot/watcher.py, bot/admin.py, bot/questionlog.py, bot/report.py)
# ================================================================================================

# Corpus warnings (`eventqa check`): code -> Kazakh (the English one is in retrieval/corpus.py).
CORPUS_WARN = (
    "Ескертулер: корпус жүктеледі, бірақ мына жерлерді тексеріңіз "
    "— Warnings: the corpus loads, but check these:"
)
CORPUS_WARNINGS = {
    "long_paragraph": "'{id}' құжатының {paragraph}-абзацы {chars} таңбалық бір жол: '>' "
                      "белгісімен бүктелген блок немесе жол ауыстыру ұмытылған болуы мүмкін "
                      "(бір абзац — бір жол)",
    "ru_keyboard": "'{id}' құжатының {paragraph}-абзацы орыс пернетақтасымен терілген қазақ "
                   "мәтініне ұқсайды (ә ғ қ ң ө ұ ү һ і әріптері жоқ): іздеу оның сөздерін "
                   "таппай қалады",
    "empty_title": "'{id}' құжатының атауында бірде-бір әріп не сан жоқ",
}

# The running bot follows corpus edits; these go to the admins in Telegram (and to the log).
CORPUS_RELOADED = "Корпус өзгерді, бот енді жаңа мәтінмен жауап береді. — The corpus changed; " \
    "the bot now answers from the new text."
CORPUS_RECOVERED = "Корпус қатесі түзелді, бот жаңа мәтінмен жауап береді. — The corpus " \
    "problem is fixed; the bot answers from the new text."
CORPUS_KEPT = (
    "Бот соңғы дұрыс нұсқамен жауап беруін жалғастырады. Файлды түзетсеңіз, ол өзі қайта "
    "жүктеледі. — The bot keeps answering from the last good version; fix the file and it "
    "reloads by itself."
)
RELOAD_FAILED = (
    "Индексті жаңарту мүмкін болмады: {error}. Бот бұрынғы индекспен жауап беріп тұр. "
    "— Could not update the index: {error}. The bot keeps answering from the previous one."
)

# Admin commands (only for bot.admin_ids; for everyone else they do not exist).
TG_ADMIN_COMMANDS = {
    "reload": "Корпусты қазір тексеріп, қайта жүктеу",
    "stats": "Сұрақтар статистикасы",
    "unanswered": "Жауапсыз қалған сұрақтар",
}
TG_STATS_HEADER = "Статистика"
TG_STATS_PERIODS = {"today": "Бүгін", "week": "Соңғы 7 күн"}
TG_STATS_LINE = (
    "{period}: {total} сұрақ — {answered} жауап берілді, {refused} жауапсыз қалды; "
    "жауап уақытының медианасы {median}; 👍 {good} / 👎 {bad}"
)
TG_STATS_MS = "{ms:.0f} мс"
TG_STATS_NO_TIME = "—"
TG_UNANSWERED_HEADER = "Соңғы {days} күнде жауапсыз қалған не 👎 алған сұрақтар (жиілігі бойынша):"
TG_UNANSWERED_LINE = "{count}× {example}"
TG_UNANSWERED_BAD = " (👎 {bad})"
TG_UNANSWERED_NONE = "Соңғы {days} күнде жауапсыз қалған не 👎 алған сұрақ жоқ."
TG_UNANSWERED_HINT = (
    "Толық тізім: eventqa report. Жауаптарын корпусқа қосуға болады (corpus/README.md)."
)
QLOG_OFF = "Сұрақтар журналы өшірулі (log.enabled: false). — The question log is off."
QLOG_BAD = (
    "Сұрақтар журналын оқу мүмкін болмады: {error} — Cannot read the question log: {error}"
)

# `eventqa report`
REPORT_HEADER = (
    "Соңғы {days} күнде жауапсыз қалған не 👎 алған сұрақтар: {questions} сұрақ, {groups} топ. "
    "— Refused or 👎 questions in the last {days} days: {questions} questions, {groups} groups."
)
REPORT_LINE = "{count:>4}× {example}"
REPORT_DETAIL = "       жауапсыз {refused}, 👎 {bad}, соңғысы {last}"
REPORT_OTHERS = "       басқаша: {others}"
REPORT_EMPTY = (
    "Соңғы {days} күнде жауапсыз қалған не 👎 алған сұрақ жоқ. "
    "— No refused or 👎 questions in the last {days} days."
)
REPORT_NO_LOG = (
    "Сұрақтар журналы әлі жоқ: {path}. — There is no question log at {path} yet."
)
REPORT_EXACT_ONLY = (
    "Ескерту: модель жүктелмеді ({error}), сұрақтар тек бірдей мәтін бойынша топталды. "
    "— Warning: the model did not load ({error}); only identical questions were grouped."
)

# ================================================================================================
# Operations (bot/health.py, bot/logstore.py): for whoever runs the servers.
HEALTH_LISTEN_BAD = (
    "Денсаулық портын {address} тыңдау мүмкін болмады: {error} — cannot listen on {address} "
    "for /healthz and /metrics: {error}"
)
