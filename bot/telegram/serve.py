"""`eventqa serve`: run the Telegram bot (long polling, or a webhook behind HTTPS).

Environment (never the settings file): TELEGRAM_BOT_TOKEN (required), TELEGRAM_API_BASE_URL
(a local Bot API server; PTB's `base_url` form, the token is appended), TELEGRAM_API_FILE_URL
(where files sent to the bot are downloaded from; PTB's `base_file_url` form),
TELEGRAM_WEBHOOK_SECRET (webhook mode; generated when unset).

No update is confirmed to Telegram before it was handled
--------------------------------------------------------
Telegram forgets an update once it is confirmed: in polling, by a getUpdates call whose offset
is above its id; with a webhook, by a 2xx answer to its request. PTB's Updater confirms a batch
as soon as it asks for the next one - while the batch may still sit in the update queue - and
its webhook answers 200 before handling. A crash or a kill at that moment loses the question.
So this module replaces both (the rest of PTB - Application, handlers, update processor, rate
limiter - is used as is):

- `HandledTracker` knows the updates in hand. `TrackingUpdateProcessor` (a PTB update
  processor, which caps concurrency) marks an update handled when its handlers returned, after
  the reply went out or finally failed.
- `Poller` asks getUpdates with offset = the lowest update still in hand (or one past the
  highest fetched), so confirmation only ever covers handled updates. Telegram then returns the
  in-hand updates again; they are recognised by id and skipped before PTB parses them. As a
  getUpdates with unconfirmed updates answers at once, the poller long-polls only when nothing
  is in hand, and otherwise asks again when an update finishes while none waits for a free slot
  (or after a short, growing pause, for new messages meanwhile). getUpdates returns at most 100
  updates, which also caps what is in hand.
- The webhook answers each request only after its update was handled (Telegram waits, and
  sends it again if we fail or die). A re-sent update already in hand waits for the same result.
- So delivery is at least once: a crash between a reply and its confirmation answers that
  question again after the restart - better than never.
- SIGTERM/SIGINT: stop fetching (an unfinished long poll is abandoned: it confirmed nothing new),
  wait up to `bot.shutdown_timeout_s` for the updates in hand, then one last getUpdates
  (timeout 0) with the offset past everything handled. Updates that did not finish in time stay
  unconfirmed and come again after a restart. A second signal stops waiting. Exit code 0.

Staff workflow (bot/staff/watcher.py, bot/staff/admin.py, bot/staff/questionlog.py): the bot
follows edits of the corpus by itself, tells the admins about bad edits, and logs questions for
`eventqa report`. It also starts after a bad edit, on the last good index, rather than not at all.

Operations (bot/ops/health.py, bot/ops/metrics.py, bot/staff/logstore.py): /healthz and /metrics on
`--health-port`, up from the first moment (503 until the engine answers); the question log in
SQLite or a PostgreSQL database that several replicas share. Replicas share the index folder
too: one builds (under the index's lock), the others follow the published build (watcher).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import inspect
import json
import logging
import os
import re
import secrets
import signal
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor, Defaults

from bot import texts
from bot.ops import health as health_module
from bot.ops.metrics import Metrics
from bot.staff import logstore
from bot.staff.admin import AdminCommands, AdminNotifier
from bot.staff.questionlog import DAY_S, Recorder
from bot.staff.uploads import StaffUploads
from bot.staff.watcher import CorpusState, CorpusWatcher
from bot.telegram.handlers import Handlers
from bot.telegram.ratelimit import RetryingRateLimiter
from retrieval.config import Config

if TYPE_CHECKING:
    from retrieval.corpus import CorpusError
    from retrieval.engine import Engine

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_URL = "https://api.telegram.org/file/bot"
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_BACKOFF_S, MAX_BACKOFF_S = 0.5, 30.0  # retries of getUpdates / getMe while Telegram is away
GET_UPDATES_READ_TIMEOUT_S = 5.0  # PTB's default for getUpdates, on top of the long-poll timeout
BUSY_POLL_S = (0.05, 1.0)  # pause between getUpdates while updates are in hand: first, longest


# -- secrets never reach a log line --------------------------------------------------------------
class RedactSecrets(logging.Filter):
    """Removes the token (and anything shaped like a bot URL token) from every log record."""

    TOKEN_SHAPES = (re.compile(r"bot\d+:[A-Za-z0-9_-]+"),
                    re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{30,}"))
    MASK = "<redacted>"

    def __init__(self, values: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({v for v in values if v}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, self.MASK)
        for shape in self.TOKEN_SHAPES:
            text = shape.sub(lambda m: ("bot" if m.group().startswith("bot") else "") + self.MASK,
                             text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(*secret_values: str) -> RedactSecrets:
    """Put the filter on every handler of the root logger, where all records end up."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact = RedactSecrets(secret_values)
    for handler in root.handlers:
        handler.addFilter(redact)
    logging.captureWarnings(True)  # warnings go through the handlers (and the filter) too
    for noisy in ("httpx", "httpcore", "tornado.access"):  # httpx logs every URL, token included
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return redact


