"""Hardening: odd input never crashes a parser; kills, bursts and disk faults lose nothing.

Property tests (hypothesis) feed the corpus loader, query repair and the Telegram formatter
arbitrary text. Then the real processes: `eventqa index` killed with SIGKILL at each step of a
build, and one `eventqa serve` against the strict fake Bot API, taking a burst of users with
injected 429s and dropped connections, its index folder deleted and truncated under it, and its
question log's disk filled and made read-only. No timing assertions: speed is `eventqa bench`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot import plain, texts
from bot.bench.bench import generate_sentences
from bot.bench.fakebotapi import FakeBotAPI, parse_html, utf16_len
from bot.telegram import telegram_format as tf
from bot.topic import Topic
from retrieval import crosslingual, kazakh, qtype, smalltalk
from retrieval.corpus import CorpusError, load_corpus
from retrieval.engine import Engine
from retrieval.index import BrokenIndex, ensure_index, load_index
from retrieval.search import Query
from retrieval.types import (
    Answer,
    AnswerKind,
    Citation,
    Document,
    Passage,
    Quote,
    Sentence,
)
from tests.conftest import CACHE_DIR, PROJECT, make_config

QUESTION = "БҰҰ кітапханасында қанша кітап бар?"
FACT = "17 миллионнан астам кітап"
NEW_PARAGRAPH = "Кітапхананың жаңа ғимараты 2030 жылы Астана қаласында ашылады."
NEW_QUESTION = "Кітапхананың жаңа ғимараты қашан ашылады?"
NEW_FACT = "2030"
START_TIMEOUT_S = 180.0
BURST_USERS, BURST_MESSAGES = 100, 5  # 500 updates a burst: a minute of the suite at 200
# Injected 429s per burst: 10% of sends, at most this many. PTB's AIORateLimiter halts *every*
# request for retry_after + 0.1 s on each 429, so an uncapped 10% of 500 sends alone would
# take a minute or two; the cap keeps the module's time bounded and still has several 429s
# arriving while other replies are in flight.
MAX_429_PER_BURST = 6
RSS_GROWTH_LIMIT_KB = 30 * 1024

# Characters that have broken text pipelines elsewhere: controls, zero-width and direction
# marks, BOM, lone surrogates, combining marks, characters NFKC expands (ﷺ → 18 characters),
# case mappings that change length (İ), emoji with modifiers, line separators.
NASTY = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u200b", "\u200d", "\u200e", "\u202e",
         "\u2066", "\ufeff", "\ufffd", "\ud800", "\udfff", "\u0301", "\u0300", "\ufdfa",
         "\u0130", "ß", "ﬁ", "👍🏽", "👨‍👩‍👧", "🇰🇿", "\u2028", "\u2029", "\r\n", "\t",
         "ә", "Қ", "ң", "ұ", "İ", "ı", "«", "»", "—", "…", "№", "Ⅻ", "٣", "<", ">", "&",
         "&amp;", "<b>", "</blockquote>", '"', "'"]
ANY_CHAR = st.one_of(st.characters(codec=None, exclude_categories=()), st.sampled_from(NASTY))
ANY_TEXT = st.lists(ANY_CHAR, max_size=200).map("".join)
# Corpus text came through a UTF-8 YAML file: no surrogates there.
CORPUS_CHAR = st.one_of(st.characters(exclude_categories=("Cs",)),
                        st.sampled_from([c for c in NASTY if not "\ud800" <= c[0] <= "\udfff"]))
CORPUS_TEXT = st.lists(CORPUS_CHAR, max_size=300).map("".join)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTQA_", "TELEGRAM_"))}
    env.update({"EVENTQA_CACHE_DIR": str(CACHE_DIR), "PYTHONUNBUFFERED": "1", **extra})
    return env


# -- the corpus loader ----------------------------------------------------------------------------
YAML_BITS = ["documents:", "\n", "  - ", "    ", "id: ", "title: ", "text: |", "text: >",
             "date: ", "url: ", "- ", ": ", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a",
             "!!int ", "!!binary ", "!!timestamp ", "!foo ", "!!python/object:os.system ",
             "!!set ", "!!omap ", "2021-13-45", "2021-09-01", "2021-02-30 10:00:00", "1e400",
             "https://example.org/a", "---", "...", "#", "%YAML 1.1\n", "%TAG ! x\n", "? ",
             "<<: ", "~", "null", "yes", "0x1F", ".inf", "кітап", "🙂", "\\", "|-", ">+",
             "\t", "\ufeff", "\x00", "\x85", "\u2028"]
YAMLISH = st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=6)),
                   max_size=80).map("".join)
FIELD = st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=30))


def load_or_explain(data: bytes) -> None:
    """The corpus either loads or raises CorpusError whose message renders, nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.yaml"
        path.write_bytes(data)
        try:
            corpus = load_corpus(path)
        except CorpusError as exc:
            assert exc.problems
            assert plain.corpus_error(exc).strip()
            return
    assert corpus.documents
    for doc in corpus.documents:
        assert doc.id and doc.title.strip() and doc.paragraphs
        assert all(p.strip() for p in doc.paragraphs)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_yamlish_text_loads_or_raises_corpus_error(text):
    load_or_explain(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_raise_corpus_error(data):
    load_or_explain(data)


@settings(max_examples=300, deadline=None)
@given(FIELD, FIELD, FIELD, FIELD, FIELD, st.sampled_from(["|", ">", "", "|-"]))
@example("!foo bar", "t", "", "", "x", "|")  # an unknown tag
@example("!!int abc", "t", "", "", "x", "|")  # an explicit tag that cannot be read
@example("a", "t", "2021-13-45", "", "x", "|")  # looks like a date, is not one
@example("a", "t", "2001-02-30 10:00:00", "", "x", "|")
@example("a", "!!python/object:os.system x", "", "", "x", "|")
@example("a", "!!value x", "", "", "x", "|")
def test_documents_with_arbitrary_values_load_or_raise_corpus_error(doc_id, title, date, url,
                                                                     text, style):
    """Past the top-level shape: a document whose every value is fuzzed."""
    lines = ["documents:", f"  - id: {doc_id}", f"    title: {title}"]
    lines += [f"    date: {date}"] if date else []
    lines += [f"    url: {url}"] if url else []
    lines += [f"    text: {style}", *(f"      {t}" for t in text.split("\n"))]
    load_or_explain("\n".join(lines).encode("utf-8", "surrogatepass"))


def test_deeply_nested_yaml_is_a_corpus_error():
    load_or_explain(("documents: " + "[" * 5000 + "]" * 5000).encode())


# -- query repair ---------------------------------------------------------------------------------
def repair_everything(text: str) -> None:
    normalized = kazakh.normalize(text)
    assert isinstance(normalized, str)
    for f in (kazakh.fix_lookalikes, kazakh.latin_to_cyrillic, kazakh.fold):
        assert isinstance(f(text), str) and isinstance(f(normalized), str)
    assert isinstance(kazakh.detect_lang(text), str)
    assert isinstance(kazakh.looks_latin_kazakh(text), bool)
    for token in kazakh.tokenize(normalized):
        assert isinstance(kazakh.stem(token), str)
    assert all(isinstance(t, str) for t in kazakh.lexical_terms(text))
    assert isinstance(kazakh.lexical_pairs(text), list)
    query = Query.parse(text)
    assert isinstance(query.repaired, str) and isinstance(query.terms, list)
    crosslingual.translate(normalized, kazakh.detect_lang(normalized))
    smalltalk.classify(normalized)
    qtype.expected(normalized)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
@example("Semei poligony turaly ne aitylady?")
@example("Кaзaқстaн бiлiм \u200bберу\u202e жүйесi")
@example("Rfpfrcnfy")  # Kazakh typed on a Russian/English keyboard mix
def test_query_repair_never_raises_on_any_unicode(text):
    repair_everything(text)


# Telegram caps a message at 4096 characters and the engine trims questions to 500, but the
# CLI reads any line and the same functions read every corpus paragraph: 50,000 characters.
@pytest.mark.parametrize("text", [
    "😀" * 25_000,
    "а" * 50_000,
    "\u0130" * 50_000,
    "кітап\u200b" * 8_000,
    "\u202e" * 50_000,
    "\ufdfa" * 3_000,
    "Qazaqstan kitaphanasy " * 2_300,
    "\ud800a" * 25_000,
    " ".join(["БҰҰ-ның", "2011-2013", "Н.Ә.Назарбаев", "XXI"] * 1_700),
], ids=["emoji", "one-letter", "dotted-I", "zero-width", "rtl", "nfkc-expanding", "latin",
        "surrogates", "hyphens-initials"])
def test_query_repair_copes_with_huge_inputs(text):
    repair_everything(text)


# -- the Telegram formatter -----------------------------------------------------------------------
URLS = st.one_of(st.none(), st.just("https://example.org/a?b=1&c=\"<x>\""),
                 st.builds(lambda s: "https://example.org/" + s, CORPUS_TEXT))
CITATIONS = st.builds(
    Citation, n=st.integers(1, 60), doc_id=st.text(max_size=40), passage_id=CORPUS_TEXT,
    title=CORPUS_TEXT, paragraph=st.integers(1, 10**6), text=CORPUS_TEXT,
    paragraph_text=CORPUS_TEXT, url=URLS, date=st.one_of(st.none(), st.text(max_size=20)))
ANSWERS = st.builds(
    Answer, query=CORPUS_TEXT, kind=st.sampled_from(list(AnswerKind)),
    quotes=st.lists(st.builds(Quote, CORPUS_TEXT, st.integers(1, 60)), max_size=8).map(tuple),
    citations=st.lists(CITATIONS, max_size=8).map(tuple),
    smalltalk=st.one_of(st.none(), st.sampled_from([*smalltalk.KINDS, "unknown"])),
    query_lang=st.sampled_from(["kk", "ru", "en", "kk-latn", "kk-ru-keys", "xx", ""]),
    trimmed=st.booleans())
# What the bot knows: a topic line and example questions from any titles staff may write.
TOPICS = st.one_of(st.none(), st.builds(
    Topic, CORPUS_TEXT, st.lists(CORPUS_TEXT.filter(str.strip), max_size=5).map(tuple)))
_MARKUP_CHECKER = FakeBotAPI()  # not started: only its validation of inline keyboards is used


def telegram_accepts(message: str) -> str:
    """What the strict fake Bot API checks for a sendMessage with parse_mode=HTML."""
    message.encode("utf-8")  # Telegram refuses anything that is not UTF-8
    text, _ = parse_html(message)
    assert text.strip(), "Telegram refuses empty messages"
    assert utf16_len(text) <= tf.MAX_MESSAGE
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS, st.one_of(st.none(), CORPUS_TEXT), TOPICS)
def test_any_answer_renders_to_messages_telegram_accepts(answer, asked, topic):
    shown = [telegram_accepts(m) for m in tf.render_answer(answer, asked=asked, topic=topic)]
    assert shown
    if answer.trimmed:
        assert texts.TRIMMED in shown[0]
    telegram_accepts(tf.render_answer_single(answer, topic=topic))
    markup = tf.answer_keyboard(answer, topic)
    if markup is not None:
        _MARKUP_CHECKER._check_markup(markup.to_dict())
    assert isinstance(tf.inline_description(answer, topic), str)
    if topic is not None:
        telegram_accepts(tf.render_welcome(topic))
        telegram_accepts(tf.render_help("eventqa_bot", topic))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CORPUS_TEXT.filter(str.strip), min_size=1, max_size=4), CORPUS_TEXT, URLS,
       st.integers(1, 99), st.data())
