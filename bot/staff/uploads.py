"""Staff change the corpus from Telegram: send a file, see a preview, press ✅; /rollback,
/history, /corpus, /docs. The changing itself is bot/staff/corpusedit.py (shared with the CLI).

Only admins in a private chat: anyone else's file gets the usual polite "I read only text" reply
and the commands answer like any unknown command. A preview waits in memory under a random key
carried by its two buttons; a press takes the key out first, so a repeated or stale press
(another admin was quicker, the bot restarted, the corpus changed meanwhile) is answered and
changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import secrets
import time
import zipfile
from collections import OrderedDict
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.staff.admin import AdminCommands
from bot.staff.corpusedit import (
    ARTICLE_SUFFIXES,
    CORPUS_SUFFIXES,
    Change,
    CorpusEditor,
    EditError,
    StaleChange,
    render_documents,
    render_history,
    render_preview,
    when,
)
from bot.staff.watcher import CorpusWatcher
from bot.telegram import telegram_format as tf
from retrieval.config import Config

log = logging.getLogger(__name__)

APPLY, CANCEL = "a", "c"
CALLBACK_PREFIX = "s"  # "s:a:<key>" applies a preview, "s:c:<key>" cancels it
PENDING_MAX = 50  # previews waiting for a press; the oldest are forgotten
TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")  # an error may quote the file URL


class StaffUploads:
    def __init__(self, admin: AdminCommands, config: Config, watcher: CorpusWatcher,
                 editor: CorpusEditor | None = None) -> None:
        self.admin = admin
        self.handlers = admin.handlers
        self.watcher = watcher
        self.editor = editor or CorpusEditor(config)
        self.max_bytes = config.staff.upload_max_bytes
        self._pending: OrderedDict[str, Change] = OrderedDict()  # by button key

    def command_handlers(self) -> list[BaseHandler]:
        new_messages = filters.UpdateType.MESSAGE
        return [CommandHandler("rollback", self.rollback, filters=new_messages),
                CommandHandler("history", self.history, filters=new_messages),
                CommandHandler("corpus", self.corpus, filters=new_messages),
                CommandHandler("docs", self.docs, filters=new_messages),
                MessageHandler(new_messages & filters.Document.ALL, self.document),
                CallbackQueryHandler(self.button, pattern=rf"^{CALLBACK_PREFIX}:")]

    # -- a file from staff ------------------------------------------------------------------------
    async def document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if not self.admin.is_admin(update):
            await self.handlers.other(update, context)  # the usual polite reply
            return
        if not await self.handlers.admit(update):
            return
        doc = message.document
        name = doc.file_name or "file"
        if not name.lower().endswith(ARTICLE_SUFFIXES + CORPUS_SUFFIXES):
            await self.handlers.reply(message, texts.UPLOAD_WRONG_TYPE)
            return
        if doc.file_size is not None and doc.file_size > self.max_bytes:
            await self._too_big(message, doc.file_size)
            return
        try:
            file = await doc.get_file()
            data = bytes(await file.download_as_bytearray())
        except (TelegramError, OSError) as exc:
            log.warning("could not fetch an uploaded file: %s: %s", type(exc).__name__, exc)
            error = TOKEN_IN_URL.sub("bot<redacted>", str(exc))
            await self.handlers.reply(message, texts.UPLOAD_FETCH_FAILED.format(error=error))
            return
        if len(data) > self.max_bytes:
            await self._too_big(message, len(data))
            return
        caption = (message.caption or "").strip() or None
        try:
            change = await asyncio.to_thread(self.editor.propose_upload, name, data, caption)
        except (EditError, OSError) as exc:
            await self.handlers.reply(message, _problem(exc))
            return
        log.info("staff upload %s: %s", name, "previewed" if change.ok else "refused")
        await self._preview(message, change, texts.EDIT_PREVIEW_HEADER.format(name=name))

    async def _too_big(self, message: Message, size: int) -> None:
        await self.handlers.reply(message, texts.UPLOAD_TOO_BIG.format(size=size,
                                                                       limit=self.max_bytes))

    # -- commands ---------------------------------------------------------------------------------
    async def rollback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.admin.allowed(update, context):
            return
        message = update.effective_message
        args = context.args or []
        if len(args) > 1 or (args and not args[0].isdigit()):
            await self.handlers.reply(message, texts.ROLLBACK_USAGE)
            return
        n = int(args[0]) if args else 1
        try:
            change, version = await asyncio.to_thread(self.editor.propose_rollback, n)
        except (EditError, OSError) as exc:
            await self.handlers.reply(message, _problem(exc))
            return
        await self._preview(message, change,
                            texts.EDIT_ROLLBACK_HEADER.format(when=when(version.when)))

    async def history(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.admin.allowed(update, context):
            return
        versions = await asyncio.to_thread(self.editor.history.versions)
        await self.handlers.reply(update.effective_message, render_history(versions))

    async def docs(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.admin.allowed(update, context):
            return
        documents = list(self.watcher.engine.index.documents.values())
        await self.handlers.reply(update.effective_message, render_documents(documents))

    async def corpus(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The corpus files as they are on disk: one file as itself, several as a zip."""
        if not await self.admin.allowed(update, context):
            return
        message = update.effective_message
        try:
            files = await asyncio.to_thread(self.editor.current_files)
        except (EditError, OSError) as exc:
            await self.handlers.reply(message, _problem(exc))
            return
        if len(files) == 1:
            [(name, data)] = files.items()
        else:
            name, data = f"corpus-{time.strftime('%Y%m%d-%H%M')}.zip", _zip(files)
        await context.bot.send_document(message.chat_id, data, filename=name,
                                        caption=texts.CORPUS_CAPTION.format(files=len(files)))

    # -- previews and their buttons ---------------------------------------------------------------
    async def _preview(self, message: Message, change: Change, header: str) -> None:
        text = render_preview(change, header)
        markup = None
        if change.ok and change.changes_anything and change.documents:
            key = secrets.token_urlsafe(9)
            self._pending[key] = change
            while len(self._pending) > PENDING_MAX:
                self._pending.popitem(last=False)
            markup = InlineKeyboardMarkup([[
                InlineKeyboardButton(texts.EDIT_BUTTON_APPLY,
                                     callback_data=f"{CALLBACK_PREFIX}:{APPLY}:{key}"),
                InlineKeyboardButton(texts.EDIT_BUTTON_CANCEL,
                                     callback_data=f"{CALLBACK_PREFIX}:{CANCEL}:{key}")]])
        await self.handlers.reply(message, text, markup)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        action, _, key = (query.data or "").partition(":")[2].partition(":")
        message = query.message if isinstance(query.message, Message) else None
        change = self._pending.pop(key, None) \
            if query.from_user.id in self.admin.admin_ids and message is not None else None
        if change is None or action not in (APPLY, CANCEL):
            await query.answer(texts.EDIT_BUTTON_USED, show_alert=True)
            return
        if action == CANCEL:
            await query.answer()
            await _remove_buttons(message)
            await self.handlers.reply(message, texts.EDIT_CANCELLED)
            return
        await query.answer(texts.EDIT_WORKING)
        await _remove_buttons(message)
        try:
            await asyncio.to_thread(self.editor.apply, change)
        except StaleChange as exc:
            await self.handlers.reply(message, str(exc))
            return
        except (EditError, OSError) as exc:
            log.error("applying a staff change failed: %s", exc)
            await self.handlers.reply(message, texts.EDIT_WRITE_FAILED.format(error=exc))
            return
        log.info("staff change applied: %s", change.label)
        outcome = await self.watcher.reload(manual=True, why=f"staff change: {change.label}")
        done = texts.EDIT_APPLIED.format(what=change.label)
        await self.handlers.reply(message, "\n".join(
            [done, outcome.message] if outcome is not None else [done]))
        await self._tell_others(context, query.from_user.id, texts.EDIT_BY_OTHER.format(
            who=query.from_user.full_name, what=change.label))

    async def _tell_others(self, context: ContextTypes.DEFAULT_TYPE, user_id: int,
                           text: str) -> None:
        """The other admins hear of a change made through the bot (as of one made on disk)."""
        for chat_id in sorted(self.admin.admin_ids - {user_id}):
            try:
                for part in tf.render_text(text):
                    await context.bot.send_message(chat_id, part)
            except TelegramError as exc:  # never started the bot, blocked it...
                log.warning("could not tell an admin about a staff change (%s)", exc)


def _problem(exc: Exception) -> str:
    if isinstance(exc, EditError):
        return str(exc)
    log.warning("staff: cannot read the corpus files: %s", exc)
    return texts.EDIT_READ_FAILED.format(error=exc)


async def _remove_buttons(message: Message) -> None:
    with contextlib.suppress(TelegramError):  # already gone (pressed twice): nothing to remove
        await message.edit_reply_markup(None)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(str(Path("corpus") / name), data)
    return out.getvalue()
