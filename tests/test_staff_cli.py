"""Staff workflow from the command line and around it: `eventqa check` warnings, `eventqa report`
over a real SQLite question log, the log's own rules, and a bot that starts after a bad edit.
Real processes, real files, the real model.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bot import plain, texts
from bot.staff import report
from bot.staff.questionlog import Entry, QuestionLog, Recorder, normalize_question
from retrieval.corpus import load_corpus, warnings
from retrieval.types import Answer, AnswerKind, Citation
from tests.conftest import CACHE_DIR, PROJECT
from tests.test_bot_e2e import FACT, QUESTION, BotProcess, CheckingFake, messages_to, reply

EVENTQA = [sys.executable, "-m", "bot.cli.main"]
DAY = 86400.0


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EVENTQA_")}
    environ.update({"EVENTQA_CACHE_DIR": str(CACHE_DIR), **env})
    return subprocess.run([*EVENTQA, *args], capture_output=True, text=True, cwd=PROJECT,
                          env=environ, timeout=300)


# -- eventqa check: warnings -------------------------------------------------------------------
RU_KEYS = ("Казакстан Республикасынын Тунгыш Президенти Елбасы китапханасы мен БУУнын "
           "Женевадагы китапханасы арасында хаттамага кол койылды.")
LIKELY_MISTAKES = f"""\
documents:
  - id: ok-doc
    title: "«…»"
    text: |
      Бірінші абзац дұрыс жазылған.
      {RU_KEYS}
  - id: folded
    title: Бүктелген мәтін
    text: >
