"""Two `eventqa serve` replicas in webhook mode behind a (played) reverse proxy, sharing one index
folder, one corpus and a real PostgreSQL 15 question log; /healthz and /metrics on each.

The test is the proxy: it takes each update the fake Bot API queued and POSTs it to one replica
or the other, as Telegram's webhook requests through a load balancer would arrive. One module
fixture starts the database and both replicas (their engines load in parallel).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import texts
from bot.bench.fakebotapi import FakeBotAPI, JSONDict
from bot.staff.pglog import PostgresQuestionLog
from retrieval.e5convert import ensure_converted
from tests.conftest import CACHE_DIR, PROJECT, post_update, working_corpus
from tests.pgserver import PostgresServer
from tests.test_bot_e2e import (
    FACT,
    OFF_TOPIC,
    QUESTION,
    START_TIMEOUT,
    BotProcess,
    buttons,
    free_port,
    messages_to,
)
from tests.test_deploy import container_command, dockerfile

SECRET = "replica-secret"
ADMIN = 5001
OTHER_REFUSED = "Пизано футбол туралы не деді?"
REFUSAL = texts.NOT_FOUND.split("{")[0].strip()
STATS = re.compile(r"(\d+) сұрақ — (\d+) жауап берілді, (\d+) жауапсыз қалды")


@dataclass
class Replica:
    name: str
    process: BotProcess
    port: int  # webhook
    health_port: int
    first_health: int | None = None  # the first /healthz status seen

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}{path}",
                                        timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def deliver(self, fake: FakeBotAPI, update_id: int) -> int:
        """POST the queued update to this replica's webhook; the HTTP status."""
        with fake._cond:
            [update] = [u for u in fake._updates if u["update_id"] == update_id]
        return post_update(self.port, update, SECRET, timeout=60)

    def metric(self, name: str) -> float:
        status, text = self.get("/metrics")
        assert status == 200
        match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.M)
        assert match, f"{name} not in /metrics:\n{text}"
        return float(match.group(1))


@dataclass
class Cluster:
    fake: FakeBotAPI
    db: PostgresServer
    a: Replica
    b: Replica
    index_dir: Path
    corpus: Path


def _first_health(replicas: list[Replica]) -> None:
    """Wait for the health ports to open; remember each one's first answer."""
    deadline = time.monotonic() + START_TIMEOUT
    waiting = list(replicas)
    while waiting and time.monotonic() < deadline:
        for replica in list(waiting):
            try:
                replica.first_health = replica.get("/healthz")[0]
                waiting.remove(replica)
            except OSError:
                if replica.process.proc.poll() is not None:
                    raise AssertionError(replica.process.output()) from None
        time.sleep(0.02)
    assert not waiting, f"no health port:\n{waiting[0].process.output()}"


def _wait_healthy(replica: Replica) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        status, body = replica.get("/healthz")
        if status == 200:
            return json.loads(body)
        assert replica.process.proc.poll() is None, replica.process.output()
        time.sleep(0.1)
    raise AssertionError(f"not healthy in time:\n{replica.process.output()}")


