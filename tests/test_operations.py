"""Operations, in process and fast: which question log `log.url` opens, schema migrations of
SQLite files and PostgreSQL databases (a real PostgreSQL 15), the Recorder through a database
outage, and the Prometheus text. The end-to-end side is tests/test_replicas.py."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.ops.metrics import Metrics
from bot.staff import logstore
from bot.staff.questionlog import SCHEMA, Entry, QuestionLog, Recorder
from retrieval.config import ConfigError, LogConfig, load_config
from tests.pgserver import PostgresServer


def entry(question: str = "сұрақ", answered: bool = False, **kw) -> Entry:
    return Entry(time.time(), question, answered, 0.8, ("d:p1:s1",), 12.5, "kk", "message", **kw)


# -- which log -------------------------------------------------------------------------------------
def test_the_log_is_the_sqlite_file_unless_a_url_says_otherwise(tmp_path):
    default = load_config(env={})
    assert logstore.kind(default.log) == "sqlite" and default.log.url == ""
    assert logstore.open_log(default.log).path == default.log.path
    config = load_config(env={"EVENTQA_LOG_URL": f"sqlite:///{tmp_path}/q.sqlite3"})
    assert logstore.open_log(config.log).path == tmp_path / "q.sqlite3"
    config = load_config(env={"EVENTQA_LOG_URL": "postgresql://bot:pw@db.example:5433/eq"})
    log = logstore.open_log(config.log)
    assert logstore.kind(config.log) == "postgresql"
    assert log.where == "postgresql://bot:***@db.example:5433/eq"  # named without the password
    assert logstore.password(config.log) == "pw"  # handed to the serve log's redaction
    for bad in ("mysql://x/y", "sqlite://", "q.sqlite3"):
        with pytest.raises(ConfigError, match="log.url"):
            logstore.open_log(LogConfig(url=bad))


def test_replica_name_defaults_to_host_and_process():
    assert logstore.replica_name(LogConfig(replica="bot2")) == "bot2"
    assert logstore.replica_name(LogConfig()).endswith(f":{os.getpid()}")


# -- SQLite ----------------------------------------------------------------------------------------
def test_an_old_sqlite_log_is_migrated_and_keeps_its_rows(tmp_path):
    path = tmp_path / "q.sqlite3"
    with sqlite3.connect(path) as old:  # a log written before schema versions existed
        old.executescript(SCHEMA)
        old.execute("INSERT INTO questions (asked_at, question, answered, cited, latency_ms,"
                    " lang, source) VALUES (?, 'ескі', 0, '', 5, 'kk', 'message')", (time.time(),))
    log = QuestionLog(path)
    log.add(entry("жаңа", replica="r1", message_key="k" * 32))
    assert log.feedback_by_key("k" * 32, good=False)
    rows = log.rows()
    assert [(r["question"], r["replica"], r["feedback"]) for r in rows] == [
        ("ескі", None, None), ("жаңа", "r1", 0)]
    assert [a.question for a in log.problems(7)] == ["ескі", "жаңа"]
    log.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    QuestionLog(path).rows()  # opening a migrated file again changes nothing


# -- PostgreSQL ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg() -> PostgresServer:
    server = PostgresServer()
    yield server
    server.close()


def test_replicas_starting_together_migrate_once_and_share_the_log(pg):
    from bot.staff.pglog import PostgresQuestionLog

    logs = [PostgresQuestionLog(pg.url) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:  # four replicas' first writes race on the schema
        ids = list(pool.map(lambda i: logs[i].add(entry(f"q{i}", replica=f"r{i}")), range(4)))
    assert sorted(ids) == sorted(set(ids))
    reader = PostgresQuestionLog(pg.url, read_only=True)
    rows = [r for r in reader.rows() if r["question"] in {"q0", "q1", "q2", "q3"}]
    assert {r["replica"] for r in rows} == {"r0", "r1", "r2", "r3"}
    assert reader.stats().today.refused >= 4
    assert logs[1].feedback_latest("Q3?", good=True)  # normalised like the logged question
    assert [r["feedback"] for r in reader.rows() if r["question"] == "q3"] == [1]
    assert logs[0].prune(0, now=time.time() + 1) >= 4 and reader.rows() == []
    for log in (*logs, reader):
        log.close()


def test_recorder_drops_writes_quickly_while_the_database_is_down(pg, caplog):
    from bot.staff.pglog import PostgresQuestionLog

    lost: list[int] = []
    recorder = Recorder(PostgresQuestionLog(pg.url), replica="t", on_lost=lambda: lost.append(1))
    caplog.set_level(logging.INFO, logger="bot.staff.questionlog")
    answer = _answer()
    assert recorder.record("бірінші", answer, 10, "message").result(10)
    pg.stop()
    try:
        started = time.monotonic()
        futures = [recorder.record(f"сұрақ {i}", answer, 10, "message") for i in range(5)]
        assert time.monotonic() - started < 0.5  # the caller never waits for the database
        assert [f.result(30) for f in futures] == [None] * 5
        assert len(lost) == 5
        outage = [r for r in caplog.records if "is unusable" in r.getMessage()]
        assert len(outage) == 1 and "***" not in outage[0].getMessage()
    finally:
        pg.start()
    assert recorder.record("соңғы", answer, 10, "message").result(30)
    assert any("works again (5 write(s) were lost)" in r.getMessage() for r in caplog.records)
    recorder.close()


def _answer():
    from retrieval.types import Answer, AnswerKind

    return Answer("сұрақ", AnswerKind.NOT_FOUND)


# -- metrics ---------------------------------------------------------------------------------------
def test_metrics_text_counts_questions_errors_reloads_and_the_index():
    metrics = Metrics()
    metrics.question("answered", 0.12)
    metrics.question("answered", 0.3)
    metrics.question("refused", 2.0)
    metrics.telegram_error("RetryAfter", retried=True)
    metrics.telegram_error("TimedOut", retried=False)
    metrics.reload("built")
    metrics.lost_write()

    class Index:
        documents = {"d": 1}
        passages = [1, 2, 3]
        path = Path("/x/builds/20261204T1")
        model = "m"

    metrics.watch_index(lambda: Index())
    text = metrics.render().decode()
    for line in ('eventqa_questions_total{outcome="answered"} 2.0',
                 'eventqa_questions_total{outcome="refused"} 1.0',
                 'eventqa_questions_total{outcome="smalltalk"} 0.0',
                 'eventqa_answer_seconds_bucket{le="0.25"} 1.0',
                 "eventqa_answer_seconds_count 3.0",
                 'eventqa_telegram_retries_total{kind="RetryAfter"} 1.0',
                 'eventqa_telegram_errors_total{kind="TimedOut"} 1.0',
                 'eventqa_reloads_total{result="built"} 1.0',
                 'eventqa_reloads_total{result="failed"} 0.0',
                 "eventqa_questionlog_lost_writes_total 1.0",
                 "eventqa_index_documents 1.0", "eventqa_index_passages 3.0",
                 'eventqa_index_build_info{build="20261204T1",model="m"} 1.0'):
        assert line in text.splitlines(), line


# -- health ----------------------------------------------------------------------------------------
def test_health_is_starting_then_ok_then_failing_while_the_engine_errors(monkeypatch):
    import asyncio

    from bot.ops import health as health_module

    class Index:
        documents = {"d": 1}
        passages = [1, 2]
        path = Path("/x/builds/b1")
        model = "m"

    class Engine:  # answers, or fails like an engine whose index broke under it
        index = Index()
        broken = False

        def answer(self, text: str) -> str:
            if self.broken:
                raise RuntimeError("index gone")
            return text

    async def scenario() -> None:
        metrics = Metrics()
        stopping = asyncio.Event()
        health = health_module.Health(metrics, replica="r", stopping=stopping)
        assert (await health.check())[0] == 503
        engine = Engine()
        with ThreadPoolExecutor(1) as pool:
            health.ready(engine, pool)
            status, body = await health.check()
            assert status == 200 and body["build"] == "b1" and body["passages"] == 2
            monkeypatch.setattr(health_module, "PROBE_EVERY_S", 0.0)  # probe on every check
            engine.broken = True
            status, body = await health.check()
            assert status == 503 and body == {"status": "failing",
                                              "error": "RuntimeError: index gone",
                                              "uptime_s": body["uptime_s"]}
            assert "eventqa_ready 0.0" in metrics.render().decode()
            engine.broken = False
            assert (await health.check())[0] == 200
            assert "eventqa_ready 1.0" in metrics.render().decode()
            stopping.set()  # SIGTERM: out of the balancer while the updates in hand finish
            status, body = await health.check()
            assert status == 503 and body["status"] == "stopping"

    asyncio.run(scenario())


# -- one build at a time in a shared index folder -------------------------------------------------
def test_builds_in_one_index_folder_take_turns(tmp_path):
    import threading

    from retrieval.index import build_lock

    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with build_lock(tmp_path / "index"):
            order.append("first in")
            inside.set()
            time.sleep(0.3)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(10)
    with build_lock(tmp_path / "index"):  # waits for the first
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
