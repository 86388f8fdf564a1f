"""Shared fixtures: the real model (converted once into the project cache) and a built index."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from retrieval.config import Config, load_config

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
# The converted model is a cache like any other: share the project's so tests convert at most once.
CACHE_DIR = Path(os.environ.get("EVENTQA_TEST_CACHE_DIR", PROJECT / "var" / "cache"))


@contextlib.contextmanager
def model_runs_every_call() -> Iterator[None]:
    """Within the block the torch-free encoder runs the model on every call (no memo below):
    tests of the encoder itself check what the model gives, batch by batch."""
    from retrieval.onnx_encoder import OnnxEncoder

    memoised = OnnxEncoder._encode
    OnnxEncoder._encode = _MODEL_ENCODE
    try:
        yield
    finally:
        OnnxEncoder._encode = memoised


_MODEL_ENCODE = None  # OnnxEncoder._encode itself, kept while the memo stands in for it


@pytest.fixture(scope="session", autouse=True)
def each_text_embedded_once() -> Iterator[None]:
    """The suite builds some fifty engines in this process, most over the same articles (the
    first article beside each new one): each text goes through the model once per session and
    its vector, the model's own, is reused after. Engines, indexes and answers are real; only
    the repeated work is skipped. Child processes (the bot, replicas) embed for themselves."""
    global _MODEL_ENCODE
    from retrieval.onnx_encoder import OnnxEncoder

    real = _MODEL_ENCODE = OnnxEncoder._encode
    memo: dict[tuple[str, str, str], np.ndarray] = {}

    def encode(self, texts, prompt: str, batch_size: int) -> np.ndarray:
        if isinstance(texts, str) or batch_size <= 0 or not texts:
            return real(self, texts, prompt, batch_size)  # its errors and empty result
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if (self.model_id, prompt, t) not in memo))
        if missing:
            for text, vector in zip(missing, real(self, missing, prompt, batch_size), strict=True):
                memo[self.model_id, prompt, text] = vector
        return np.stack([memo[self.model_id, prompt, t] for t in texts])

    OnnxEncoder._encode = encode
    try:
        yield
    finally:
        OnnxEncoder._encode = real


def make_config(index_dir: Path, corpus: Path | None = None) -> Config:
    config = load_config(env={})
    config.index_dir = index_dir
    config.cache_dir = CACHE_DIR
    if corpus is not None:
        config.corpus = corpus
    return config


def working_corpus(folder: Path) -> Path:
    """A writable copy of the shipped corpus in `folder`/corpus (staff tests edit it)."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for source in (PROJECT / "corpus").glob("*.yaml"):
        shutil.copy(source, corpus / source.name)
    return corpus


def post_update(port: int, update: dict, secret: str, timeout: float = 30) -> int:
    """POST a Telegram update to a bot's webhook on 127.0.0.1, as Telegram does; the status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/tg/hook", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json",
                 "X-Telegram-Bot-Api-Secret-Token": secret})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="session")
def built_index_dir(tmp_path_factory) -> Path:
    """An index of the shipped corpus, built once per test session."""
    from retrieval.engine import Engine

    index_dir = tmp_path_factory.mktemp("index")
    Engine.refresh_index(make_config(index_dir))
    return index_dir


@pytest.fixture(scope="session")
def engine(built_index_dir):
    from retrieval.engine import Engine

    return Engine.load(make_config(built_index_dir))


@pytest.fixture(scope="session")
def topic(engine):
    """What the bot says it knows about the shipped corpus (bot/topic.py), as users see it."""
    from bot.topic import Topics

    return Topics(engine).get()
