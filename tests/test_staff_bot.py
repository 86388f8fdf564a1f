"""Staff workflow, end to end: the real `eventqa serve` process follows edits of a real corpus
folder, tells the admin in Telegram (the strict fake Bot API) about bad edits, answers admin
commands, and keeps a real SQLite question log that may break without stopping the bot.

One bot process serves the module (temp corpus copied from corpus/, temp index, its own question
log, reload_interval_s 0.5); each test talks from its own user ids. Tests that edit the corpus
put it back the way they found it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import texts
from bot.bench.fakebotapi import JSONDict
from bot.staff.questionlog import SCHEMA, Entry, QuestionLog
from retrieval.e5convert import ensure_converted
from tests.conftest import CACHE_DIR, working_corpus
from tests.test_bot_e2e import FACT, QUESTION, BotProcess, CheckingFake, messages_to, reply

ADMIN = 3001
NEW_FILE = "korme.yaml"  # a new document staff add
NEW_DOCUMENT = """\
documents:
  - id: dala-korme-2024
    title: "Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды"
    date: 2024-03-05
    text: |
      2024 жылғы 5 наурызда Елбасы кітапханасында «Дала өркениеті» атты көрме ашылды.
      Көрмеге 300-ден астам сирек кітап пен қолжазба қойылды.
      Көрмені кітапхана директоры Бақытжан Темірболат ашып, қонақтарға экскурсия жүргізді.
"""
NEW_QUESTION = "Дала өркениеті көрмесі қашан ашылды?"
NEW_FACT = "2024 жылғы 5 наурызда"
NEW_TITLE = "Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды"
NEW_SOURCE = f"[1] {NEW_TITLE}"
NEW_EXAMPLE = "Елбасы кітапханасында «Дала өркениеті» көрмесі қашан ашылды?"  # from the title
BAD_FILE = "zhanalyq.yaml"  # sorts after the shipped file, so a duplicate id is reported here
WEATHER = ["Ертең Алматыда ауа райы қандай болады?", "ертең алматыда ауа райы қандай болады",
           "Алматыда ертең ауа райы қандай болмақ?"]  # one question, three ways
BUILT = re.compile(r"жаңадан (\d+) мәтін мен (\d+) сөз векторланды, (\d+) мәтін кэштен алынды; "
                   r"\+(\d+) / −(\d+) үзінді")
STATS = re.compile(r"(\d+) сұрақ — (\d+) жауап берілді, (\d+) жауапсыз қалды; "
                   r"жауап уақытының медианасы ([^;]+); 👍 (\d+) / 👎 (\d+)")
DAY = 86400.0


@dataclass
class Staff:
    fake: CheckingFake
    bot: BotProcess
    corpus: Path
    log_path: Path


@pytest.fixture(scope="module")
def staff(tmp_path_factory) -> Iterator[Staff]:
    ensure_converted(CACHE_DIR)
    work = tmp_path_factory.mktemp("staff")
    corpus = working_corpus(work)
    log_path = work / "var" / "questions.sqlite3"
    # Rows from an earlier run: the one past the retention goes when the bot starts.
    seed = QuestionLog(log_path)
    for age_days, question in ((100, "ескі сұрақ"), (1, "кешегі сұрақ")):
        seed.add(Entry(time.time() - age_days * DAY, question, False, 0.5, (), 100.0, "kk",
                       "message"))
    seed.close()
    with CheckingFake() as fake:
        bot = BotProcess(fake, work / "index", work / "bot.log", extra_env={
            "EVENTQA_CORPUS": str(corpus), "EVENTQA_LOG_PATH": str(log_path),
            "EVENTQA_ADMIN_IDS": str(ADMIN), "EVENTQA_BOT_RELOAD_INTERVAL_S": "0.5"})
        try:
            bot.wait_ready(fake)
            # Like Telegram, the fake lets a bot write only to users who wrote to it first.
            fake.expect(fake.send_command("/start", user_id=ADMIN), chat_id=ADMIN)
            reply(fake, ADMIN)
            yield Staff(fake, bot, corpus, log_path)
        finally:
            assert bot.stop() == 0
            assert "Traceback" not in bot.output()
            assert fake.violations == []


# -- helpers -----------------------------------------------------------------------------------
def ask(fake: CheckingFake, user: int, text: str) -> JSONDict:
    """A question from `user`; the bot's reply to it."""
    n = len(messages_to(fake.sent, user))
    fake.ask(text, user)
    return reply(fake, user, n + 1)


