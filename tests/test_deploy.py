"""deploy/: what can be tested without Docker or a systemd machine. The systemd unit passes
`systemd-analyze verify`; the compose file wires replicas to PostgreSQL behind the proxy. The
image's entry command runs for real in tests/test_replicas.py: one replica there is started as
compose.yaml starts `bot2` from the image (`container_command`), and the image's HEALTHCHECK is
run against it."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT

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


def compose_service(name: str) -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"][name]


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}."""
    def one(match: re.Match) -> str:
        name, op, rest = match.group(1), match.group(2) or "", match.group(3) or ""
        return variables.get(name) or (rest if op == ":-" else "")

    return re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", one, value)


def container_command(service: str, variables: dict[str, str], moved: dict[str, str]
                      ) -> tuple[list[str], dict[str, str]]:
    """The process compose starts for `service` from the image, run here: the command line
    (entry point + the service's command) and the environment (the image's ENV, then the
    service's), with `moved` replacing what is different outside a container (paths, the
    database's address, ports)."""
    env, image_command, _ = dockerfile()
    spec = compose_service(service)
    env.update({k: interpolate(str(v), variables) for k, v in spec["environment"].items()})
    env.update(moved)
    command = [image_command[0], *(interpolate(a, variables) for a in spec["command"])]
    assert command[0] == "eventqa"
    return [str(VENV_EVENTQA), *command[1:]], env


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
