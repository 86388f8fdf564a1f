"""Staff in Telegram: /reload, /stats, /unanswered, and messages about the corpus (files,
/rollback, /history, /corpus and /docs are bot/staff/uploads.py).

Admins are the Telegram user ids of `bot.admin_ids` (or EVENTQA_ADMIN_IDS). For anyone else the
commands do not exist: they get the ordinary "unknown command" reply, and the commands are only
in the admins' own command menus (setMyCommands scoped to their chats). They work in a private
chat only, so statistics and questions never land in a group.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import Executor
from functools import partial

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, BaseHandler, CommandHandler, ContextTypes, filters

from bot import texts
from bot.staff import report
from bot.staff.questionlog import Asked, PeriodStats, QuestionLog, QuestionLogError, Recorder
from bot.staff.watcher import CorpusWatcher
from bot.telegram import telegram_format as tf
from bot.telegram.handlers import Handlers
from retrieval.config import Config
from retrieval.engine import Engine

log = logging.getLogger(__name__)

UNANSWERED_DAYS = 7
UNANSWERED_TOP = 10
UNANSWERED_TEXTS = 500  # distinct questions embedded for /unanswered (the most frequent ones)


class AdminNotifier:
    """Sends a staff message to every admin; an admin the bot cannot reach (never started it,
    blocked it) is logged and skipped."""

    def __init__(self, application: Application, admin_ids: Sequence[int]) -> None:
        self.application = application
        self.admin_ids = list(admin_ids)

    async def __call__(self, text: str) -> None:
        for chat_id in self.admin_ids:
            try:
                for part in tf.render_text(text):
                    await self.application.bot.send_message(chat_id, part)
            except TelegramError as exc:
                log.warning("could not send a staff message to an admin (%s)", exc)


class AdminCommands:
    def __init__(self, handlers: Handlers, config: Config, watcher: CorpusWatcher,
                 recorder: Recorder, engine: Engine, executor: Executor) -> None:
        self.handlers = handlers
        self.admin_ids = frozenset(config.bot.admin_ids)
        self.threshold = config.log.cluster_threshold
        self.watcher = watcher
        self.recorder = recorder
        self.engine = engine
        self.executor = executor

    def command_handlers(self) -> list[BaseHandler]:
        new_messages = filters.UpdateType.MESSAGE
        return [CommandHandler("reload", self.reload, filters=new_messages),
                CommandHandler("stats", self.stats, filters=new_messages),
                CommandHandler("unanswered", self.unanswered, filters=new_messages)]

    async def register_menus(self, application: Application) -> None:
        """The admin commands in the admins' menus only (everyone else's stays as it is)."""
        commands = [BotCommand(n, d) for n, d in {**texts.TG_COMMANDS,
                                                   **texts.TG_ADMIN_COMMANDS}.items()]
        for chat_id in sorted(self.admin_ids):
            try:
                await application.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
            except TelegramError as exc:  # e.g. the admin has not started the bot yet
                log.warning("setMyCommands for an admin failed: %s", exc)

    def is_admin(self, update: Update) -> bool:
        user, chat = update.effective_user, update.effective_chat
        return bool(user and chat and chat.type == ChatType.PRIVATE and user.id in self.admin_ids)

    async def allowed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        if not self.is_admin(update):
            await self.handlers.unknown_command(update, context)
            return False
        return await self.handlers.admit(update)

    # -- commands ---------------------------------------------------------------------------------
    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.allowed(update, context):
            return
        outcome = await self.watcher.reload(manual=True)
        if outcome is not None:
            await self.handlers.reply(update.effective_message, outcome.message)

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.allowed(update, context):
            return
        try:
            stats = await self.recorder.read(QuestionLog.stats)
        except QuestionLogError as exc:
            await self.handlers.reply(update.effective_message, _log_problem(exc, self.recorder))
            return
        lines = [texts.TG_STATS_HEADER,
                 _period_line(texts.TG_STATS_PERIODS["today"], stats.today),
                 _period_line(texts.TG_STATS_PERIODS["week"], stats.week)]
        await self.handlers.reply(update.effective_message, "\n".join(lines))

    async def unanswered(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.allowed(update, context):
            return
        try:
            rows = await self.recorder.read(lambda q: q.problems(UNANSWERED_DAYS))
        except QuestionLogError as exc:
            await self.handlers.reply(update.effective_message, _log_problem(exc, self.recorder))
            return
        groups = await self._group(rows) if rows else []
        await self.handlers.reply(update.effective_message,
                                  report.render_unanswered(groups, UNANSWERED_DAYS,
                                                           UNANSWERED_TOP))

    async def _group(self, rows: list[Asked]) -> list[report.Group]:
        # Grouping embeds the questions: on the engine's threads, like answering.
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, partial(report.group_questions, rows, self.engine.encoder.encode_queries,
                                   self.threshold, max_texts=UNANSWERED_TEXTS))


def _period_line(name: str, period: PeriodStats) -> str:
    median = texts.TG_STATS_NO_TIME if period.median_ms is None \
        else texts.TG_STATS_MS.format(ms=period.median_ms)
    return texts.TG_STATS_LINE.format(period=name, total=period.total, answered=period.answered,
                                      refused=period.refused, median=median, good=period.good,
                                      bad=period.bad)


def _log_problem(exc: QuestionLogError, recorder: Recorder) -> str:
    return texts.QLOG_OFF if not recorder.enabled else texts.QLOG_BAD.format(error=exc)
