"""Prometheus metrics of one serve process (prometheus-client), served by bot/ops/health.py.

Each process has its own registry (not the library's global one), so tests running several bots
in one process, or a second `serve` started in-process, do not collide. The index figures are
read from the engine at scrape time rather than kept in step by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Answers take 20-300 ms on this machine (README, Benchmarks); a queue in a burst, seconds.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OUTCOMES = ("answered", "refused", "smalltalk", "empty")
RELOAD_RESULTS = ("built", "unchanged", "refused", "failed")  # bot/staff/watcher.py


class _IndexCollector(Collector):
    """Index size and build id of whatever index the engine holds right now."""

    def __init__(self, index: Callable[[], object | None]) -> None:
        self.index = index

    def collect(self) -> Iterator:
        index = self.index()
        if index is None:
            return
        documents = GaugeMetricFamily("eventqa_index_documents", "Documents in the loaded index")
        documents.add_metric([], len(index.documents))
        passages = GaugeMetricFamily("eventqa_index_passages", "Passages in the loaded index")
        passages.add_metric([], len(index.passages))
        build = InfoMetricFamily("eventqa_index_build", "The loaded index build")
        build.add_metric([], {"build": index.path.name, "model": str(index.model)})
        yield from (documents, passages, build)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.questions = Counter("eventqa_questions", "Questions handled, by outcome",
                                 ["outcome"], registry=r)
        for outcome in OUTCOMES:  # present at 0 from the start: rate() needs a first sample
            self.questions.labels(outcome)
        self.latency = Histogram("eventqa_answer_seconds",
                                 "Question received to reply sent, in seconds",
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.telegram_errors = Counter("eventqa_telegram_errors",
                                       "Telegram API calls that failed, by kind of error",
                                       ["kind"], registry=r)
        self.telegram_retries = Counter("eventqa_telegram_retries",
                                        "Telegram API calls retried, by kind of error",
                                        ["kind"], registry=r)
        self.reloads = Counter("eventqa_reloads", "Corpus/index reloads, by result",
                               ["result"], registry=r)
        for result in RELOAD_RESULTS:
            self.reloads.labels(result)
        self.log_lost = Counter("eventqa_questionlog_lost_writes",
                                "Question log writes dropped (database down, slow or full)",
                                registry=r)
        self.started = Gauge("eventqa_start_time_seconds", "When this process started (Unix)",
                             registry=r)
        self.started.set(time.time())
        self.ready = Gauge("eventqa_ready", "1 when the engine answers, else 0", registry=r)

    def watch_index(self, index: Callable[[], object | None]) -> None:
        self.registry.register(_IndexCollector(index))

    def question(self, outcome: str, seconds: float) -> None:
        self.questions.labels(outcome).inc()
        self.latency.observe(seconds)

    def telegram_error(self, kind: str, retried: bool) -> None:
        (self.telegram_retries if retried else self.telegram_errors).labels(kind).inc()

    def reload(self, result: str) -> None:
        self.reloads.labels(result).inc()

    def lost_write(self) -> None:
        self.log_lost.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
