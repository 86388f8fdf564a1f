"""The question log: what people asked, so staff see what the corpus is missing.

By default one SQLite file (standard library, WAL mode), path from `log.path`; several replicas
share a PostgreSQL database instead (`log.url`, bot/staff/pglog.py, same schema and queries;
opened by bot/staff/logstore.py). Per question: the time, the normalised question text, answered
or refused, the top score, the cited passages, the latency, the 👍/👎 feedback and which replica
answered. No user ids or names. Rows older than `log.retention_days` are deleted. The program
creates the schema and migrates older logs (`MIGRATIONS`, numbered by SQLite's user_version).

Writing never gets in the way of answering. The bot hands every write to `Recorder`, whose one
thread owns the connection, so the event loop never waits for SQLite. A locked, corrupt or
read-only file makes writes fail quietly - one log line per outage, not per question - and the
next write tries again on a fresh connection, so the log recovers by itself once the file is
usable. Reads for staff (`eventqa report`, /stats, /unanswered) do raise, so staff are told.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import re
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from retrieval import kazakh
from retrieval.types import Answer

log = logging.getLogger(__name__)

T = TypeVar("T")
DAY_S = 86400.0
BUSY_TIMEOUT_S = 0.2  # a locked file fails a write after this long instead of queueing them
MAX_PENDING = 1000  # writes waiting for the log thread; beyond this they are dropped (counted)

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,     -- Unix time
    question TEXT NOT NULL,     -- normalize_question(): no user names or ids anywhere
    answered INTEGER NOT NULL,  -- 1 answered, 0 refused
    top_score REAL,             -- dense score of the best sentence
    cited TEXT NOT NULL,        -- cited passage ids, space separated
    latency_ms REAL NOT NULL,   -- question received -> reply sent
    lang TEXT NOT NULL,
    source TEXT NOT NULL,       -- message | ask | button
    feedback INTEGER            -- NULL none, 1 good, 0 bad
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
"""
# Schema version n+1 is reached by MIGRATIONS[n]; version 1 is SCHEMA (also what logs written
# before versioning hold, so it is applied with IF NOT EXISTS).
MIGRATIONS = (
    SCHEMA,
    "ALTER TABLE questions ADD COLUMN replica TEXT",  # which serve process answered
    # The answer's Telegram message, keyed (Recorder.message_key: no chat id in the log), so a
    # 👍/👎 press finds its row on whichever replica it lands.
    "ALTER TABLE questions ADD COLUMN message_key TEXT;\n"
    "CREATE INDEX IF NOT EXISTS questions_message_key ON questions (message_key)",
)

_EDGE_PUNCTUATION = " \t.,!?;:…\"'«»“”„()[]-–—"
_SPACES = re.compile(r"\s+")


class QuestionLogError(Exception):
    """The log cannot be read; the message is for staff."""


def normalize_question(text: str) -> str:
    """The question as logged and grouped: Unicode-normalised, lower case, single spaces, no
    punctuation at the ends ("Кітапхана қайда?" and "кітапхана қайда" are one question)."""
    text = _SPACES.sub(" ", kazakh.normalize(text).casefold())
    return text.strip(_EDGE_PUNCTUATION)


@dataclass(frozen=True)
class Entry:
    """One row to write."""

    asked_at: float
    question: str
    answered: bool
    top_score: float | None
    cited: tuple[str, ...]
    latency_ms: float
    lang: str
    source: str
    replica: str = ""
    message_key: str = ""

    @classmethod
    def of(cls, question: str, answer: Answer, latency_ms: float, source: str,
           asked_at: float | None = None, replica: str = "", message_key: str = "") -> Entry:
        score = answer.debug.get("dense")
        return cls(time.time() if asked_at is None else asked_at, normalize_question(question),
                   answer.answered, float(score) if score is not None else None,
                   tuple(c.passage_id for c in answer.citations), round(latency_ms, 1),
                   answer.query_lang, source, replica, message_key)

    def values(self) -> tuple:
        """The row's columns in INSERT_COLUMNS order."""
        return (self.asked_at, self.question, int(self.answered), self.top_score,
                " ".join(self.cited), self.latency_ms, self.lang, self.source,
                self.replica or None, self.message_key or None)


INSERT_COLUMNS = ("asked_at, question, answered, top_score, cited, latency_ms, lang, source, "
                  "replica, message_key")


@dataclass(frozen=True)
class Asked:
    """A refused or 👎 question, as `eventqa report` and /unanswered group them."""

    question: str
    answered: bool
    feedback: int | None
    asked_at: float


@dataclass(frozen=True)
class PeriodStats:
    answered: int = 0
    refused: int = 0
    median_ms: float | None = None
    good: int = 0
    bad: int = 0

    @property
    def total(self) -> int:
        return self.answered + self.refused


@dataclass(frozen=True)
class Stats:
    today: PeriodStats
    week: PeriodStats