"""


def test_check_warns_about_likely_mistakes_naming_file_and_line(tmp_path):
    corpus = tmp_path / "corpus.yaml"
    folded = "".join(f"      Бұл абзац '>' белгісімен бүктелген блокта жазылған, {i}-жол.\n"
                     for i in range(40))
    corpus.write_text(LIKELY_MISTAKES + folded, encoding="utf-8")
    out = run(["--corpus", str(corpus), "check"])
    assert out.returncode == 0, out.stderr  # a warning is not an error
    lines = out.stdout.splitlines()
    assert lines[0] == texts.CORPUS_OK.format(documents=2, paragraphs=3, files=1)
    assert lines[1] == texts.CORPUS_WARN
    length = len(" ".join(folded.split()))
    assert lines[2:] == [
        f"{corpus}:3: 'ok-doc' құжатының атауында бірде-бір әріп жоқ "
        "— document 'ok-doc': the title has no letters",
        f"{corpus}:6: 'ok-doc' құжатының 2-абзацы орыс пернетақтасымен терілген қазақ мәтініне "
        "ұқсайды (ә ғ қ ң ө ұ ү һ і әріптері жоқ): іздеу оның сөздерін таппай қалады "
        "— document 'ok-doc', paragraph 2 looks like Kazakh typed on a Russian keyboard "
        "(no ә ғ қ ң ө ұ ү һ і): search will miss its words",
        f"{corpus}:10: 'folded' құжатының 1-абзацы {length} таңбалық бір жол: '>' белгісімен "
        "бүктелген блок немесе жол ауыстыру ұмытылған болуы мүмкін (бір абзац — бір жол) "
        f"— document 'folded', paragraph 1 is one line of {length} characters: probably a "
        "folded '>' block or missing line breaks (one paragraph a line)",
    ]
    assert "Traceback" not in out.stderr


def test_the_shipped_corpus_has_no_warnings_and_paragraph_lines_are_right():
    corpus = load_corpus(PROJECT / "corpus")
    assert warnings(corpus) == []
    out = run(["check"])
    assert out.returncode == 0 and texts.CORPUS_WARN not in out.stdout
    # A paragraph warning points at the paragraph's own line in a literal block.
    text = (PROJECT / "corpus" / "un-geneva-2021.yaml").read_text(encoding="utf-8")
    long_line = next(i for i, line in enumerate(text.splitlines(), start=1)
                     if "17 миллионнан астам" in line)
    from retrieval import corpus as corpus_module

    limit = corpus_module.LONG_PARAGRAPH_CHARS
    try:
        corpus_module.LONG_PARAGRAPH_CHARS = 1000
        found = warnings(corpus)
    finally:
        corpus_module.LONG_PARAGRAPH_CHARS = limit
    assert [(p.code, p.line, p.params["paragraph"]) for p in found] == [
        ("long_paragraph", long_line, 4)]
    assert plain.problem(found[0]).startswith(f"{found[0].path}:{long_line}: 'un-geneva-2021'")


# -- eventqa report ------------------------------------------------------------------------------
ASKED = [  # (question, answered, feedback, days ago)
    *[("Ертең Алматыда ауа райы қандай болады?", False, None, 1)] * 3,
    ("ертең алматыда ауа райы қандай болады", False, None, 2),
    ("Алматыда ертең ауа райы қандай болмақ?", False, 0, 0.5),  # said differently
    *[("Кітапхананың телефон нөмірі қандай?", False, None, 3)] * 2,
    ("Кітапхананың телефоны қандай?", False, None, 2),
    ("Кітапхана директоры кім?", False, None, 1),  # near "phone" in e5 space (0.91): apart
    ("Хаттамаға кім қол қойды?", True, 0, 0.8),  # answered, but 👎
    ("Франческо Пизано кім?", True, 1, 1),  # answered and 👍: not a problem
    ("Пизано кім?", True, None, 1),
    ("Ертең Алматыда ауа райы қандай болады?", False, None, 10),  # older than --days 7
]


def make_log(path: Path, now: float) -> None:
    questions = QuestionLog(path)
    for question, answered, feedback, days in ASKED:
        row = questions.add(Entry(now - days * DAY, normalize_question(question), answered,
                                  0.8, ("un-geneva-2021:p1:s0",) if answered else (), 120.0,
                                  "kk", "message"))
        if feedback is not None:
            questions.set_feedback(row, bool(feedback))
    questions.close()


def test_report_groups_repeated_questions_by_text_and_meaning(tmp_path):
    log_path = tmp_path / "questions.sqlite3"
    make_log(log_path, time.time())
    out = run(["report", "--days", "7"], EVENTQA_LOG_PATH=str(log_path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == texts.REPORT_HEADER.format(days="7", questions=10, groups=4)
    groups = [line for line in lines if "× " in line]
    assert groups == ["   5× ертең алматыда ауа райы қандай болады",
                      "   3× кітапхананың телефон нөмірі қандай",
                      "   1× хаттамаға кім қол қойды",
                      "   1× кітапхана директоры кім"]
    first = lines.index(groups[0])
    assert lines[first + 1].startswith("       жауапсыз 5, 👎 1, соңғысы ")
    assert lines[first + 2] == "       басқаша: алматыда ертең ауа райы қандай болмақ (1)"

    out = run(["report", "--days", "30", "--format", "csv"], EVENTQA_LOG_PATH=str(log_path))
    assert out.returncode == 0, out.stderr
    table = list(csv.reader(io.StringIO(out.stdout)))
    assert tuple(table[0]) == report.CSV_COLUMNS
    assert [(r[0], r[1], r[2], r[3]) for r in table[1:]] == [
        ("6", "6", "1", "ертең алматыда ауа райы қандай болады"),
        ("3", "3", "0", "кітапхананың телефон нөмірі қандай"),
        ("1", "0", "1", "хаттамаға кім қол қойды"),
        ("1", "1", "0", "кітапхана директоры кім")]
    assert table[1][4] == ("ертең алматыда ауа райы қандай болады (5) | "
                           "алматыда ертең ауа райы қандай болмақ (1)")


def test_report_without_a_log_or_with_a_broken_one_says_so(tmp_path):
    missing = tmp_path / "none.sqlite3"
    out = run(["report"], EVENTQA_LOG_PATH=str(missing))
    assert out.returncode == 0 and out.stdout.strip() == texts.REPORT_NO_LOG.format(path=missing)
    assert not missing.exists()  # reading never creates the log
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all " * 100)
    out = run(["report"], EVENTQA_LOG_PATH=str(broken))
    assert out.returncode == 1
    assert out.stderr.startswith("Сұрақтар журналын оқу мүмкін болмады") and "Traceback" \
        not in out.stderr
    empty = tmp_path / "empty.sqlite3"
    created = QuestionLog(empty)
    created.prune(90)
    created.close()
    out = run(["report", "--format", "text"], EVENTQA_LOG_PATH=str(empty))
    assert out.returncode == 0 and out.stdout.strip() == texts.REPORT_EMPTY.format(days="7")


# -- the question log's rules ------------------------------------------------------------------
def _answer(kind: AnswerKind) -> Answer:
    citations = (Citation(1, "d", "d:p1:s0", "T", 1, "x", "x"),) \
        if kind is AnswerKind.ANSWER else ()
    return Answer("q", kind, citations=citations, debug={"dense": 0.83})


def test_retention_and_feedback_after_a_restart(tmp_path):
    path = tmp_path / "var" / "q.sqlite3"  # the folder is created as needed
    questions = QuestionLog(path)
    now = time.time()
    for days in (91, 89, 0):
        questions.add(Entry.of("Кітапхана қайда?", _answer(AnswerKind.NOT_FOUND), 50.0,
                               "message", asked_at=now - days * DAY))
    assert questions.prune(90, now=now) == 1
    assert len(questions.rows()) == 2
    # A 👍/👎 on an answer the bot no longer remembers goes to the latest unrated same question.
    assert questions.feedback_latest("кітапхана ҚАЙДА", good=False)
    assert [r["feedback"] for r in questions.rows()] == [None, 0]
    assert questions.rows()[1]["question"] == "кітапхана қайда"
    questions.close()


def test_recorder_writes_in_order_and_a_missing_folder_is_one_warning(tmp_path, caplog):
    recorder = Recorder(QuestionLog(tmp_path / "q.sqlite3"))
    row = recorder.record("Хаттамаға кім қол қойды?", _answer(AnswerKind.ANSWER), 42.0, "ask")
    recorder.feedback(row, "Хаттамаға кім қол қойды?", good=True)
    assert row.result(10) == 1
    recorder.close()
    [logged] = QuestionLog(tmp_path / "q.sqlite3").rows()
    assert (logged["question"], logged["answered"], logged["cited"], logged["feedback"],
            logged["source"], logged["top_score"]) == (
        "хаттамаға кім қол қойды", 1, "d:p1:s0", 1, "ask", 0.83)

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    recorder = Recorder(QuestionLog(blocker / "q.sqlite3"))  # its folder cannot exist
    rows = [recorder.record("сұрақ", _answer(AnswerKind.NOT_FOUND), 1.0, "message")
            for _ in range(3)]
    assert [r.result(10) for r in rows] == [None, None, None]
    recorder.close()
    assert sum("is unusable" in r.getMessage() for r in caplog.records) == 1


# -- a restart after a bad edit ------------------------------------------------------------------
def test_serve_starts_on_the_last_good_index_after_a_bad_edit(built_index_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "un-geneva-2021.yaml", corpus)
    bad = corpus / "zhanalyq.yaml"
    bad.write_text("documents:\n  - id: un-geneva-2021\n    title: Көшірме\n    text: |\n"
                   "      Мәтін.\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    shutil.copytree(built_index_dir, index_dir, symlinks=True)
    admin = 4001
    with CheckingFake() as fake:
        fake.send_text("Сәлем", user_id=admin)  # the admin has talked to the bot before
        bot = BotProcess(fake, index_dir, tmp_path / "bot.log", extra_env={
            "EVENTQA_CORPUS": str(corpus), "EVENTQA_ADMIN_IDS": str(admin),
            "EVENTQA_LOG_PATH": str(tmp_path / "q.sqlite3"),
            "EVENTQA_BOT_RELOAD_INTERVAL_S": "0.5"})
        try:
            bot.wait_ready(fake)
            told = fake.wait_for(lambda sent: any(
                texts.CORPUS_BAD in m["text"] for m in messages_to(sent, admin)), 60)
            [problem] = [m["text"] for m in messages_to(told, admin)
                         if texts.CORPUS_BAD in m["text"]]
            assert f"{bad}:2: 'un-geneva-2021' id-і қайталанды" in problem
            fake.ask(QUESTION, 4002)
            assert FACT in reply(fake, 4002)["text"]
            bad.unlink()
            fake.wait_for(lambda sent: any(texts.CORPUS_RECOVERED in m["text"]
                                           for m in messages_to(sent, admin)), 60)
        finally:
            assert bot.stop() == 0
    output = bot.output()
    assert "starting on the last good index (1 documents)" in output
    assert "Traceback" not in output


# -- settings ------------------------------------------------------------------------------------
def test_admin_ids_and_question_log_settings(tmp_path):
    from retrieval.config import load_config

    config = load_config(env={"EVENTQA_ADMIN_IDS": "11, 22", "EVENTQA_LOG_RETENTION_DAYS": "30"})
    assert config.bot.admin_ids == [11, 22] and config.log.retention_days == 30
    assert config.log.path == PROJECT / "var" / "questions.sqlite3"  # relative to the project
    both = load_config(env={"EVENTQA_ADMIN_IDS": "11", "EVENTQA_BOT_ADMIN_IDS": "33"})
    assert both.bot.admin_ids == [33]  # the name after the setting's path wins
    assert load_config(env={}).bot.admin_ids == []  # nobody, unless configured
