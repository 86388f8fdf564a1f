"""`eventqa bench`: how fast the system is on this machine, measured, not asserted.

Everything runs on copies in a temporary folder (corpus, index) so the user's `var/index` is
never touched; only the converted model cache (`cache_dir`) is shared, so no figure below
includes converting the model. Processes that a user starts (`eventqa index`, `ask`, `serve`)
are measured as subprocesses, the way a user meets them; per-question latency is measured in
this process after a warm-up.

The bot section runs the real bot against the fake Bot API (`bot/bench/fakebotapi.py`, shared with
the tests).

Timings on a shared machine are noisy, so every figure carries the 1-minute load average at the
moment it was taken.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.config import PROJECT_DIR, Config

DEV_QUESTIONS = PROJECT_DIR.parent / "shared" / "eval" / "dev.jsonl"
FALLBACK_QUESTIONS = (  # used when the dev set is not there (an installed copy)
    "БҰҰ кітапханасында қанша кітап бар?",
    "Хаттамаға кімдер қол қойды?",
    "Елбасы кітапханасының директоры кім?",
    "Конференция қай қалада өтті?",
    "Семей ядролық полигоны қашан жабылды?",
    "Кездесуде не ұсынылды?",
)
EDIT_SENTENCE = " Бұл сөйлем бенчмарк үшін қосылды."
OPENERS = ("", "Айтыңызшы, ", "Сәлем! ", "Білгім келеді: ", "Сұрағым бар: ", "Өтінемін, ",
           "Қайталап сұраймын: ", "Кешіріңіз, ", "Бір сұрақ: ", "Анығын айтыңызшы: ",
           "Қызық екен: ", "Тағы бір сұрақ: ")
PROBE_MARK = "@@eventqa-bench@@"
BIG_PASSAGES = 10_000
QUICK_REPS, FULL_REPS = 3, 5
BOT_USERS, BOT_PER_USER = 50, 10
SERVE_RSS_QUESTIONS = 60
BOT_RATE_LIMIT = 10_000  # per user and minute: the burst must not meet the flood limit
START_TIMEOUT_S = 180.0
BURST_TIMEOUT_S = 300.0

# Run as `python -c` in the measured subprocesses of `eventqa index`: the real CLI, plus what it
# did (the BuildReport) and whether the model was loaded at all, on stderr after a marker.
_CLI_PROBE = f"""
import json, sys
import retrieval.engine as engine
seen = {{}}
real = engine.ensure_index
def spy(*args, **kwargs):
    index, report = real(*args, **kwargs)
    seen.update(action=report.action, reason=report.reason, passages=report.passages,
                embedded=report.embedded, reused=report.reused_embeddings)
    return index, report
engine.ensure_index = spy
from bot.cli.main import main
code = main(sys.argv[1:])
seen.update(code=code, model_loaded=any(m in sys.modules for m in (
                "onnxruntime", "sentence_transformers")), torch_imported="torch" in sys.modules)
