"""The `eventqa` command as developers and staff use it: real processes, real model and index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, PROJECT

EVENTQA = [sys.executable, "-m", "bot.cli.main"]


def run(args: list[str], index_dir: Path, stdin: str | None = None, **env: str):
    environ = {**os.environ, "EVENTQA_INDEX_DIR": str(index_dir),
               "EVENTQA_CACHE_DIR": str(CACHE_DIR), **env}
    return subprocess.run([*EVENTQA, *args], input=stdin, capture_output=True, text=True,
                          cwd=PROJECT, env=environ, timeout=300)


def test_ask_prints_a_quoted_answer_with_a_citation(built_index_dir):
    out = run(["ask", "БҰҰ кітапханасында қанша кітап бар?"], built_index_dir)
    assert out.returncode == 0, out.stderr
    assert "17 миллионнан астам кітап бар. [1]" in out.stdout
    assert "Дереккөздер:\n[1] " in out.stdout and "-абзац" in out.stdout
    assert "Traceback" not in out.stderr


def test_search_and_ask_json_read_queries_from_stdin(built_index_dir):
    queries = "Франческо Пизано кім?\nЖанар Айтжанова\nWhat is the capital of France?\n"
    out = run(["search", "--json", "-k", "3", "-"], built_index_dir, stdin=queries)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["query"] for r in rows] == queries.splitlines()
    first = rows[0]
    assert set(first) == {"query", "took_ms", "results"}
    assert [r["rank"] for r in first["results"]] == [1, 2, 3]
    assert set(first["results"][0]) == {"rank", "score", "doc_id", "passage_id", "text"}
    assert "Франческо Пизано" in first["results"][0]["text"]
    assert first["results"][0]["score"] >= first["results"][1]["score"]

    out = run(["ask", "--json", "-"], built_index_dir, stdin=queries)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3
    answered, _, refused = rows
    assert set(answered) == {"query", "answered", "answer", "citations", "bold", "took_ms"}
    assert answered["answered"] is True and "Пизано" in answered["answer"]
    citation = answered["citations"][0]
    assert set(citation) == {"n", "doc_id", "passage_id", "title", "text"}
    assert citation["n"] == 1 and citation["doc_id"] == "un-geneva-2021"
    assert refused["answered"] is False and refused["citations"] == []
    assert "мәтінде бұл сұраққа жауап жоқ" in refused["answer"]
    assert "Менің білетінім: «Елбасы кітапханасы мен БҰҰ-ның" in refused["answer"]


def test_eval_prints_the_figures(built_index_dir, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "q": "Франческо Пизано кім?", "lang": "kk",
         "gold": ["Франческо Пизано"], "answerable": True},
        {"id": "b", "q": "Who won the 2022 World Cup?", "lang": "en", "gold": [],
         "answerable": False},
    ]) + "\n", encoding="utf-8")
    out = run(["eval", str(questions)], built_index_dir)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["group", "n", "ans", "R@1", "R@3", "R@5", "MRR", "acc",
                                "falseref", "refrec"]
    assert lines[1].split()[:4] == ["all", "2", "1", "1.000"]
    assert "misses: none" in out.stdout


def test_index_on_an_unchanged_corpus_reuses_it(built_index_dir):
    out = run(["index"], built_index_dir)
    assert out.returncode == 0, out.stderr
    assert "Индекс өзгеріссіз" in out.stdout


def test_a_bad_corpus_is_one_clear_message_and_keeps_the_index(built_index_dir, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(built_index_dir, index_dir, symlinks=True)
    before = (index_dir / "current").resolve()
    bad = tmp_path / "bad.yaml"
    bad.write_text("documents:\n  - id: a\n    title: [\n", encoding="utf-8")
    for command in (["index"], ["check"], ["ask", "сұрақ"]):
        out = run(["--corpus", str(bad), *command], index_dir)
        # index and check say the corpus is broken; ask answers from the last good index
        assert out.returncode == (0 if command[0] == "ask" else 2), out
        assert out.stderr.startswith("Корпус файлында қате бар")
        assert f"{bad}:4:1: YAML жазылуында қате" in out.stderr
        assert "Traceback" not in out.stderr
        assert (out.stdout != "") == (command[0] == "ask")
    assert "answering from the last good index (1 documents)" in out.stderr
    assert (index_dir / "current").resolve() == before


@pytest.mark.parametrize("args, code, words", [
    (["search"], 2, "the following arguments are required"),
    (["ask", "--bogus", "x"], 2, "unrecognized arguments"),
    (["--corpus", "/nonexistent/corpus.yaml", "check"], 2, "корпус табылмады"),
    (["--config", "/nonexistent.yaml", "check"], 2, "settings file not found"),
    (["eval", "/nonexistent.jsonl"], 2, "eventqa eval"),
])
def test_errors_are_one_line_and_nonzero(built_index_dir, args, code, words):
    out = run(args, built_index_dir)
    assert out.returncode == code
    assert words in out.stderr and "Traceback" not in out.stderr


def test_check_reports_counts(built_index_dir):
    out = run(["check"], built_index_dir)
    assert out.returncode == 0 and "Корпус дұрыс: 1 құжат, 7 абзац, 1 файл" in out.stdout


def test_chat_answers_through_the_same_path(built_index_dir):
    out = run(["chat"], built_index_dir, stdin="Сәлем!\nПизано кім?\nҚалайсың?\n/exit\n")
    assert out.returncode == 0, out.stderr
    welcome = out.stdout.split("\n\n")[0]
    assert "Менің білетінім: «Елбасы кітапханасы мен БҰҰ-ның" in welcome
    assert "Сәлеметсіз бе!" in out.stdout and "Рахмет, жақсымын!" in out.stdout
    assert "Франческо Пизано" in out.stdout and "[1]" in out.stdout
    assert out.stdout.rstrip().endswith("Сау болыңыз!")


def test_another_corpus_gets_its_own_index_and_leaves_the_default_one(built_index_dir, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(built_index_dir, index_dir, symlinks=True)
    before = (index_dir / "current").resolve()
    other = tmp_path / "other.yaml"
    other.write_text("documents:\n  - id: fair\n    title: Кітап жәрмеңкесі\n    text: |\n"
                     "      Шымкентте 12 қазанда кітап жәрмеңкесі ашылды. Оған 40 баспа "
                     "қатысты.\n", encoding="utf-8")
    config = tmp_path / "eventqa.yaml"
    config.write_text(f"index_dir: {index_dir}\ncache_dir: {CACHE_DIR}\n", encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != "EVENTQA_INDEX_DIR"}
    out = subprocess.run([*EVENTQA, "--config", str(config), "--corpus", str(other), "ask",
                          "Жәрмеңкеге қанша баспа қатысты?"], capture_output=True, text=True,
                         cwd=PROJECT, env=environ, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "40 баспа" in out.stdout
    assert (index_dir / "current").resolve() == before  # the bot's index is untouched
    own = [p for p in tmp_path.iterdir() if p.name.startswith("index-other-")]
    assert len(own) == 1 and (own[0] / "current").exists()
