"""Every sentence people read, in one place, so a native speaker can review it without the code.

Users read Kazakh. Staff messages (corpus problems) are Kazakh with the English original after it,
because staff also search the web for them.
"""

from __future__ import annotations

# -- what the bot knows about ---------------------------------------------------------------------
# Built from the corpus by bot/topic.py (or taken from the bot.topic / bot.examples settings), so
# it follows every document staff add. {topic} is one of these:
TOPIC_ONE = "«{title}»"
TOPIC_MANY = "{count} құжат: {titles}"
TOPIC_MORE = "және тағы {more}"  # after the titles that fit in the line
TOPIC_NONE = "әзірге бірде-бір құжат жүктелмеген"
TOPIC_GENERIC = "жүктелген құжаттар"  # only where no topic is at hand
# Example questions made from a document title when bot.examples does not cover that document;
# {head} is the title without its final verb ({verb}). Only those the bot really answers are shown.
TITLE_QUESTIONS = ("{head} қашан {verb}?", "{head} қайда {verb}?")

# -- answers --------------------------------------------------------------------------------------
SOURCES_HEADER = "Дереккөздер:"
SOURCE_LINE = "[{n}] {title}, {paragraph}-абзац"
NOT_FOUND = "Кешіріңіз, мәтінде бұл сұраққа жауап жоқ. Менің білетінім: {topic}."
EXAMPLE_HINT = "Мысалы, былай сұраңыз: «{example}»"  # on its own line after a refusal etc.
EMPTY = "Сұрағыңызды сөзбен жазыңыз."
TRIMMED = "Сұрақ тым ұзын болды, тек басын оқыдым."
ANSWER_IN_KAZAKH = {
    "ru": "Отвечаю на казахском языке.",
    "en": "The answer is in Kazakh.",
}
# Small talk (retrieval/smalltalk.py kinds); the example questions follow as a list.
SMALLTALK = {
    "greeting": "Сәлеметсіз бе! Мен мәтіннен дәйексөз келтіріп, сұрақтарға жауап беремін. "
                "Менің білетінім: {topic}.",
    "howareyou": "Рахмет, жақсымын! Сұрақтарыңызға жауап беруге дайынмын. "
                 "Менің білетінім: {topic}.",
    "about": "Мен — сұрақ-жауап ботымын: құжаттар мәтінінен дәйексөз келтіріп жауап беремін, "
             "ал мәтінде жоқ нәрсені айтпаймын. Менің білетінім: {topic}.",
    "thanks": "Рахмет сізге де! Тағы сұрағыңыз болса, жазыңыз.",
    "bye": "Сау болыңыз! Сұрақ туындаса, қайта жазыңыз.",
}
SMALLTALK_EXAMPLES = "Мысалы:"

# -- terminal chat --------------------------------------------------------------------------------
CHAT_WELCOME = (
    "eventqa — құжаттар бойынша сұрақ-жауап. Менің білетінім: {topic}.\n"
    "Сұрағыңызды жазып, Enter басыңыз. Шығу: Ctrl+D немесе /exit."
)
CHAT_PROMPT = "Сұрақ> "
CHAT_BYE = "Сау болыңыз!"

