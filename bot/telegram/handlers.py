"""Telegram in → `engine.answer(text)` → formatted messages out. Nothing else decides anything.

One small callback per kind of update, registered by `install()`. What a reply looks like is
`bot/telegram/telegram_format.py`; what it says is `bot/texts.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.ops.metrics import Metrics
from bot.staff.questionlog import Recorder
from bot.telegram import telegram_format as tf
from bot.telegram.ratelimit import UserRateLimiter, Verdict
from bot.topic import Topic, Topics
from retrieval.config import BotConfig
from retrieval.engine import Engine
from retrieval.types import Answer, AnswerKind

log = logging.getLogger(__name__)

FeedbackHook = Callable[[str, Answer, bool], None]
TYPING_EVERY_S = 4.5  # Telegram shows "typing…" for about 5 seconds per chat action
TYPING_GRACE_S = 1.0  # how long an answer waits for a chat action request still in flight
MEMORY_SIZE = 2048  # answers remembered for their 👍/👎 buttons
LOGGED_KINDS = (AnswerKind.ANSWER, AnswerKind.NOT_FOUND)  # what the question log keeps
Row = Future  # the question log's row id of an answer, once written (bot/staff/questionlog.py)


def _key(message: Message | None) -> tuple[int, int] | None:
    """An answer's message as the question log keys it (for 👍/👎 on any replica)."""
    return (message.chat_id, message.message_id) if message is not None else None


def log_feedback(question: str, answer: Answer, good: bool) -> None:
    """The default feedback hook: one log line (the question log stores the vote itself)."""
    cited = ",".join(c.passage_id for c in answer.citations) or "-"
    log.info("feedback %s on %s (cited %s)", "good" if good else "bad",
             "a refusal" if answer.kind is AnswerKind.NOT_FOUND else "an answer", cited)


@dataclass
class AnswerMemory:
    """Recent answers by (chat, message), so a 👍/👎 press knows what it is about."""

    size: int = MEMORY_SIZE
    _items: OrderedDict[tuple[int, int], tuple[str, Answer, Row | None]] = field(
        default_factory=OrderedDict)

    def remember(self, chat_id: int, message_id: int, question: str, answer: Answer,
                 row: Row | None = None) -> None:
        self._items[(chat_id, message_id)] = (question, answer, row)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def recall(self, chat_id: int, message_id: int) -> tuple[str, Answer, Row | None] | None:
        return self._items.get((chat_id, message_id))