def command(fake: CheckingFake, user: int, text: str) -> str:
    n = len(messages_to(fake.sent, user))
    name, _, args = text.partition(" ")
    fake.expect(fake.send_command(name, args, user_id=user), chat_id=user)
    return reply(fake, user, n + 1)["text"]


def admin_count(fake: CheckingFake) -> int:
    return len(messages_to(fake.sent, ADMIN))


def admin_says(fake: CheckingFake, after: int, words: str, timeout: float = 40) -> str:
    """The first message to the admin, after the first `after`, that contains `words`."""
    def found(sent: list[JSONDict]) -> str | None:
        return next((m["text"] for m in messages_to(sent, ADMIN)[after:] if words in m["text"]),
                    None)

    return found(fake.wait_for(lambda sent: found(sent) is not None, timeout)) or ""


def wait_for_output(bot: BotProcess, words: str, count: int, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while bot.output().count(words) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{words!r} not {count} times in the bot's log:\n"
                                 f"{bot.output()[-3000:]}")
        time.sleep(0.05)


def stats(fake: CheckingFake) -> dict[str, tuple]:
    text = command(fake, ADMIN, "/stats")
    assert text.startswith(texts.TG_STATS_HEADER)
    found = {}
    for period, name in texts.TG_STATS_PERIODS.items():
        [line] = [x for x in text.splitlines() if x.startswith(name + ":")]
        total, answered, refused, median, good, bad = STATS.search(line).groups()
        assert int(total) == int(answered) + int(refused)
        found[period] = (int(answered), int(refused), median, int(good), int(bad))
    return found