# -- command line (staff and developers) ---------------------------------------------------
LOADING = "Индекс дайындалуда…"
INDEX_REUSED = "Индекс өзгеріссіз: {documents} құжат, {passages} үзінді ({seconds:.1f} с)."
INDEX_BUILT = (
    "Индекс жаңартылды ({reason}): {documents} құжат, {passages} үзінді; "
    "жаңадан {embedded} мәтін мен {words} сөз векторланды, {reused} мәтін кэштен алынды; "
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
# Telegram (the bot: bot/telegram/handlers.py, telegram_format.py, serve.py)
# ================================================================================================
# HTML is added by bot/telegram/telegram_format.py; these strings are plain text, escaped there.

TG_WELCOME = (
    "Сәлеметсіз бе! Мен құжаттар бойынша сұрақтарға жауап беремін. Менің білетінім: {topic}.\n\n"
    "Сұрағыңызды жай ғана жазыңыз. Жауапты құжат мәтінінен дәйексөз етіп келтіремін, "
    "ал [1] сияқты белгі оның қай дереккөзден алынғанын көрсетеді. "
    "Мәтінде жауап болмаса, соны айтамын."
)
TG_WELCOME_EXAMPLES = "Мысалы, мына сұрақтардың бірін басып көріңіз:"  # the buttons follow
TG_HELP = (
    "Қалай сұрау керек:\n"
    "• Сұрағыңызды жай ғана жазыңыз. {example_hint}\n"
    "• [1], [2] — жауап астындағы дереккөздер тізіміндегі нөмірлер. «📄» батырмасы дәйексөз "
    "алынған толық абзацты көрсетеді, 👍 / 👎 — жауапты бағалау.\n"
    "• Топта мен өзіме арналған хабарға ғана жауап беремін: @{username} деп атаңыз, менің "
    "хабарыма жауап қайтарыңыз немесе «/ask сұрақ» деп жазыңыз.\n"
    "• Кез келген чатта «@{username} сұрақ» деп жазсаңыз, жауапты сол чатқа жіберуге болады.\n\n"
    "Командалар:\n"
    "/start — бастау және сұрақ мысалдары\n"
    "/about — мен не білемін\n"
    "/sources — мен білетін құжаттар\n"
    "/help — осы анықтама"
)
TG_ABOUT_HEADER = "Мен не білемін"
TG_ABOUT_SOURCE = "Дереккөз: {title}"
TG_ABOUT_MORE = "Барлық {count} құжаттың тізімі: /sources"
TG_SOURCES_HEADER = "Мен білетін құжаттар ({count}):"
TG_SOURCES_EMPTY = "Әзірге бірде-бір құжат жүктелмеген."
TG_ASKED = "Сұрақ: {question}"
TG_COMMANDS = {
    "start": "Бастау және сұрақ мысалдары",
    "help": "Қалай сұрау керек",
    "about": "Мен не білемін",
    "sources": "Мен білетін құжаттар",
    "ask": "Сұрақ қою (топта): /ask сұрақ",
}
TG_UNKNOWN_COMMAND = "Мұндай команданы білмеймін. Не істей алатынымды көру үшін /help деп жазыңыз."
TG_NOT_TEXT = (
    "Кешіріңіз, мен тек мәтінмен жазылған сұрақтарды түсінемін: стикерді, суретті, дауысты "
    "және файлды оқи алмаймын. Сұрағыңызды сөзбен жазыңыз."
)
TG_ASK_USAGE = "Сұрақты /ask командасынан кейін жазыңыз."
TG_ASK_EXAMPLE = "Мысалы: /ask {example}"
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
# log (bot/staff/watcher.py, bot/staff/admin.py, bot/staff/questionlog.py, bot/staff/report.py)
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
    "empty_title": "'{id}' құжатының атауында бірде-бір әріп жоқ",
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
    "docs": "Корпустағы құжаттар",
    "corpus": "Корпус файлдарын алу",
    "history": "Корпустың бұрынғы нұсқалары",
    "rollback": "Корпусты алдыңғы нұсқаға қайтару",
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
# Staff change the corpus: a file sent to the bot, /rollback, /history, /corpus, /docs, and
# `eventqa add / rollback / history` (bot/staff/corpusedit.py, uploads.py, article.py)
# ================================================================================================
# Staff read these: Kazakh, then the English original.
UPLOAD_WRONG_TYPE = (
    "Мен тек .txt немесе .md мақаласын (бір жаңа құжат) және .yaml / .yml корпус файлын "
    "қабылдаймын. Корпус өзгертілмеді. Word құжатын былай сақтаңыз: «Файл → Сохранить как → "
    "Обычный текст (.txt)», кодировкасы UTF-8. — I accept a .txt or .md article (one new "
    "document) or a .yaml / .yml corpus file. Nothing was changed. From Word: File → Save As → "
    "Plain Text (.txt), encoding UTF-8."
)
UPLOAD_TOO_BIG = (
    "Файл тым үлкен: {size} байт (ең көбі {limit} байт). Корпус өзгертілмеді. — The file is too "
    "big: {size} bytes (at most {limit}). Nothing was changed."
)
UPLOAD_FETCH_FAILED = (
    "Файлды Telegram-нан алу мүмкін болмады ({error}). Корпус өзгертілмеді; файлды қайта "
    "жіберіп көріңіз. — Could not fetch the file from Telegram ({error}). Nothing was changed; "
    "try sending it again."
)
ARTICLE_NOT_UTF8 = (
    "{where}: файл UTF-8 мәтіні емес; оны UTF-8 етіп сақтап, қайта жіберіңіз — the file is not "
    "UTF-8 text; save it as UTF-8 and send it again"
)
ARTICLE_EMPTY = (
    "{where}: мақалада атау не мәтін жоқ (бірінші жол — атауы, одан кейін бос жолмен бөлінген "
    "абзацтар) — the article has no title or no text (first line: the title, then paragraphs "
    "separated by blank lines)"
)
ARTICLE_BAD_DATE = (
    "{where}: '{value}' күні 2021-09-01 түрінде жазылуы керек — date '{value}' must look like "
    "2021-09-01"
)
ARTICLE_BAD_URL = (
    "{where}: '{value}' сілтемесі http:// немесе https:// деп басталуы керек — url '{value}' "
    "must start with http:// or https://"
)
ARTICLE_BAD_ID = (
    "{where}: '{value}' id-інде тек латын әріптері, сандар, '-' және '_' болады — id '{value}' "
    "may only contain latin letters, digits, '-' and '_'"
)
ARTICLE_ID_TAKEN = (
    "{where}: '{value}' id-і корпуста бар; басқа id беріңіз — id '{value}' is already in the "
    "corpus; choose another"
)
EDIT_NOT_FOLDER = (
    "Корпус бума емес, бір файл ({path}): файл қосу үшін `corpus` баптауы бума болуы керек. "
    "— The corpus setting is a single file ({path}); adding files needs a folder."
)
EDIT_PREVIEW_HEADER = "Алдын ала қарау: {name} — Preview: {name}"
EDIT_ROLLBACK_HEADER = (
    "Кері қайтару: {when} кезіндегі нұсқа қайтады. — Rollback: the corpus as it was at {when} "
    "comes back."
)
EDIT_NEW_ID = "Жаңа құжаттың id-і: {id} — the new document's id: {id}"
EDIT_DOC_ADDED = "+ қосылады: {id} «{title}», {added} абзац"
EDIT_DOC_CHANGED = "~ өзгереді: {id} «{title}»: +{added} / ~{changed} / −{removed} абзац"
EDIT_DOC_REMOVED = "− алынады: {id} «{title}», {removed} абзац"
EDIT_SUMMARY = (
    "Барлығы: құжат +{docs_added} / ~{docs_changed} / −{docs_removed}; абзац +{added} / "
    "~{changed} / −{removed}. — Documents added/changed/removed: {docs_added}/{docs_changed}/"
    "{docs_removed}; paragraphs: {added}/{changed}/{removed}."
)
EDIT_FIRST_LINES = "Жаңа мәтіннің басы — the new text begins:"
EDIT_CONFIRM = (
    "Қолдану үшін «✅ Қолдану» батырмасын басыңыз. — Press «✅ Қолдану» to apply it."
)
EDIT_NOTHING = (
    "Бұл өзгеріс корпусқа ештеңе қоспайды да, алмайды да: бәрі бұрынғыдай. — This changes "
    "nothing in the corpus."
)
EDIT_BAD = (
    "Файлда қате бар, корпус өзгертілмеді: — The file has problems; the corpus was not changed:"
)
EDIT_BAD_HINT = (
    "Көрсетілген жолдарды түзетіп, файлды қайта жіберіңіз (үлгі: corpus/README.md). — Fix the "
    "lines shown and send the file again (see corpus/README.md)."
)
EDIT_APPLIED = "Корпус өзгертілді: {what}. — The corpus was changed: {what}."
EDIT_READ_FAILED = (
    "Корпус файлдарын оқу мүмкін болмады: {error}. Ештеңе өзгертілмеді. — Could not read the "
    "corpus files: {error}. Nothing was changed."
)
EDIT_WRITE_FAILED = (
    "Өзгерісті жазу мүмкін болмады: {error}. Бот бұрынғы мәтінмен жауап береді. — Could not "
    "write the change: {error}. The bot answers from the previous text."
)
EDIT_BY_OTHER = (
    "{who} корпусты өзгертті: {what}. — {who} changed the corpus: {what}."
)
EDIT_CANCELLED = "Бас тартылды, корпус өзгертілмеді. — Cancelled; nothing was changed."
EDIT_STALE = (
    "Алдын ала қараудан кейін корпус өзгерді, сондықтан ештеңе өзгертілмеді. Файлды (не "
    "/rollback) қайта жіберіңіз. — The corpus changed after the preview, so nothing was "
    "changed. Send the file (or /rollback) again."
)
EDIT_BUTTON_USED = "Бұл батырма ескірген не басылып қойған; ештеңе өзгертілмеді."
EDIT_BUTTON_APPLY = "✅ Қолдану"
EDIT_BUTTON_CANCEL = "✖ Бас тарту"
EDIT_WORKING = "Қолданылып жатыр…"
# What each version in the history was replaced by (/history, eventqa history).
WHAT_UPLOADED = "{name} файлы қосылды"
WHAT_REPLACED = "{name} файлы ауыстырылды"
WHAT_ARTICLE = "«{id}» мақаласы қосылды ({name})"
WHAT_ROLLBACK = "{when} нұсқасы қайтарылды"
HISTORY_HEADER = (
    "Корпустың бұрынғы нұсқалары, ең жаңасы бірінші (нұсқа — өзгеріс алдындағы күйі): "
    "— Earlier versions of the corpus, newest first (each as it was before a change):"
)
HISTORY_LINE = "{n}. {when} — одан кейін: {what}"
HISTORY_HINT = (
    "Қайтару: /rollback (1-нұсқа) немесе /rollback N; терминалда: eventqa rollback [N]. "
    "— Roll back: /rollback (version 1) or /rollback N; in a terminal: eventqa rollback [N]."
)
HISTORY_EMPTY = (
    "Әзірге бұрынғы нұсқа жоқ: корпус бот не eventqa add арқылы әлі өзгертілмеген. — No "
    "earlier versions yet: the corpus has not been changed through the bot or eventqa add."
)
ROLLBACK_NONE = "Қайтаратын бұрынғы нұсқа жоқ. — There is no earlier version to go back to."
ROLLBACK_NO_SUCH = (
    "{n}-нұсқа жоқ; нұсқалар тізімі: /history (eventqa history). — There is no version {n}; "
    "see /history (eventqa history)."
)
ROLLBACK_USAGE = "Қолданылуы: /rollback немесе /rollback N (N — /history тізіміндегі нөмір)."
DOCS_HEADER = "Корпустағы құжаттар ({count}): — Documents in the corpus:"
DOCS_LINE = "• {id} — {title} ({paragraphs} абзац)"
CORPUS_CAPTION = "Қазіргі корпус ({files} файл). — The current corpus ({files} files)."
# Command line
ADD_DONE = (
    "Қосылды: {id} → {path}. Жұмыс істеп тұрған бот оны өзі жүктейді; индексті қазір құру: "
    "eventqa index. — Added: {id} → {path}. A running bot picks it up by itself; to build the "
    "index now: eventqa index."
)
ROLLBACK_ASK = "Қолдану керек пе? [y/N] "
ROLLBACK_NEEDS_YES = (
    "Ештеңе өзгертілмеді. Қолдану үшін: eventqa rollback --yes — Nothing was changed. To apply: "
    "eventqa rollback --yes"
)
ROLLBACK_DONE = (
    "Корпус қайтарылды: {what}. Жұмыс істеп тұрған бот оны өзі жүктейді. — The corpus was "
    "rolled back; a running bot picks it up by itself."
)
LAST_GOOD_INDEX = (
    "Ескерту: корпуста қате бар, соңғы дұрыс индекспен жауап беремін ({documents} құжат). "
    "— Warning: the corpus has problems; answering from the last good index ({documents} "
    "documents)."
)

# ================================================================================================
# Operations (bot/ops/health.py, bot/staff/logstore.py): for whoever runs the servers.
HEALTH_LISTEN_BAD = (
    "Денсаулық портын {address} тыңдау мүмкін болмады: {error} — cannot listen on {address} "
    "for /healthz and /metrics: {error}"
)
