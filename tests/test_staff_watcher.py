"""The corpus watcher in process, one poll at a time (no clocks): a real corpus folder, a real
index on disk, the real engine and encoder."""

from __future__ import annotations

import asyncio
import os
import shutil

import pytest

from bot import texts
from bot.staff.watcher import CorpusWatcher
from retrieval.corpus import load_corpus
from retrieval.engine import Engine
from retrieval.index import ensure_index
from tests.conftest import PROJECT, make_config

QUESTION = "БҰҰ кітапханасында қанша кітап бар?"
FACT = "17 миллионнан астам кітап"
EXTRA = """\
documents:
  - id: dala-korme-2024
    title: "Елбасы кітапханасында «Дала өркениеті» көрмесі ашылды"
    text: |
      2024 жылғы 5 наурызда Елбасы кітапханасында «Дала өркениеті» атты көрме ашылды.
"""


@pytest.fixture
def setup(tmp_path, engine, built_index_dir):
    """A watcher over copies of the corpus and of the session's index; the session's encoder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "un-geneva-2021.yaml", corpus)
    shutil.copytree(built_index_dir, tmp_path / "index", symlinks=True)
    config = make_config(tmp_path / "index", corpus)
    index, report = ensure_index(config, load_corpus(corpus), lambda: engine.encoder)
    assert report.action == "reused"
    told: list[str] = []

    async def notify(text: str) -> None:
        told.append(text)

    mine = Engine(config, index, engine.encoder)
    return mine, CorpusWatcher(mine, 0.05, notify), corpus, told


def run(coro):
    return asyncio.run(coro)


def test_a_change_is_read_once_it_has_settled_and_a_save_without_changes_is_no_change(setup):
    engine, watcher, corpus, told = setup
    before = engine.index
    (corpus / "korme.yaml").write_text(EXTRA, encoding="utf-8")
    run(watcher.poll())  # seen once: it may still be being written
    assert engine.index is before and told == []
    run(watcher.poll())  # the same on the next look: read it
    assert engine.index is not before and len(engine.index.documents) == 2
    assert told[0].startswith(texts.CORPUS_RELOADED)
    # Saved again, byte for byte the same (new time stamp): nothing is rebuilt or said.
    after = engine.index
    stat = (corpus / "korme.yaml").stat()
    os.utime(corpus / "korme.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    run(watcher.poll())
    run(watcher.poll())
    assert engine.index is after and len(told) == 1


def test_a_failed_rebuild_keeps_answering_is_told_once_and_is_retried(setup, tmp_path,
                                                                      monkeypatch):
    engine, watcher, corpus, told = setup
    monkeypatch.setattr("bot.staff.watcher.RETRY_AFTER_S", 0.0)  # a minute in real life
    before = engine.index
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    good_dir = engine.config.index_dir
    engine.config.index_dir = blocker / "index"  # the new index cannot be written there
    (corpus / "korme.yaml").write_text(EXTRA, encoding="utf-8")
    run(watcher.poll())
    run(watcher.poll())
    assert len(told) == 1 and told[0].startswith(texts.RELOAD_FAILED.split(":")[0])
    assert "NotADirectoryError" in told[0]
    assert engine.index is before
    assert FACT in " ".join(q.text for q in engine.answer(QUESTION).quotes)
    run(watcher.poll())  # nothing changed on disk, but a failed rebuild is tried again...
    assert len(told) == 1  # ...and failing the same way is not told twice
    engine.config.index_dir = good_dir
    run(watcher.poll())
    assert len(told) == 2 and told[1].startswith(texts.CORPUS_RECOVERED)
    assert len(engine.index.documents) == 2


def test_a_build_another_replica_published_is_loaded_without_embedding(setup):
    """Two replicas on one index folder: the other one took the edit in and published a build;
    this one's next poll loads that build (nothing embedded) before it even sees the edit."""
    engine, watcher, corpus, told = setup
    before = engine.index
    results: list[str] = []
    watcher.on_result = results.append
    (corpus / "korme.yaml").write_text(EXTRA, encoding="utf-8")
    other = Engine(engine.config, before, engine.encoder)
    assert other.reload().action == "built"  # the other replica builds and publishes
    run(watcher.poll())
    assert engine.index.path == other.index.path and len(engine.index.documents) == 2
    assert engine.last_report.action == "reused" and engine.last_report.embedded == 0
    assert results == ["unchanged"] and told == []  # the admins heard it from the other one
    run(watcher.poll())
    run(watcher.poll())  # the edit itself is known already: no second reload
    assert results == ["unchanged"]
    answer = engine.answer("Дала өркениеті көрмесі қашан ашылды?")
    assert any("2024 жылғы 5 наурызда" in quote.text for quote in answer.quotes)