# -- which updates are in hand -------------------------------------------------------------------
class HandledTracker:
    """Update ids fetched but not yet handled; the confirmation offset never passes them."""

    def __init__(self, remember: int = 1000) -> None:
        self.highest = 0  # the highest update id ever taken in
        self._pending: dict[int, asyncio.Future[bool]] = {}
        self._abandoned: set[int] = set()  # cancelled at shutdown: never confirm
        self._recent: deque[int] = deque(maxlen=remember)  # handled ids, for webhook re-sends
        self.changed = asyncio.Event()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def __len__(self) -> int:
        return len(self._pending)

    def begin(self, update_id: int) -> tuple[asyncio.Future[bool] | None, bool]:
        """Take an update in: (its "handled" future, whether it is new). The future is None
        for an update handled already; an update in hand keeps its future."""
        if update_id in self._pending:
            return self._pending[update_id], False
        if update_id in self._recent:
            return None, False
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending[update_id] = future
        self.highest = max(self.highest, update_id)
        return future, True

    def finish(self, update_id: int, handled: bool = True) -> None:
        future = self._pending.pop(update_id, None)
        if handled:
            self._recent.append(update_id)
        else:
            self._abandoned.add(update_id)
        if future is not None and not future.done():
            future.set_result(handled)
        self.changed.set()

    def offset(self) -> int | None:
        """getUpdates offset confirming exactly the handled updates (None: nothing fetched)."""
        holding = self._pending.keys() | self._abandoned
        if holding:
            return min(holding)
        return self.highest + 1 if self.highest else None

    async def wait_idle(self, timeout: float, force: asyncio.Event) -> bool:
        """Wait until nothing is in hand (True), or the timeout or `force` (False)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self._pending and not force.is_set():
                    self.changed.clear()
                    await _first(self.changed.wait(), force.wait())
        return not self._pending


class TrackingUpdateProcessor(BaseUpdateProcessor):
    """PTB's concurrency cap, plus: tell the tracker when an update has been handled."""

    def __init__(self, max_concurrent_updates: int, tracker: HandledTracker) -> None:
        super().__init__(max_concurrent_updates)
        self.tracker = tracker
        self._tasks: dict[int, asyncio.Task[Any]] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is None:
            await super().process_update(update, coroutine)
            return
        # Registered before the concurrency cap, so a shutdown can also cancel waiting updates.
        self._tasks[update_id] = asyncio.current_task()  # type: ignore[assignment]
        try:
            await super().process_update(update, coroutine)
        except asyncio.CancelledError:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: it never ran
            self.tracker.finish(update_id, handled=False)
            raise
        else:
            self.tracker.finish(update_id)
        finally:
            self._tasks.pop(update_id, None)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def cancel_all(self, timeout: float = 5.0) -> int:
        """Cancel the updates in hand (they stay unconfirmed); how many there were."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        return len(tasks)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


# -- fetching: long polling ----------------------------------------------------------------------
class FatalError(Exception):
    """Telegram refused us for good (bad token); the message is for the person running the bot."""


class Poller:
    """getUpdates → the application's update queue, confirming only handled updates."""

    def __init__(self, application: Application, tracker: HandledTracker, timeout_s: int,
                 max_concurrent: int) -> None:
        self.application = application
        self.tracker = tracker
        self.timeout_s = timeout_s
        self.max_concurrent = max_concurrent  # the update processor's cap

    async def run(self, stop: asyncio.Event) -> None:
        backoff = FIRST_BACKOFF_S
        pause = BUSY_POLL_S[0]
        while not stop.is_set():
            busy = self.tracker.busy
            self.tracker.changed.clear()  # set again by any update finished from now on
            request = asyncio.ensure_future(self._fetch(0 if busy else self.timeout_s))
            if not await _done_unless_stopped(request, stop):
                return  # the abandoned poll confirmed nothing that was not handled
            try:
                fresh = request.result()
            except InvalidToken as exc:
                raise FatalError(texts.TG_TOKEN_REJECTED) from exc
            except RetryAfter as exc:
                await _sleep(exc.retry_after if isinstance(exc.retry_after, int | float)
                             else exc.retry_after.total_seconds(), stop)
                continue
            except Exception as exc:  # network down, 409 Conflict, a garbled answer…
                log.warning("getUpdates failed (%s: %s); again in %.1f s", type(exc).__name__,
                            exc, backoff)
                await _sleep(backoff, stop)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = FIRST_BACKOFF_S
            for update in fresh:
                self.tracker.begin(update.update_id)
                await self.application.update_queue.put(update)
            if fresh and not self.full:
                pause = BUSY_POLL_S[0]
            elif self.tracker.busy:
                # Asking now would only return the same unconfirmed updates: wait until one is
                # handled (the offset can move) or a moment passes (new messages may be waiting).
                await self._wait_for_room(pause, stop)
                pause = min(pause * 2, BUSY_POLL_S[1])

    @property
    def full(self) -> bool:
        """More updates in hand than are handled at once: some are waiting for a free slot."""
        return len(self.tracker) > self.max_concurrent

    async def _wait_for_room(self, pause: float, stop: asyncio.Event) -> None:
        """Until an update was handled and none in hand waits for a slot, `stop`, or `pause`.

        While updates wait for a slot, fetching more only queues them too, and each getUpdates
        returns the whole window in hand again: asking after every handled update made ~1.6
        getUpdates per answer in a burst, which cost the event loop as much as the replies.
        Confirmation may lag meanwhile (at most BUSY_POLL_S[1]): that only matters after a crash,
        when those updates are answered again.
        """
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(pause):
                while not stop.is_set():
                    if self.tracker.changed.is_set() and not self.full:
                        return
                    self.tracker.changed.clear()
                    await _first(self.tracker.changed.wait(), stop.wait())

    async def _fetch(self, timeout: int) -> list[Update]:
        """getUpdates from the lowest update in hand; only the updates not seen before.

        Not `bot.get_updates`: it parses every update it receives into PTB objects, and as the
        offset stays at the lowest update in hand, each call while busy receives the whole window
        again (up to 100 updates) for the few fresh ones. In a burst that re-parsing was two
        thirds of the event loop's CPU and, holding the GIL, starved the engine threads (9.5-15
        answers/s with the bot using one of two cores). `_post` is the call `get_updates` itself
        makes (same request pool, rate limiter and errors), with the read timeout extended by the
        long-poll timeout as `get_updates` does.
        """
        bot = self.application.bot
        data: dict[str, Any] = {"offset": self.tracker.offset(), "timeout": timeout,
                                "allowed_updates": ALLOWED_UPDATES}
        raw = await bot._post("getUpdates", data,
                              read_timeout=GET_UPDATES_READ_TIMEOUT_S + timeout)
        highest = self.tracker.highest
        return [Update.de_json(u, bot) for u in raw if u["update_id"] > highest]

    async def confirm(self) -> None:
        """The last getUpdates: confirm everything handled, fetch nothing more."""
        offset = self.tracker.offset()
        if offset is None:
            return
        try:
            await self.application.bot.get_updates(offset=offset, timeout=0, limit=1,
                                                   allowed_updates=ALLOWED_UPDATES)
        except TelegramError as exc:
            log.warning("could not confirm the handled updates (%s); Telegram will send some "
                        "of them again after a restart", exc)