def test_any_paragraph_view_renders_to_messages_telegram_accepts(paragraphs, title, url, n,
                                                                 data):
    number = data.draw(st.integers(1, len(paragraphs)))
    cited = data.draw(st.sampled_from([paragraphs[number - 1], paragraphs[number - 1][:40],
                                       "not in it"]))
    document = Document("doc", title, tuple(paragraphs), "f.yaml", 1, url=url)
    passage = Passage(f"doc:p{number}:s1", "doc", number, (Sentence(cited, 0, len(cited)),))
    for message in tf.render_paragraph(n, document, passage):
        telegram_accepts(message)


# -- input limits ---------------------------------------------------------------------------------
class RecordingEncoder:
    """The real encoder, remembering every text it was given."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.dim, self.model_id = inner.dim, inner.model_id
        self.seen: list[str] = []

    def encode_queries(self, texts):
        self.seen.extend(texts)
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts, batch_size=32):
        self.seen.extend(texts)
        return self.inner.encode_passages(texts, batch_size)


def test_a_20000_character_question_is_trimmed_before_encoding_and_the_user_told(engine):
    recorder = RecordingEncoder(engine.encoder)
    trimmed_engine = Engine(engine.config, engine.index, recorder)
    limit = engine.config.answer.max_question_chars
    question = (QUESTION + " ") * 600
    question = question[:20_000]
    answer = trimmed_engine.answer(question)
    assert answer.trimmed
    assert recorder.seen and max(map(len, recorder.seen)) <= limit
    assert texts.TRIMMED in plain.render(answer)
    assert texts.TRIMMED in telegram_accepts(tf.render_answer(answer)[0])
    recorder.seen.clear()
    trimmed_engine.search(question)
    assert recorder.seen and max(map(len, recorder.seen)) <= limit


def test_characters_that_normalisation_expands_are_trimmed_too(engine):
    recorder = RecordingEncoder(engine.encoder)
    answer = Engine(engine.config, engine.index, recorder).answer("\ufdfa" * 20_000)
    assert answer.trimmed
    assert max(map(len, recorder.seen), default=0) <= engine.config.answer.max_question_chars


# -- the index on disk under a running engine -----------------------------------------------------
def test_index_files_deleted_or_truncated_under_an_engine_heal_without_re_embedding(tmp_path,
                                                                                     engine):
    config = make_config(tmp_path / "index")
    index, _ = ensure_index(config, load_corpus(config.corpus), lambda: engine.encoder)
    running = Engine(config, index, engine.encoder)
    assert running.ensure_loaded() is None  # intact: nothing to do

    shutil.rmtree(config.index_dir)
    assert FACT in plain.render(running.answer(QUESTION))  # the index in memory is whole
    report = running.ensure_loaded()
    assert report is not None and report.action == "built" and report.embedded == 0
    assert load_index(config.index_dir).passages == index.passages
    assert running.ensure_loaded() is None

    embeddings = config.index_dir / "current" / "embeddings.npy"
    embeddings.write_bytes(embeddings.read_bytes()[:100])
    words = config.index_dir / "current" / "words.npy"
    words.write_bytes(words.read_bytes()[:100])
    assert FACT in plain.render(running.answer(QUESTION))
    # A Russian question reads the word vectors too: they are in memory, whole.
    assert "17 миллион" in plain.render(running.answer("Сколько книг в библиотеке ООН?"))
    report = running.ensure_loaded()
    assert report is not None and report.reason == "broken" and report.embedded == 0
    assert load_index(config.index_dir).passages == index.passages
    assert FACT in plain.render(running.answer(QUESTION))


# -- kill -9 during `eventqa index` ---------------------------------------------------------------
# Runs the real CLI in a child that kills itself with SIGKILL at one step of writing the index:
# after the build folder is written but before it is renamed into builds/, before the
# `current` symlink is switched, or right after.
_KILL_AT = r"""
import os, signal, sys
point = sys.argv.pop(1)
real_rename, real_replace = os.rename, os.replace
def die():
    os.kill(os.getpid(), signal.SIGKILL)
