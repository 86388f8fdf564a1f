"""`GET /healthz` and `GET /metrics` for load balancers, supervisors and Prometheus.

A small HTTP server on its own port (`--health-port`, `bot.health_port`; 127.0.0.1 unless
`bot.health_listen` says otherwise), in the bot's event loop, in polling and webhook mode alike.
It starts before the engine loads, so a supervisor sees 503 while the model and index load and
200 once the engine has answered its warm-up questions:

    200 {"status": "ok", "build": "20261204T…", "documents": 1, "passages": 52,
         "uptime_s": 12.3, "replica": "host:1234"}
    503 {"status": "starting"}, {"status": "failing", "error": "…"} or {"status": "stopping"}
        (after SIGTERM, while the updates in hand finish: the balancer sends no new ones)

"The engine answers" is proven, not assumed: each /healthz at most every PROBE_EVERY_S runs one
real question through the engine (on its threads, with a time limit), so a wedged engine or a
broken index turns the check red.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.ops.metrics import CONTENT_TYPE, Metrics

if TYPE_CHECKING:
    from retrieval.engine import Engine

log = logging.getLogger(__name__)

PROBE_QUESTION = "кітапхана"
PROBE_EVERY_S = 10.0
PROBE_TIMEOUT_S = 10.0


class HealthError(Exception):
    """The health port cannot be opened; the message is for the person running the bot."""


class Health:
    """What /healthz reports: starting until `ready(engine)`, then the result of a probe."""

    def __init__(self, metrics: Metrics, replica: str = "",
                 stopping: asyncio.Event | None = None) -> None:
        self.metrics = metrics
        self.replica = replica
        self.stopping = stopping  # set on SIGTERM: the balancer stops sending while we drain
        self.started = time.monotonic()
        self.engine: Engine | None = None
        self.executor: Executor | None = None
        self._probed_at = -PROBE_EVERY_S
        self._error: str | None = None
        self._probe: asyncio.Future[None] | None = None

    def ready(self, engine: Engine, executor: Executor) -> None:
        self.engine, self.executor = engine, executor
        self._probed_at, self._error = time.monotonic(), None  # warm-up just answered
        self.metrics.ready.set(1)

    async def check(self) -> tuple[int, dict[str, Any]]:
        if self.stopping is not None and self.stopping.is_set():
            return 503, {"status": "stopping", "uptime_s": self._uptime()}
        if self.engine is None:
            return 503, {"status": "starting", "uptime_s": self._uptime()}
        if time.monotonic() - self._probed_at >= PROBE_EVERY_S:
            await self._run_probe()
        if self._error is not None:
            return 503, {"status": "failing", "error": self._error, "uptime_s": self._uptime()}
        index = self.engine.index
        return 200, {"status": "ok", "build": index.path.name, "documents": len(index.documents),
                     "passages": len(index.passages), "uptime_s": self._uptime(),
                     "replica": self.replica}

    async def _run_probe(self) -> None:
        if self._probe is None or self._probe.done():  # concurrent checks share one probe
            loop = asyncio.get_running_loop()
            self._probe = loop.run_in_executor(self.executor, self.engine.answer, PROBE_QUESTION)
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_S):
                await asyncio.shield(self._probe)
        except TimeoutError:
            self._fail(f"the engine did not answer in {PROBE_TIMEOUT_S:g} s")
        except Exception as exc:
            self._fail(f"{type(exc).__name__}: {exc}")
        else:
            if self._error is not None:
                log.warning("health: the engine answers again")
            self._error = None
            self.metrics.ready.set(1)
        self._probed_at = time.monotonic()

    def _fail(self, error: str) -> None:
        if error != self._error:
            log.error("health: the engine cannot answer (%s)", error)
        self._error = error
        self.metrics.ready.set(0)

    def _uptime(self) -> float:
        return round(time.monotonic() - self.started, 1)


def start_server(health: Health, listen: str, port: int) -> Any:
    """Listen now (in the running event loop); the tornado HTTPServer, for `.stop()`."""
    from tornado.httpserver import HTTPServer
    from tornado.web import Application, RequestHandler

    class HealthzHandler(RequestHandler):
        async def get(self) -> None:
            status, body = await health.check()
            self.set_status(status)
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps(body, ensure_ascii=False))

    class MetricsHandler(RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", CONTENT_TYPE)
            self.finish(health.metrics.render())

    # No access log: a balancer asks every few seconds, and tornado logs each 503 as an error.
    app = Application([("/healthz", HealthzHandler), ("/metrics", MetricsHandler)],
                      log_function=lambda handler: None)
    server = HTTPServer(app)
    try:
        server.listen(port, address=listen)
    except OSError as exc:
        raise HealthError(texts.HEALTH_LISTEN_BAD.format(address=f"{listen}:{port}", error=exc)) \
            from exc
    log.info("health and metrics on http://%s:%d/healthz and /metrics", listen, port)
    return server


def index_of(health: Health) -> Callable[[], object | None]:
    """The engine's current index, for the metrics collector (None while starting)."""
    return lambda: health.engine.index if health.engine is not None else None