# -- fetching: webhook ---------------------------------------------------------------------------
class WebhookReceiver:
    """Webhook requests → the application's update queue; answered once handled."""

    def __init__(self, application: Application, tracker: HandledTracker, secret: str) -> None:
        self.application = application
        self.tracker = tracker
        self.secret = secret
        self.closing = False  # shutting down: new updates are refused, Telegram re-sends them
        self.requests = 0  # requests whose response is not written yet
        self.idle = asyncio.Event()
        self.idle.set()

    def opened(self) -> None:
        self.requests += 1
        self.idle.clear()

    def closed(self) -> None:
        self.requests -= 1
        if self.requests <= 0:
            self.idle.set()

    async def receive(self, headers: Any, body: bytes) -> int:
        """The HTTP status for one webhook request; 200 only once the update was handled."""
        if not hmac.compare_digest(headers.get(SECRET_HEADER, "").encode(), self.secret.encode()):
            return 403
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except (ValueError, TypeError, KeyError):
            return 400
        future, new = self.tracker.begin(update.update_id) if not self.closing else (None, True)
        if future is None:
            return 503 if new else 200  # 200: a re-sent update we handled already
        if new:
            await self.application.update_queue.put(update)
        handled = await asyncio.shield(future)
        return 200 if handled else 503