# This process's own peak (the fork's rusage would count the parent's pages before exec).
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        seen["peak_kib"] = int(line.split()[1])
sys.stderr.write("\\n{PROBE_MARK}" + json.dumps(seen) + "\\n")
sys.exit(code)
"""


# -- results --------------------------------------------------------------------------------------
@dataclass
class Row:
    key: str
    label: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    load1: float = 0.0
    note: str = ""


class Results:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, key: str, label: str, value: float | None, unit: str, *, target: str = "",
            met: bool | None = None, note: str = "") -> None:
        self.rows.append(Row(key, label, value, unit, target, met, _load1(), note))
        shown = "-" if value is None else _number(value)
        progress(f"  {label}: {shown} {unit} {note}".rstrip())

    def value(self, key: str) -> float | None:
        return next((r.value for r in self.rows if r.key == key), None)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load1() -> float:
    return round(os.getloadavg()[0], 2)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, int(np.ceil(p / 100 * len(ordered))))
    return float(ordered[rank - 1])


# -- the command ----------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="a shorter run (~2 min): fewer repetitions, and the 10,000-passage "
                             "index gets synthetic vectors (search timing only, no build figure)")
    parser.add_argument("--json", action="store_true", help="print one JSON object, no table")
    parser.add_argument("--questions", type=Path, default=None,
                        help=f"question set (JSONL with 'q'; default {DEV_QUESTIONS})")
    parser.add_argument("--big", type=int, default=BIG_PASSAGES, metavar="N",
                        help="passages in the generated corpus (default 10000)")
    parser.add_argument("--skip", action="append", default=[], metavar="SECTION",
                        choices=["cold", "index", "latency", "big", "bot"],
                        help="leave a section out (repeatable)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (its path is printed)")


def run(args: argparse.Namespace, config: Config) -> int:
    """Run the benchmark; 0 when every measurement ran, 1 when one failed."""
    bench = Bench(args, config)
    try:
        ok = bench.run_all()
    finally:
        bench.cleanup()
    if args.json:
        print(json.dumps(bench.as_json(), ensure_ascii=False))
    else:
        print(bench.table())
    return 0 if ok else 1


class Bench:
    def __init__(self, args: argparse.Namespace, config: Config) -> None:
        self.args = args
        self.config = config
        self.quick = bool(args.quick)
        self.skip = set(args.skip or [])
        self.results = Results()
        self.failures: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="eventqa-bench-"))
        self.questions = load_questions(args.questions)
        self.started = time.time()
        self.load_before = os.getloadavg()
        self.load_after: tuple[float, ...] = ()
        self._encoder: Any = None

    # -- orchestration --------------------------------------------------------------------------
    def run_all(self) -> bool:
        progress(f"eventqa bench: working in {self.tmp}; load average "
                 f"{' '.join(f'{x:.2f}' for x in self.load_before)}")
        sections: list[tuple[str, Callable[[], None]]] = [
            ("prepare", self.prepare), ("index", self.index_runs), ("cold", self.cold_starts),
            ("latency", self.latency), ("big", self.big_corpus), ("bot", self.bot_throughput),
        ]
        for name, section in sections:
            if name in self.skip:
                continue
            progress(f"[{name}]")
            try:
                section()
            except Exception as exc:  # one failed section must not hide the others' figures
                self.failures.append(f"{name}: {type(exc).__name__}: {exc}")
                progress(f"  FAILED: {type(exc).__name__}: {exc}")
                if name == "prepare":
                    break
        self.load_after = os.getloadavg()
        return not self.failures

    def cleanup(self) -> None:
        if self.args.keep:
            progress(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- folders and configs --------------------------------------------------------------------
    def copy_config(self, corpus: Path, index_dir: Path) -> Config:
        return replace(self.config, corpus=corpus, index_dir=index_dir)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("EVENTQA_CORPUS", "EVENTQA_INDEX_DIR", "EVENTQA_LOG_",
                                    "TELEGRAM_"))}
        env.update({"EVENTQA_CACHE_DIR": str(self.config.cache_dir),
                    "EVENTQA_MODEL_NAME": self.config.model.name,
                    "EVENTQA_MODEL_QUANTIZE": self.config.model.quantize,
                    "EVENTQA_MODEL_ENGINE": self.config.model.engine, "PYTHONUNBUFFERED": "1",
                    # The user's question log is not the benchmark's to fill.
                    "EVENTQA_LOG_PATH": str(self.tmp / "questions.sqlite3")})
        env.update(extra)
        return env

    def cli_args(self, corpus: Path, index_dir: Path, *command: str) -> list[str]:
        out = ["--corpus", str(corpus), "--index", str(index_dir)]
        if getattr(self.args, "config", None):
            out = ["--config", str(self.args.config), *out]
        return [*out, *command]

    # -- sections -------------------------------------------------------------------------------
    def prepare(self) -> None:
        """A copy of the corpus, the model loaded once here, the article's index built here."""
        from retrieval.corpus import load_corpus
        from retrieval.encoder import encoder_for
        from retrieval.index import ensure_index

        self.corpus = self.tmp / "corpus"
        source = Path(self.config.corpus)
        if source.is_dir():
            shutil.copytree(source, self.corpus)
        else:
            self.corpus.mkdir()
            shutil.copy2(source, self.corpus / source.name)
        self.index_dir = self.tmp / "index-article"
        self._encoder = encoder_for(self.config.model, Path(self.config.cache_dir))
        self.results.add("model_load_s", "model load, in process (exported graph reused)",
                         self._encoder.load_seconds, "s", note=self._encoder.model_id)
        corpus = load_corpus(self.corpus)
        started = time.perf_counter()
        self.index, report = ensure_index(self.copy_config(self.corpus, self.index_dir), corpus,
                                          lambda: self._encoder)
        seconds = time.perf_counter() - started
        self.results.add("article_passages", "article: passages", report.passages, "")
        self.results.add("article_build_s", "article: index build, model loaded", seconds, "s",
                         note=f"{report.embedded} texts embedded")
        self.results.add("article_build_pps", "article: build throughput",
                         report.passages / seconds, "passages/s")
        self.results.add("article_index_kb", "article: index size on disk",
                         _du(self.index.path) / 1024, "KiB")

    def index_runs(self) -> None:
        """`eventqa index` as a user runs it: unchanged corpus, then a one-line edit."""
        walls, probes = [], []
        for _ in range(3):
            wall, probe, _ = self.probe_cli(self.corpus, self.index_dir, "index")
            walls.append(wall)
            probes.append(probe)
        loaded = any(p.get("model_loaded") or p.get("torch_imported") for p in probes)
        self.results.add(
            "index_unchanged_s", "`eventqa index`, unchanged corpus (median of 3)",
            float(np.median(walls)), "s", target="≤ 2 s", met=float(np.median(walls)) <= 2.0,
            note=("model NOT loaded" if not loaded else "MODEL LOADED")
            + f", {probes[-1].get('action')}")
        if loaded:
            self.failures.append("index: the model was loaded for an unchanged corpus")

        edited = self.tmp / "corpus-edit"
        shutil.copytree(self.corpus, edited)
        edit_one_line(edited)
        index_copy = self.tmp / "index-edit"
        shutil.copytree(self.index_dir, index_copy, symlinks=True)
        wall, probe, rss = self.probe_cli(edited, index_copy, "index")
        self.results.add(
            "index_edit_s", "`eventqa index` after a one-line edit", wall, "s",
            note=f"{probe.get('embedded')} re-embedded, {probe.get('reused')} from cache; "
                 f"model load included; peak RSS {rss / 1024:.0f} MiB")

    def cold_starts(self) -> None:
        """Process start → first answer of `eventqa ask`, with and without a built index, and
        a developer's one-shot `eventqa ask "…"` from start to exit."""
        question = self.questions[0]
        walls, rss, torch = [], [], False
        for _ in range(3):
            wall, probe, peak = self.probe_cli(self.corpus, self.index_dir, "ask", question)
            walls.append(wall)
            rss.append(peak)
            torch = torch or bool(probe.get("torch_imported"))
        wall = float(np.median(walls))
        self.results.add("cli_ask_s", "one-shot `eventqa ask \"…\"`, wall (median of 3)", wall,
                         "s", target="≤ 1.5 s", met=wall <= 1.5,
                         note=f"peak RSS {max(rss) / 1024:.0f} MiB; "
                              + ("TORCH IMPORTED" if torch else "no torch"))
        if torch:
            self.failures.append("cold: torch was imported on the query path")
        first, _ = self.first_answer(self.corpus, self.index_dir, question)
        self.results.add("cold_built_s", "cold start → first answer, index built", first, "s")
        fresh = self.tmp / "index-cold"
        first, _ = self.first_answer(self.corpus, fresh, question)
        self.results.add("cold_rebuild_s", "cold start → first answer, index rebuilt", first, "s",
                         note="fresh index folder; converted model cache reused")

    def latency(self) -> None:
        """In-process search and ask over the question set, after a warm-up."""
        from retrieval.engine import Engine

        engine = Engine(self.copy_config(self.corpus, self.index_dir), self.index, self._encoder)
        stats = measure_latency(engine, self.questions, QUICK_REPS if self.quick else FULL_REPS)
        self.article_search_p95 = stats["search"][1]
        n = stats["n"]
        self.results.add("search_p50_ms", "search p50", stats["search"][0], "ms", note=f"{n} q")
        self.results.add("search_p95_ms", "search p95", stats["search"][1], "ms")
        p50, p95 = stats["ask"]
        self.results.add("ask_p50_ms", "ask p50", p50, "ms", target="≤ 15 ms", met=p50 <= 15)
        self.results.add("ask_p95_ms", "ask p95", p95, "ms", target="≤ 60 ms", met=p95 <= 60)
        cpu50, cpu95 = stats["ask_cpu"]
        self.results.add("ask_cpu_p50_ms", "ask CPU time p50/p95", cpu50, "ms",
                         note=f"p95 {_number(cpu95)} ms; the answering thread's CPU time, "
                              "without the waits for a busy core")
        for part, (a, b) in stats["parts"].items():
            self.results.add(f"ask_{part}_p50_ms", f"  ask: {part.replace('_ms', '')} p50/p95",
                             a, "ms", note=f"p95 {_number(b)} ms")
        if stats.get("cached") is not None:
            self.results.add("ask_repeat_p50_ms", "ask p50, a repeated question",
                             stats["cached"], "ms", note="query embedding cached")

    def big_corpus(self) -> None:
        """A generated Kazakh-like corpus of N passages: build throughput, size, search p95."""
        from retrieval.corpus import load_corpus
        from retrieval.engine import Engine
        from retrieval.index import ensure_index

        target = int(self.args.big)
        folder = self.tmp / "corpus-big"
        folder.mkdir()
        path = folder / "generated.yaml"
        documents = [d for d in load_corpus(self.corpus).documents]
        passages = write_generated_corpus(path, documents, target, self.config)
        corpus = load_corpus(folder)
        config = self.copy_config(folder, self.tmp / "index-big")
        synthetic = self.quick
        encoder = SyntheticEncoder(self._encoder.dim) if synthetic else _Progress(self._encoder)
        progress(f"  building the {passages:,}-passage index "
                 f"({'synthetic vectors' if synthetic else 'real embeddings; this takes a while'})")
        from retrieval.encoder import all_cores

        with all_cores() as threads:  # as `eventqa index` builds
            started = time.perf_counter()
            index, report = ensure_index(config, corpus, lambda: encoder)
            seconds = time.perf_counter() - started
        if synthetic:
            self.results.add("big_build_pps", f"{passages:,} passages: build throughput", None,
                             "passages/s", note="skipped (--quick: synthetic vectors)")
        else:
            self.results.add("big_build_s", f"{passages:,} passages: index build", seconds, "s",
                             note=f"{report.embedded:,} texts and {report.embedded_words:,} "
                                  f"words embedded, {threads} model "
                                  f"thread{'s' if threads > 1 else ''}")
            self.results.add("big_build_pps", f"{passages:,} passages: build throughput",
                             passages / seconds, "passages/s")
        self.results.add("big_index_mb", f"{passages:,} passages: index size on disk",
                         _du(index.path) / 2**20, "MiB",
                         note=f"{index.manifest.get('index_type')} FAISS index")
        engine = Engine(config, index, self._encoder)
        stats = measure_latency(engine, self.questions, QUICK_REPS if self.quick else FULL_REPS,
                                ask=False)
        p95 = stats["search"][1]
        self.results.add("big_search_p50_ms", f"search p50 at {passages:,} passages",
                         stats["search"][0], "ms")
        article = getattr(self, "article_search_p95", None)
        ratio = p95 / article if article else None
        self.results.add("big_search_p95_ms", f"search p95 at {passages:,} passages", p95, "ms",
                         note=f"{ratio:.2f}× the article's" if ratio else "")
        if ratio is not None:
            self.results.add("big_search_ratio", "search p95 ratio, big / article", ratio, "×",
                             target="≤ 2×", met=ratio <= 2.0)

    def bot_throughput(self) -> None:
        """The real `eventqa serve` against the fake Bot API: a burst of users at once, paced as
        for Telegram (30 messages/s), then with that pacing lifted to show the bot's own limit."""
        fake_api = import_fake_bot_api()
        if fake_api is None:  # pragma: no cover - it ships with the package
            self.results.add("bot_answers_per_s", "bot throughput", None, "answers/s",
                             note="skipped: bot/bench/fakebotapi.py not found")
            return
        self._serve_cold(fake_api)
        users, per_user = BOT_USERS, BOT_PER_USER
        burst = f"{users} users × {per_user} questions at once"
        outcome, status = self._burst(fake_api, users, per_user, ready=True)
        self.results.add("bot_answers_per_s", f"bot: {burst}, Telegram's pace", outcome.rate,
                         "answers/s", note=f"{outcome.answered}/{outcome.expected} answered in "
                                           f"{outcome.seconds:.1f} s; replies keep Telegram's 30 "
                                           "messages/s (at most ~32/s here)")
        self.results.add("bot_typing", "bot: \"typing…\" actions during the burst",
                         outcome.typing, "", note="they share the 30 requests/s with replies")
        self.results.add("bot_get_updates", "bot: getUpdates calls during the burst",
                         outcome.get_updates, "",
                         note="each returns the updates in hand again (up to 100)")
        self.results.add("bot_p50_s", "bot: update → reply p50", outcome.p50, "s")
        self.results.add("bot_p95_s", "bot: update → reply p95", outcome.p95, "s")
        self.results.add("serve_peak_rss_mb", "serve: peak memory (VmHWM)",
                         status.get("VmHWM", 0) / 1024, "MiB",
                         note=f"VmRSS {status.get('VmRSS', 0) / 1024:.0f} MiB after the burst")
        unpaced, _ = self._burst(fake_api, users, per_user, ready=False,
                                 EVENTQA_BOT_MESSAGES_PER_SECOND="1000")
        self.results.add("bot_capacity_per_s", f"bot: {burst}, no pacing", unpaced.rate,
                         "answers/s", target="≥ 30/s", met=unpaced.rate >= 30,
                         note="what the bot itself can do: Telegram's limit is never waiting "
                              "on us when this is ≥ 30")

    def _serve_cold(self, fake_api: Any) -> None:
        """A question waiting when `serve` starts: process start → its reply; then a burst of
        SERVE_RSS_QUESTIONS questions and the process's peak memory, as a small VPS sees it."""
        with fake_api() as fake:
            env = self.env(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
                           EVENTQA_BOT_RATE_LIMIT_PER_MINUTE=str(BOT_RATE_LIMIT))
            chat = 400_001
            fake.send_text(self.questions[0], user_id=chat)
            log_path = self.tmp / "serve-cold.log"
            with open(log_path, "wb") as log_file, self.process(
                    [sys.executable, "-m", "bot.cli.main",
                     *self.cli_args(self.corpus, self.index_dir, "serve")],
                    env=env, stdout=log_file, stderr=subprocess.STDOUT) as proc:
                started = time.perf_counter()
                wait_until(lambda: any(s["method"] == "sendMessage" and s["chat_id"] == chat
                                       for s in list(fake.sent)), START_TIMEOUT_S, proc, log_path)
                first = time.perf_counter() - started
                users = 6
                outcome = bot_burst(fake, users, SERVE_RSS_QUESTIONS // users, self.questions,
                                    first_user=410_001)
                status = proc_status(proc.pid)
                proc.send_signal(signal.SIGTERM)
                proc.wait(60)
            loaded = re.search(r"model (\S+) loaded in ([0-9.]+) s",
                               log_path.read_text(encoding="utf-8", errors="replace"))
        self.results.add("serve_first_answer_s", "`eventqa serve` start → first answer", first,
                         "s", target="≤ 3 s", met=first <= 3.0,
                         note=f"model load {loaded.group(2)} s (serve's log)" if loaded else "")
        peak = status.get("VmHWM", 0) / 1024
        self.results.add("serve_rss_60_mb",
                         f"serve: peak memory after {outcome.answered} questions", peak, "MiB",
                         target="≤ 250 MiB", met=peak <= 250,
                         note=f"VmRSS {status.get('VmRSS', 0) / 1024:.0f} MiB")

    def _burst(self, fake_api: Any, users: int, per_user: int, ready: bool,
               **extra_env: str) -> tuple[BurstOutcome, dict[str, int]]:
        """One `serve` process, one burst; checks every question got exactly one reply."""
        with fake_api() as fake:
            env = self.env(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
                           EVENTQA_BOT_RATE_LIMIT_PER_MINUTE=str(BOT_RATE_LIMIT), **extra_env)
            log_path = self.tmp / "serve.log"
            with open(log_path, "wb") as log_file, self.process(
                    [sys.executable, "-m", "bot.cli.main",
                     *self.cli_args(self.corpus, self.index_dir, "serve")],
                    env=env, stdout=log_file, stderr=subprocess.STDOUT) as proc:
                started = time.perf_counter()
                wait_until(lambda: fake.get_updates_calls > 0 and any(
                    s["method"] == "setMyCommands" for s in fake.sent), START_TIMEOUT_S, proc,
                    log_path)
                if ready:
                    self.results.add("serve_ready_s", "`eventqa serve` start → polling",
                                     time.perf_counter() - started, "s",
                                     note="model load, warm-up")
                outcome = bot_burst(fake, users, per_user, self.questions)
                status = proc_status(proc.pid)
                proc.send_signal(signal.SIGTERM)
                code = proc.wait(60)
        if not outcome.exactly_once:
            self.failures.append(f"bot: {outcome.detail}")
        if code != 0:
            self.failures.append(f"bot: serve exited with {code} after SIGTERM")
        if ready:
            exact = outcome.exactly_once
            self.results.add("bot_exactly_once", "bot: every question got exactly one reply",
                             1.0 if exact else 0.0, "yes" if exact else "NO",
                             note=outcome.detail)
        return outcome, status

    # -- subprocess helpers ---------------------------------------------------------------------
    @contextmanager
    def process(self, argv: list[str], **kwargs: Any) -> Iterator[subprocess.Popen]:
        proc = subprocess.Popen(argv, cwd=PROJECT_DIR, **kwargs)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def probe_cli(self, corpus: Path, index_dir: Path, *command: str
                  ) -> tuple[float, dict[str, Any], int]:
        """Wall time of one CLI run, what it did, and its peak RSS in KiB (0 if unknown)."""
        argv = [sys.executable, "-c", _CLI_PROBE, *self.cli_args(corpus, index_dir, *command)]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=PROJECT_DIR, env=self.env(), stdout=out,
                                    stderr=err)
            _, status, _ = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout, text = (f.read().decode("utf-8", "replace") for f in (out, err))
        found = re.search(re.escape(PROBE_MARK) + r"(\{.*\})", text)
        if proc.returncode != 0 or not found:
            raise RuntimeError(f"eventqa {' '.join(command)} failed ({proc.returncode}): "
                               f"{text.strip()[-300:]}")
        progress(f"  {stdout.strip()}")
        probe = json.loads(found.group(1))
        return wall, probe, int(probe.get("peak_kib", 0))

    def first_answer(self, corpus: Path, index_dir: Path, question: str) -> tuple[float, str]:
        argv = [sys.executable, "-m", "bot.cli.main",
                *self.cli_args(corpus, index_dir, "ask", "--json", "-")]
        started = time.perf_counter()
        with self.process(argv, env=self.env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as proc:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write((question + "\n").encode())
            proc.stdin.close()
            line = proc.stdout.readline()
            seconds = time.perf_counter() - started
            proc.wait(120)
        if not line:
            raise RuntimeError(f"eventqa ask gave no answer (exit {proc.returncode})")
        return seconds, json.loads(line)["answer"]

    # -- output ---------------------------------------------------------------------------------
    def machine(self) -> dict[str, Any]:
        return {"cpu": _cpu_name(), "cores": os.cpu_count(), "memory_gib": _mem_gib(),
                "python": platform.python_version(), "torch_threads": _torch_threads(),
                "load_before": [round(x, 2) for x in self.load_before],
                "load_after": [round(x, 2) for x in self.load_after],
                "seconds": round(time.time() - self.started, 1)}

    def as_json(self) -> dict[str, Any]:
        return {"machine": self.machine(), "quick": self.quick, "failures": self.failures,
                "results": [asdict(r) for r in self.results.rows],
                "figures": {r.key: r.value for r in self.results.rows}}

    def table(self) -> str:
        m = self.machine()
        head = (f"eventqa bench{' --quick' if self.quick else ''} — {m['cpu']}, {m['cores']} "
                f"cores, {m['memory_gib']} GiB, Python {m['python']}, torch threads "
                f"{m['torch_threads']}; load average {_triple(m['load_before'])} → "
                f"{_triple(m['load_after'])}; {m['seconds']:.0f} s")
        rows = [("measurement", "value", "unit", "target", "met", "load", "note")]
        for r in self.results.rows:
            met = "" if r.met is None else ("yes" if r.met else "NO")
            value = "-" if r.value is None else _number(r.value)
            rows.append((r.label, value, r.unit, r.target, met, f"{r.load1:.2f}", r.note))
        widths = [max(len(row[i]) for row in rows) for i in range(6)]
        lines = [head, ""]
        for i, row in enumerate(rows):
            cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]),
                     row[3].ljust(widths[3]), row[4].ljust(widths[4]), row[5].rjust(widths[5])]
            lines.append("  ".join(cells) + ("  " + row[6] if row[6] else ""))
            if i == 0:
                lines.append("-" * (sum(widths) + 12))
        for failure in self.failures:
            lines.append(f"FAILED {failure}")
        return "\n".join(lines)