def rename(src, dst, *args, **kwargs):
    if point == "before_rename" and ".tmp-" in str(src):
        die()
    return real_rename(src, dst, *args, **kwargs)
def replace(src, dst, *args, **kwargs):
    switch = str(dst).endswith("current")
    if point == "before_switch" and switch:
        die()
    result = real_replace(src, dst, *args, **kwargs)
    if point == "after_switch" and switch:
        die()
    return result
os.rename, os.replace = rename, replace
from bot.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class IndexCopy:
    corpus: Path
    index_dir: Path
    good_passages: list[Passage]

    def args(self) -> list[str]:
        return ["--corpus", str(self.corpus), "--index", str(self.index_dir), "index"]

    def corpus_file(self) -> Path:
        return next(self.corpus.glob("*.yaml"))


@pytest.fixture
def index_copy(tmp_path, built_index_dir, served) -> IndexCopy:
    # `served` only starts the module's bot here, so its model loads while these tests run.
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT / "corpus", corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(built_index_dir, index_dir, symlinks=True)
    return IndexCopy(corpus, index_dir, load_index(index_dir).passages)


def drop_last_paragraph(path: Path) -> None:
    """An edit that needs no embedding (the model is not even loaded): one paragraph less."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    while not lines[-1].strip():
        lines.pop()
    lines.pop()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_document(path: Path, sentences: list[str]) -> None:
    text = "\n".join("      " + " ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6))
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n  - id: added-doc\n    title: Қосылған құжат\n    text: |\n{text}\n")


def index_run(copy: IndexCopy) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli.main", *copy.args()], cwd=PROJECT,
                          env=child_env(), capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("point", ["before_rename", "before_switch", "after_switch"])
def test_kill_9_while_writing_the_index_leaves_a_whole_one(index_copy, point):
    drop_last_paragraph(index_copy.corpus_file())
    killed = subprocess.run([sys.executable, "-c", _KILL_AT, point, *index_copy.args()],
                            cwd=PROJECT, env=child_env(), capture_output=True, text=True,
                            timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = load_index(index_copy.index_dir)  # checksums verified: whole, old or new
    if point == "after_switch":
        assert len(after.passages) < len(index_copy.good_passages)
    else:
        assert after.passages == index_copy.good_passages

    done = index_run(index_copy)
    assert done.returncode == 0, done.stderr
    if point == "after_switch":  # the new index was complete before the kill
        assert done.stdout.startswith(texts.INDEX_REUSED.split(":")[0])
    else:
        assert texts.INDEX_REASONS["corpus_changed"] in done.stdout
    assert len(load_index(index_copy.index_dir).passages) < len(index_copy.good_passages)


def test_kill_9_while_embedding_leaves_the_last_good_index(index_copy, engine):
    documents = load_corpus(index_copy.corpus).documents
    add_document(index_copy.corpus_file(), generate_sentences(documents, 60))
    child = subprocess.Popen([sys.executable, "-m", "bot.cli.main", *index_copy.args()],
                             cwd=PROJECT, env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    assert child.stderr is not None
    seen = b""
    try:
        for line in iter(child.stderr.readline, b""):
            seen += line
            if b"embedding" in line:  # "embedding 60 new texts": it is inside the encoder now
                child.send_signal(signal.SIGKILL)
                break
    finally:
        if child.poll() is None and b"embedding" not in seen:
            child.kill()
        child.wait(60)
    assert child.returncode == -signal.SIGKILL, seen.decode(errors="replace")
    assert load_index(index_copy.index_dir).passages == index_copy.good_passages

    # The next run: the model of this test session stands in for a second model load.
    config = make_config(index_copy.index_dir, index_copy.corpus)
    index, report = ensure_index(config, load_corpus(index_copy.corpus), lambda: engine.encoder)
    assert report.action == "built" and report.reason == "corpus_changed"
    assert report.embedded == 60 + 10  # its sentences, and its 10 paragraphs whole (6 each)
    assert "корпус өзгерді" in plain.index_report(report)
    assert len(index.passages) == len(index_copy.good_passages) + 60


# -- the running bot ------------------------------------------------------------------------------
@dataclass
class Served:
    fake: FakeBotAPI
    proc: subprocess.Popen
    log_path: Path
    corpus: Path
    index_dir: Path
    log_mount: Path | None  # a tiny tmpfs holding the question log, if mounting is allowed
    next_user: int = 900_000

    def ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited ({self.proc.returncode}):\n{self.output()}")
            if self.fake.get_updates_calls > 0 and any(
                    s["method"] == "setMyCommands" for s in self.fake.sent):
                return
            time.sleep(0.05)
        raise AssertionError(f"the bot did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def user(self) -> int:
        self.next_user += 1
        return self.next_user

    def ask(self, text: str, timeout: float = 60) -> str:
        """One question from a new user; the one reply's text."""
        user = self.user()
        update = self.fake.send_text(text, user_id=user)
        self.fake.wait_for(lambda sent: self.fake.confirmed_offset >= update, timeout)
        replies = replies_to(self.fake.sent, user)
        assert len(replies) == 1, (replies, self.output()[-2000:])
        return replies[0]["text"]

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def replies_to(sent: list[dict], chat_id: int) -> list[dict]:
    return [s for s in sent if s["method"] == "sendMessage" and s["chat_id"] == chat_id]


