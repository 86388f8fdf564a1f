"""Loading the engine so that a bad corpus edit never silences answering.

`eventqa serve` and the CLI's `ask` / `search` / `chat` / `eval` load through here: after a bad
edit they answer from the last good index on disk (built from the corpus as it was before the
edit) and get the problem back, to tell staff. Only without such an index does the error stop
them. `index` and `check` do not come here: their job is to say that the corpus is broken.
"""

from __future__ import annotations

from pathlib import Path

from retrieval.config import Config
from retrieval.corpus import CorpusError
from retrieval.engine import Engine
from retrieval.index import BrokenIndex, load_index


def load_engine(config: Config) -> tuple[Engine, CorpusError | None]:
    """The engine and None; after a bad edit, the last good index with the problem (the caller
    says so: a log line in the bot, stderr in the CLI)."""
    try:
        return Engine.load(config), None
    except CorpusError as exc:
        try:
            index = load_index(Path(config.index_dir))
        except BrokenIndex:
            raise exc from None
        if index.model != config.model.identity:
            raise exc from None
        return Engine(config, index, None), exc