class ImageProcess(BotProcess):
    """A bot process started from a given command line and environment (the image's)."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTQA_", "TELEGRAM_"))}
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(command, cwd=log_path.parent, env={**base, **env},
                                     stdout=self._log, stderr=subprocess.STDOUT)


def _replace_after(command: list[str], values: dict[str, str]) -> list[str]:
    """`--flag value` pairs of a command line with other values."""
    out = list(command)
    for i, arg in enumerate(out[:-1]):
        if arg in values:
            out[i + 1] = values[arg]
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    db = PostgresServer()  # skips the module when PostgreSQL is not installed
    ensure_converted(CACHE_DIR)
    work = tmp_path_factory.mktemp("replicas")
    corpus = working_corpus(work)
    index_dir = work / "index"  # empty: the replicas build it, once, between them
    replicas: list[Replica] = []
    try:
        with FakeBotAPI() as fake:
            port, health_port = free_port(), free_port()
            process = BotProcess(
                fake, index_dir, work / "a.log",
                "--webhook-url", "https://bot.example.org/tg/hook", "--listen", "127.0.0.1",
                "--port", str(port), "--health-port", str(health_port),
                extra_env={"TELEGRAM_WEBHOOK_SECRET": SECRET, "EVENTQA_LOG_URL": db.url,
                           "EVENTQA_LOG_REPLICA": "a", "EVENTQA_CORPUS": str(corpus),
                           "EVENTQA_ADMIN_IDS": str(ADMIN),
                           "EVENTQA_BOT_RELOAD_INTERVAL_S": "0.5"})
            replicas.append(Replica("a", process, port, health_port))
            # The second replica is started exactly as compose starts `bot2` from the image.
            port, health_port = free_port(), free_port()
            command, env = container_command("bot2", {
                "PUBLIC_HOST": "bot.example.org", "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_WEBHOOK_SECRET": SECRET, "POSTGRES_PASSWORD": "not-used-here",
                "EVENTQA_ADMIN_IDS": str(ADMIN)}, {
                # What differs outside a container: paths, the database's and Telegram's
                # addresses, ports.
                "EVENTQA_CONFIG": str(PROJECT / "config" / "eventqa.yaml"),
                "EVENTQA_CACHE_DIR": str(CACHE_DIR), "EVENTQA_INDEX_DIR": str(index_dir),
                "EVENTQA_LOG_PATH": str(work / "unused.sqlite3"), "EVENTQA_CORPUS": str(corpus),
                "EVENTQA_LOG_URL": db.url, "TELEGRAM_API_BASE_URL": fake.base_url,
                "EVENTQA_BOT_HEALTH_PORT": str(health_port),
                "EVENTQA_BOT_HEALTH_LISTEN": "127.0.0.1",
                "EVENTQA_BOT_RELOAD_INTERVAL_S": "0.5"})
            command = _replace_after(command, {"--port": str(port), "--listen": "127.0.0.1"})
            replicas.append(Replica("bot2", ImageProcess(command, env, work / "bot2.log"), port,
                                    health_port))
            _first_health(replicas)
            for replica in replicas:
                _wait_healthy(replica)
            fake.wait_for(lambda sent: sum(s["method"] == "setWebhook" for s in sent) >= 2,
                          START_TIMEOUT)
            yield Cluster(fake, db, replicas[0], replicas[1], index_dir, corpus)
            for replica in replicas:
                assert replica.process.stop() == 0
                assert "Traceback" not in replica.process.output()
    finally:
        for replica in replicas:
            replica.process.stop()
        db.close()


def ask(cluster: Cluster, replica: Replica, user: int, text: str) -> JSONDict:
    """`user` asks `text`; the proxy sends it to `replica`; the reply."""
    n = len(messages_to(cluster.fake.sent, user))
    assert replica.deliver(cluster.fake, cluster.fake.send_text(text, user_id=user)) == 200
    # 200 from the webhook means handled: the reply is there already.
    return messages_to(cluster.fake.sent, user)[n]


def command(cluster: Cluster, replica: Replica, user: int, text: str) -> str:
    n = len(messages_to(cluster.fake.sent, user))
    name, _, args = text.partition(" ")
    assert replica.deliver(cluster.fake, cluster.fake.send_command(name, args, user_id=user)) \
        == 200
    return messages_to(cluster.fake.sent, user)[n]["text"]


def log_rows(cluster: Cluster, until=lambda rows: True, timeout: float = 20) -> list[dict]:
    """The log's rows, once `until(rows)` (writes follow the replies, on the log's thread)."""
    deadline = time.monotonic() + timeout
    while True:
        db = PostgresQuestionLog(cluster.db.url, read_only=True)
        try:
            rows = db.rows()
        finally:
            db.close()
        if until(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def test_health_is_503_while_loading_then_200_and_the_index_was_built_once(cluster):
    # The image's HEALTHCHECK command, as Docker runs it, on the replica started like the image.
    _, _, healthcheck = dockerfile()
    assert ":9090/healthz" in " ".join(healthcheck)

    def check(port: int) -> int:
        command = [sys.executable if healthcheck[0] == "python" else healthcheck[0],
                   *(a.replace(":9090/", f":{port}/") for a in healthcheck[1:])]
        return subprocess.run(command, capture_output=True, timeout=30).returncode

    assert check(cluster.b.health_port) == 0
    assert check(free_port()) != 0  # nothing there: the check fails

    for replica in (cluster.a, cluster.b):
        assert replica.first_health == 503
        status, body = replica.get("/healthz")
        health = json.loads(body)
        assert status == 200 and health["status"] == "ok"
        assert health["documents"] == 1 and health["passages"] > 20
        assert health["replica"] == replica.name and health["uptime_s"] > 0
    # Both replicas started on an empty index folder: one built, the other loaded that build.
    builds = [p.name for p in (cluster.index_dir / "builds").iterdir()]
    assert len(builds) == 1
    assert json.loads(cluster.a.get("/healthz")[1])["build"] == builds[0]
    assert json.loads(cluster.b.get("/healthz")[1])["build"] == builds[0]


def test_both_replicas_log_into_postgres_and_stats_report_feedback_see_all(cluster):
    a, b, fake = cluster.a, cluster.b, cluster.fake
    answered_a = a.metric('eventqa_questions_total{outcome="answered"}')
    refused_b = b.metric('eventqa_questions_total{outcome="refused"}')
    answer = ask(cluster, a, 5101, QUESTION)
    assert FACT in answer["text"]
    assert ask(cluster, b, 5102, OFF_TOPIC)["text"].startswith(REFUSAL)
    assert ask(cluster, a, 5103, OTHER_REFUSED)["text"].startswith(REFUSAL)
    assert a.metric('eventqa_questions_total{outcome="answered"}') == answered_a + 1
    assert b.metric('eventqa_questions_total{outcome="refused"}') == refused_b + 1
    assert a.metric("eventqa_answer_seconds_count") >= 2
    assert a.metric("eventqa_index_documents") == 1

    expected = {("бұұ кітапханасында қанша кітап бар", "a"),
                ("футбол бойынша әлем чемпионатын кім жеңді", "bot2"),
                ("пизано футбол туралы не деді", "a")}
    rows = log_rows(cluster, lambda rows: {(r["question"], r["replica"]) for r in rows}
                    >= expected)
    assert {(r["question"], r["replica"]) for r in rows} >= expected

    # 👎 on replica a's answer, pressed while the proxy routes to replica b.
    [bad] = [data for text, data in buttons(answer) if data == "f:0"]
    assert b.deliver(fake, fake.press_button(answer["message_id"], bad, user_id=5101)) == 200
    [voted] = [r for r in log_rows(cluster, lambda rows: any(r["feedback"] == 0 for r in rows))
               if r["question"].startswith("бұұ кітапханасында")]
    assert voted["feedback"] == 0 and voted["replica"] == "a"

    # /stats on either replica counts both replicas' questions.
    n = len(messages_to(fake.sent, ADMIN))
    assert a.deliver(fake, fake.send_command("/start", user_id=ADMIN)) == 200
    assert len(messages_to(fake.sent, ADMIN)) == n + 1
    today = texts.TG_STATS_PERIODS["today"]
    for replica in (a, b):
        text = command(cluster, replica, ADMIN, "/stats")
        [line] = [x for x in text.splitlines() if x.startswith(today + ":")]
        total, answered, refused = map(int, STATS.search(line).groups())
        assert (total, answered, refused) == (len(rows), 1, 2)

    # `eventqa report` reads the same database: both replicas' refused questions are there.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTQA_", "TELEGRAM_"))}
    env.update({"EVENTQA_LOG_URL": cluster.db.url, "EVENTQA_CACHE_DIR": str(CACHE_DIR),
                "EVENTQA_INDEX_DIR": str(cluster.index_dir)})
    done = subprocess.run([sys.executable, "-m", "bot.cli.main", "report"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for question in ("футбол бойынша әлем чемпионатын кім жеңді", "пизано футбол туралы не деді",
                     "бұұ кітапханасында қанша кітап бар"):  # the last: 👎
        assert question in done.stdout


def test_answers_go_on_while_the_database_is_down(cluster):
    a, b = cluster.a, cluster.b
    before = len(log_rows(cluster))
    lost = a.metric("eventqa_questionlog_lost_writes_total")
    cluster.db.stop()
    try:
        for i, replica in enumerate((a, b, a, b, a)):
            started = time.monotonic()
            assert FACT in ask(cluster, replica, 5201 + i, QUESTION)["text"]
            assert time.monotonic() - started < 10  # the log never holds a reply up
        deadline = time.monotonic() + 30
        while a.metric("eventqa_questionlog_lost_writes_total") < lost + 3:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        # Staff are told the log cannot be read, not left waiting.
        assert command(cluster, b, ADMIN, "/stats").startswith(texts.QLOG_BAD.split(":")[0])
    finally:
        cluster.db.start()
    # One line per outage, not per question; the log recovers by itself.
    for replica in (a, b):
        assert replica.process.output().count("is unusable") == 1, replica.process.output()
        assert FACT in ask(cluster, replica, 5301 if replica is a else 5302, QUESTION)["text"]
    deadline = time.monotonic() + 30
    while not all("works again" in r.process.output() for r in (a, b)):
        assert time.monotonic() < deadline, a.process.output()[-2000:]
        time.sleep(0.1)
    assert len(log_rows(cluster, lambda rows: len(rows) >= before + 2)) == before + 2
    assert cluster.db.url.split("@")[0] in a.process.output()  # named, and no password to hide


NEW_PARAGRAPH = ("      2025 жылы Елбасы кітапханасы Женевада «Ұлы дала» атты жаңа көрме "
                 "ұйымдастырды, оған 120 сирек кітап қойылды.\n")


def test_a_corpus_edit_reaches_both_replicas_with_one_build(cluster):
    a, b = cluster.a, cluster.b
    [path] = cluster.corpus.glob("*.yaml")
    reloads = [r.metric('eventqa_reloads_total{result="built"}') +
               r.metric('eventqa_reloads_total{result="unchanged"}') for r in (a, b)]
    path.write_text(path.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")
    deadline = time.monotonic() + 90
    while True:
        builds = [json.loads(r.get("/healthz")[1])["build"] for r in (a, b)]
        if len(set(builds)) == 1 and all(r.metric('eventqa_reloads_total{result="built"}') +
                                         r.metric('eventqa_reloads_total{result="unchanged"}')
                                         > n for r, n in zip((a, b), reloads, strict=True)):
            break
        assert time.monotonic() < deadline, (a.process.output()[-2000:],
                                             b.process.output()[-2000:])
        time.sleep(0.2)
    # One replica embedded the edit; the other found that build published and loaded it.
    built = sum(r.metric('eventqa_reloads_total{result="built"}') for r in (a, b))
    assert built == 1
    for user, replica in ((5401, a), (5402, b)):
        assert "«Ұлы дала»" in ask(cluster, replica, user, "«Ұлы дала» көрмесінде қанша сирек "
                                   "кітап қойылды?")["text"]


def test_metrics_count_telegram_429s_and_dropped_connections(cluster):
    a, fake = cluster.a, cluster.fake
    name = "eventqa_telegram_retries_total{{kind=\"{}\"}}"

    def retries(kind: str) -> float:
        _, text = a.get("/metrics")
        match = re.search(rf"^{re.escape(name.format(kind))} (\S+)$", text, re.M)
        return float(match.group(1)) if match else 0.0

    before = retries("RetryAfter"), retries("NetworkError")
    fake.inject_429(ratio=1.0, retry_after=1, limit=1)
    fake.drop_connections(1)
    try:
        assert FACT in ask(cluster, a, 5501, QUESTION)["text"]  # retried: nothing lost
    finally:
        fake.clear_faults()
    assert retries("RetryAfter") == before[0] + 1
    assert retries("NetworkError") == before[1] + 1
