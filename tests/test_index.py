"""Index persistence: reuse, incremental rebuild, atomic swap, damage detection."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.corpus import load_corpus
from retrieval.encoder import encoder_for
from retrieval.index import BrokenIndex, ensure_index, load_index
from tests.conftest import CACHE_DIR, make_config

DOC = """\
documents:
  - id: doc-a
    title: Бірінші құжат
    text: |
      Кітапхана 1946 жылы ашылды. Оның қорында миллион кітап бар.
      Кітапхана директоры Айгүл Серікова.
  - id: doc-b
    title: Екінші құжат
    text: |
      Женевада халықаралық конференция өтті.
"""


class CountingEncoder:
    """The real encoder, counting how many texts it was asked to embed."""

    def __init__(self):
        self.inner = encoder_for(make_config(Path("/tmp")).model, CACHE_DIR)
        self.model_id, self.dim = self.inner.model_id, self.inner.dim
        self.embedded: list[str] = []
        self.queried: list[str] = []

    def encode_passages(self, texts, batch_size=32):
        self.embedded.extend(texts)
        return self.inner.encode_passages(texts, batch_size=batch_size)

    def encode_queries(self, texts):
        self.queried.extend(texts)
        return self.inner.encode_queries(texts)


@pytest.fixture(scope="module")
def encoder():
    return CountingEncoder()


@pytest.fixture
def setup(tmp_path, encoder):
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text(DOC, encoding="utf-8")
    config = make_config(tmp_path / "index", corpus)
    encoder.embedded.clear()
    encoder.queried.clear()
    return config, corpus


def no_model():
    raise AssertionError("the model must not be loaded for an unchanged corpus")


def test_build_then_reuse_without_the_model(setup, encoder):
    config, corpus = setup
    index, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.action == "built" and report.reason == "new"
    assert report.documents == 2 and report.passages == len(index.passages) == 3
    manifest = json.loads((config.index_dir / "current" / "manifest.json").read_text())
    assert manifest["model"] == config.model.identity and manifest["dim"] == 384
    assert {"corpus_hash", "built_at", "format", "files"} <= set(manifest)
    again, report = ensure_index(config, load_corpus(corpus), no_model)
    assert report.action == "reused" and again.passages == index.passages
    assert again.words.words == index.words.words
    assert np.array_equal(again.words.vectors, index.words.vectors)
    q = encoder.encode_queries(["Кітапхана қашан ашылды?"])
    _, ids = again.vectors.search(q, 1)
    assert again.passages[ids[0][0]].doc_id == "doc-a"


def test_an_edit_re_embeds_only_what_changed(setup, encoder):
    config, corpus = setup
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    encoder.embedded.clear()
    encoder.queried.clear()
    corpus.write_text(DOC.replace("Айгүл Серікова", "Дана Ахметова"), encoding="utf-8")
    index, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.reason == "corpus_changed"
    # The changed sentence, and its paragraph after the document's title.
    assert encoder.embedded == ["Кітапхана директоры Дана Ахметова.",
                                "Бірінші құжат. Кітапхана директоры Дана Ахметова."]
    # The corpus's words are embedded one by one (wordvectors); only the new ones again.
    assert sorted(encoder.queried) == ["ахметова", "дана"]
    assert {"дана", "ахметова", "кітапхана"} <= set(index.words.words)
    assert report.embedded == 2 and report.reused_embeddings >= 3
    assert report.embedded_words == 2
    assert any("Дана Ахметова" in p.text for p in index.passages)


def test_an_index_restored_from_the_one_in_memory_embeds_no_word_again(setup, encoder):
    import shutil

    config, corpus = setup
    index, _ = ensure_index(config, load_corpus(corpus), lambda: encoder)
    shutil.rmtree(config.index_dir)
    encoder.embedded.clear()
    encoder.queried.clear()
    restored, report = ensure_index(config, load_corpus(corpus), lambda: encoder, fallback=index)
    assert report.action == "built" and report.embedded == 0 and encoder.queried == []
    assert report.embedded_words == 0
    assert restored.words.words == index.words.words


@pytest.mark.parametrize("damage", ["truncate", "garbage_manifest", "foreign", "missing_file"])
def test_damaged_or_foreign_index_is_detected_and_rebuilt(setup, encoder, damage):
    config, corpus = setup
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    current = config.index_dir / "current"
    if damage == "truncate":
        data = (current / "embeddings.npy").read_bytes()
        (current / "embeddings.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage_manifest":
        (current / "manifest.json").write_text("{not json", encoding="utf-8")
    elif damage == "foreign":
        (current / "manifest.json").write_text('{"format": "something-else"}', encoding="utf-8")
    else:
        (current / "vectors.faiss").unlink()
    with pytest.raises(BrokenIndex):
        load_index(config.index_dir)
    index, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.action == "built" and report.reason == "broken" and report.detail
    assert load_index(config.index_dir).passages == index.passages


def test_a_crash_during_a_build_leaves_the_last_good_index(setup, encoder):
    config, corpus = setup
    good, _ = ensure_index(config, load_corpus(corpus), lambda: encoder)

    class Crashing(CountingEncoder):
        def __init__(self):
            self.model_id, self.dim = encoder.model_id, encoder.dim

        def encode_passages(self, texts, batch_size=32):
            raise KeyboardInterrupt  # as if killed in the middle of embedding

    corpus.write_text(DOC + "  - id: doc-c\n    title: Үш\n    text: Жаңа мәтін.\n",
                      encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ensure_index(config, load_corpus(corpus), Crashing)
    assert load_index(config.index_dir).passages == good.passages
    leftovers = [p for p in (config.index_dir / "builds").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_model_change_rebuilds_and_is_recorded(setup, encoder):
    config, corpus = setup
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    converted = next(p for p in CACHE_DIR.iterdir() if (p / "modules.json").exists())
    config.model.name = str(converted)  # the same weights under another name: still a new model
    other = encoder_for(config.model, CACHE_DIR)
    index, report = ensure_index(config, load_corpus(corpus), lambda: other)
    assert report.reason == "model_changed" and report.reused_embeddings == 0 < report.embedded
    assert index.manifest["model"] == config.model.identity == str(converted) + "+int8"
    config.model.quantize = "none"  # float32 vectors are not int8 ones: re-embedded too
    exact = encoder_for(config.model, CACHE_DIR)
    index, report = ensure_index(config, load_corpus(corpus), lambda: exact)
    assert report.reason == "model_changed" and report.reused_embeddings == 0 < report.embedded
    assert index.manifest["model"] == str(converted)


def test_a_change_of_engine_or_model_file_rebuilds(setup, encoder, monkeypatch, tmp_path):
    import os
    import shutil

    from retrieval import e5convert

    config, corpus = setup
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    first = config.model.identity
    assert "+onnx-q4+int8/" in first and e5convert.cache_name(e5convert.DEFAULT_SOURCE) in first

    config.model.engine = "torch"  # the reference's vectors are not the fast engine's
    index, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.reason == "model_changed" and report.reused_embeddings == 0 < report.embedded
    assert index.manifest["model"] == config.model.identity != first

    config.model.engine = "onnx"
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    copy = tmp_path / e5convert.DEFAULT_SOURCE.name  # another copy of the model file...
    shutil.copy2(e5convert.DEFAULT_SOURCE, copy)
    monkeypatch.setattr(e5convert, "DEFAULT_SOURCE", copy)
    changed = config.model.identity
    assert changed != first
    index, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.reason == "model_changed" and index.manifest["model"] == changed
    os.utime(copy, ns=(0, 10**18))  # ...then rewritten in place: another file again
    assert config.model.identity != changed


def test_old_builds_are_pruned(setup, encoder):
    config, corpus = setup
    for i in range(4):
        corpus.write_text(DOC.replace("миллион", f"{i} миллион"), encoding="utf-8")
        ensure_index(config, load_corpus(corpus), lambda: encoder)
    builds = [p for p in (config.index_dir / "builds").iterdir()]
    assert len(builds) == 2
    assert (config.index_dir / "current").resolve() in [b.resolve() for b in builds]


def test_embeddings_are_normalised(built_index_dir):
    index = load_index(built_index_dir)
    norms = np.linalg.norm(index.embeddings, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)
    assert index.manifest["passages"] == len(index.passages) > 20


def test_an_index_of_an_older_format_is_rebuilt_as_such(setup, encoder):
    config, corpus = setup
    ensure_index(config, load_corpus(corpus), lambda: encoder)
    manifest_path = config.index_dir / "current" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "format": "eventqa-index/0"}))
    _, report = ensure_index(config, load_corpus(corpus), lambda: encoder)
    assert report.action == "built" and report.reason == "format_changed"
    assert report.embedded == 0  # an older format's embeddings are reused