@dataclass
class FollowUps:
    """The document each chat's last answer quoted: a follow-up question ("Кіру ақылы ма?")
    prefers it (engine.answer's `follow_up`). Per process: a chat that reaches another replica
    starts afresh, which costs a preference, not an answer."""

    size: int = MEMORY_SIZE
    _items: OrderedDict[int, str] = field(default_factory=OrderedDict)

    def get(self, chat_id: int) -> str | None:
        return self._items.get(chat_id)

    def set(self, chat_id: int, document: str) -> None:
        self._items[chat_id] = document
        self._items.move_to_end(chat_id)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class Handlers:
    """The bot's callbacks; one instance per running bot."""

    def __init__(self, engine: Engine, config: BotConfig, executor: Executor,
                 on_feedback: FeedbackHook = log_feedback,
                 recorder: Recorder | None = None, metrics: Metrics | None = None) -> None:
        self.engine = engine
        self.config = config
        self.executor = executor
        self.on_feedback = on_feedback
        self.recorder = recorder or Recorder(None)
        self.metrics = metrics
        self.limiter = UserRateLimiter(config.rate_limit_per_minute)
        self.memory = AnswerMemory()
        self.follow_ups = FollowUps()
        self.passages = tf.PassageLookup()
        self.topics = Topics(engine, config)
        self._application: Application | None = None

    # -- commands ---------------------------------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self.admit(update):
            topic = await self._topic()
            await self._send(update.effective_message, [tf.render_welcome(topic)],
                             tf.examples_keyboard(topic))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self.admit(update):
            await self._send(update.effective_message,
                             [tf.render_help(context.bot.username, await self._topic())])

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self.admit(update):
            topic = await self._topic()
            await self._send(update.effective_message,
                             tf.render_about(self.engine.index.documents, topic))

    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self.admit(update):
            await self._send(update.effective_message,
                             tf.render_sources(self.engine.index.documents))

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if not await self.admit(update):
            return
        # The text after the command, as typed (context.args would lose line breaks).
        command = message.entities[0] if message.entities else None
        question = (message.text or "")[command.length if command else 0:].strip()
        if not question:
            example = (await self._topic()).example_for("")
            usage = [texts.TG_ASK_USAGE, texts.TG_ASK_EXAMPLE.format(example=example)] \
                if example else [texts.TG_ASK_USAGE]
            await self._send(message, tf.render_text(" ".join(usage)))
            return
        await self._answer(message, question, source="ask")

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if not _is_private(message):
            # In groups, "/x" may be meant for another bot: reply only to "/x@ourbot".
            command = message.text.split(maxsplit=1)[0] if message.text else ""
            if not command.lower().endswith("@" + (context.bot.username or "").lower()):
                return
        if await self.admit(update):
            await self._send(message, tf.render_text(texts.TG_UNKNOWN_COMMAND))

    # -- messages ---------------------------------------------------------------------------------
    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if _from_this_bot_inline(message, context):
            return
        if _is_private(message):
            question = message.text or ""
        else:
            question = _addressed_text(message, context)
            if question is None:
                return
        if await self.admit(update):
            await self._answer(message, question, source="message")

    async def other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, files…: one polite reply (groups: only when addressed)."""
        message = update.effective_message
        if _from_this_bot_inline(message, context):
            return
        if not _is_private(message) and not _replies_to_bot(message, context):
            return
        if await self.admit(update):
            hint = (await self._topic()).hint(str(message.message_id))
            await self._send(message, tf.render_text("\n".join(filter(None, [texts.TG_NOT_TEXT,
                                                                             hint]))))

    # -- buttons ----------------------------------------------------------------------------------
    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        kind, parts = tf.parse_callback(query.data)
        verdict = self.limiter.check(query.from_user.id)
        if verdict is not Verdict.ALLOW:
            await query.answer(texts.TG_RATE_LIMITED)
            return
        message = query.message if isinstance(query.message, Message) else None
        # An example button asks what it says, even once a reload changed the examples.
        question = tf.button_text(message.reply_markup, query.data) \
            if kind == tf.EXAMPLE and message is not None else None
        if question:
            await query.answer()
            await self._answer(message, question, source="button", asked=question,
                               reply=False, user_id=query.from_user.id)
        elif kind == tf.PARAGRAPH and message is not None and parts[0].isdigit():
            await self._paragraph(query, message, int(parts[0]), parts[1])
        elif kind == tf.FEEDBACK and message is not None:
            await self._feedback(query, message, parts[0] == "1")
        else:
            await query.answer(texts.TG_BUTTON_EXPIRED)

    async def _paragraph(self, query, message: Message, n: int, key: str) -> None:
        index = self.engine.index
        passage = self.passages.find(index.passages, key)
        document = index.documents.get(passage.doc_id) if passage else None
        if passage is None or document is None:
            await query.answer(texts.TG_PARAGRAPH_GONE, show_alert=True)
            return
        await query.answer()
        await self._send(message, tf.render_paragraph(n, document, passage), reply=True)

    async def _feedback(self, query, message: Message, good: bool) -> None:
        await query.answer(texts.TG_FEEDBACK_THANKS)
        remembered = self.memory.recall(message.chat_id, message.message_id)
        if remembered is None and message.reply_to_message and message.reply_to_message.text:
            # Not in memory (a restart): the question is the message the answer replied to.
            question = _strip_mentions(message.reply_to_message.text, query.get_bot().username)
            remembered = question, await self._compute(question), None
        if remembered is None:
            # Another replica's answer, perhaps: the log finds its row by the message.
            self.recorder.feedback(None, "", good, _key(message))
            log.info("feedback %s on an answer no longer in memory", "good" if good else "bad")
        else:
            question, answer, row = remembered
            self.recorder.feedback(row, question, good, _key(message))
            await asyncio.get_running_loop().run_in_executor(
                None, self.on_feedback, question, answer, good)
        try:
            await message.edit_reply_markup(tf.without_feedback(message.reply_markup))
        except BadRequest:  # pressed twice quickly: already removed
            pass
        except TelegramError as exc:  # the vote is counted; the buttons only stay visible
            log.warning("feedback: could not remove the 👍/👎 buttons (%s: %s)",
                        type(exc).__name__, exc)

    # -- inline mode ------------------------------------------------------------------------------
    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        question = query.query.strip()
        start = InlineQueryResultsButton(texts.TG_INLINE_START, start_parameter="inline")
        if not question or self.limiter.check(query.from_user.id) is not Verdict.ALLOW:
            await query.answer([], cache_time=0, is_personal=True, button=start)
            return
        started = time.perf_counter()
        answer = await self._compute(question)
        titles = {AnswerKind.ANSWER: texts.TG_INLINE_ANSWER_TITLE,
                  AnswerKind.NOT_FOUND: texts.TG_INLINE_NOT_FOUND_TITLE}
        topic = None if answer.answered else await self._topic()
        result = InlineQueryResultArticle(
            id=hashlib.sha256(question.encode()).hexdigest()[:32],
            title=titles.get(answer.kind, texts.TG_INLINE_OTHER_TITLE),
            description=tf.inline_description(answer, topic),
            input_message_content=InputTextMessageContent(
                tf.render_answer_single(answer, topic=topic)),
        )
        await query.answer([result], cache_time=self.config.inline_cache_s, button=start)
        # Not in the question log: Telegram sends an inline query per pause in typing, so the
        # log would fill with half-typed questions.
        self._log_question(answer, started, "inline", query.from_user.id, None)

    # -- errors -----------------------------------------------------------------------------------
    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log (the token is redacted by the logging filter) and tell the user; never raise."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(error, Forbidden):  # the user blocked the bot: nothing to tell anyone
            log.info("update %s: %s", update_id, error)
            return
        log.error("update %s failed: %s: %s", update_id, type(error).__name__, error,
                  exc_info=error)
        if not isinstance(update, Update):
            return
        with contextlib.suppress(TelegramError):
            if update.callback_query:
                await update.callback_query.answer(texts.TG_ERROR)
            elif update.inline_query:
                await update.inline_query.answer([], cache_time=0)
            elif update.effective_message and update.effective_chat:
                await self._send(update.effective_message, tf.render_text(texts.TG_ERROR))

    # -- the answer path --------------------------------------------------------------------------
    async def _answer(self, message: Message, question: str, *, source: str,
                      asked: str | None = None, reply: bool | None = None,
                      user_id: int | None = None) -> None:
        started = time.perf_counter()
        follow_up = self.follow_ups.get(message.chat_id)
        answer = await self._compute(question, typing_chat=message.chat_id, follow_up=follow_up)
        if answer.document:
            self.follow_ups.set(message.chat_id, answer.document)
        topic = None if answer.answered else await self._topic()
        markup = tf.answer_keyboard(answer, topic)
        sent = await self._send(message, tf.render_answer(answer, asked=asked, topic=topic),
                                markup, reply=reply)
        row = None
        if answer.kind in LOGGED_KINDS:
            # Queued to the log's own thread: the reply is out already and nothing waits here.
            row = self.recorder.record(question, answer, (time.perf_counter() - started) * 1e3,
                                       source, _key(sent))
        if sent is not None and answer.kind in LOGGED_KINDS:
            self.memory.remember(sent.chat_id, sent.message_id, question, answer, row)
        if user_id is None and message.from_user:
            user_id = message.from_user.id
        self._log_question(answer, started, source, user_id, message.chat_id)

    async def _topic(self) -> Topic:
        """What the bot knows, for the index in use now: after a reload it is made anew (a few
        answers' worth of work, in an engine thread)."""
        topic = self.topics.peek()
        if topic is None:
            topic = await asyncio.get_running_loop().run_in_executor(self.executor,
                                                                     self.topics.get)
        return topic

    async def _compute(self, question: str, typing_chat: int | None = None,
                       follow_up: str | None = None) -> Answer:
        """engine.answer in a worker thread; "typing…" once it takes longer than a moment."""
        loop = asyncio.get_running_loop()
        started = asyncio.Event()

        def work() -> Answer:
            loop.call_soon_threadsafe(started.set)
            return self.engine.answer(question, follow_up)

        future = loop.run_in_executor(self.executor, work)
        if typing_chat is None:
            return await future
        if self.config.typing_after_s > 0:  # 0 means always: deterministic for tests
            # The delay counts from when an engine thread takes the question, not from arrival:
            # in a burst, queued questions would otherwise all send "typing…", and chat actions
            # share Telegram's 30 requests a second with the answers themselves.
            start = asyncio.create_task(started.wait())
            await asyncio.wait({future, start}, return_when=asyncio.FIRST_COMPLETED)
            start.cancel()
            done, _ = await asyncio.wait({future}, timeout=self.config.typing_after_s)
            if done:
                return future.result()
        answered = asyncio.Event()
        typing = asyncio.create_task(self._keep_typing(typing_chat, answered))
        try:
            return await future
        finally:
            answered.set()
            # A chat action arriving after the answer would show "typing…" under it, and one
            # cancelled mid-request reaches Telegram truncated: let a request in flight finish.
            _, late = await asyncio.wait({typing}, timeout=TYPING_GRACE_S)
            for task in late:
                task.cancel()

    async def _keep_typing(self, chat_id: int, answered: asyncio.Event) -> None:
        while not answered.is_set():
            with contextlib.suppress(TelegramError):
                await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TYPING_EVERY_S):
                    await answered.wait()

    async def _send(self, message: Message, parts: Sequence[str],
                    markup: InlineKeyboardMarkup | None = None,
                    reply: bool | None = None) -> Message | None:
        """Send the parts in order, buttons under the last. In groups (or when asked) the first
        part replies to `message`, so it is clear whose question it answers."""
        if reply is None:
            reply = not _is_private(message)
        reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True) \
            if reply else None
        sent: Message | None = None
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            sent = await self._bot.send_message(
                message.chat_id, part, reply_parameters=reply_to if i == 0 else None,
                reply_markup=markup if last else None)
        return sent

    async def reply(self, message: Message, text: str,
                    markup: InlineKeyboardMarkup | None = None) -> Message | None:
        """Plain text (escaped, split to Telegram's limit) in answer to `message`; `markup`
        under its last part."""
        return await self._send(message, tf.render_text(text), markup)

    async def admit(self, update: Update) -> bool:
        """The per-user flood limit; over it, one polite "please wait" and then silence."""
        user = update.effective_user
        verdict = self.limiter.check(user.id) if user else Verdict.ALLOW
        if verdict is Verdict.WARN and update.effective_message:
            await self._send(update.effective_message, tf.render_text(texts.TG_RATE_LIMITED))
        if verdict is not Verdict.ALLOW:
            log.info("rate limit: message dropped (%s)", verdict.value)
        return verdict is Verdict.ALLOW

    def _log_question(self, answer: Answer, started: float, source: str, user: int | None,
                      chat: int | None) -> None:
        outcome = {AnswerKind.ANSWER: "answered", AnswerKind.NOT_FOUND: "refused",
                   AnswerKind.SMALLTALK: "smalltalk", AnswerKind.EMPTY: "empty"}[answer.kind]
        who = f" user={user} chat={chat}" if self.config.log_user_ids else ""
        seconds = time.perf_counter() - started
        log.info("question via %s: %s in %.0f ms (engine %.0f ms, lang %s%s)%s", source, outcome,
                 seconds * 1e3, answer.took_ms, answer.query_lang,
                 ", trimmed" if answer.trimmed else "", who)
        if self.metrics is not None:
            self.metrics.question(outcome, seconds)

    @property
    def _bot(self) -> ExtBot:
        if self._application is None:
            raise RuntimeError("Handlers.install(application) was not called")
        return self._application.bot

    def install(self, application: Application, commands: Sequence[BaseHandler] = ()) -> None:
        """Register the callbacks; `commands` (the admins') go before the catch-all."""
        self._application = application
        new_messages = filters.UpdateType.MESSAGE  # edits of old messages are not questions
        application.add_handlers([
            CommandHandler("start", self.start, filters=new_messages),
            CommandHandler("help", self.help, filters=new_messages),
            CommandHandler("about", self.about, filters=new_messages),
            CommandHandler("sources", self.sources, filters=new_messages),
            CommandHandler("ask", self.ask, filters=new_messages),
            *commands,
            MessageHandler(new_messages & filters.COMMAND, self.unknown_command),
            MessageHandler(new_messages & filters.TEXT, self.text),
            MessageHandler(new_messages & ~filters.StatusUpdate.ALL, self.other),
            CallbackQueryHandler(self.button),
            InlineQueryHandler(self.inline),
        ])
        application.add_error_handler(self.error)


# -- who is a message for ------------------------------------------------------------------------
def _is_private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def _replies_to_bot(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == context.bot.id)


def _from_this_bot_inline(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    # Our own inline answer posted into a chat must not be answered again.
    return bool(message.via_bot and message.via_bot.id == context.bot.id)


def _addressed_text(message: Message, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """In a group: the question if the message mentions or replies to the bot, else None."""
    username = (context.bot.username or "").lower()
    mentioned = any(
        (entity.type == MessageEntity.MENTION and text.lower() == "@" + username)
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user
            and entity.user.id == context.bot.id)
        for entity, text in message.parse_entities().items())
    if not (mentioned or _replies_to_bot(message, context)):
        return None
    return _strip_mentions(message.text or "", context.bot.username)


def _strip_mentions(text: str, username: str | None) -> str:
    if not username:
        return text.strip()
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()