def _webhook_server(receiver: WebhookReceiver, path: str, listen: str, port: int) -> Any:
    from tornado.httpserver import HTTPServer
    from tornado.web import Application as WebApplication
    from tornado.web import RequestHandler

    class WebhookHandler(RequestHandler):
        def prepare(self) -> None:
            receiver.opened()

        def on_finish(self) -> None:
            receiver.closed()

        async def post(self) -> None:
            self.set_status(await receiver.receive(self.request.headers, self.request.body))

        def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def]
            log.error("webhook request failed: %s: %s", typ.__name__ if typ else "?", value)

    app = WebApplication([(re.escape(path), WebhookHandler)])
    server = HTTPServer(app, max_body_size=1 << 20)
    try:
        server.listen(port, address=listen)
    except OSError as exc:
        raise FatalError(texts.TG_LISTEN_BAD.format(address=f"{listen}:{port}", error=exc)) \
            from exc
    return server


# -- running -------------------------------------------------------------------------------------
async def _first(*aws: Awaitable[Any]) -> None:
    tasks = [asyncio.ensure_future(a) for a in aws]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


async def _done_unless_stopped(request: asyncio.Future[Any], stop: asyncio.Event) -> bool:
    """Wait for `request`; if `stop` comes first, cancel it and return False."""
    await _first(asyncio.shield(request), stop.wait())
    if request.done():
        return True
    request.cancel()
    with contextlib.suppress(asyncio.CancelledError, TelegramError):
        await request
    return False


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()


def build_application(token: str, base_url: str, config: Config,
                      processor: TrackingUpdateProcessor,
                      base_file_url: str = DEFAULT_FILE_URL,
                      metrics: Metrics | None = None) -> Application:
    bot = config.bot
    return (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .updater(None)  # our Poller / webhook confirm only handled updates (module docstring)
        .concurrent_updates(processor)
        .rate_limiter(RetryingRateLimiter(
            max_retries=bot.max_retries, overall_max_rate=bot.messages_per_second,
            on_error=metrics.telegram_error if metrics is not None else None))
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .build()
    )


def run(config: Config, *, webhook_url: str | None = None, listen: str = "0.0.0.0",
        port: int = 8443, env: dict[str, str] | None = None) -> int:
    """Run the bot until SIGTERM/SIGINT; the exit code (0, or 2 for a missing/rejected token)."""
    env = dict(os.environ if env is None else env)
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or secrets.token_urlsafe(32)
    install_redaction(token, secret, logstore.password(config.log))
    if not token:
        log.error(texts.TG_TOKEN_MISSING)
        return EXIT_BAD_INPUT
    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_BASE_URL
    file_url = env.get("TELEGRAM_API_FILE_URL", "").strip() or DEFAULT_FILE_URL
    try:
        return asyncio.run(_serve(config, token, base_url, webhook_url, listen, port, secret,
                                  file_url))
    except (FatalError, health_module.HealthError) as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    except TelegramError as exc:
        log.error("the bot stopped: %s: %s", type(exc).__name__, exc)
        return EXIT_FAILURE