def mount_tmpfs(path: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@contextlib.contextmanager
def small_tmpfs(path: Path) -> Iterator[Path | None]:
    """An 8 MiB tmpfs at `path` (root only; None where mounting is not allowed)."""
    path.mkdir()
    mounted = mount_tmpfs(path, "size=8m")
    try:
        yield path if mounted else None
    finally:
        # Lazily: the bot may still hold the file, and a test may have stacked a second mount.
        while mounted and subprocess.run(["umount", "-l", str(path)],
                                         capture_output=True).returncode == 0:
            pass


def fill(path: Path) -> None:
    with contextlib.suppress(OSError), path.open("wb") as f:
        while True:  # until ENOSPC
            f.write(b"\0" * 65536)
            f.flush()


@pytest.fixture(scope="module")
def served(tmp_path_factory, built_index_dir) -> Iterator[Served]:
    work = tmp_path_factory.mktemp("served")
    corpus = work / "corpus"
    shutil.copytree(PROJECT / "corpus", corpus)
    index_dir = work / "index"
    shutil.copytree(built_index_dir, index_dir, symlinks=True)
    with small_tmpfs(work / "log") as mount, FakeBotAPI() as fake:
        if mount is not None:
            fill(mount / "filler")  # the question log's disk is full from the start
        log_path = work / "serve.log"
        env = child_env(
            TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
            EVENTQA_CORPUS=str(corpus), EVENTQA_INDEX_DIR=str(index_dir),
            EVENTQA_LOG_PATH=str((mount or work / "log") / "questions.sqlite3"),
            EVENTQA_BOT_RELOAD_INTERVAL_S="0.3",
            # No "typing…" actions: under a burst every send goes to a reply (they share
            # Telegram's 30 requests a second).
            EVENTQA_BOT_TYPING_AFTER_S="600", EVENTQA_BOT_SHUTDOWN_TIMEOUT_S="30")
        with open(log_path, "wb") as log_file:
            proc = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "serve"], cwd=PROJECT,
                                    env=env, stdout=log_file, stderr=subprocess.STDOUT)
            try:
                yield Served(fake, proc, log_path, corpus, index_dir, mount)
            finally:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(60)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()