def rows(log_path: Path) -> list[dict]:
    with contextlib.closing(sqlite3.connect(log_path, timeout=5)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM questions ORDER BY id")]


def refused(text: str) -> bool:
    return text.startswith(texts.NOT_FOUND.split("{")[0].strip())


def with_new_document(staff: Staff) -> None:
    """The corpus with the added document as written (whichever tests ran before)."""
    path = staff.corpus / NEW_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != NEW_DOCUMENT:
        n = admin_count(staff.fake)
        path.write_text(NEW_DOCUMENT, encoding="utf-8")
        admin_says(staff.fake, n, texts.CORPUS_RELOADED)


# -- admin commands exist for admins only ---------------------------------------------------------
def test_admin_commands_are_hidden_from_everyone_else(staff):
    fake, bot = staff.fake, staff.bot
    menus = [(s["params"].get("scope"), [c["command"] for c in s["params"]["commands"]])
             for s in fake.sent if s["method"] == "setMyCommands"]
    assert menus == [(None, list(texts.TG_COMMANDS)),
                     ({"type": "chat", "chat_id": ADMIN},
                      [*texts.TG_COMMANDS, *texts.TG_ADMIN_COMMANDS])]
    for user, name in enumerate(texts.TG_ADMIN_COMMANDS, start=3101):
        assert command(fake, user, "/" + name) == texts.TG_UNKNOWN_COMMAND
    assert "asked by an admin" not in bot.output()  # a stranger's /reload reloaded nothing


def test_question_log_retention_applies_at_start(staff):
    wait_for_output(staff.bot, "question log: 1 question(s) older than 90 days deleted", 1)
    questions = [r["question"] for r in rows(staff.log_path)]
    assert "кешегі сұрақ" in questions and "ескі сұрақ" not in questions


# -- the running bot follows the corpus ----------------------------------------------------------
def test_an_added_document_is_answered_with_its_citation_without_a_restart(staff):
    fake, bot = staff.fake, staff.bot
    pid = bot.proc.pid
    assert refused(ask(fake, 3201, NEW_QUESTION)["text"])
    n = admin_count(fake)
    (staff.corpus / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")
    note = admin_says(fake, n, texts.CORPUS_RELOADED)
    embedded, words, reused, added, removed = map(int, BUILT.search(note).groups())
    # only the new document's sentences, and its paragraphs whole after its title
    assert (embedded, added, removed) == (6, 3, 0)
    assert words > 0  # and the words no document used before
    assert reused > 20  # the rest came from the cache: nothing else was re-embedded
    answer = ask(fake, 3202, NEW_QUESTION)["text"]
    assert NEW_FACT in answer and "[1]" in answer and NEW_SOURCE in answer
    assert FACT in ask(fake, 3203, QUESTION)["text"]  # the old document is still there
    assert bot.proc.pid == pid and bot.proc.poll() is None


def test_welcome_examples_refusal_and_small_talk_follow_the_added_document(staff):
    fake, pid = staff.fake, staff.bot.proc.pid
    first_welcome = messages_to(fake.sent, ADMIN)[0]["text"]  # at start: the shipped corpus
    assert "Менің білетінім: «Елбасы кітапханасы мен БҰҰ" in first_welcome
    assert "Дала өркениеті" not in first_welcome
    with_new_document(staff)
    fake.expect(fake.send_command("/start", user_id=3210), chat_id=3210)
    welcome = reply(fake, 3210)
    assert f"Менің білетінім: 2 құжат: «{NEW_TITLE}», «Елбасы кітапханасы мен БҰҰ" in \
        welcome["text"]
    examples = [(b["text"], b["callback_data"])
                for row in welcome["reply_markup"]["inline_keyboard"] for b in row]
    assert examples[0][0] == NEW_EXAMPLE and len(examples) > 1  # the shipped ones stay too
    fake.expect(fake.press_button(welcome["message_id"], examples[0][1], user_id=3210),
                chat_id=3210)
    assert NEW_FACT in reply(fake, 3210, 2)["text"]  # the example is a question it answers
    refusal = ask(fake, 3211, "Футбол бойынша әлем чемпионатын кім жеңді?")["text"]
    assert refused(refusal) and f"«{NEW_TITLE}»" in refusal
    howareyou = ask(fake, 3212, "Сәлем! Қалайсың?")
    assert f"«{NEW_TITLE}»" in howareyou["text"] and not refused(howareyou["text"])
    assert [b["text"] for row in howareyou["reply_markup"]["inline_keyboard"] for b in row] == \
        [text for text, _ in examples]
    assert f"«{NEW_TITLE}»" in command(fake, 3213, "/about")
    assert NEW_EXAMPLE in command(fake, 3214, "/help")  # the first example
    # A button of the welcome sent before the reload asks what it says, not today's example 0.
    start = messages_to(fake.sent, ADMIN)[0]
    text, data = next((b["text"], b["callback_data"])
                      for row in start["reply_markup"]["inline_keyboard"] for b in row)
    n = admin_count(fake)
    fake.expect(fake.press_button(start["message_id"], data, user_id=ADMIN), chat_id=ADMIN)
    assert FACT in admin_says(fake, n, texts.TG_ASKED.format(question=text))
    assert staff.bot.proc.pid == pid  # no restart


BAD_EDITS = {
    # name: (file, bytes, where the message points, Kazakh words, stays the same with a comment)
    "yaml-syntax": (BAD_FILE, 'documents:\n  - id: x\n    title: "Көрме\n    text: |\n      М.\n'
                    .encode(), f"{BAD_FILE}:6:1", "YAML жазылуында қате", False),
    "duplicate-id": (BAD_FILE, "documents:\n  - id: un-geneva-2021\n    title: Көшірме\n"
                     "    text: |\n      Мәтін.\n".encode(), f"{BAD_FILE}:2",
                     "'un-geneva-2021' id-і қайталанды", True),
    "missing-text": (BAD_FILE, "documents:\n  - id: no-text\n    title: Мәтінсіз құжат\n"
                     "    date: 2024-01-01\n".encode(), f"{BAD_FILE}:2", "1-құжатта 'text' жоқ",
                     True),
    "not-utf8": (BAD_FILE, 'documents:\n  - id: ru-doc\n    title: "Библиотека"\n    text: |\n'
                 "      Текст.\n".encode("cp1251"), f"{BAD_FILE}:3", "файл UTF-8 мәтіні емес",
                 True),
    "empty-corpus": (NEW_FILE, b"documents:\n", "", "корпуста бірде-бір құжат жоқ", True),
}


@pytest.mark.parametrize("kind", list(BAD_EDITS))
def test_a_bad_edit_is_refused_clearly_and_the_bot_keeps_answering(staff, kind):
    fake, bot, corpus = staff.fake, staff.bot, staff.corpus
    name, content, where, words, stable = BAD_EDITS[kind]
    with_new_document(staff)
    path = corpus / name
    saved = {p: p.read_bytes() for p in corpus.glob("*.yaml")}
    n = admin_count(fake)
    if kind == "empty-corpus":  # every file emptied: the problem is the folder as a whole
        for p in saved:
            p.write_bytes(content)
        where = str(corpus)
    else:
        path.write_bytes(content)
        where = f"{corpus}/{where}"
    try:
        message = admin_says(fake, n, texts.CORPUS_BAD)
        assert f"{where}: {words}" in message, message
        assert texts.CORPUS_KEPT in message
        assert " — " in message  # the English original after the Kazakh, as for the CLI
        # The last good index answers meanwhile, new document included.
        assert FACT in ask(fake, 3300, QUESTION)["text"]
        assert NEW_FACT in ask(fake, 3301, NEW_QUESTION)["text"]
        refusals = bot.output().count(f"corpus edit refused, still answering from the last good "
                                      f"index: {where}")
        assert refusals >= 1
        if stable:
            # Saved again with the same problem: looked at, but the admin is not told twice.
            again = bot.output().count("corpus still has the problem reported before")
            target = path if kind != "empty-corpus" else next(iter(saved))
            target.write_bytes(target.read_bytes() + "# ә\n".encode())
            wait_for_output(bot, "corpus still has the problem reported before", again + 1)
    finally:
        n_fixed = admin_count(fake)
        if kind != "empty-corpus":
            path.unlink()
        for p, data in saved.items():
            p.write_bytes(data)
    fixed = admin_says(fake, n_fixed, texts.CORPUS_RECOVERED)
    assert "Индекс өзгеріссіз" in fixed  # back to the last good corpus: nothing to rebuild
    told = [m["text"] for m in messages_to(fake.sent, ADMIN)[n:]]
    assert sum(texts.CORPUS_BAD in t for t in told) == 1, told
    assert bot.output().count(f"corpus edit refused, still answering from the last good index: "
                              f"{where}") == refusals
    assert FACT in ask(fake, 3302, QUESTION)["text"]


def test_reload_command_says_what_changed_or_what_is_wrong(staff):
    fake, corpus = staff.fake, staff.corpus
    with_new_document(staff)
    assert command(fake, ADMIN, "/reload").startswith("Индекс өзгеріссіз: 2 құжат")
    # An edit the watcher cannot see (same size, old time stamp, as a copy preserving times
    # makes): /reload finds it, and re-embeds only the sentence that changed (and its paragraph).
    path = corpus / NEW_FILE
    stat = path.stat()
    path.write_text(NEW_DOCUMENT.replace("300-ден", "400-ден"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    text = command(fake, ADMIN, "/reload")
    assert text.startswith(texts.CORPUS_RELOADED)
    embedded, words, reused, added, removed = map(int, BUILT.search(text).groups())
    assert (embedded, added, removed) == (2, 0, 0) and reused > 20  # and its paragraph
    assert words == 0  # a number is no word to embed
    # A bad edit: /reload names file and line whoever (watcher or command) saw it first.
    n = admin_count(fake)
    (corpus / BAD_FILE).write_text("documents:\n  - id: un-geneva-2021\n    title: Көшірме\n"
                                   "    text: |\n      Мәтін.\n", encoding="utf-8")
    text = command(fake, ADMIN, "/reload")
    assert text.startswith(texts.CORPUS_BAD)
    assert f"{corpus / BAD_FILE}:2: 'un-geneva-2021' id-і қайталанды" in text
    (corpus / BAD_FILE).unlink()
    admin_says(fake, n, texts.CORPUS_RECOVERED)


def test_questions_asked_while_the_index_is_swapped_all_get_one_answer(staff):
    fake, path = staff.fake, staff.corpus / NEW_FILE
    with_new_document(staff)
    n = admin_count(fake)
    path.write_text(NEW_DOCUMENT + "      Көрме бір ай бойы жұмыс істейді.\n", encoding="utf-8")
    users = range(3701, 3716)
    ids = []
    for user in users:  # a steady stream across the debounce, rebuild and swap
        ids.append(fake.ask(QUESTION, user))
        time.sleep(0.1)
    note = admin_says(fake, n, texts.CORPUS_RELOADED)
    # one sentence added (embedded with its paragraph, after the title)
    embedded, _, _, added, _ = map(int, BUILT.search(note).groups())
    assert (embedded, added) == (2, 1)
    fake.wait_for(lambda sent: fake.confirmed_offset >= max(ids), 40)
    for user in users:
        [answer] = messages_to(fake.sent, user)
        assert FACT in answer["text"], answer["text"]
    assert [r for r in fake.rejected if not r["injected"]] == []
    n = admin_count(fake)
    path.write_text(NEW_DOCUMENT, encoding="utf-8")
    admin_says(fake, n, texts.CORPUS_RELOADED)


# -- what people asked ---------------------------------------------------------------------------
def test_stats_unanswered_and_feedback_come_from_the_question_log(staff):
    fake = staff.fake
    before = stats(fake)
    for user, question in enumerate(WEATHER, start=3401):
        assert refused(ask(fake, user, question)["text"])
    answer = ask(fake, 3404, QUESTION)
    assert FACT in answer["text"]
    fake.expect(fake.press_button(answer["message_id"], "f:0", user_id=3404),
                "answerCallbackQuery", chat_id=3404)
    fake.wait_for(lambda sent: any(s["method"] == "editMessageReplyMarkup" and
                                   s["chat_id"] == 3404 for s in sent))
    after = stats(fake)
    for period in ("today", "week"):
        answered, refused_, median, good, bad = after[period]
        b_answered, b_refused, _, b_good, b_bad = before[period]
        assert (answered - b_answered, refused_ - b_refused, good - b_good, bad - b_bad) == \
            (1, 3, 0, 1)
        assert re.fullmatch(r"\d+ мс", median)

    unanswered = command(fake, ADMIN, "/unanswered").splitlines()
    assert unanswered[0] == texts.TG_UNANSWERED_HEADER.format(days=7)
    # The three ways of asking are one line; the 👎 answer is there with its vote.
    assert "3× ертең алматыда ауа райы қандай болады" in unanswered
    assert "1× бұұ кітапханасында қанша кітап бар (👎 1)" in unanswered
    assert command(fake, 3405, "/unanswered") == texts.TG_UNKNOWN_COMMAND

    logged = rows(staff.log_path)
    assert set(logged[0]) == {"id", "asked_at", "question", "answered", "top_score", "cited",
                              "latency_ms", "lang", "source", "feedback", "replica",
                              "message_key"}  # no user ids, names
    # The answer's message is keyed with the token: no chat id to read back.
    assert all(r["message_key"] and re.fullmatch(r"[0-9a-f]{32}", r["message_key"])
               for r in logged if r["asked_at"] > time.time() - 600)
    weather = [r for r in logged if "ауа райы" in r["question"]]
    assert [r["question"] for r in weather] == [
        "ертең алматыда ауа райы қандай болады", "ертең алматыда ауа райы қандай болады",
        "алматыда ертең ауа райы қандай болмақ"]
    assert all(r["answered"] == 0 and r["cited"] == "" and r["feedback"] is None
               and r["latency_ms"] > 0 for r in weather)
    [voted] = [r for r in logged if r["feedback"] is not None]
    assert voted["feedback"] == 0 and voted["answered"] == 1
    assert voted["question"] == "бұұ кітапханасында қанша кітап бар"
    assert voted["cited"].startswith("un-geneva-2021:p4:") and voted["top_score"] > 0.5


# -- a broken question log never stops answering -------------------------------------------------
def locked_once(staff: Staff, user: int) -> None:
    """Another process holds the log's write lock while `user` asks: answered, not logged. The
    bot drops its connection after a failed write, so the next write opens the file anew."""
    outages = staff.bot.output().count("is unusable")
    locker = sqlite3.connect(staff.log_path, timeout=5, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        assert FACT in ask(staff.fake, user, QUESTION)["text"]
        wait_for_output(staff.bot, "is unusable", outages + 1)
    finally:
        locker.close()
    assert "(OperationalError: database is locked)" in staff.bot.output()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{staff.log_path}{suffix}").unlink(missing_ok=True)


def test_a_locked_or_corrupt_log_does_not_stop_answering(staff):
    fake, bot, log_path = staff.fake, staff.bot, staff.log_path
    outages = bot.output().count("is unusable")
    locked_once(staff, 3501)
    log_path.write_bytes(b"this is not a database " * 200)
    for user in (3502, 3503):
        assert FACT in ask(fake, user, QUESTION)["text"]
    # /stats reads on the log's own thread, after the writes queued before it: so both
    # questions' writes have been tried when it answers - and staff are told what is wrong.
    assert command(fake, ADMIN, "/stats").startswith(texts.QLOG_BAD.split(":")[0])
    wait_for_output(bot, "is unusable", outages + 2)
    assert "(DatabaseError: file is not a database)" in bot.output()
    # Removed: the bot starts a new file by itself; the lost writes are counted, and the outage
    # was reported once per kind of failure, not once per question.
    log_path.unlink()
    assert FACT in ask(fake, 3504, QUESTION)["text"]
    wait_for_output(bot, "works again (3 write(s) were lost)", 1)
    assert bot.output().count("is unusable") == outages + 2
    assert [r["question"] for r in rows(log_path)] == ["бұұ кітапханасында қанша кітап бар"]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file cannot be written, even by root (who ignores file modes): immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_log_does_not_stop_answering(staff):
    fake, bot, log_path = staff.fake, staff.bot, staff.log_path
    outages = bot.output().count("is unusable")
    recoveries = bot.output().count("works again (3 write(s) were lost)")
    locked_once(staff, 3601)
    with contextlib.closing(sqlite3.connect(log_path)) as seed:  # a whole log, not in WAL mode
        seed.executescript("PRAGMA journal_mode=DELETE;" + SCHEMA)
    with read_only(log_path):
        for user in (3602, 3603):
            assert FACT in ask(fake, user, QUESTION)["text"]
        # Reading still works (and, being on the log's thread, comes after both writes).
        assert "Бүгін: 0 сұрақ" in command(fake, ADMIN, "/stats")
        wait_for_output(bot, "is unusable", outages + 2)
        assert "attempt to write a readonly database" in bot.output()
        assert rows(log_path) == []
    assert FACT in ask(fake, 3604, QUESTION)["text"]  # writable again: it recovers by itself
    wait_for_output(bot, "works again (3 write(s) were lost)", recoveries + 1)
    assert bot.output().count("is unusable") == outages + 2
    assert len(rows(log_path)) == 1
