"""The persisted index: passages, their embeddings, a FAISS index and the lexical (BM25) tables.

Layout of the index directory:

    index_dir/current -> builds/<stamp>      a symlink, swapped atomically after a build
    index_dir/builds/<stamp>/manifest.json   format, model, dimension, corpus hash, build time,
                                             sha256 of every file below
                              documents.json documents (titles, paragraphs) for citations
                              passages.json  passages and the embedding rows of each one, its
                                             sentences and its paragraph (with the title)
                              embeddings.npy one row per distinct passage/sentence text
                              vectors.faiss  inner-product index over passage vectors
                              lexical.npz    BM25 tables
                              paragraphs.npz BM25 tables over whole paragraphs, each with
                                             its document's title
                              titles.npz     BM25 tables over the title alone, per paragraph
                              words.json     the corpus's words, and words.npy their vectors
                                             (wordvectors: Russian/English word matching)

A build is written into a temporary folder and only then made current, so a crash or a bad corpus
never leaves a half-written index; the previous embeddings serve as a cache keyed by text hash,
so an edit re-embeds only the passages it changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from retrieval import kazakh, qtype
from retrieval import lexical as lexical_module
from retrieval.config import Config
from retrieval.corpus import Corpus
from retrieval.encoder import Encoder
from retrieval.lexical import BM25
from retrieval.passages import split_corpus
from retrieval.types import Document, Passage, Sentence
from retrieval.wordvectors import WordVectors

log = logging.getLogger(__name__)

# 4: initials such as "М.О." no longer end a sentence (passages are split differently).
# 5: the corpus's words and their vectors (words.json, words.npy).
# 6: each paragraph embedded whole, after its document's title (passages.json "paragraph_row").
FORMAT = "eventqa-index/6"
FILES = ("documents.json", "passages.json", "embeddings.npy", "vectors.faiss", "lexical.npz",
         "paragraphs.npz", "titles.npz", "words.json", "words.npy")


class BrokenIndex(Exception):
    """An index that cannot be read (corrupt, foreign, half-written); the caller rebuilds."""


class OutdatedIndex(BrokenIndex):
    """An eventqa index of an older format: rebuilt like a broken one, but nothing is wrong."""


@dataclass
class BuildReport:
    """What `ensure_index` did, for the CLI and the bot's reload messages."""

    action: str  # "reused" | "built"
    # "unchanged" | "new" | "corpus_changed" | "model_changed" | "settings_changed" | "broken"
    reason: str
    documents: int = 0
    passages: int = 0
    embedded: int = 0  # texts that went through the encoder
    reused_embeddings: int = 0
    embedded_words: int = 0  # words new to the vocabulary, embedded on their own
    added: int = 0  # passages new since the previous index
    removed: int = 0
    seconds: float = 0.0
    detail: str = ""  # why a broken index was rejected