def test_question_log_disk_full_or_read_only_does_not_stop_answers(served):
    if served.log_mount is None:
        pytest.skip("needs a tmpfs mount (root) to fill a disk and make it read-only")
    served.ready()
    # The log's disk has been full since the bot started (see `served`).
    for i in range(3):
        assert FACT in served.ask(f"{QUESTION}{'?' * (i + 1)}")
    # Read-only: a file system holding a file open for writing cannot be remounted read-only,
    # so a read-only one goes on top; the log's next, fresh connection meets it.
    assert mount_tmpfs(served.log_mount, "ro,size=1m")
    for i in range(3):
        assert FACT in served.ask(f"{QUESTION}{'!' * (i + 1)}")
    unusable = re.findall(r"question log .* is unusable \((.*?)\)", served.output())
    assert len(set(unusable)) >= 2, served.output()[-3000:]  # full, then read-only
    # Space again, writable again: the log recovers by itself.
    subprocess.run(["umount", str(served.log_mount)], check=True)
    (served.log_mount / "filler").unlink()
    assert FACT in served.ask(QUESTION)
    deadline = time.monotonic() + 30
    while "works again" not in served.output():
        assert time.monotonic() < deadline, served.output()[-3000:]
        time.sleep(0.1)
    assert "Traceback" not in served.output()