def _load_engine(config: Config) -> tuple[Engine, CorpusError | None]:
    """After a bad edit, the last good index (the watcher tells the admins), so a restart does
    not turn a typo into a bot that is down. Imported here: the engine pulls in the model."""
    from retrieval.lastgood import load_engine

    engine, problem = load_engine(config)
    if problem is not None:
        log.warning("the corpus has problems; starting on the last good index (%d documents)",
                    len(engine.index.documents))
    return engine, problem


async def _serve(config: Config, token: str, base_url: str, webhook_url: str | None,
                 listen: str, port: int, secret: str, file_url: str = DEFAULT_FILE_URL) -> int:
    loop = asyncio.get_running_loop()
    stop, force = asyncio.Event(), asyncio.Event()

    def on_signal(signum: int) -> None:
        if stop.is_set():
            log.warning("second %s: not waiting for the updates in hand",
                        signal.Signals(signum).name)
            force.set()
        else:
            log.info("%s: finishing the updates in hand, then stopping",
                     signal.Signals(signum).name)
            stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)
    executor = ThreadPoolExecutor(max(config.bot.answer_threads, 1), thread_name_prefix="engine")
    metrics = Metrics()
    replica = logstore.replica_name(config.log)
    recorder = Recorder(logstore.open_log(config.log) if config.log.enabled else None,
                        replica=replica, on_lost=metrics.lost_write, key_secret=token)
    health = health_module.Health(metrics, replica, stopping=stop)
    metrics.watch_index(health_module.index_of(health))
    health_server = None
    watcher: CorpusWatcher | None = None
    try:
        if config.bot.health_port:  # first: a supervisor sees "starting" while the engine loads
            health_server = health_module.start_server(health, config.bot.health_listen,
                                                       config.bot.health_port)
        # Read before loading: an edit made while the engine loads is then seen as a change.
        corpus_state = await asyncio.to_thread(CorpusState.read, config.corpus)
        engine, corpus_problem = await loop.run_in_executor(executor, _load_engine, config)
        await loop.run_in_executor(executor, engine.warm_up)
        log.info("model %s loaded in %.2f s", engine.encoder.model_id,
                 engine.encoder.load_seconds)
        health.ready(engine, executor)
        if stop.is_set():
            return EXIT_OK
        tracker = HandledTracker()
        processor = TrackingUpdateProcessor(max(config.bot.max_concurrent_updates, 1), tracker)
        application = build_application(token, base_url, config, processor, file_url, metrics)
        watcher = CorpusWatcher(engine, config.bot.reload_interval_s,
                                AdminNotifier(application, config.bot.admin_ids),
                                corpus_state, corpus_problem, on_result=metrics.reload)
        handlers = Handlers(engine, config.bot, executor, recorder=recorder, metrics=metrics)
        # What the welcome says the bot knows: made now (its examples are checked by answering
        # them) rather than on the first /start.
        await loop.run_in_executor(executor, handlers.topics.get)
        admin = AdminCommands(handlers, config, watcher, recorder, engine, executor)
        uploads = StaffUploads(admin, config, watcher)
        handlers.install(application, [*admin.command_handlers(), *uploads.command_handlers()])
        if not await _until_done("getMe", application.initialize, stop):
            return EXIT_OK
        log.info("connected as @%s", application.bot.username)
        background: list[asyncio.Task[None]] = []
        try:
            await _register_commands(application)
            await admin.register_menus(application)
            await application.start()
            background = [asyncio.create_task(watcher.run(stop), name="corpus-watcher"),
                          asyncio.create_task(_prune_daily(recorder, config, stop),
                                              name="question-log-retention")]
            if webhook_url:
                await _run_webhook(application, tracker, processor, config, webhook_url,
                                   listen, port, secret, stop, force)
            else:
                await _run_polling(application, tracker, processor, config, stop, force)
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            if application.running:
                await application.stop()
            await application.shutdown()
        log.info("stopped")
        return EXIT_OK
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if watcher is not None:
            watcher.close()
        if health_server is not None:
            health_server.stop()
        await asyncio.to_thread(recorder.close)  # the last questions' rows, then the file
        executor.shutdown(wait=False, cancel_futures=True)


