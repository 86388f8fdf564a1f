"""Staff from the command line: `eventqa add / history / rollback` change a real corpus folder
through the same code the bot uses; `ask` on a broken corpus answers from the last good index;
the rough edges (`search -k 0`, long questions in `report`, a title without letters). Real
processes, real files, the real model.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bot import texts
from bot.staff.questionlog import Entry, QuestionLog
from tests.conftest import PROJECT
from tests.test_bot_e2e import FACT, QUESTION
from tests.test_staff_cli import run

ARTICLE = """\
date: 2024-03-05
url: https://example.kz/korme

2024 жылғы 5 наурызда Елбасы кітапханасында «Дала өркениеті» атты көрме ашылды.

Көрмеге 300-ден астам сирек кітап пен қолжазба қойылды.
"""
TITLE = "«Дала өркениеті» көрмесі ашылды"
NEW_QUESTION = "Дала өркениеті көрмесі қашан ашылды?"
NEW_FACT = "2024 жылғы 5 наурызда"
DUPLICATE = "documents:\n  - id: un-geneva-2021\n    title: Көшірме\n    text: |\n      Мәтін.\n"


def workspace(tmp_path: Path, index_from: Path | None = None) -> dict[str, str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(PROJECT / "corpus" / "un-geneva-2021.yaml", corpus)
    index = tmp_path / "index"
    if index_from is not None:
        shutil.copytree(index_from, index, symlinks=True)
    return {"EVENTQA_CORPUS": str(corpus), "EVENTQA_INDEX_DIR": str(index),
            "EVENTQA_STAFF_HISTORY_DIR": str(tmp_path / "history")}


def corpus_files(env: dict[str, str]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(env["EVENTQA_CORPUS"]).glob("*.yaml")}


def test_add_history_and_rollback_change_the_corpus_for_ask(tmp_path, built_index_dir):
    env = workspace(tmp_path, built_index_dir)
    before = corpus_files(env)
    assert run(["history"], **env).stdout.strip() == texts.HISTORY_EMPTY
    nothing = run(["rollback", "--yes"], **env)
    assert nothing.returncode == 2 and nothing.stderr.strip() == texts.ROLLBACK_NONE

    article = tmp_path / "korme.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = run(["add", str(article), "--title", TITLE, "--id", "dala-korme-2024"], **env)
    assert out.returncode == 0, out.stderr
    assert f"+ қосылады: dala-korme-2024 «{TITLE}», 2 абзац" in out.stdout
    path = Path(env["EVENTQA_CORPUS"]) / "dala-korme-2024.yaml"
    assert texts.ADD_DONE.format(id="dala-korme-2024", path=path) in out.stdout
    written = path.read_text(encoding="utf-8")
    assert "date: 2024-03-05" in written and 'url: "https://example.kz/korme"' in written
    again = run(["add", str(article), "--id", "dala-korme-2024"], **env)
    assert again.returncode == 2 and "'dala-korme-2024' id-і корпуста бар" in again.stderr

    answer = run(["ask", NEW_QUESTION], **env)
    assert answer.returncode == 0, answer.stderr
    assert NEW_FACT in answer.stdout and f"[1] {TITLE}, 1-абзац" in answer.stdout

    history = run(["history"], **env).stdout
    assert "1. " in history and "«dala-korme-2024» мақаласы қосылды" in history
    asked = run(["rollback"], **env)  # not a terminal and no --yes: shown, not applied
    assert "− алынады: dala-korme-2024" in asked.stdout
    assert texts.ROLLBACK_NEEDS_YES in asked.stdout and path.exists()
    done = run(["rollback", "--yes"], **env)
    assert done.returncode == 0, done.stderr
    assert corpus_files(env) == before
    # A rollback is a change too: the history keeps what it replaced, so it can be undone.
    assert "2. " in run(["history"], **env).stdout
    assert run(["rollback", "--yes"], **env).returncode == 0 and path.exists()


def test_add_refuses_bad_input_clearly_and_changes_nothing(tmp_path):
    env = workspace(tmp_path)
    before = corpus_files(env)
    bad_date = tmp_path / "kate.txt"
    bad_date.write_text("date: 2024-13-45\nАтауы\n\nМәтін.\n", encoding="utf-8")
    out = run(["add", str(bad_date)], **env)
    assert out.returncode == 2
    assert out.stderr.startswith("kate.txt:1: '2024-13-45' күні 2021-09-01 түрінде")
    missing = run(["add", str(tmp_path / "joq.txt")], **env)
    assert missing.returncode == 2 and "joq.txt" in missing.stderr
    duplicate = tmp_path / "zhanalyq.yaml"
    duplicate.write_text(DUPLICATE, encoding="utf-8")
    out = run(["add", str(duplicate)], **env)
    assert out.returncode == 2 and texts.EDIT_BAD in out.stderr
    assert f"{env['EVENTQA_CORPUS']}/zhanalyq.yaml:2: 'un-geneva-2021' id-і қайталанды" \
        in out.stderr
    assert corpus_files(env) == before and "Traceback" not in out.stderr


def test_ask_on_a_broken_corpus_answers_from_the_last_good_index(tmp_path, built_index_dir):
    env = workspace(tmp_path, built_index_dir)
    bad = Path(env["EVENTQA_CORPUS"]) / "zhanalyq.yaml"
    bad.write_text(DUPLICATE, encoding="utf-8")
    out = run(["ask", QUESTION], **env)
    assert out.returncode == 0, out.stderr
    assert FACT in out.stdout
    assert f"{bad}:2: 'un-geneva-2021' id-і қайталанды" in out.stderr
    assert texts.LAST_GOOD_INDEX.format(documents=1) in out.stderr
    for command in (["index"], ["check"]):  # their job is to say the corpus is broken
        failed = run(command, **env)
        assert failed.returncode == 2 and f"{bad}:2:" in failed.stderr
    fresh = workspace(tmp_path / "fresh")  # no index ever built: nothing to answer from
    (Path(fresh["EVENTQA_CORPUS"]) / "zhanalyq.yaml").write_text(DUPLICATE, encoding="utf-8")
    failed = run(["ask", QUESTION], **fresh)
    assert failed.returncode == 2 and texts.CORPUS_BAD in failed.stderr


def test_search_k_must_be_positive():
    out = run(["search", "-k", "0", QUESTION])
    assert out.returncode == 2
    assert "-k: must be a whole number of 1 or more: 0" in out.stderr


def test_report_cuts_a_long_question_to_a_readable_length(tmp_path):
    log_path = tmp_path / "questions.sqlite3"
    questions = QuestionLog(log_path)
    long_question = "кітапхана туралы ұзақ сұрақ " * 220  # ~6,000 characters pasted
    questions.add(Entry(time.time(), long_question.strip(), False, 0.5, (), 100.0, "kk",
                        "message"))
    questions.close()
    out = run(["report"], EVENTQA_LOG_PATH=str(log_path))
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stdout.splitlines() if "× " in x]
    assert line.startswith("   1× кітапхана туралы ұзақ сұрақ") and line.endswith("…")
    assert len(line) <= 210


def test_check_warns_about_a_title_of_digits_only(tmp_path):
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text('documents:\n  - id: sandar\n    title: "123"\n    text: |\n'
                      "      Бірінші абзац дұрыс жазылған.\n", encoding="utf-8")
    out = run(["--corpus", str(corpus), "check"])
    assert out.returncode == 0
    assert f"{corpus}:3: 'sandar' құжатының атауында бірде-бір әріп жоқ — document 'sandar': " \
        "the title has no letters" in out.stdout