class QuestionLog:
    """The SQLite log, and the interface every backend has (bot/staff/pglog.py overrides the
    connection and the SQL dialect). Blocking; use it from one thread at a time (Recorder's,
    or a CLI)."""

    def __init__(self, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S,
                 read_only: bool = False) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.read_only = read_only
        self._conn: sqlite3.Connection | None = None
        self._conn_read_only = False  # opened while the file could not be written

    @property
    def where(self) -> str:
        """The log as named in messages (no password)."""
        return str(self.path)

    def _db(self, write: bool = False) -> sqlite3.Connection:
        if self._conn is not None and write and self._conn_read_only:
            self.close()  # the file may be writable again: a connection opened before is not
        if self._conn is not None:
            return self._conn
        if self.read_only:
            if not self.path.is_file():
                raise QuestionLogError(f"{self.path}: no such file")
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=self.busy_timeout_s, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None,
                                   check_same_thread=False)
        read_only = self.read_only
        try:
            if not self.read_only:
                try:
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable enough for a log
                    _migrate_sqlite(conn)
                except sqlite3.OperationalError as exc:
                    # A read-only file can still be read (staff's /stats); writes then fail
                    # one by one, which the Recorder reports.
                    if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                        raise
                    read_only = True
            conn.execute("SELECT 1 FROM questions LIMIT 1").fetchall()  # a corrupt file fails here
        except BaseException:
            conn.close()
            raise
        self._conn, self._conn_read_only = conn, read_only
        if write and read_only and not self.read_only:
            # Say so now: an unmigrated read-only file would fail with "no column" instead.
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return conn

    def close(self) -> None:
        """Forget the connection (the next call opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def _write(self, sql: str, params: tuple) -> int:
        """Run one statement; the rows it changed."""
        return self._db(write=True).execute(sql, params).rowcount

    def _query(self, sql: str, params: tuple = ()) -> tuple[list[str], list[tuple]]:
        cursor = self._db().execute(sql, params)
        return [d[0] for d in cursor.description], cursor.fetchall()

    _read_errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)

    def outage(self, exc: Exception) -> str:
        """What kind of failure `exc` is: the Recorder logs one line per kind while it lasts.
        For a file, each message is its own kind (locked, then corrupt, then read-only)."""
        return f"{type(exc).__name__}: {exc}"

    # -- writing -----------------------------------------------------------------------------------
    def add(self, entry: Entry) -> int:
        values = entry.values()
        cursor = self._db(write=True).execute(
            f"INSERT INTO questions ({INSERT_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
            values)
        return int(cursor.lastrowid or 0)

    def set_feedback(self, row_id: int, good: bool) -> bool:
        return self._write("UPDATE questions SET feedback = ? WHERE id = ?",
                           (int(good), row_id)) > 0

    def feedback_by_key(self, message_key: str, good: bool) -> bool:
        """Feedback on the answer sent as the message with this key (by any replica)."""
        return self._write("UPDATE questions SET feedback = ? WHERE message_key = ?",
                           (int(good), message_key)) > 0

    def feedback_latest(self, question: str, good: bool, within_days: float = 7) -> bool:
        """Feedback on an answer this process does not remember (it restarted, or another
        replica answered): the latest unrated row with the same question gets it."""
        return self._write(
            "UPDATE questions SET feedback = ? WHERE id = (SELECT id FROM questions"
            " WHERE question = ? AND feedback IS NULL AND asked_at >= ? ORDER BY id DESC LIMIT 1)",
            (int(good), normalize_question(question), time.time() - within_days * DAY_S)) > 0

    def prune(self, retention_days: float, now: float | None = None) -> int:
        """Delete rows older than the retention; how many went."""
        now = time.time() if now is None else now
        return self._write("DELETE FROM questions WHERE asked_at < ?",
                           (now - retention_days * DAY_S,))

    # -- reading -----------------------------------------------------------------------------------
    def stats(self, now: float | None = None) -> Stats:
        """Today (since local midnight) and the last 7 days."""
        now = time.time() if now is None else now
        midnight = dt.datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0,
                                                          microsecond=0).timestamp()
        week = now - 7 * DAY_S
        rows = self._read("SELECT asked_at, answered, latency_ms, feedback FROM questions"
                          " WHERE asked_at >= ?", (min(midnight, week),))
        return Stats(_period([r for r in rows if r[0] >= midnight]),
                     _period([r for r in rows if r[0] >= week]))

    def problems(self, days: float, now: float | None = None) -> list[Asked]:
        """Questions of the last `days` that were refused or got 👎, oldest first."""
        now = time.time() if now is None else now
        rows = self._read("SELECT question, answered, feedback, asked_at FROM questions"
                          " WHERE asked_at >= ? AND (answered = 0 OR feedback = 0) ORDER BY id",
                          (now - days * DAY_S,))
        return [Asked(q, bool(a), f, t) for q, a, f, t in rows]

    def rows(self) -> list[dict[str, Any]]:
        """Every row (for tests and exports)."""
        names, rows = self._query("SELECT * FROM questions ORDER BY id")
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._query(sql, params)[1]
        except self._read_errors as exc:
            self.close()
            raise QuestionLogError(f"{self.where}: {exc}") from exc


def _migrate_sqlite(conn: sqlite3.Connection) -> None:
    """Bring the file to the newest schema; one writer at a time (BEGIN IMMEDIATE)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in MIGRATIONS[version:]:
            for statement in filter(str.strip, step.split(";\n")):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _period(rows: list[tuple]) -> PeriodStats:
    latencies = [r[2] for r in rows]
    return PeriodStats(
        answered=sum(1 for r in rows if r[1]), refused=sum(1 for r in rows if not r[1]),
        median_ms=statistics.median(latencies) if latencies else None,
        good=sum(1 for r in rows if r[3] == 1), bad=sum(1 for r in rows if r[3] == 0))