BURST_QUESTIONS = [QUESTION, "Хаттамаға кімдер қол қойды?", "Сәлеметсіз бе!",
                   "Футбол бойынша әлем чемпионатын кім жеңді?", "😀😀😀",
                   "Сколько книг в библиотеке ООН?", "кітап " * 300,
                   "Конференция қай қалада өтті?", "Semei poligony turaly ne aitylady?",
                   "Елбасы кітапханасының директоры кім?"]


def burst(served: Served, users: range, seed: int) -> None:
    """Every user sends all their messages at once, with faults injected; each update must
    get exactly one reply and be confirmed."""
    fake = served.fake
    fake.inject_429(ratio=0.1, retry_after=1, methods=("sendMessage",), seed=seed,
                    limit=MAX_429_PER_BURST)
    fake.drop_connections(3, methods=("sendMessage",))
    start = len(fake.sent)
    last = 0
    for k in range(BURST_MESSAGES):
        for user in users:
            last = fake.send_text(BURST_QUESTIONS[(user + k) % len(BURST_QUESTIONS)],
                                  user_id=user)
    expected = len(users) * BURST_MESSAGES
    try:
        fake.wait_for(lambda sent: fake.confirmed_offset >= last and sum(
            1 for s in sent[start:] if s["method"] == "sendMessage" and s["chat_id"] in users
        ) >= expected, timeout=240)
    finally:
        fake.clear_faults()
    time.sleep(0.5)  # a duplicate would come right after
    counts: dict[int, int] = {}
    for s in fake.sent[start:]:
        if s["method"] == "sendMessage" and s["chat_id"] in users:
            counts[s["chat_id"]] = counts.get(s["chat_id"], 0) + 1
    wrong = {u: counts.get(u, 0) for u in users if counts.get(u, 0) != BURST_MESSAGES}
    assert not wrong, f"users without exactly {BURST_MESSAGES} replies: {wrong}"
    assert [r for r in fake.rejected if not r["injected"]] == [], fake.transcript()[-3000:]


