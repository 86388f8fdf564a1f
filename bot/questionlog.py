"""The question log: what people asked, so staff see what the corpus is missing.

One SQLite file (standard library, WAL mode), path from `log.path`. Per question: the time, the
normalised question text, answered or refused, the top score, the cited passages, the latency
and the 👍/👎 feedback. No user ids or names. Rows older than `log.retention_days` are deleted.

Writing never gets in the way of answering. The bot hands every write to `Recorder`, whose one
thread owns the connection, so the event loop never waits for SQLite. A locked, corrupt or
read-only file makes writes fail quietly - one log line per outage, not per question - and the
next write tries again on a fresh connection, so the log recovers by itself once the file is
usable. Reads for staff (`eventqa report`, /stats, /unanswered) do raise, so staff are told.
"""

from __future__ import annotations

import asyncio
import datetime as dt
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

    @classmethod
    def of(cls, question: str, answer: Answer, latency_ms: float, source: str,
           asked_at: float | None = None) -> Entry:
        score = answer.debug.get("dense")
        return cls(time.time() if asked_at is None else asked_at, normalize_question(question),
                   answer.answered, float(score) if score is not None else None,
                   tuple(c.passage_id for c in answer.citations), round(latency_ms, 1),
                   answer.query_lang, source)


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
    """The SQLite file. Blocking; use it from one thread at a time (Recorder's, or a CLI)."""

    def __init__(self, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S,
                 read_only: bool = False) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.read_only = read_only
        self._conn: sqlite3.Connection | None = None
        self._conn_read_only = False  # opened while the file could not be written

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
                    conn.executescript(SCHEMA)
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
        return conn

    def close(self) -> None:
        """Forget the connection (the next call opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    # -- writing -----------------------------------------------------------------------------------
    def add(self, entry: Entry) -> int:
        cursor = self._db(write=True).execute(
            "INSERT INTO questions (asked_at, question, answered, top_score, cited, latency_ms,"
            " lang, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.asked_at, entry.question, int(entry.answered), entry.top_score,
             " ".join(entry.cited), entry.latency_ms, entry.lang, entry.source))
        return int(cursor.lastrowid or 0)

    def set_feedback(self, row_id: int, good: bool) -> bool:
        cursor = self._db(write=True).execute("UPDATE questions SET feedback = ? WHERE id = ?",
                                    (int(good), row_id))
        return cursor.rowcount > 0

    def feedback_latest(self, question: str, good: bool, within_days: float = 7) -> bool:
        """Feedback on an answer the bot no longer remembers (it restarted): the latest unrated
        row with the same question gets it."""
        cursor = self._db(write=True).execute(
            "UPDATE questions SET feedback = ? WHERE id = (SELECT id FROM questions"
            " WHERE question = ? AND feedback IS NULL AND asked_at >= ? ORDER BY id DESC LIMIT 1)",
            (int(good), normalize_question(question), time.time() - within_days * DAY_S))
        return cursor.rowcount > 0

    def prune(self, retention_days: float, now: float | None = None) -> int:
        """Delete rows older than the retention; how many went."""
        now = time.time() if now is None else now
        cursor = self._db(write=True).execute("DELETE FROM questions WHERE asked_at < ?",
                                    (now - retention_days * DAY_S,))
        return cursor.rowcount

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
        cursor = self._db().execute("SELECT * FROM questions ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._db().execute(sql, params).fetchall()
        except (sqlite3.Error, OSError) as exc:
            self.close()
            raise QuestionLogError(f"{self.path}: {exc}") from exc


def _period(rows: list[tuple]) -> PeriodStats:
    latencies = [r[2] for r in rows]
    return PeriodStats(
        answered=sum(1 for r in rows if r[1]), refused=sum(1 for r in rows if not r[1]),
        median_ms=statistics.median(latencies) if latencies else None,
        good=sum(1 for r in rows if r[3] == 1), bad=sum(1 for r in rows if r[3] == 0))


class Recorder:
    """The log behind one background thread: callers never wait for SQLite, and a log that
    fails is reported once per outage while answering goes on."""

    def __init__(self, questions: QuestionLog | None) -> None:
        self.questions = questions  # None: the log is switched off
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="questionlog")
        self._lock = threading.Lock()
        self._pending = 0
        self._failing: str | None = None  # the error last reported, while the outage lasts
        self._lost = 0  # writes that did not reach the file during the outage

    @property
    def enabled(self) -> bool:
        return self.questions is not None

    def record(self, question: str, answer: Answer, latency_ms: float,
               source: str) -> Future[int | None]:
        """Queue one question; the future gives its row id (None if it was not written)."""
        entry = Entry.of(question, answer, latency_ms, source)
        return self._write(lambda q: q.add(entry))

    def feedback(self, row: Future[int | None] | None, question: str, good: bool) -> None:
        """Queue 👍/👎 for the row of `record()` (or, unknown after a restart, by question)."""
        def write(q: QuestionLog) -> None:
            # The log thread runs writes in order, so the row's insert has finished by now.
            row_id = row.result() if row is not None and row.done() else None
            if row_id:
                q.set_feedback(row_id, good)
            elif row is None:
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
            with self._lock:
                self._pending -= 1
                self._lost += 1
                report, self._failing = error != self._failing, error
            if report:
                log.warning("question log %s is unusable (%s): questions are not being logged; "
                            "the bot keeps answering", questions.path, error)
            return None
        with self._lock:
            self._pending -= 1
            recovered, lost = self._failing is not None, self._lost
            if recovered:
                self._failing, self._lost = None, 0
        if recovered:
            log.info("question log %s works again (%d write(s) were lost)", questions.path, lost)
        return result


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future
