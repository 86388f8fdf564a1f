"""The running bot follows the corpus: an edit on disk is validated, rebuilt and swapped in.

Every `bot.reload_interval_s` the watcher stats the corpus files (a file, or the `*.yaml` of a
folder). A change is acted on once the files have stayed the same for one more interval, so a
file still being written is not read half-way. Then, in a thread of its own (the bot keeps
answering meanwhile), `engine.reload()` validates the corpus and brings the index up to date:
only changed passages are embedded, with the encoder already loaded, and the new index is made
current on disk atomically and swapped into the engine under its lock.

Why questions in flight are safe: the engine hands each question one (index, searcher) pair,
taken under its lock when the question starts; a reload builds a complete new Index object and
only replaces the engine's reference to it. A question that started before keeps using the old
objects, which stay whole in memory until it finishes; the next question gets the new ones.

A bad edit (YAML error, duplicate id, missing text, not UTF-8, empty corpus...) raises
CorpusError before anything is built, so the last good index stays in use. It is logged in one
line naming file and line, and the admins are told in Telegram - once per distinct problem, not
on every poll. Fixing the file is a change like any other: it reloads, and the admins hear that
it recovered.

Replicas: several serve processes may share one index folder (and corpus). Builds happen under
the index's lock (retrieval/index.py), so when an edit reaches every replica at once, one builds
and the others load its result. Each poll also looks at the published build (`current`): when
another process (a replica, `eventqa index` in a deploy step, an upload handled elsewhere) made a
new build current, this replica loads it - the same reload, which finds the build up to date and
embeds nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot import plain, texts
from retrieval.corpus import CorpusError, corpus_files, load_corpus, warnings
from retrieval.engine import Engine
from retrieval.index import BuildReport

log = logging.getLogger(__name__)

Notify = Callable[[str], Awaitable[None]]
RETRY_AFTER_S = 60.0  # a reload that failed for another reason (disk full...) is tried again

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(path: Path) -> Snapshot:
    """What the corpus looks like on disk, cheaply: (file, mtime, size) of each corpus file."""
    path = Path(path)
    if not path.exists():
        return ()
    try:
        files = corpus_files(path)
    except OSError:
        return ()
    seen = []
    for file in files:
        try:
            st = file.stat()
            seen.append((str(file), st.st_mtime_ns, st.st_size))
        except OSError:  # replaced or removed between listing and stat
            seen.append((str(file), -1, -1))
    return tuple(seen)


def digest(path: Path) -> str:
    """The corpus files' names and bytes, hashed: a save without changes is no change."""
    h = hashlib.sha256()
    path = Path(path)
    try:
        for file in corpus_files(path) if path.exists() else []:
            h.update(str(file).encode() + b"\0" + file.read_bytes() + b"\1")
    except OSError as exc:
        h.update(f"unreadable: {exc}".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class CorpusState:
    files: Snapshot
    digest: str

    @classmethod
    def read(cls, path: Path) -> CorpusState:
        return cls(snapshot(path), digest(path))


@dataclass(frozen=True)
class Outcome:
    """What one reload did, said for staff."""

    ok: bool
    message: str
    report: BuildReport | None = None


class CorpusWatcher:
    """Polls the corpus, reloads the engine on a change, tells the admins about problems."""

    def __init__(self, engine: Engine, interval_s: float, notify: Notify | None = None,
                 initial: CorpusState | None = None,
                 initial_error: CorpusError | None = None,
                 on_result: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.on_result = on_result  # each reload's result (built, unchanged, refused, failed)
        self.path = Path(engine.config.corpus)
        self.interval_s = max(interval_s, 0.05)
        self.notify = notify
        self._executor: Executor = ThreadPoolExecutor(1, thread_name_prefix="reload")
        self._lock = asyncio.Lock()  # one reload at a time: the poll's or an admin's /reload
        initial = initial or CorpusState.read(self.path)
        self._seen = initial.files  # the files as last validated (good or bad)
        self._tried = initial.digest  # their content
        self._candidate: Snapshot | None = None  # a change seen once, waiting to settle
        self._problem: tuple | None = None  # the problem the admins were last told about
        self._retry_at: float | None = None
        self._heal_error = ""  # the last self-heal failure, so that it is logged once
        self._initial_error = initial_error
        self._adopted: Path | None = None  # the last build published elsewhere we reloaded for

    # -- the loop ---------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        if self._initial_error is not None:  # started on the last good index after a bad edit
            await self._failed_corpus(self._initial_error)
            self._initial_error = None
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval_s):
                    await stop.wait()
            if stop.is_set():
                break
            try:
                await self.poll()
            except Exception:  # the watcher must outlive anything a file system does to it
                log.exception("corpus watcher: poll failed")

    async def poll(self) -> None:
        published = await asyncio.to_thread(self._published_elsewhere)
        if published is not None and published != self._adopted:
            self._adopted = published  # tried once: a bad corpus here is not retried each poll
            await self.reload(manual=False, why="another process published a new index",
                              adopt=True)
            return
        files = await asyncio.to_thread(snapshot, self.path)
        retry = self._retry_at is not None and time.monotonic() >= self._retry_at
        if files == self._seen and not retry:
            self._candidate = None
            await self._heal()
            return
        if files != self._seen and files != self._candidate:
            self._candidate = files  # still being written, perhaps: look again next time
            return
        self._candidate = None
        await self.reload(manual=False, why="changed on disk" if files != self._seen else "retry")

    async def _heal(self) -> None:
        """Index files deleted or damaged on disk under the running bot: rebuild them from the
        index in memory (which keeps answering meanwhile, and lends its embeddings)."""
        if self._lock.locked():
            return
        async with self._lock:
            loop = asyncio.get_running_loop()
            try:
                report = await loop.run_in_executor(self._executor, self.engine.ensure_loaded)
            except Exception as exc:  # reported once; answering goes on from memory
                if str(exc) != self._heal_error:
                    log.warning("index on disk is damaged and could not be rebuilt: %s", exc)
                self._heal_error = str(exc)
                return
            self._heal_error = ""
            if report is not None:
                log.warning("index files were missing or damaged on disk; rebuilt them "
                            "(%d texts embedded)", report.embedded)

    def _published_elsewhere(self) -> Path | None:
        """The index folder's current build, if it is not the one the engine answers from."""
        current = Path(self.engine.config.index_dir) / "current"
        try:
            published = (current.parent / os.readlink(current)).resolve(strict=True)
            return published if published != Path(self.engine.index.path).resolve() else None
        except OSError:  # no published build (removed: the self-heal rebuilds it)
            return None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- reloading --------------------------------------------------------------------------------
    async def reload(self, manual: bool = True, why: str = "asked by an admin",
                     adopt: bool = False) -> Outcome | None:
        """Validate and reload now. Automatic reloads skip a save that changed no byte and tell
        the admins; a manual one (/reload) always runs and returns its message to the caller.
        `adopt`: another process published a build; load it even if the corpus looks the same."""
        async with self._lock:
            if adopt and await asyncio.to_thread(self._published_elsewhere) is None:
                return None  # a reload meanwhile took it in already
            state = await asyncio.to_thread(CorpusState.read, self.path)
            if not manual and not adopt and state.digest == self._tried \
                    and self._retry_at is None:
                self._seen = state.files
                return None
            self._seen, self._tried = state.files, state.digest
            self._retry_at = None
            log.info("corpus %s: validating and reloading (%s)", self.path, why)
            loop = asyncio.get_running_loop()
            try:
                report = await loop.run_in_executor(self._executor, self.engine.reload)
            except CorpusError as exc:
                return await self._failed_corpus(exc, tell=not manual)
            except Exception as exc:  # index not writable, model gone...: keep the current one
                return await self._failed_other(exc, tell=not manual)
            found = await asyncio.to_thread(self._warnings)
            return await self._succeeded(report, found, tell=not manual)

    def _warnings(self) -> str:
        try:
            return plain.corpus_warnings(warnings(load_corpus(self.path)))
        except Exception:  # changed again meanwhile; the next reload will say
            return ""

    async def _succeeded(self, report: BuildReport, found: str, tell: bool) -> Outcome:
        recovered = self._problem is not None
        self._problem = None
        self._result("built" if report.action == "built" else "unchanged")
        summary = plain.index_report(report)
        log.info("corpus reloaded: %s", summary)
        changed = report.action == "built"
        head = texts.CORPUS_RECOVERED if recovered else texts.CORPUS_RELOADED if changed else ""
        message = "\n".join(x for x in (head, summary, found) if x)
        if tell and (recovered or changed):
            await self._tell(message)
        return Outcome(True, message, report)

    async def _failed_corpus(self, exc: CorpusError, tell: bool = True) -> Outcome:
        message = "\n".join([plain.corpus_error(exc), texts.CORPUS_KEPT])
        self._result("refused")
        key = ("corpus", tuple(str(p) for p in exc.problems))
        if key != self._problem:
            log.warning("corpus edit refused, still answering from the last good index: %s",
                        "; ".join(plain.problem(p) for p in exc.problems))
            if tell:
                await self._tell(message)
        else:  # told already: a short line, so the log still shows the edit was looked at
            log.info("corpus still has the problem reported before (%s)", exc.problems[0].where)
        self._problem = key
        return Outcome(False, message)

    async def _failed_other(self, exc: Exception, tell: bool = True) -> Outcome:
        error = f"{type(exc).__name__}: {exc}"
        message = texts.RELOAD_FAILED.format(error=error)
        self._result("failed")
        key = ("error", error)
        if key != self._problem:
            log.error("corpus reload failed, still answering from the previous index: %s", error)
            if tell:
                await self._tell(message)
        self._problem = key
        self._retry_at = time.monotonic() + RETRY_AFTER_S
        return Outcome(False, message)

    def _result(self, result: str) -> None:
        if self.on_result is not None:
            self.on_result(result)

    async def _tell(self, message: str) -> None:
        if self.notify is None:
            return
        try:
            await self.notify(message)
        except Exception as exc:  # the admins not hearing must not stop the watcher
            log.warning("could not tell the admins about the corpus: %s", exc)
