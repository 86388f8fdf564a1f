"""Staff change the corpus from Telegram, end to end: the real `eventqa serve` process, real HTTP
to the strict fake Bot API (getFile and the file URL included), a real corpus folder and index.

An admin sends a file, reads the preview, presses ✅, and the bot answers from the new text
without a restart; /rollback + ✅ brings the previous corpus back. A stranger's file and a broken
file change nothing. One bot process serves the module; tests that change the corpus leave it
as they found it (through the bot itself: /rollback).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import texts
from bot.bench.fakebotapi import ApiError, JSONDict
from retrieval.e5convert import ensure_converted
from tests.conftest import CACHE_DIR, working_corpus
from tests.test_bot_e2e import FACT, QUESTION, BotProcess, CheckingFake, buttons, messages_to

ADMIN = 5001
OTHER_ADMIN = 5002
TITLE = "Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды"
ARTICLE = """\
2024 жылғы 5 наурызда Елбасы кітапханасында «Дала өркениеті» атты көрме ашылды.

Көрмеге 300-ден астам сирек кітап пен қолжазба қойылды.

Көрмені кітапхана директоры Бақытжан Темірболат ашып,
қонақтарға экскурсия жүргізді.
"""
NEW_QUESTION = "Дала өркениеті көрмесі қашан ашылды?"
NEW_FACT = "2024 жылғы 5 наурызда"
BROKEN_YAML = 'documents:\n  - id: x\n    title: "Көрме\n    text: |\n      М.\n'


@dataclass
class Setup:
    fake: CheckingFake
    bot: BotProcess
    corpus: Path
    history: Path


@pytest.fixture(scope="module")
def staff(tmp_path_factory) -> Iterator[Setup]:
    ensure_converted(CACHE_DIR)
    work = tmp_path_factory.mktemp("uploads")
    corpus = working_corpus(work)
    with CheckingFake() as fake:
        bot = BotProcess(fake, work / "index", work / "bot.log", extra_env={
            "TELEGRAM_API_FILE_URL": fake.base_file_url,
            "EVENTQA_CORPUS": str(corpus), "EVENTQA_ADMIN_IDS": f"{ADMIN},{OTHER_ADMIN}",
            "EVENTQA_STAFF_HISTORY_DIR": str(work / "history"),
            "EVENTQA_BOT_MAX_RETRIES": "1",
            "EVENTQA_BOT_RELOAD_INTERVAL_S": "0.5"})
        try:
            bot.wait_ready(fake)
            for admin in (ADMIN, OTHER_ADMIN):
                fake.expect(fake.send_command("/start", user_id=admin), chat_id=admin)
                said(fake, admin, 0)
            yield Setup(fake, bot, corpus, work / "history")
        finally:
            assert bot.stop() == 0
            assert "Traceback" not in bot.output()
            assert fake.violations == []


# -- helpers -----------------------------------------------------------------------------------
def said(fake: CheckingFake, user: int, after: int, timeout: float = 60) -> JSONDict:
    """The first message to `user` after the first `after` ones."""
    sent = fake.wait_for(lambda sent: len(messages_to(sent, user)) > after, timeout)
    return messages_to(sent, user)[after]


def upload(staff: Setup, name: str, content: bytes, user: int = ADMIN, **kw) -> JSONDict:
    n = len(messages_to(staff.fake.sent, user))
    staff.fake.expect(staff.fake.send_document(name, "text/plain", content=content, user_id=user,
                                               **kw), chat_id=user)
    return said(staff.fake, user, n)


def command(staff: Setup, text: str, user: int = ADMIN) -> JSONDict:
    n = len(messages_to(staff.fake.sent, user))
    name, _, args = text.partition(" ")
    staff.fake.expect(staff.fake.send_command(name, args, user_id=user), chat_id=user)
    return said(staff.fake, user, n)


def press(staff: Setup, message: JSONDict, label_start: str,
          stale: bool = False) -> tuple[JSONDict, JSONDict | None]:
    """Press the button whose text starts with `label_start` (as the preview was sent): (the
    callback answer, the next message to the admin, if the press sends one)."""
    fake = staff.fake
    [data] = [d for text, d in buttons(message) if text.startswith(label_start)]
    n = len(messages_to(fake.sent, ADMIN))
    acks = len(answers(fake.sent))
    fake.press_button(message["message_id"], data, user_id=ADMIN, stale=stale)
    fake.wait_for(lambda sent: len(answers(sent)) > acks)
    ack = answers(fake.sent)[acks]
    return ack, (said(fake, ADMIN, n) if ack["text"] != texts.EDIT_BUTTON_USED else None)


def answers(sent: list[JSONDict]) -> list[JSONDict]:
    return [s for s in sent if s["method"] == "answerCallbackQuery" and s["chat_id"] == ADMIN]


def files(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(corpus.glob("*.y*ml"))}


def get_files(fake: CheckingFake) -> int:
    return sum(s["method"] == "getFile" for s in fake.sent)


def accepted(fake: CheckingFake) -> None:
    assert [r for r in fake.rejected if not r["injected"]] == [], fake.rejected


def refused(text: str) -> bool:
    return text.startswith(texts.NOT_FOUND.split("{")[0].strip())


# -- the whole way: upload, preview, ✅, answered; /corpus; /rollback, ✅ -------------------------
def test_an_article_is_previewed_applied_answered_and_rolled_back(staff):
    fake, corpus = staff.fake, staff.corpus
    before = files(corpus)
    pid = staff.bot.proc.pid
    assert refused(ask_once(staff, 5101, NEW_QUESTION))

    sent_at = time.monotonic()
    preview = upload(staff, "korme.txt", ARTICLE.encode(), caption=TITLE)
    text = preview["text"]
    assert text.startswith(texts.EDIT_PREVIEW_HEADER.format(name="korme.txt"))
    doc_id = re.search(r"id-і: ([a-z0-9-]+)", text).group(1)
    assert doc_id.startswith("elbasy-kitapkhanasynda-dala")
    assert f"+ қосылады: {doc_id} «{TITLE}», 3 абзац" in text
    assert NEW_FACT in text  # the first lines of the new text
    labels = [label for label, _ in buttons(preview)]
    assert len(labels) == 2 and labels[0].startswith("✅")
    assert files(corpus) == before  # nothing is written before ✅
    assert [d["ok"] for d in fake.downloads] == [True]

    ack, done = press(staff, preview, "✅")
    assert ack["text"] == texts.EDIT_WORKING
    assert done["text"].startswith(texts.EDIT_APPLIED.split(":")[0])
    assert texts.CORPUS_RELOADED in done["text"]
    assert "+3 / −0 үзінді" in done["text"]  # only the new sentences were added
    told = said(fake, OTHER_ADMIN, 1)["text"]  # the other admin hears of it
    assert told.startswith("Aigerim корпусты өзгертті: «" + doc_id)
    written = corpus / f"{doc_id}.yaml"
    assert f"title: \"{TITLE}\"" in written.read_text(encoding="utf-8")
    answer = ask_once(staff, 5102, NEW_QUESTION)
    assert NEW_FACT in answer and f"[1] {TITLE}" in answer
    assert time.monotonic() - sent_at < 60
    assert FACT in ask_once(staff, 5103, QUESTION)  # the old document is still answered
    assert staff.bot.proc.pid == pid and staff.bot.proc.poll() is None

    ack, again = press(staff, preview, "✅", stale=True)  # a repeated press changes nothing
    assert ack["text"] == texts.EDIT_BUTTON_USED and again is None
    assert fake.message(ADMIN, preview["message_id"]).get("reply_markup") is None

    docs = command(staff, "/docs")["text"]
    assert f"• {doc_id} — {TITLE} (3 абзац)" in docs and "• un-geneva-2021 — " in docs
    assert "одан кейін: «" + doc_id in command(staff, "/history")["text"]

    n = len(fake.sent)
    fake.expect(fake.send_command("/corpus", user_id=ADMIN), "sendDocument", chat_id=ADMIN)
    [sent] = fake.wait_for(lambda sent: [s for s in sent[n:] if s["method"] == "sendDocument"])[n:]
    document = sent["params"]["document"]
    assert document["_file"].endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(document["data"]))
    assert {Path(name).name for name in archive.namelist()} == set(files(corpus))

    preview = command(staff, "/rollback")
    assert preview["text"].startswith(texts.EDIT_ROLLBACK_HEADER.split(":")[0])
    assert f"− алынады: {doc_id}" in preview["text"]
    _, done = press(staff, preview, "✅")
    assert texts.CORPUS_RELOADED in done["text"]
    assert files(corpus) == before
    assert refused(ask_once(staff, 5104, NEW_QUESTION))
    accepted(fake)


def ask_once(staff: Setup, user: int, question: str) -> str:
    n = len(messages_to(staff.fake.sent, user))
    staff.fake.ask(question, user)
    return said(staff.fake, user, n)["text"]


# -- what changes nothing ------------------------------------------------------------------------
def test_a_strangers_file_gets_the_usual_reply_and_is_not_fetched(staff):
    fake, corpus = staff.fake, staff.corpus
    before, downloads, gets = files(corpus), len(fake.downloads), get_files(fake)
    text = upload(staff, "korme.txt", ARTICLE.encode(), user=5201, caption=TITLE)["text"]
    assert text.startswith(texts.TG_NOT_TEXT.split(":")[0])
    assert get_files(fake) == gets and len(fake.downloads) == downloads
    assert files(corpus) == before
    for name in ("rollback", "history", "corpus", "docs"):
        assert command(staff, "/" + name, user=5202)["text"] == texts.TG_UNKNOWN_COMMAND
    accepted(fake)


def test_a_broken_yaml_file_names_the_line_and_changes_nothing(staff):
    fake, corpus = staff.fake, staff.corpus
    before = files(corpus)
    reply = upload(staff, "zhanalyq.yaml", BROKEN_YAML.encode())
    assert texts.EDIT_BAD in reply["text"]
    assert f"{corpus}/zhanalyq.yaml:6:1: YAML жазылуында қате" in reply["text"]
    assert buttons(reply) == []  # no apply button
    duplicate = "documents:\n  - id: un-geneva-2021\n    title: Көшірме\n    text: |\n      М.\n"
    reply = upload(staff, "zhanalyq.yml", duplicate.encode())
    assert f"{corpus}/zhanalyq.yml:2: 'un-geneva-2021' id-і қайталанды (алғаш рет: " \
        f"{corpus}/un-geneva-2021.yaml:4)" in reply["text"]
    assert buttons(reply) == [] and files(corpus) == before
    assert FACT in ask_once(staff, 5301, QUESTION)
    accepted(fake)


def test_other_files_and_big_files_get_one_clear_reply(staff):
    fake, corpus = staff.fake, staff.corpus
    before, downloads, gets = files(corpus), len(fake.downloads), get_files(fake)
    assert upload(staff, "notes.pdf", b"%PDF-1.4")["text"] == texts.UPLOAD_WRONG_TYPE
    big = upload(staff, "big.txt", b"x", file_size=3_000_000)["text"]
    assert big == texts.UPLOAD_TOO_BIG.format(size=3_000_000, limit=2_000_000)
    assert get_files(fake) == gets and len(fake.downloads) == downloads  # not even fetched
    assert files(corpus) == before
    empty = upload(staff, "bos.txt", "Тек атауы бар\n".encode())["text"]
    assert empty.startswith("bos.txt: мақалада атау не мәтін жоқ")
    accepted(fake)


def test_a_file_that_cannot_be_fetched_is_said_so_and_changes_nothing(staff):
    fake, corpus = staff.fake, staff.corpus
    before = files(corpus)
    n = len(messages_to(fake.sent, ADMIN))
    fake.expect(fake.send_document("joq.txt", "text/plain", user_id=ADMIN), chat_id=ADMIN)
    text = said(fake, ADMIN, n)["text"]  # the file URL answers 404: nothing to read
    assert text == texts.UPLOAD_FETCH_FAILED.format(error="Not Found")
    assert files(corpus) == before
    assert [r["method"] for r in fake.rejected] == ["file download"]
    fake.rejected.clear()


def test_a_yaml_file_replaces_its_namesake_and_cancel_changes_nothing(staff):
    fake, corpus = staff.fake, staff.corpus
    before = files(corpus)
    [name] = before
    changed = before[name].decode().replace("17 миллионнан астам", "18 миллионнан астам")
    preview = upload(staff, name, changed.encode())
    assert "~ өзгереді: un-geneva-2021 «" in preview["text"]
    assert "+0 / ~1 / −0 абзац" in preview["text"]
    _, done = press(staff, preview, "✖")
    assert done["text"] == texts.EDIT_CANCELLED and files(corpus) == before
    unchanged = upload(staff, name, before[name])
    assert texts.EDIT_NOTHING in unchanged["text"] and buttons(unchanged) == []
    accepted(fake)


def test_a_stale_preview_changes_nothing(staff):
    fake, corpus = staff.fake, staff.corpus
    first = upload(staff, "birinshi.txt", f"Бірінші мақала\n\n{ARTICLE}".encode())
    second = upload(staff, "ekinshi.txt", f"Екінші мақала\n\n{ARTICLE}".encode())
    _, done = press(staff, first, "✅")
    assert texts.CORPUS_RELOADED in done["text"]
    after_first = files(corpus)
    _, stale = press(staff, second, "✅")  # proposed on the corpus before the first change
    assert stale["text"] == texts.EDIT_STALE and files(corpus) == after_first
    _, done = press(staff, command(staff, "/rollback"), "✅")
    assert "birinshi" not in " ".join(files(corpus))
    accepted(fake)


# -- a rough edge: a 👍/👎 whose keyboard cannot be edited --------------------------------------
def test_feedback_whose_edit_fails_logs_one_line_and_sends_nothing_more(staff):
    fake, bot = staff.fake, staff.bot
    user = 5401
    fake.ask(QUESTION, user)
    answer = said(fake, user, 0)
    original = fake._methods["editmessagereplymarkup"]

    def broken(params: JSONDict, record: JSONDict) -> JSONDict:
        raise ApiError(500, "Internal Server Error: try again later")

    fake.register_method("editMessageReplyMarkup", broken)
    try:
        fake.press_button(answer["message_id"], "f:1", user_id=user)
        fake.wait_for(lambda sent: len([r for r in fake.rejected
                                        if r["method"] == "editMessageReplyMarkup"]) >= 2)
        deadline = time.monotonic() + 10
        while "could not remove the 👍/👎 buttons" not in bot.output():
            assert time.monotonic() < deadline, bot.output()[-2000:]
            time.sleep(0.05)
    finally:
        fake.register_method(*original)
    time.sleep(1)
    assert len(messages_to(fake.sent, user)) == 1  # no "Кешіріңіз, қате шықты"
    assert bot.output().count("could not remove the 👍/👎 buttons") == 1
    assert [r["method"] for r in fake.rejected if r["method"] != "editMessageReplyMarkup"] == []