# -- latency --------------------------------------------------------------------------------------
PARTS = ("encode_ms", "vector_ms", "lexical_ms", "fusion_ms", "compose_ms")


def measure_latency(engine: Any, questions: Sequence[str], reps: int, ask: bool = True
                    ) -> dict[str, Any]:
    """p50/p95 of engine.search and engine.answer; each query's embedding is computed afresh
    (the encoder's query cache is cleared before every call), so repeats measure real work."""
    encoder = engine.encoder
    clear = getattr(encoder, "clear_query_cache", None) or (lambda: None)
    engine.warm_up()
    for q in questions[:5]:
        engine.answer(q)
    search_ms: list[float] = []
    ask_ms: list[float] = []
    ask_cpu_ms: list[float] = []  # this thread's CPU time: what contention does not inflate
    parts: dict[str, list[float]] = {p: [] for p in PARTS}
    for _ in range(reps):
        for q in questions:
            clear()
            started = time.perf_counter()
            engine.search(q)
            search_ms.append((time.perf_counter() - started) * 1e3)
            if not ask:
                continue
            clear()
            cpu = time.thread_time()
            started = time.perf_counter()
            answer = engine.answer(q)
            ask_ms.append((time.perf_counter() - started) * 1e3)
            ask_cpu_ms.append((time.thread_time() - cpu) * 1e3)
            for p in PARTS:
                if p in answer.debug:
                    parts[p].append(float(answer.debug[p]))
    out: dict[str, Any] = {"n": len(questions), "search": _p(search_ms)}
    if ask:
        out["ask"] = _p(ask_ms)
        out["ask_cpu"] = _p(ask_cpu_ms)
        out["parts"] = {p: _p(v) for p, v in parts.items() if v}
        cached = []
        if getattr(encoder, "clear_query_cache", None) is not None:
            for q in questions:
                engine.answer(q)  # fills the cache
                started = time.perf_counter()
                engine.answer(q)
                cached.append((time.perf_counter() - started) * 1e3)
        out["cached"] = percentile(cached, 50) if cached else None
    return out


