"""deploy/: what can be tested without Docker or a systemd machine. The systemd unit passes
`systemd-analyze verify`; the image's entry command, with the image's environment (its paths
moved into a temp folder), starts the real bot against the fake Bot API and turns healthy, and
the image's HEALTHCHECK command then succeeds; the compose file wires replicas to PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from retrieval.e5convert import ensure_converted
from tests.conftest import CACHE_DIR, PROJECT
from tests.fakebotapi import FakeBotAPI
from tests.test_bot_e2e import START_TIMEOUT, free_port

DEPLOY = PROJECT / "deploy"
VENV_EVENTQA = Path(sys.executable).parent / "eventqa"


def dockerfile() -> tuple[dict[str, str], list[str], list[str]]:
    """ENV (as the image has it), the entry command and the HEALTHCHECK command."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    env: dict[str, str] = {}
    entry: list[str] = []
    cmd: list[str] = []
    check: list[str] = []
    for line in text.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(rest))
        elif word == "ENTRYPOINT":
            entry = json.loads(rest)
        elif word == "CMD":
            cmd = json.loads(rest)
        elif word == "HEALTHCHECK":
            check = json.loads(rest.split(" CMD ", 1)[1])
    return env, entry + cmd, check


def test_systemd_unit_verifies(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    # The unit as shipped, pointing at this checkout's eventqa (verify checks the executable).
    unit = (DEPLOY / "eventqa@.service").read_text(encoding="utf-8")
    assert "/opt/eventqa/.venv/bin/eventqa serve" in unit
    path = tmp_path / "eventqa@1.service"
    path.write_text(unit.replace("/opt/eventqa/.venv/bin/eventqa", str(VENV_EVENTQA)),
                    encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True,
                          text=True, timeout=60)
    ours = [line for line in (done.stdout + done.stderr).splitlines() if path.name in line]
    assert done.returncode == 0 and ours == [], done.stdout + done.stderr
    for setting in ("User=eventqa", "ProtectSystem=strict", "ReadWritePaths=/opt/eventqa/var",
                    "NoNewPrivileges=yes", "Restart=on-failure"):
        assert setting in unit.splitlines()


def test_compose_runs_replicas_on_postgres_behind_the_proxy():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"bot1", "bot2", "db", "proxy"} <= set(services)
    for name in ("bot1", "bot2"):
        bot = services[name]
        assert bot["environment"]["EVENTQA_LOG_URL"].startswith("postgresql://")
        assert bot["environment"]["EVENTQA_LOG_REPLICA"] == name
        assert "--webhook-url" in bot["command"]
        assert "index:/var/lib/eventqa/index" in bot["volumes"]  # one shared index
    assert services["db"]["image"].startswith("postgres:15")
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "bot1:8443 bot2:8443" in caddy and "health_uri /healthz" in caddy


def test_the_image_entry_command_starts_a_healthy_bot(tmp_path):
    env, command, healthcheck = dockerfile()
    assert command[0] == "eventqa" and command[1] == "serve"
    ensure_converted(CACHE_DIR)
    port = free_port()
    # The image's paths, moved here; the cache is the converted model the build step makes.
    moved = {"EVENTQA_CONFIG": str(PROJECT / "config" / "eventqa.yaml"),
             "EVENTQA_CACHE_DIR": str(CACHE_DIR),
             "EVENTQA_INDEX_DIR": str(tmp_path / "index"),
             "EVENTQA_LOG_PATH": str(tmp_path / "questions.sqlite3"),
             "EVENTQA_BOT_HEALTH_PORT": str(port), "EVENTQA_BOT_HEALTH_LISTEN": "127.0.0.1"}
    assert set(moved) <= set(env)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTQA_", "TELEGRAM_"))}
    with FakeBotAPI() as fake:
        full = {**base, **env, **moved, "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_API_BASE_URL": fake.base_url}
        with open(tmp_path / "bot.log", "wb") as out:
            proc = subprocess.Popen([str(VENV_EVENTQA), *command[1:]], cwd=tmp_path, env=full,
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert proc.poll() is None, (tmp_path / "bot.log").read_text()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                                timeout=10) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError):
                    pass
                assert time.monotonic() < deadline, (tmp_path / "bot.log").read_text()
                time.sleep(0.2)
            def check(on: int) -> int:
                command = [sys.executable if healthcheck[0] == "python" else healthcheck[0],
                           *[a.replace(":9090/", f":{on}/") for a in healthcheck[1:]]]
                return subprocess.run(command, capture_output=True, timeout=30).returncode

            assert "9090" in " ".join(healthcheck)
            assert check(port) == 0
            assert check(free_port()) != 0  # nothing there: the check fails
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0
    assert "Traceback" not in (tmp_path / "bot.log").read_text()