def test_a_burst_with_429s_and_dropped_connections_answers_every_update_once(served):
    served.ready()
    users = range(700_001, 700_001 + BURST_USERS)
    burst(served, users, seed=1)
    injected = [r for r in served.fake.rejected if r["injected"]]
    assert {r["error_code"] for r in injected} == {429, None}  # both kinds of fault happened
    first = served.rss_kb()
    burst(served, users, seed=2)  # the same again: memory must settle, not grow
    growth = served.rss_kb() - first
    assert growth < RSS_GROWTH_LIMIT_KB, f"RSS grew by {growth} KiB between identical bursts"
    assert FACT in served.ask(QUESTION)  # still responsive
    assert "Traceback" not in served.output()


def test_index_deleted_or_truncated_while_serving_keeps_answering_and_is_rebuilt(served):
    served.ready()
    shutil.rmtree(served.index_dir)
    assert FACT in served.ask(QUESTION)  # answered from the index in memory
    corpus_file = next(served.corpus.glob("*.yaml"))
    with corpus_file.open("a", encoding="utf-8") as f:  # an edit makes the bot reload
        f.write(f"      {NEW_PARAGRAPH}\n")
    deadline = time.monotonic() + 120
    while True:
        with contextlib.suppress(BrokenIndex):
            if any(NEW_FACT in p.text for p in load_index(served.index_dir).passages):
                break
        assert time.monotonic() < deadline, served.output()[-3000:]
        time.sleep(0.2)
    assert NEW_FACT in served.ask(NEW_QUESTION)

    current = served.index_dir / "current"
    for name in ("embeddings.npy", "vectors.faiss", "passages.json", "words.npy"):
        (current / name).write_bytes(b"")
    assert FACT in served.ask(QUESTION)
    corpus_file.write_text(corpus_file.read_text(encoding="utf-8").replace(
        NEW_PARAGRAPH, NEW_PARAGRAPH.replace("2030", "2031")), encoding="utf-8")
    deadline = time.monotonic() + 120
    while True:
        with contextlib.suppress(BrokenIndex):
            if any("2031" in p.text for p in load_index(served.index_dir).passages):
                break
        assert time.monotonic() < deadline, served.output()[-3000:]
        time.sleep(0.2)
    assert "2031" in served.ask(NEW_QUESTION)
    assert "Traceback" not in served.output()