@dataclass
class Index:
    """A loaded index: everything search needs, in memory."""

    path: Path
    manifest: dict
    documents: dict[str, Document]
    passages: list[Passage]
    embeddings: np.ndarray  # (rows, dim) float32, normalised
    passage_rows: np.ndarray  # (n_passages,) row of each passage in `embeddings`
    sentence_rows: list[np.ndarray]  # per passage, the rows of its sentences
    paragraph_rows: np.ndarray  # per paragraph (`paragraph_of` order): its title + text's row
    vectors: faiss.Index
    lexical: BM25
    paragraph_lexical: BM25  # one document per paragraph (with its title), `paragraph_of` order
    title_lexical: BM25  # the title of each paragraph's document, same order
    words: WordVectors  # every word of the passages, embedded on its own
    passage_index: dict[str, int] = field(default_factory=dict)
    paragraph_of: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # The files as they were when this index was built or loaded (see `files_changed`).
    files: tuple[tuple[str, int, int], ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.files = files_state(self.path)
        self.passage_index = {p.id: i for i, p in enumerate(self.passages)}
        self.paragraph_of = paragraph_groups(self.passages)

    @functools.cached_property
    def document_stems(self) -> dict[str, frozenset[str]]:
        """Each document's word stems (qtype.word_stems); computed on first use."""
        return {doc_id: qtype.word_stems(doc.paragraphs)
                for doc_id, doc in self.documents.items()}

    @functools.cached_property
    def folded_text(self) -> str:
        """All documents' text, folded (lower case); computed on first use."""
        return kazakh.fold("\n".join(p for doc in self.documents.values()
                                     for p in doc.paragraphs))

    @functools.cached_property
    def paragraph_words(self) -> tuple[np.ndarray, np.ndarray]:
        """Each paragraph's words for WordVectors.match_many; computed on first use."""
        groups = int(self.paragraph_of[-1]) + 1 if len(self.paragraph_of) else 0
        return self.words.grouped_rows(self.paragraph_passage(g).text for g in range(groups))

    @functools.cached_property
    def quoted_titles(self) -> frozenset[tuple[str, ...]]:
        """Lexical terms of each quoted title of two words or more the corpus gives («Жұлдызды
        дала»); computed on first use."""
        return frozenset(title for doc in self.documents.values() for p in doc.paragraphs
                         for title in qtype.quoted_titles(p))

    @functools.cached_property
    def name_terms(self) -> frozenset[str]:
        """Lexical terms of the names the corpus uses (words it capitalises inside sentences);
        computed on first use."""
        return kazakh.name_terms(s.text for p in self.passages for s in p.sentences)

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        """Folded acronyms the corpus spells out ("Біріккен Ұлттар Ұйымы" -> "буу"); computed on
        first use."""
        from retrieval import refusal  # refusal reads an index's terms; not needed to build one

        return frozenset(a for doc in self.documents.values() for p in doc.paragraphs
                         for a in refusal.acronyms(p))

    @functools.cached_property
    def listed_names(self) -> dict[str, frozenset[str]]:
        """The names each name is listed with (kazakh.listed_names); computed on first use."""
        return kazakh.listed_names(s.text for p in self.passages for s in p.sentences)

    @functools.cached_property
    def common_terms(self) -> frozenset[str]:
        """Lexical terms of the words the corpus writes in lower case; computed on first use."""
        return kazakh.common_terms(s.text for p in self.passages for s in p.sentences)

    def paragraph_passage(self, group: int) -> Passage:
        """Paragraph number `group` (in `paragraph_of` order) as one passage of all its
        sentences, "<doc>:p<n>"."""
        lo, hi = np.searchsorted(self.paragraph_of, [group, group + 1])
        parts = self.passages[int(lo):int(hi)]
        first = parts[0]
        return Passage(f"{first.doc_id}:p{first.paragraph}", first.doc_id, first.paragraph,
                       tuple(s for p in parts for s in p.sentences))

    @property
    def model(self) -> str:
        return self.manifest["model"]


def paragraph_groups(passages: list[Passage]) -> np.ndarray:
    """For each passage, the number of its paragraph (passages of a paragraph are adjacent)."""
    groups, last = [], None
    for p in passages:
        key = (p.doc_id, p.paragraph)
        if key != last:
            groups.append(0)
            last = key
        groups[-1] += 1
    return np.repeat(np.arange(len(groups)), groups).astype(np.int64)


def _first_of_paragraph(passages: list[Passage]) -> list[bool]:
    """Whether each passage is its paragraph's first."""
    return list(np.diff(paragraph_groups(passages), prepend=-1) != 0)


def paragraph_text(doc: Document, number: int) -> str:
    """Paragraph `number` (1-based) as it is embedded whole: after its document's title."""
    text = doc.paragraphs[number - 1]
    return f"{doc.title}. {text}" if doc.title else text


def files_state(path: Path) -> tuple[tuple[str, int, int], ...] | None:
    """(name, size, mtime) of a build folder's files; None when one is missing. Cheap enough to
    check on every poll, unlike the checksums."""
    try:
        return tuple((name, st.st_size, st.st_mtime_ns)
                     for name in (*FILES, "manifest.json") for st in [os.stat(Path(path) / name)])
    except OSError:
        return None


def files_changed(index: Index) -> bool:
    """Whether the files `index` came from were deleted, truncated or rewritten since. The
    index in memory is whole either way; the one on disk needs rebuilding (a restart, or another
    process, would find it broken or missing)."""
    return index.files is not None and files_state(index.path) != index.files


def fingerprint(config: Config, corpus: Corpus) -> str:
    """What decides whether an index is still valid: format, model, splitting and corpus text."""
    h = hashlib.sha256()
    settings = {"format": FORMAT, "model": config.model.identity,
                "passages": asdict(config.passages), "lexical": _LEXICAL_VERSION}
    h.update(json.dumps(settings, sort_keys=True).encode())
    h.update(corpus.fingerprint().encode())
    return h.hexdigest()


def _source_hash(*modules) -> str:
    """Any change to the lexical pipeline's code changes the BM25 tables, so it rebuilds them
    (embeddings are reused from the cache, so this is cheap)."""
    h = hashlib.sha256()
    for module in modules:
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


_LEXICAL_VERSION = _source_hash(kazakh, lexical_module)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One process at a time decides and builds in `root` (replicas sharing an index folder):
    the others wait, then find the fresh build current and load it. Without a writable folder
    (a read-only published index) there is nothing to build, so no lock either."""
    try:
        Path(root).mkdir(parents=True, exist_ok=True)
        handle = open(Path(root) / ".build.lock", "a+b")  # noqa: SIM115 (closed below)
    except OSError:
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("index %s: another process is building it; waiting to load its build", root)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # the lock goes when the file closes


def ensure_index(
    config: Config,
    corpus: Corpus,
    encoder_factory: Callable[[], Encoder],
    fallback: Index | None = None,
) -> tuple[Index, BuildReport]:
    """`ensure_index_unlocked` under the index folder's build lock."""
    with build_lock(Path(config.index_dir)):
        return ensure_index_unlocked(config, corpus, encoder_factory, fallback)


def ensure_index_unlocked(
    config: Config,
    corpus: Corpus,
    encoder_factory: Callable[[], Encoder],
    fallback: Index | None = None,
) -> tuple[Index, BuildReport]:
    """Load the current index if it matches corpus and model, else build one and make it current.

    The encoder is only created when something has to be embedded, so an unchanged corpus
    loads without the model. `fallback` is an index still in memory whose files on disk may be
    gone or damaged: its embeddings are reused so that restoring it re-embeds nothing.
    """
    started = time.perf_counter()
    root = Path(config.index_dir)
    wanted = fingerprint(config, corpus)
    previous: Index | None = None
    cache: dict[str, np.ndarray] = {}
    reason, detail = "new", ""
    if (root / "current").exists() or (root / "current").is_symlink():
        try:
            previous = load_index(root)
        except OutdatedIndex:
            reason = "format_changed"
            # A format upgrade re-embeds no passage or sentence (only what the new format adds).
            cache = _embedding_cache(root, config.model.identity)
        except BrokenIndex as exc:
            reason, detail = "broken", str(exc)
            log.warning("index at %s is unusable (%s); rebuilding", root, exc)
    if previous is not None:
        if previous.manifest.get("fingerprint") == wanted:
            report = BuildReport("reused", "unchanged", len(previous.documents),
                                 len(previous.passages), seconds=time.perf_counter() - started)
            return previous, report
        if previous.manifest.get("model") != config.model.identity:
            reason = "model_changed"
        elif previous.manifest.get("corpus_hash") != corpus.fingerprint():
            reason = "corpus_changed"
        else:
            reason = "settings_changed"
        if previous.manifest.get("model") == config.model.identity:
            cache = {key: previous.embeddings[row]
                     for key, row in previous.manifest.get("rows", {}).items()}
    if previous is None and fallback is not None and fallback.model == config.model.identity:
        cache = {**{key: fallback.embeddings[row]
                    for key, row in fallback.manifest.get("rows", {}).items()}, **cache}
        previous_ids = set(fallback.passage_index)
    else:
        previous_ids = set()
    old_ids = set(previous.passage_index) if previous is not None else previous_ids
    known_words = (previous if previous is not None else fallback)
    words = (known_words.words if known_words is not None
             and known_words.model == config.model.identity else None)
    index, report = build_index(config, corpus, encoder_factory, cache, old_ids, wanted, words)
    report.reason, report.detail = reason, detail
    report.seconds = time.perf_counter() - started
    return index, report


def build_index(
    config: Config,
    corpus: Corpus,
    encoder_factory: Callable[[], Encoder],
    cache: dict[str, np.ndarray],
    old_ids: set[str],
    wanted: str,
    known_words: WordVectors | None = None,
) -> tuple[Index, BuildReport]:
    """Build and write a new current index; `cache` holds known embeddings by text key,
    `known_words` known word vectors."""
    passages = split_corpus(corpus.documents, config.passages)
    texts: list[str] = []  # distinct texts to embed, in first-seen order
    rows: dict[str, int] = {}

    def row_of(text: str) -> int:
        key = text_key(text)
        if key not in rows:
            rows[key] = len(texts)
            texts.append(text)
        return rows[key]

    passage_rows = np.array([row_of(p.text) for p in passages], dtype=np.int64)
    sentence_rows = [np.array([row_of(s.text) for s in p.sentences], dtype=np.int64)
                     for p in passages]
    documents = {d.id: d for d in corpus.documents}
    # A paragraph is embedded whole, with its document's title, as well as by passages: a
    # long paragraph's sentences each hold only part of what it is about (README, "Search").
    paragraph_rows = np.array([
        row_of(paragraph_text(documents[p.doc_id], p.paragraph))
        for p, first in zip(passages, _first_of_paragraph(passages), strict=True) if first],
        dtype=np.int64)

    cache = dict(cache)
    missing = [t for t in texts if text_key(t) not in cache]
    encoder = encoder_factory() if missing else None
    dim = encoder.dim if encoder is not None else len(next(iter(cache.values())))
    embeddings = np.zeros((len(texts), dim), dtype=np.float32)
    if missing:
        log.info("embedding %d new texts (%d reused)", len(missing), len(texts) - len(missing))
        fresh = encoder.encode_passages(missing, batch_size=config.model.batch_size)
        for text, vector in zip(missing, fresh, strict=True):
            cache[text_key(text)] = vector
    for i, text in enumerate(texts):
        embeddings[i] = cache[text_key(text)]

    new_words = 0

    def embed_words(new: list[str]) -> np.ndarray:
        nonlocal encoder, new_words
        encoder = encoder or encoder_factory()
        log.info("embedding %d new words", len(new))
        new_words = len(new)
        return encoder.encode_queries(new)

    words = WordVectors.build((s.text for p in passages for s in p.sentences), embed_words,
                              known_words)

    vectors = _faiss_index(embeddings[passage_rows], config.search.flat_index_max)
    terms = [kazakh.lexical_terms(p.text) for p in passages]
    lexical = BM25.fit(terms)
    paragraph_terms: list[list[str]] = []
    for group, passage_terms in zip(paragraph_groups(passages), terms, strict=True):
        if group == len(paragraph_terms):
            paragraph_terms.append([])
        paragraph_terms[group].extend(passage_terms)
    # The title is a field of its own as well as part of the paragraph: on KazQAD (titled
    # Wikipedia passages) BM25 MRR@10 0.724 on the paragraph alone, 0.759 with its title, and
    # the whole system 0.783 with the title also scored alone (README, "Search").
    title_of = {d.id: kazakh.lexical_terms(d.title) for d in corpus.documents}
    titles: list[list[str]] = []
    for group, passage in zip(paragraph_groups(passages), passages, strict=True):
        if group == len(titles):
            titles.append(title_of[passage.doc_id])
    for terms_of_paragraph, title in zip(paragraph_terms, titles, strict=True):
        terms_of_paragraph.extend(title)
    paragraph_lexical = BM25.fit(paragraph_terms)
    title_lexical = BM25.fit(titles)
    manifest = {
        "format": FORMAT,
        "model": config.model.identity,
        "dim": dim,
        "fingerprint": wanted,
        "corpus_hash": corpus.fingerprint(),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": len(corpus.documents),
        "passages": len(passages),
        "index_type": "flat" if isinstance(vectors, faiss.IndexFlatIP) else "hnsw",
        "rows": {text_key(t): i for i, t in enumerate(texts)},
    }
    path = _write(Path(config.index_dir), manifest, corpus.documents, passages, passage_rows,
                  sentence_rows, paragraph_rows, embeddings, vectors, lexical,
                  paragraph_lexical, title_lexical, words)
    new_ids = {p.id for p in passages}
    report = BuildReport(
        "built", "", len(corpus.documents), len(passages), embedded=len(missing),
        reused_embeddings=len(texts) - len(missing), embedded_words=new_words,
        added=len(new_ids - old_ids),
        removed=len(old_ids - new_ids),
    )
    index = Index(path, manifest, documents, passages, embeddings, passage_rows, sentence_rows,
                  paragraph_rows, vectors, lexical, paragraph_lexical, title_lexical, words)
    return index, report


def _faiss_index(vectors: np.ndarray, flat_max: int) -> faiss.Index:
    """Exact search while it is fast enough; HNSW for corpora beyond `flat_max` passages."""
    dim = vectors.shape[1]
    if len(vectors) <= flat_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _write(root: Path, manifest: dict, documents, passages, passage_rows, sentence_rows,
           paragraph_rows, embeddings, vectors, lexical, paragraph_lexical, title_lexical,
           words) -> Path:
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        (tmp / "documents.json").write_text(json.dumps(
            [asdict(d) for d in documents], ensure_ascii=False), encoding="utf-8")
        groups = paragraph_groups(passages)
        (tmp / "passages.json").write_text(json.dumps([
            {"id": p.id, "doc_id": p.doc_id, "paragraph": p.paragraph,
             "sentences": [[s.text, s.start, s.end] for s in p.sentences],
             "row": int(r), "sentence_rows": [int(x) for x in srows],
             "paragraph_row": int(paragraph_rows[g])}
            for p, r, srows, g in zip(passages, passage_rows, sentence_rows, groups, strict=True)
        ], ensure_ascii=False), encoding="utf-8")
        np.save(tmp / "embeddings.npy", embeddings)
        faiss.write_index(vectors, str(tmp / "vectors.faiss"))
        np.savez(tmp / "lexical.npz", **lexical.to_arrays())
        np.savez(tmp / "paragraphs.npz", **paragraph_lexical.to_arrays())
        np.savez(tmp / "titles.npz", **title_lexical.to_arrays())
        (tmp / "words.json").write_text(json.dumps(words.words, ensure_ascii=False),
                                        encoding="utf-8")
        np.save(tmp / "words.npy", words.vectors.astype(np.float16))
        manifest = dict(manifest, files={name: _sha256(tmp / name) for name in FILES})
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        for name in (*FILES, "manifest.json"):
            _fsync(tmp / name)
        final = builds / stamp
        os.rename(tmp, final)
        link = root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(Path("builds") / stamp, link)
        os.replace(link, root / "current")  # the atomic moment: readers see old or new, never half
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(builds, keep={stamp})
    return final


def _prune(builds: Path, keep: set[str]) -> None:
    """Delete older builds, keeping the newest previous one for processes still reading it."""
    done = sorted(p for p in builds.iterdir() if not p.name.startswith("."))
    stale_tmp = [p for p in builds.iterdir()
                 if p.name.startswith(".tmp-") and time.time() - p.stat().st_mtime > 3600]
    for path in [p for p in done[:-2] if p.name not in keep] + stale_tmp:
        shutil.rmtree(path, ignore_errors=True)


def _embedding_cache(root: Path, model: str) -> dict[str, np.ndarray]:
    """Embeddings of an index this version cannot load (an older format), when intact."""
    path = Path(root) / "current"
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("model") != model:
            return {}
        if _sha256(path / "embeddings.npy") != manifest["files"]["embeddings.npy"]:
            return {}
        embeddings = np.load(path / "embeddings.npy")
        return {key: embeddings[row] for key, row in manifest["rows"].items()}
    except Exception:  # nothing reusable: embed afresh
        return {}


def load_index(root: Path) -> Index:
    """Load `root/current`, verifying format and checksums; raise BrokenIndex if unusable."""
    path = Path(root) / "current"
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BrokenIndex(f"manifest unreadable: {exc}") from None
    if not isinstance(manifest, dict) or not str(manifest.get("format", "")).startswith(
            "eventqa-index/"):
        raise BrokenIndex("not an eventqa index")
    if manifest["format"] != FORMAT:
        raise OutdatedIndex(f"index format {manifest['format']}, this version reads {FORMAT}")
    try:
        for name in FILES:
            if _sha256(path / name) != manifest["files"][name]:
                raise BrokenIndex(f"{name} is damaged (checksum mismatch)")
        documents = [Document(**{**d, "paragraphs": tuple(d["paragraphs"])})
                     for d in json.loads((path / "documents.json").read_text(encoding="utf-8"))]
        raw = json.loads((path / "passages.json").read_text(encoding="utf-8"))
        passages = [Passage(r["id"], r["doc_id"], r["paragraph"],
                            tuple(Sentence(t, a, b) for t, a, b in r["sentences"])) for r in raw]
        passage_rows = np.array([r["row"] for r in raw], dtype=np.int64)
        sentence_rows = [np.array(r["sentence_rows"], dtype=np.int64) for r in raw]
        paragraph_rows = np.array([r["paragraph_row"] for r, first in zip(
            raw, _first_of_paragraph(passages), strict=True) if first], dtype=np.int64)
        embeddings = np.load(path / "embeddings.npy")
        vectors = faiss.read_index(str(path / "vectors.faiss"))
        with np.load(path / "lexical.npz", allow_pickle=False) as arrays:
            lexical = BM25.from_arrays(dict(arrays))
        with np.load(path / "paragraphs.npz", allow_pickle=False) as arrays:
            paragraph_lexical = BM25.from_arrays(dict(arrays))
        with np.load(path / "titles.npz", allow_pickle=False) as arrays:
            title_lexical = BM25.from_arrays(dict(arrays))
        words = WordVectors(json.loads((path / "words.json").read_text(encoding="utf-8")),
                            np.load(path / "words.npy").astype(np.float32))
    except BrokenIndex:
        raise
    except Exception as exc:  # any damage at all means "rebuild", never a crash
        raise BrokenIndex(f"unreadable ({type(exc).__name__}: {exc})") from None
    if (vectors.ntotal != len(passages) or embeddings.shape[1] != manifest.get("dim")
            or len(words.words) != len(words.vectors)
            or (len(words.words) and words.vectors.shape[1] != manifest.get("dim"))):
        raise BrokenIndex("sizes do not match the manifest")
    return Index(path.resolve(), manifest, {d.id: d for d in documents}, passages, embeddings,
                 passage_rows, sentence_rows, paragraph_rows, vectors, lexical,
                 paragraph_lexical, title_lexical, words)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