def _p(values: Sequence[float]) -> tuple[float, float]:
    return percentile(values, 50), percentile(values, 95)


def load_questions(path: Path | None) -> list[str]:
    source = path or DEV_QUESTIONS
    if not source.is_file():
        if path is not None:
            raise FileNotFoundError(f"question set not found: {path}")
        return list(FALLBACK_QUESTIONS)
    questions = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            questions.append(str(json.loads(line)["q"]))
    return questions or list(FALLBACK_QUESTIONS)


# -- the generated corpus -------------------------------------------------------------------------
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def generate_sentences(documents: Sequence[Any], count: int, seed: int = 7) -> list[str]:
    """`count` distinct Kazakh-like sentences: the article's own sentences with about a third of
    their words replaced by other article words (with their case endings), and some sentences
    spliced from two halves. Deterministic for a seed."""
    from retrieval.sentences import split_sentences

    rng = random.Random(seed)
    sentences = [s.text for d in documents for p in d.paragraphs for s in split_sentences(p)]
    sentences = [s for s in sentences if len(s.split()) >= 4]
    # Words with dots are initials or abbreviations (Н.Ә.Назарбаев): substituted into the
    # middle of a sentence they would make the splitter cut it.
    vocabulary = sorted({w for s in sentences for w in _WORD.findall(s) if len(w) > 2})
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        base = rng.choice(sentences).split()
        if rng.random() < 0.3:
            other = rng.choice(sentences).split()
            base = base[: max(2, len(base) // 2)] + other[len(other) // 2:]
        words = []
        for word in base:
            if rng.random() < 0.33 and _WORD.fullmatch(word.strip(",;:«»()\"")):
                replacement = rng.choice(vocabulary)
                if word[:1].isupper():
                    replacement = replacement[:1].upper() + replacement[1:]
                word = replacement + ("," if word.endswith(",") else "")
            words.append(word)
        text = " ".join(words).rstrip(".!?,;: ") + "."
        text = text[:1].upper() + text[1:]
        if "." in text[:-1] or text in seen:
            continue  # keep exactly one sentence per line of text
        seen.add(text)
        out.append(text)
    return out


def write_generated_corpus(path: Path, documents: Sequence[Any], passages: int,
                           config: Config) -> int:
    """Write a corpus of `passages` passages: documents of several paragraphs, most long enough
    to be cut into one-sentence passages. Returns the passage count (exact unless the
    sentences ran out)."""
    from retrieval.passages import split_document
    from retrieval.types import Document

    rng = random.Random(11)
    sentences = iter(generate_sentences(documents, passages + passages // 10))
    title_words = [w for d in documents for w in _WORD.findall(" ".join(d.paragraphs))]
    lines = ["documents:"]
    total = 0
    doc = 0
    while total < passages:
        doc += 1
        doc_id = f"bench-{doc:04d}"
        title = " ".join(rng.sample(title_words, 6)).capitalize()
        lines += [f"  - id: {doc_id}", f'    title: "{title}"',
                  f"    date: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                  "    text: |"]
        for number in range(1, rng.randint(10, 40) + 1):
            paragraph = ""
            for _ in range(rng.randint(2, 9)):
                candidate = (paragraph + " " + next(sentences, "")).strip()
                probe = Document(doc_id, title, (candidate,), str(path), 1)
                if total + len(split_document(probe, config.passages)) > passages:
                    break
                paragraph = candidate
            if not paragraph:
                break
            lines.append("      " + paragraph)
            total += len(split_document(Document(doc_id, title, (paragraph,), str(path), 1),
                                        config.passages))
            if total >= passages or number > 40:
                break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def edit_one_line(corpus_dir: Path) -> None:
    """Append one sentence to the first paragraph line of the first corpus file."""
    path = sorted(p for p in corpus_dir.iterdir() if p.suffix in (".yaml", ".yml"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    in_text = False
    for n, line in enumerate(lines):
        if re.match(r"^\s+text:\s*[|>]", line):
            in_text = True
            continue
        if in_text and line.strip():
            lines[n] = line.rstrip() + EDIT_SENTENCE
            break
    else:
        raise RuntimeError(f"no text block to edit in {path}")
    path.write_text("\n".join(lines), encoding="utf-8")


class SyntheticEncoder:
    """Random unit vectors instead of embeddings: search timing does not depend on their
    values, and they cost nothing to make (--quick)."""

    model_id = "synthetic"

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._rng = np.random.default_rng(5)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:  # the corpus's words
        return self.encode_passages(texts)


class _Progress:
    """The real encoder, reporting progress of a long build on stderr."""

    def __init__(self, encoder: Any) -> None:
        self.inner = encoder
        self.dim = encoder.dim
        self.model_id = encoder.model_id

    def encode_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        step = 1000
        parts = []
        started = time.perf_counter()
        for start in range(0, len(texts), step):
            parts.append(self.inner.encode_passages(texts[start:start + step], batch_size))
            done = min(start + step, len(texts))
            rate = done / (time.perf_counter() - started)
            progress(f"  embedded {done:,}/{len(texts):,} ({rate:.0f}/s)")
        return np.concatenate(parts) if parts else np.zeros((0, self.dim), np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:  # the corpus's words
        progress(f"  embedding {len(texts):,} words")
        return self.inner.encode_queries(texts)


# -- the bot burst --------------------------------------------------------------------------------
@dataclass
class BurstOutcome:
    expected: int
    answered: int
    seconds: float
    rate: float
    p50: float
    p95: float
    exactly_once: bool
    detail: str
    typing: int
    get_updates: int  # getUpdates calls during the burst


def import_fake_bot_api() -> Any:
    """bot.bench.fakebotapi.FakeBotAPI: the fake Telegram the benchmark and the tests share."""
    from bot.bench.fakebotapi import FakeBotAPI

    return FakeBotAPI


def bot_burst(fake: Any, users: int, per_user: int, questions: Sequence[str],
              first_user: int = 500_001) -> BurstOutcome:
    """All users send all their questions at once; wait for every reply."""
    chats = list(range(first_user, first_user + users))
    start = len(fake.sent)
    polls = fake.get_updates_calls
    sent_at: dict[int, list[float]] = {u: [] for u in chats}
    last_update = 0
    started = time.time()
    for k in range(per_user):
        for n, user in enumerate(chats):
            # Distinct texts, as real users' are: the encoder's cache of recent questions
            # would otherwise answer most of the burst without the model.
            i = n * per_user + k
            question = OPENERS[(i // len(questions)) % len(OPENERS)] + questions[i % len(questions)]
            sent_at[user].append(time.time())
            last_update = fake.send_text(question, user_id=user)
    expected = users * per_user

    def replies(sent: list[dict[str, Any]]) -> dict[int, list[float]]:
        out: dict[int, list[float]] = {u: [] for u in chats}
        for s in sent:
            if s["method"] == "sendMessage" and s["chat_id"] in out:
                out[s["chat_id"]].append(s["time"])
        return out

    try:
        fake.wait_for(lambda sent: sum(len(v) for v in replies(sent).values()) >= expected
                      and fake.confirmed_offset >= last_update, BURST_TIMEOUT_S)
    except AssertionError:
        pass  # reported below as unanswered questions
    finished = time.time()
    polls = fake.get_updates_calls - polls
    time.sleep(1.0)  # a duplicate reply would come right after the last one
    sent = list(fake.sent)[start:]
    got = replies(sent)
    typing = sum(1 for s in sent if s["method"] == "sendChatAction" and s["chat_id"] in got)
    latencies = []
    for user in chats:
        # A user's replies in time order answer their questions in the order sent: every
        # question of the burst was queued within a few milliseconds of the others.
        latencies += [r - s for s, r in zip(sent_at[user], sorted(got[user]), strict=False)]
    answered = sum(min(len(v), per_user) for v in got.values())
    last_reply = max((max(v) for v in got.values() if v), default=finished)
    seconds = max(last_reply - started, 1e-9)
    wrong = {u: len(v) for u, v in got.items() if len(v) != per_user}
    rejected = [r for r in fake.rejected if not r["injected"]]
    exact = not wrong and not rejected
    detail = "" if exact else (f"{len(wrong)} users with a reply count ≠ {per_user} "
                               f"(e.g. {dict(list(wrong.items())[:3])}); "
                               f"{len(rejected)} calls refused by the fake")
    return BurstOutcome(expected, answered, seconds, answered / seconds,
                        percentile(latencies, 50), percentile(latencies, 95), exact, detail,
                        typing, polls)


def wait_until(predicate: Callable[[], bool], timeout: float, proc: subprocess.Popen,
               log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-500:]
            raise RuntimeError(f"serve exited ({proc.returncode}): {tail}")
        time.sleep(0.05)
    raise RuntimeError(f"serve did not start within {timeout:.0f} s")


# -- the machine ----------------------------------------------------------------------------------
def proc_status(pid: int) -> dict[str, int]:
    """Vm* fields of /proc/<pid>/status in KiB (VmHWM = peak resident memory)."""
    out: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.startswith("Vm") and value.strip().endswith("kB"):
            out[key] = int(value.split()[0])
    return out


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return 0.0


def _torch_threads() -> int | None:
    torch = sys.modules.get("torch")
    return int(torch.get_num_threads()) if torch is not None else None


def _triple(values: Sequence[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)