async def _prune_daily(recorder: Recorder, config: Config, stop: asyncio.Event) -> None:
    """The question log's retention: at start, then once a day."""
    while not stop.is_set():
        deleted = await asyncio.wrap_future(recorder.prune(config.log.retention_days))
        if deleted:
            log.info("question log: %d question(s) older than %d days deleted", deleted,
                     config.log.retention_days)
        await _sleep(DAY_S, stop)


async def _until_done(what: str, call: Callable[[], Awaitable[Any]],
                      stop: asyncio.Event) -> bool:
    """Run `call` until Telegram answers, backing off while it is unreachable; False if stopped.
    A rejected token is final."""
    backoff = FIRST_BACKOFF_S
    while not stop.is_set():
        try:
            await call()
            return True
        except InvalidToken as exc:
            raise FatalError(texts.TG_TOKEN_REJECTED) from exc
        except BadRequest:  # a NetworkError subclass in PTB, but Telegram's final word
            raise
        except (NetworkError, RetryAfter) as exc:
            log.warning("%s: cannot reach Telegram (%s: %s); again in %.1f s", what,
                        type(exc).__name__, exc, backoff)
            await _sleep(backoff, stop)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
    return False


async def _register_commands(application: Application) -> None:
    commands = [BotCommand(name, description) for name, description in texts.TG_COMMANDS.items()]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as exc:  # the menu is a nicety: the bot works without it
        log.warning("setMyCommands failed: %s", exc)


async def _drain(tracker: HandledTracker, processor: TrackingUpdateProcessor, config: Config,
                 force: asyncio.Event) -> None:
    if tracker.busy:
        log.info("waiting for %d update(s) in hand", len(tracker))
    if not await tracker.wait_idle(config.bot.shutdown_timeout_s, force):
        cancelled = await processor.cancel_all()
        log.warning("%d update(s) not finished in time: left unconfirmed, Telegram will send "
                    "them again", cancelled)


async def _run_polling(application: Application, tracker: HandledTracker,
                       processor: TrackingUpdateProcessor, config: Config, stop: asyncio.Event,
                       force: asyncio.Event) -> None:
    # getUpdates is refused while a webhook is set (a previous deployment may have left one).
    if not await _until_done("deleteWebhook", partial(
            application.bot.delete_webhook, drop_pending_updates=False), stop):
        return
    poller = Poller(application, tracker, config.bot.poll_timeout_s,
                    processor.max_concurrent_updates)
    log.info("polling for updates")
    try:
        await poller.run(stop)
    finally:
        await _drain(tracker, processor, config, force)
        await poller.confirm()


async def _run_webhook(application: Application, tracker: HandledTracker,
                       processor: TrackingUpdateProcessor, config: Config, webhook_url: str,
                       listen: str, port: int, secret: str, stop: asyncio.Event,
                       force: asyncio.Event) -> None:
    path = urlsplit(webhook_url).path or "/"
    receiver = WebhookReceiver(application, tracker, secret)
    server = _webhook_server(receiver, path, listen, port)
    try:
        set_webhook = partial(
            application.bot.set_webhook, webhook_url, secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            max_connections=min(max(config.bot.max_concurrent_updates, 1), 100))
        try:
            if not await _until_done("setWebhook", set_webhook, stop):
                return
        except BadRequest as exc:  # e.g. not an HTTPS URL
            raise FatalError(texts.TG_WEBHOOK_BAD.format(error=exc)) from exc
        log.info("webhook set; listening on %s:%d%s", listen, port, path)
        await stop.wait()
    finally:
        server.stop()  # no new connections; requests in progress get their answers
        receiver.closing = True
        await _drain(tracker, processor, config, force)
        with contextlib.suppress(TimeoutError):  # the last responses still being written
            async with asyncio.timeout(5):
                await receiver.idle.wait()
        await server.close_all_connections()
