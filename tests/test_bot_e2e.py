"""End to end: the real `eventqa serve` process and engine, real HTTP to a strict fake Bot API.

One polling bot process serves the whole module (its engine loads once; a webhook bot starts
beside it); each test talks from its own user or group ids, so tests do not see each other's
replies. Throughout, the fake checks on every
getUpdates that no update was confirmed before the bot had answered it.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from telegram import Update
from telegram.ext import ApplicationBuilder

from bot import texts
from bot.bench.fakebotapi import FakeBotAPI, JSONDict
from bot.telegram.ratelimit import UserRateLimiter, Verdict
from bot.telegram.serve import (
    HandledTracker,
    Poller,
    RedactSecrets,
    TrackingUpdateProcessor,
)
from retrieval.config import load_config
from retrieval.e5convert import ensure_converted
from tests.conftest import CACHE_DIR, PROJECT, post_update

QUESTION = "БҰҰ кітапханасында қанша кітап бар?"
FACT = "17 миллионнан астам кітап"
OFF_TOPIC = "Футбол бойынша әлем чемпионатын кім жеңді?"
TITLE = "Елбасы кітапханасы мен БҰҰ-ның Женевадағы кітапханасы ниет туралы хаттамаға қол қойды"
EXAMPLES = load_config(env={}).bot.examples  # the shipped settings; the corpus answers them all
START_TIMEOUT = 120.0
WEBHOOK_SECRET = "s3cret-value"


class CheckingFake(FakeBotAPI):
    """The fake, plus a check on every getUpdates: updates below the offset were answered."""

    def __init__(self) -> None:
        super().__init__()
        # update_id -> predicate on `sent`: true once the bot's answer to that update exists
        self.expected: dict[int, Callable[[list[JSONDict]], bool]] = {}
        self.violations: list[str] = []
        self._expected_keys: dict[int, tuple[str, int | None]] = {}

    def _m_get_updates(self, params: JSONDict, record: JSONDict) -> list[JSONDict]:
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            for update_id, answered in self.expected.items():
                if update_id < offset and not answered(self.sent):
                    self.violations.append(f"update {update_id} confirmed before its answer")
        return super()._m_get_updates(params, record)

    # -- updates that expect an answer ----------------------------------------------------------
    def expect(self, update_id: int, method: str = "sendMessage",
               chat_id: int | None = None) -> int:
        """Note that `update_id` is answered by the next `method` call (to `chat_id`)."""
        def matches(s: JSONDict) -> bool:
            return s["method"] == method and (chat_id is None or s["chat_id"] == chat_id)

        with self._cond:
            key = (method, chat_id)
            n = sum(1 for k in self._expected_keys.values() if k == key)
            self._expected_keys[update_id] = key
            self.expected[update_id] = lambda sent: sum(map(matches, sent)) > n
        return update_id

    def ask(self, text: str, user_id: int, **kw) -> int:
        return self.expect(self.send_text(text, user_id=user_id, **kw), chat_id=user_id)


def messages_to(sent: list[JSONDict], chat_id: int) -> list[JSONDict]:
    return [s for s in sent if s["method"] == "sendMessage" and s["chat_id"] == chat_id]


def buttons(message: JSONDict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
            for b in row]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    """`python -m bot.cli.main serve` against a fake, with its output captured to a file."""

    def __init__(self, fake: FakeBotAPI, index_dir: Path, log_path: Path, *args: str,
                 extra_env: dict[str, str] | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTQA_", "TELEGRAM_"))}
        env.update({
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "EVENTQA_INDEX_DIR": str(index_dir),
            "EVENTQA_CACHE_DIR": str(CACHE_DIR),
            "EVENTQA_LOG_PATH": str(index_dir.parent / "questions.sqlite3"),
            "EVENTQA_BOT_TYPING_AFTER_S": "0",  # always "typing…", so tests can see it
            "EVENTQA_BOT_SHUTDOWN_TIMEOUT_S": "30",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        })
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "serve", *args],
                                     cwd=PROJECT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, fake: FakeBotAPI, method: str = "getUpdates") -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited ({self.proc.returncode}):\n{self.output()}")
            ready = any(s["method"] == "setMyCommands" for s in fake.sent)
            if ready and (fake.get_updates_calls > 0 if method == "getUpdates" else any(
                    s["method"] == method for s in fake.sent)):
                return
            time.sleep(0.05)
        raise AssertionError(f"the bot did not start in {START_TIMEOUT} s:\n{self.output()}")

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._log.close()


@dataclass
class Bots:
    """Both bots of the module, started together: their engines load in parallel."""

    fake: CheckingFake  # polling
    polling: BotProcess
    webhook_fake: FakeBotAPI
    webhook: BotProcess
    webhook_port: int


@pytest.fixture(scope="module")
def bots(tmp_path_factory) -> Iterator[Bots]:
    ensure_converted(CACHE_DIR)  # once here, not twice in parallel in the bots
    work = tmp_path_factory.mktemp("bots")
    port = free_port()
    with CheckingFake() as fake, FakeBotAPI() as webhook_fake:
        # Each bot builds its own index on first start, as a fresh install does.
        polling = BotProcess(fake, work / "index-polling", work / "polling.log")
        webhook = BotProcess(webhook_fake, work / "index-webhook", work / "webhook.log",
                             "--webhook-url", "https://bot.example.org/tg/hook",
                             "--listen", "127.0.0.1", "--port", str(port),
                             extra_env={"TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET})
        try:
            polling.wait_ready(fake)
            webhook.wait_ready(webhook_fake, method="setWebhook")
            yield Bots(fake, polling, webhook_fake, webhook, port)
        finally:
            polling.stop()
            webhook.stop()


@pytest.fixture
def fake(bots) -> CheckingFake:
    return bots.fake


@pytest.fixture
def bot(bots) -> BotProcess:
    return bots.polling


def settled(fake: FakeBotAPI, update_id: int, timeout: float = 20) -> None:
    """Wait until the bot confirmed `update_id`: it has been handled (the point of this bot)."""
    fake.wait_for(lambda sent: fake.confirmed_offset >= update_id, timeout)


def reply(fake: FakeBotAPI, chat_id: int, n: int = 1, timeout: float = 20) -> JSONDict:
    sent = fake.wait_for(lambda sent: len(messages_to(sent, chat_id)) >= n, timeout)
    return messages_to(sent, chat_id)[n - 1]


# -- conversation ----------------------------------------------------------------------------------
def test_commands_menu_is_kazakh(bot, fake):
    [call] = [s for s in fake.sent if s["method"] == "setMyCommands"]
    names = {c["command"]: c["description"] for c in call["params"]["commands"]}
    assert names == texts.TG_COMMANDS


def test_start_offers_examples_and_pressing_one_asks_it(bot, fake):
    fake.expect(fake.send_command("/start", user_id=2001), chat_id=2001)
    welcome = reply(fake, 2001)
    assert f"Менің білетінім: «{TITLE}»." in welcome["text"]
    examples = buttons(welcome)
    assert [text for text, _ in examples] == EXAMPLES  # bot.examples, all answered
    pressed = fake.press_button(welcome["message_id"], examples[0][1], user_id=2001)
    fake.expect(pressed, chat_id=2001)
    answer = reply(fake, 2001, 2)
    assert answer["text"].startswith(texts.TG_ASKED.format(question=EXAMPLES[0]))
    assert FACT in answer["text"] and "[1]" in answer["text"]
    settled(fake, pressed)
    assert fake.unanswered_callback_queries == []


def test_question_answered_with_citations_paragraph_and_feedback(bot, fake):
    fake.ask(QUESTION, 2002)
    answer = reply(fake, 2002)
    text = answer["text"]
    assert FACT in text and "[1]" in text and texts.SOURCES_HEADER in text
    assert "[1] Елбасы кітапханасы" in text
    assert any(e["type"] == "blockquote" for e in fake.message(2002, answer["message_id"])
               .get("entities", []))
    typing = [s for s in fake.sent if s["method"] == "sendChatAction" and s["chat_id"] == 2002]
    assert typing and typing[0]["time"] <= answer["time"]
    cited = re.findall(r"^\[(\d+)\] ", text.split(texts.SOURCES_HEADER)[1], flags=re.M)
    paragraph_buttons = [d for _, d in buttons(answer) if d.startswith("p:")]
    assert [d.split(":")[1] for d in paragraph_buttons] == cited
    assert [d for _, d in buttons(answer) if d.startswith("f:")] == ["f:1", "f:0"]

    paragraph_press = fake.press_button(answer["message_id"], paragraph_buttons[0],
                                        user_id=2002)
    fake.expect(paragraph_press, chat_id=2002)
    paragraph = reply(fake, 2002, 2)
    assert FACT in paragraph["text"] and paragraph["text"].startswith("[1] ")
    assert len(paragraph["text"]) > len(text) // 2  # the whole paragraph, not the quote
    assert paragraph["result"]["reply_to_message"]["message_id"] == answer["message_id"]

    fake.expect(fake.press_button(answer["message_id"], "f:1", user_id=2002),
                "answerCallbackQuery", chat_id=2002)
    fake.wait_for(lambda sent: any(s["method"] == "editMessageReplyMarkup" and
                                   s["chat_id"] == 2002 for s in sent))
    acks = [s for s in fake.sent if s["method"] == "answerCallbackQuery" and s["chat_id"] == 2002]
    assert [a["text"] for a in acks] == [None, texts.TG_FEEDBACK_THANKS]
    after = fake.message(2002, answer["message_id"])
    assert [b for b in buttons(after) if b[1].startswith("f:")] == []
    assert "feedback good" in bot.output()


@pytest.mark.parametrize("user, message", list(enumerate(
    ["Қалайсың?", "Салам, кандайсын?", "Hello, what is this bot about?", "Что ты умеешь?"],
    start=2011)))
def test_small_talk_that_asks_gets_what_the_bot_knows_and_the_examples(bot, fake, user, message):
    fake.ask(message, user)
    answer = reply(fake, user)
    assert f"Менің білетінім: «{TITLE}»." in answer["text"]
    assert texts.NOT_FOUND.split("{")[0] not in answer["text"] and "[1]" not in answer["text"]
    assert [text for text, _ in buttons(answer)] == EXAMPLES


def test_refusal_and_foreign_language_note(bot, fake):
    fake.ask(OFF_TOPIC, 2003)
    refusal = reply(fake, 2003)["text"]
    assert refusal.startswith(texts.NOT_FOUND.split("{")[0].strip()) and TITLE in refusal
    fake.ask("Сколько книг в библиотеке ООН?", 2004)
    assert reply(fake, 2004)["text"].startswith(texts.ANSWER_IN_KAZAKH["ru"])


def test_commands_help_about_sources_and_unknown(bot, fake):
    for i, command in enumerate(("/help", "/about", "/sources", "/nonsense")):
        fake.expect(fake.send_command(command, user_id=2100 + i), chat_id=2100 + i)
    assert "@eventqa_test_bot" in reply(fake, 2100)["text"]
    assert f"«{TITLE}»" in reply(fake, 2101)["text"]
    sources = reply(fake, 2102)
    assert "2021-09-01" in sources["text"] and "Елбасы кітапханасы" in sources["text"]
    assert reply(fake, 2103)["text"] == texts.TG_UNKNOWN_COMMAND


ODD_INPUTS = {
    "sticker": lambda f, u: f.send_sticker("😀", user_id=u),
    "photo": lambda f, u: f.send_photo(user_id=u),
    "voice": lambda f, u: f.send_voice(user_id=u),
    "file": lambda f, u: f.send_document(user_id=u),
    "emoji-only": lambda f, u: f.send_text("😀😀😀 🎉", user_id=u),
    "very-long": lambda f, u: f.send_text("кітап " * 1500, user_id=u),
    "html-looking": lambda f, u: f.send_text("<b>Сәлем</b> & <script>x</script> &amp;", user_id=u),
}


@pytest.mark.parametrize("user, kind", list(enumerate(ODD_INPUTS, start=2201)))
def test_odd_inputs_get_exactly_one_polite_reply(bot, fake, user, kind):
    update_id = fake.expect(ODD_INPUTS[kind](fake, user), chat_id=user)
    settled(fake, update_id)
    replies = messages_to(fake.sent, user)
    assert len(replies) == 1, replies
    assert replies[0]["text"].strip()


def test_groups_answer_only_when_addressed(bot, fake):
    group = -1001
    ignored = [fake.group_message(QUESTION, chat_id=group, user_id=2301),
               fake.send_command("/help", chat_id=group, chat_type="supergroup", user_id=2301,
                                 args="")]
    ignored.append(fake.send_command("/nonsense", chat_id=group, chat_type="supergroup",
                                     user_id=2301))
    settled(fake, max(ignored))
    before = len(messages_to(fake.sent, group))
    assert before == 1  # /help is a command for every bot; /nonsense and chatter are not
    asked = fake.send_command("/ask", QUESTION, chat_id=group, chat_type="supergroup",
                              user_id=2302)
    fake.expect(asked, chat_id=group)
    first = reply(fake, group, before + 1)
    assert FACT in first["text"]
    assert first["result"]["reply_to_message"]["message_id"] > 0
    mention = fake.expect(fake.group_message(OFF_TOPIC, chat_id=group, user_id=2303,
                                             mention=True), chat_id=group)
    reply(fake, group, before + 2)
    replied = fake.expect(fake.group_message("Хаттамаға кімдер қол қойды?", chat_id=group,
                                             user_id=2304, reply_to_bot=True), chat_id=group)
    reply(fake, group, before + 3)
    usage = fake.expect(fake.send_command("/ask", chat_id=group, chat_type="supergroup",
                                          user_id=2305), chat_id=group)
    assert reply(fake, group, before + 4)["text"].startswith(texts.TG_ASK_USAGE.split("/ask")[0])
    settled(fake, max(mention, replied, usage))
    assert len(messages_to(fake.sent, group)) == before + 4


def test_inline_query_offers_the_answer(bot, fake):
    fake.expect(fake.inline_query(QUESTION, user_id=2401), "answerInlineQuery")
    sent = fake.wait_for(lambda sent: any(s["method"] == "answerInlineQuery" for s in sent))
    [call] = [s for s in sent if s["method"] == "answerInlineQuery"]
    [result] = call["results"]
    assert result["type"] == "article" and result["title"] == texts.TG_INLINE_ANSWER_TITLE
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML" and FACT in content["message_text"]


def test_twenty_users_at_once_each_get_exactly_one_reply(bot, fake):
    users = range(2501, 2521)
    ids = [fake.ask(QUESTION if u % 2 else OFF_TOPIC, u) for u in users]
    settled(fake, max(ids), timeout=40)
    for u in users:
        assert len(messages_to(fake.sent, u)) == 1, u


def test_429s_and_dropped_connections_lose_nothing(bot, fake):
    fake.inject_429(ratio=0.5, retry_after=1, methods=("sendMessage",), limit=3)
    fake.drop_connections(2, methods=("sendMessage",))
    users = range(2601, 2609)
    ids = [fake.ask(QUESTION, u) for u in users]
    settled(fake, max(ids), timeout=40)
    fake.drop_connections(2, methods=("getUpdates",))
    ids.append(fake.ask(QUESTION, 2609))
    settled(fake, max(ids), timeout=40)
    fake.clear_faults()
    for u in [*users, 2609]:
        assert len(messages_to(fake.sent, u)) == 1, u
    injected = [r for r in fake.rejected if r["injected"]]
    assert {r["error_code"] for r in injected} == {429, None}
    assert [r for r in fake.rejected if not r["injected"]] == [], fake.transcript()


def test_flooding_user_is_asked_to_wait_once(bot, fake):
    ids = [fake.send_text(f"сәлем {i}", user_id=2701) for i in range(23)]
    settled(fake, max(ids), timeout=40)
    replies = [s["text"] for s in messages_to(fake.sent, 2701)]
    assert replies.count(texts.TG_RATE_LIMITED) == 1
    assert len(replies) == 21  # 20 a minute, one "please wait", then quiet


def test_sigterm_finishes_updates_in_hand_and_exits_0(bot, fake):
    users = range(2801, 2811)
    ids = [fake.ask(QUESTION, u) for u in users]
    # SIGTERM once the bot is busy with them (it says "typing…" when it starts answering).
    fake.wait_for(lambda sent: any(s["method"] == "sendChatAction" and s["chat_id"] in users
                                   for s in sent))
    assert bot.stop() == 0
    answered = [u for u in users if messages_to(fake.sent, u)]
    assert answered, "the updates in hand were not answered"
    for update_id, u in zip(ids, users, strict=True):
        if update_id <= fake.confirmed_offset:
            assert len(messages_to(fake.sent, u)) == 1
        else:  # not fetched before the signal: left for the next start, not lost
            assert not messages_to(fake.sent, u)
    assert fake.violations == []
    assert [r for r in fake.rejected if not r["injected"]] == [], fake.transcript()
    output = bot.output()
    assert "question via message: answered" in output
    assert fake.token not in output and "TEST-TOKEN" not in output
    assert "Traceback" not in output


# -- separate processes ----------------------------------------------------------------------------
def test_missing_token_is_a_clear_error_with_exit_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = subprocess.run([sys.executable, "-m", "bot.cli.main", "serve"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in done.stderr and "is not set" in done.stderr


def test_webhook_answers_telegram_only_after_the_update_was_handled(bots):
    fake, process, port = bots.webhook_fake, bots.webhook, bots.webhook_port
    [hook] = [s for s in fake.sent if s["method"] == "setWebhook"]
    assert hook["params"]["secret_token"] == WEBHOOK_SECRET
    assert hook["params"]["url"] == "https://bot.example.org/tg/hook"
    fake.send_text("сәлем", user_id=2901)  # the fake knows the chat only after this
    update = {"update_id": 777, "message": {
        "message_id": 1, "date": int(time.time()), "text": QUESTION,
        "chat": {"id": 2901, "type": "private", "first_name": "A"},
        "from": {"id": 2901, "is_bot": False, "first_name": "A"}}}

    def post(secret: str) -> int:
        return post_update(port, update, secret)

    assert post("wrong") == 403
    assert messages_to(fake.sent, 2901) == []
    assert post(WEBHOOK_SECRET) == 200
    # 200 means "handled": the answer is already there when Telegram gets it.
    [answer] = messages_to(fake.sent, 2901)
    assert FACT in answer["text"]
    assert post(WEBHOOK_SECRET) == 200  # Telegram re-sends: not answered twice
    assert len(messages_to(fake.sent, 2901)) == 1
    assert process.stop() == 0
    output = process.output()
    assert WEBHOOK_SECRET not in output and fake.token not in output


# -- pieces of the runtime, in process -------------------------------------------------------------
def test_the_offset_never_passes_an_update_in_hand():
    async def scenario() -> None:
        tracker = HandledTracker()
        assert tracker.offset() is None  # nothing fetched: confirm nothing
        for update_id in (5, 6, 7):
            assert tracker.begin(update_id)[1]
        assert tracker.offset() == 5
        tracker.finish(6)
        assert tracker.offset() == 5  # 6 is done, but 5 is still in hand
        tracker.finish(5)
        assert tracker.offset() == 7
        tracker.finish(7)
        assert tracker.offset() == 8 and not tracker.busy
        assert tracker.begin(6) == (None, False)  # a webhook re-send of a handled update

    asyncio.run(scenario())


def test_updates_cut_off_at_shutdown_stay_unconfirmed():
    async def scenario() -> None:
        tracker = HandledTracker()
        processor = TrackingUpdateProcessor(1, tracker)
        started = asyncio.Event()

        async def slow_handler() -> None:
            started.set()
            await asyncio.sleep(60)

        updates = [Update(10), Update(11)]
        for update in updates:
            tracker.begin(update.update_id)
        tasks = [asyncio.create_task(processor.process_update(u, slow_handler()))
                 for u in updates]
        await started.wait()  # 10 runs, 11 waits for the concurrency cap of 1
        assert await tracker.wait_idle(0.1, asyncio.Event()) is False
        assert await processor.cancel_all() == 2
        assert all(task.cancelled() for task in tasks)
        assert tracker.offset() == 10  # neither is confirmed: Telegram sends both again

    asyncio.run(scenario())


def test_a_backlog_reaches_the_bot_once_each_without_a_getupdates_per_handled_update():
    """150 waiting updates, 4 handled at once: each is queued once, each is confirmed only once
    handled, and while some wait for a slot the poller does not ask again after every handled
    update (each ask returns the whole window in hand: that starved the engine in a burst)."""
    handled: set[int] = set()
    early: list[int] = []

    class Fake(FakeBotAPI):
        def _m_get_updates(self, params: JSONDict, record: JSONDict) -> list[JSONDict]:
            offset = params.get("offset")
            if isinstance(offset, int):
                done = set(handled)
                early.extend(u["update_id"] for u in self._updates
                             if u["update_id"] < offset and u["update_id"] not in done)
            return super()._m_get_updates(params, record)

    async def scenario(fake: FakeBotAPI, ids: list[int]) -> list[int]:
        application = (ApplicationBuilder().token(fake.token).base_url(fake.base_url)
                       .updater(None).build())
        tracker = HandledTracker()
        poller = Poller(application, tracker, timeout_s=1, max_concurrent=4)
        slots = asyncio.Semaphore(4)
        queued: list[int] = []
        tasks: set[asyncio.Task[None]] = set()

        async def handle(update_id: int) -> None:
            async with slots:
                await asyncio.sleep(0.01)
                handled.add(update_id)
                tracker.finish(update_id)

        async def consume() -> None:
            while True:
                update = await application.update_queue.get()
                queued.append(update.update_id)
                task = asyncio.create_task(handle(update.update_id))
                tasks.add(task)
                task.add_done_callback(tasks.discard)

        async with application:
            stop = asyncio.Event()
            consumer = asyncio.create_task(consume())
            polling = asyncio.create_task(poller.run(stop))
            async with asyncio.timeout(30):
                while len(handled) < len(ids):
                    await asyncio.sleep(0.01)
            stop.set()
            await polling
            await poller.confirm()
            consumer.cancel()
        return queued

    with Fake() as fake:
        ids = [fake.send_text(f"сұрақ {i}", user_id=3101 + i % 10) for i in range(150)]
        queued = asyncio.run(scenario(fake, ids))
        assert sorted(queued) == ids and len(queued) == len(set(queued))
        assert early == [], "confirmed before handled"
        assert fake.confirmed_offset == ids[-1]
        assert fake.get_updates_calls < 20, fake.get_updates_calls  # asking after each: 30-45


def test_log_records_never_carry_the_token():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(["123456:SECRET-token_x", "hook-secret"]))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("GET %s", "https://api.telegram.org/bot123456:SECRET-token_x/getMe")
        logger.warning("other bot: bot987654321:AAAbbbCCC_ddd-eee and hook-secret")
        try:
            raise RuntimeError("failed: https://x/bot123456:SECRET-token_x/sendMessage")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "SECRET-token_x" not in output and "AAAbbbCCC" not in output
    assert "hook-secret" not in output and "RuntimeError" in output
    assert output.count("<redacted>") >= 4


def test_user_rate_limit_warns_once_then_drops_until_the_window_moves():
    now = [0.0]
    limiter = UserRateLimiter(3, window_s=60, clock=lambda: now[0])
    assert [limiter.check(1) for _ in range(3)] == [Verdict.ALLOW] * 3
    assert limiter.check(1) is Verdict.WARN
    assert limiter.check(1) is Verdict.DROP
    assert limiter.check(2) is Verdict.ALLOW  # per user
    now[0] = 61.0
    assert limiter.check(1) is Verdict.ALLOW


def test_a_follow_up_in_a_chat_stays_with_the_document_it_is_about(tmp_path):
    # Two exhibitions with a closing date each: "until when?" names neither. A chat that
    # asked about the illustrations first gets their date first; a fresh chat does not.
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text(yaml.safe_dump({"documents": [
        {"id": "photos", "title": "Шымкентте көне фотосуреттер көрмесі ашылды",
         "text": "Шымкент қалалық архиві 2025 жылғы 3 наурызда көне фотосуреттер көрмесін "
                 "ашты. Экспозицияға 120 фотосурет қойылды.\nКөрме 2025 жылғы 30 қарашаға "
                 "дейін жұмыс істейді. Оған кіру тегін.\n"},
        {"id": "pictures", "title": "Астанада балалар кітабы иллюстрацияларының көрмесі ашылды",
         "text": "Ұлттық академиялық кітапханада 2025 жылғы 10 қаңтарда балалар кітабы "
                 "иллюстрацияларының көрмесі ашылды. Оған 12 елден 85 суретші қатысты.\nКөрме "
                 "2025 жылғы 15 ақпанға дейін жұмыс істейді. Ересектерге кіру ақысы – 500 "
                 "теңге.\n"}]}, allow_unicode=True), encoding="utf-8")
    with FakeBotAPI() as fake:
        bot = BotProcess(fake, tmp_path / "index", tmp_path / "bot.log",
                         extra_env={"EVENTQA_CORPUS": str(corpus)})
        try:
            bot.wait_ready(fake)
            fake.send_text("Иллюстрация көрмесіне неше суретші қатысты?", user_id=3101)
            assert "85 суретші" in reply(fake, 3101)["text"]
            fake.send_text("Көрме қашанға дейін жұмыс істейді?", user_id=3101)
            follow_up = reply(fake, 3101, 2)["text"]
            fake.send_text("Көрме қашанға дейін жұмыс істейді?", user_id=3102)
            fresh = reply(fake, 3102)["text"]
        finally:
            assert bot.stop() == 0
    assert follow_up.index("15 ақпанға") < follow_up.find("30 қарашаға") or (
        "30 қарашаға" not in follow_up), follow_up
    assert fresh.index("30 қарашаға") < fresh.find("15 ақпанға") or (
        "15 ақпанға" not in fresh), fresh
