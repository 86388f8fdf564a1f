"""Which question log to open: `log.url` (EVENTQA_LOG_URL) or, by default, the SQLite file
`log.path`.

    sqlite:///var/questions.sqlite3     a file (relative to the working folder), the default
    sqlite:////srv/eventqa/q.sqlite3    an absolute path
    postgresql://user@host:5432/eventqa  PostgreSQL, shared by several replicas (bot/staff/pglog.py)

A password belongs in the URL from the environment or in libpq's PGPASSWORD / ~/.pgpass, never
in the settings file.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from bot.staff.questionlog import QuestionLog
from retrieval.config import ConfigError, LogConfig

POSTGRES_SCHEMES = ("postgresql", "postgres")


def kind(config: LogConfig) -> str:
    """"sqlite" or "postgresql"; ConfigError for anything else."""
    if not config.url:
        return "sqlite"
    scheme = urlsplit(config.url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in POSTGRES_SCHEMES:
        return "postgresql"
    raise ConfigError(f"setting 'log.url': {scheme or config.url!r} is not a supported database "
                      "(sqlite:///path or postgresql://user@host/db)")


def sqlite_path(config: LogConfig) -> Path:
    if not config.url:
        return config.path
    # sqlite:///relative/path, sqlite:////absolute/path (SQLAlchemy's spelling)
    rest = config.url[len("sqlite:///"):] if config.url.startswith("sqlite:///") else ""
    if not rest:
        raise ConfigError(f"setting 'log.url': {config.url!r} names no file "
                          "(sqlite:///path/to/questions.sqlite3)")
    return Path(rest)


def open_log(config: LogConfig, read_only: bool = False,
             busy_timeout_s: float | None = None) -> QuestionLog:
    """The configured log (nothing is connected until the first use)."""
    if kind(config) == "postgresql":
        from bot.staff.pglog import PostgresQuestionLog

        return PostgresQuestionLog(config.url, read_only=read_only)
    if busy_timeout_s is None:
        return QuestionLog(sqlite_path(config), read_only=read_only)
    return QuestionLog(sqlite_path(config), busy_timeout_s=busy_timeout_s, read_only=read_only)


def password(config: LogConfig) -> str:
    """The URL's password, to be kept out of every log line."""
    return urlsplit(config.url).password or "" if config.url else ""


def replica_name(config: LogConfig) -> str:
    """Stored with each question: `log.replica`, else host name and process id."""
    return config.replica or f"{socket.gethostname()}:{os.getpid()}"
