"""The question log in PostgreSQL (psycopg 3), for several replicas sharing one log.

Same schema, queries and behaviour as the SQLite file (bot/staff/questionlog.py); only the
connection and the dialect differ. The program creates and migrates the schema itself, under an
advisory lock so that replicas starting together do not race. Every connection has short timeouts:
writes run on the Recorder's thread and a dead or slow database must fail them quickly (they
are dropped and counted), and staff reads must answer with an error rather than hang.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bot.staff.questionlog import INSERT_COLUMNS, MIGRATIONS, Entry, QuestionLog

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 3000
MIGRATION_LOCK = 0x65766E71  # pg_advisory_xact_lock key ("evnq"): one migrating replica at once

# SQLite's schema in PostgreSQL's types; MIGRATIONS[1:] are plain SQL both understand.
PG_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id BIGSERIAL PRIMARY KEY,
    asked_at DOUBLE PRECISION NOT NULL,
    question TEXT NOT NULL,
    answered SMALLINT NOT NULL,
    top_score DOUBLE PRECISION,
    cited TEXT NOT NULL,
    latency_ms DOUBLE PRECISION NOT NULL,
    lang TEXT NOT NULL,
    source TEXT NOT NULL,
    feedback SMALLINT
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
"""
PG_MIGRATIONS = (PG_SCHEMA, *MIGRATIONS[1:])


def redact_url(url: str) -> str:
    """The URL without its password, for log lines and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresQuestionLog(QuestionLog):
    """`QuestionLog` on a PostgreSQL database given by a `postgresql://` URL."""

    _read_errors = (psycopg.Error, OSError)

    def __init__(self, url: str, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._pg: psycopg.Connection | None = None

    @property
    def where(self) -> str:
        return redact_url(self.url)

    def _connection(self) -> psycopg.Connection:
        if self._pg is not None and not self._pg.closed:
            return self._pg
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                               application_name="eventqa")
        try:
            if not self.read_only:
                _migrate(conn, self.where)
        except BaseException:
            conn.close()
            raise
        self._pg = conn
        return conn

    def close(self) -> None:
        conn, self._pg = self._pg, None
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:
                pass

    def _write(self, sql: str, params: tuple) -> int:
        return self._connection().execute(_dialect(sql), params).rowcount

    def _query(self, sql: str, params: tuple = ()) -> tuple[list[str], list[tuple]]:
        cursor = self._connection().execute(_dialect(sql), params)
        return [d.name for d in cursor.description or ()], cursor.fetchall()

    def add(self, entry: Entry) -> int:
        values = entry.values()
        row = self._connection().execute(
            f"INSERT INTO questions ({INSERT_COLUMNS}) VALUES"
            f" ({', '.join(['%s'] * len(values))}) RETURNING id", values).fetchone()
        return int(row[0]) if row else 0

    def outage(self, exc: Exception) -> str:
        # Refused, reset, shut down, timed out: while the server is away each write fails with
        # another message; they are one outage.
        if isinstance(exc, psycopg.OperationalError):
            return "the database cannot be reached"
        return super().outage(exc)


def _dialect(sql: str) -> str:
    """The shared queries use SQLite's `?` placeholders; psycopg wants `%s`."""
    return sql.replace("?", "%s")


def _migrate(conn: psycopg.Connection, where: str) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS eventqa_schema (version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM eventqa_schema").fetchone()
        version = row[0] if row else 0
        if version >= len(PG_MIGRATIONS):
            return
        for step in PG_MIGRATIONS[version:]:
            for statement in filter(str.strip, step.split(";\n")):
                conn.execute(statement)
        if row is None:
            conn.execute("INSERT INTO eventqa_schema VALUES (%s)", (len(PG_MIGRATIONS),))
        else:
            conn.execute("UPDATE eventqa_schema SET version = %s", (len(PG_MIGRATIONS),))
        log.info("question log %s: schema migrated from version %d to %d", where, version,
                 len(PG_MIGRATIONS))