class Recorder:
    """The log behind one background thread: callers never wait for SQLite, and a log that
    fails is reported once per outage while answering goes on."""

    def __init__(self, questions: QuestionLog | None, replica: str = "",
                 on_lost: Callable[[], None] | None = None, key_secret: str = "") -> None:
        self.questions = questions  # None: the log is switched off
        self.replica = replica  # stored with each question: which process answered
        # Keys messages (message_key); every replica of one bot has the same (the token).
        self.key_secret = key_secret.encode()
        self.on_lost = on_lost  # told of each write that did not reach the log (metrics)
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="questionlog")
        self._lock = threading.Lock()
        self._pending = 0
        self._failing: str | None = None  # the error last reported, while the outage lasts
        self._lost = 0  # writes that did not reach the file during the outage

    @property
    def enabled(self) -> bool:
        return self.questions is not None

    def message_key(self, message: tuple[int, int] | None) -> str:
        """(chat id, message id) of an answer -> a key that names no chat."""
        if message is None:
            return ""
        text = f"{message[0]}:{message[1]}".encode()
        return hmac.new(self.key_secret, text, hashlib.sha256).hexdigest()[:32]

    def record(self, question: str, answer: Answer, latency_ms: float, source: str,
               message: tuple[int, int] | None = None) -> Future[int | None]:
        """Queue one question (`message`: the answer's chat and message id); the future gives
        its row id (None if it was not written)."""
        entry = Entry.of(question, answer, latency_ms, source, replica=self.replica,
                         message_key=self.message_key(message))
        return self._write(lambda q: q.add(entry))

    def feedback(self, row: Future[int | None] | None, question: str, good: bool,
                 message: tuple[int, int] | None = None) -> None:
        """Queue 👍/👎 for the row of `record()`; unknown to this process (a restart, or
        another replica answered), the row of the answer `message`, else the latest row of the
        question."""
        key = self.message_key(message)

        def write(q: QuestionLog) -> None:
            # The log thread runs writes in order, so the row's insert has finished by now.
            row_id = row.result() if row is not None and row.done() else None
            if row_id:
                q.set_feedback(row_id, good)
            elif row is None and not (key and q.feedback_by_key(key, good)):
                q.feedback_latest(question, good)

        self._write(write)

    def prune(self, retention_days: float) -> Future[int | None]:
        return self._write(lambda q: q.prune(retention_days))

    async def read(self, call: Callable[[QuestionLog], T]) -> T:
        """Run a staff read on the log thread; raises QuestionLogError."""
        if self.questions is None:
            raise QuestionLogError("off")
        questions = self.questions
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, lambda: call(questions))

    def close(self, timeout: float = 5.0) -> None:
        """Let queued writes finish (at most `timeout`), then close the file."""
        if self.questions is not None:
            done = self._executor.submit(self.questions.close)
            try:
                done.result(timeout)
            except Exception as exc:  # a write stuck on a lock: give up on it, not on exiting
                log.warning("question log: not all writes finished at shutdown (%s)", exc)
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _write(self, call: Callable[[QuestionLog], T]) -> Future[T | None]:
        if self.questions is None:
            return _done(None)
        with self._lock:
            if self._pending >= MAX_PENDING:  # the log thread is stuck: drop, do not pile up
                self._lost += 1
                self._count_lost()
                return _done(None)
            self._pending += 1
        questions = self.questions
        try:
            return self._executor.submit(self._guarded, questions, call)
        except RuntimeError:  # shutting down
            with self._lock:
                self._pending -= 1
            return _done(None)

    def _guarded(self, questions: QuestionLog, call: Callable[[QuestionLog], T]) -> T | None:
        try:
            result = call(questions)
        except Exception as exc:  # locked, corrupt, read-only, disk full...: never raise
            questions.close()  # a fresh connection next time: the file may be fixed by then
            error = f"{type(exc).__name__}: {exc}"
            kind = questions.outage(exc)
            with self._lock:
                self._pending -= 1
                self._lost += 1
                # One line per outage (per kind of failure), not per question.
                report, self._failing = kind != self._failing, kind
            self._count_lost()
            if report:
                log.warning("question log %s is unusable (%s): questions are not being logged; "
                            "the bot keeps answering", questions.where, error)
            return None
        with self._lock:
            self._pending -= 1
            recovered, lost = self._failing is not None, self._lost
            if recovered:
                self._failing, self._lost = None, 0
        if recovered:
            log.warning("question log %s works again (%d write(s) were lost)", questions.where,
                        lost)
        return result

    def _count_lost(self) -> None:
        if self.on_lost is not None:
            self.on_lost()


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future
