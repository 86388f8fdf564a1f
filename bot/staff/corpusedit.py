"""Changing the corpus for staff: a proposed change is validated, previewed, then applied.

One path for the bot (a file sent by an admin, /rollback) and the command line (`eventqa add`,
`eventqa rollback`). A proposal is the whole corpus folder as it would be afterwards: it is
written into a temporary folder and validated there with exactly the rules of `eventqa check`
(warnings included), so nothing touches the real corpus until staff confirm. Applying keeps the
previous files in the history (bot/staff/history.py), writes each changed file atomically (a hidden
temporary file renamed over it) and refuses if the corpus changed since the preview. The running
bot's watcher, or the caller, then re-indexes.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot import plain, texts
from bot.plain import cut
from bot.staff import article
from bot.staff.history import History, Version
from retrieval.config import Config
from retrieval.corpus import CorpusError, Problem, corpus_files, load_corpus, warnings
from retrieval.types import Document

ARTICLE_SUFFIXES = (".txt", ".md")
CORPUS_SUFFIXES = (".yaml", ".yml")
PREVIEW_PARAGRAPHS = 3  # "the first lines of the new text"
PREVIEW_CHARS = 160


class EditError(Exception):
    """The change cannot even be proposed; the message is for staff (Kazakh — English)."""


class StaleChange(EditError):
    """The corpus changed between the preview and the confirmation."""


@dataclass(frozen=True)
class DocChange:
    id: str
    title: str
    status: str  # "added" | "changed" | "removed"
    added: int = 0  # paragraphs
    changed: int = 0
    removed: int = 0
    new_paragraphs: tuple[str, ...] = ()  # for the preview: the new or changed ones


@dataclass
class Change:
    """The corpus files before and after, what differs, and what is wrong with the result."""

    label: str  # for the history: what this change does
    before: dict[str, bytes]
    after: dict[str, bytes]
    base: str  # digest of the corpus when proposed
    documents: list[DocChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    doc_id: str | None = None  # an article's id, shown to staff
    file: str | None = None  # the file written or replaced

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes_anything(self) -> bool:
        return self.before != self.after


class CorpusEditor:
    def __init__(self, config: Config) -> None:
        self.corpus = Path(config.corpus)
        self.history = History(config.staff.history_dir, config.staff.history_keep)
        self._lock = threading.Lock()  # one apply at a time (bot threads, CLI)

    # -- proposals --------------------------------------------------------------------------------
    def propose_upload(self, name: str, data: bytes, caption: str | None = None) -> Change:
        """A file sent by staff: an article (.txt/.md) or a corpus file (.yaml/.yml)."""
        name = safe_name(name)
        suffix = Path(name).suffix.lower()
        if suffix in ARTICLE_SUFFIXES:
            return self.propose_article(data, name, title=caption)
        if suffix not in CORPUS_SUFFIXES:
            raise EditError(texts.UPLOAD_WRONG_TYPE)
        before = self.current_files()
        after = {**before, name: data}
        verb = texts.WHAT_REPLACED if name in before else texts.WHAT_UPLOADED
        return self._propose(verb.format(name=name), before, after, file=name)

    def propose_article(self, data: bytes, name: str, *, title: str | None = None,
                        doc_id: str | None = None, date: str | None = None,
                        url: str | None = None) -> Change:
        before = self.current_files()
        try:
            doc = article.parse(data, name, title=title, doc_id=doc_id, date=date, url=url,
                                taken=self._ids(before))
        except article.ArticleError as exc:
            raise EditError(str(exc)) from None
        file = unique_file(f"{doc.id}.yaml", before)
        after = {**before, file: doc.to_yaml().encode("utf-8")}
        change = self._propose(texts.WHAT_ARTICLE.format(id=doc.id, name=file), before, after,
                               file=file)
        change.doc_id = doc.id
        return change

    def propose_rollback(self, n: int = 1) -> tuple[Change, Version]:
        """Bring back version `n` of the history (1 = the newest)."""
        versions = self.history.versions()
        if not versions:
            raise EditError(texts.ROLLBACK_NONE)
        if not 1 <= n <= len(versions):
            raise EditError(texts.ROLLBACK_NO_SUCH.format(n=n))
        version = versions[n - 1]
        change = self._propose(texts.WHAT_ROLLBACK.format(when=when(version.when)),
                               self.current_files(), version.files)
        return change, version

    def _propose(self, label: str, before: dict[str, bytes], after: dict[str, bytes],
                 file: str | None = None) -> Change:
        self._need_folder()
        change = Change(label, before, after, digest(before), file=file)
        old = _documents(before)
        try:
            new, found = _validate(after, self.corpus)
        except CorpusError as exc:
            change.problems = [plain.problem(p) for p in exc.problems]
            return change
        change.documents = diff(old, new)
        change.warnings = [plain.problem(p) for p in found]
        return change

    # -- applying ---------------------------------------------------------------------------------
    def apply(self, change: Change) -> Version:
        """Write the change (the previous files go to the history); StaleChange if the corpus
        is not what the change was proposed on."""
        if not change.ok:
            raise EditError(texts.EDIT_BAD)
        with self._lock:
            before = self.current_files()
            if digest(before) != change.base:
                raise StaleChange(texts.EDIT_STALE)
            version = self.history.save(before, change.label)
            for name, data in change.after.items():
                if before.get(name) != data:
                    write_atomically(self.corpus / name, data)
            for name in before.keys() - change.after.keys():
                (self.corpus / name).unlink(missing_ok=True)
        return version

    # -- reading ----------------------------------------------------------------------------------
    def current_files(self) -> dict[str, bytes]:
        self._need_folder()
        if not self.corpus.is_dir():
            return {}
        return {p.name: p.read_bytes() for p in corpus_files(self.corpus)}

    def _need_folder(self) -> None:
        if self.corpus.exists() and not self.corpus.is_dir():
            raise EditError(texts.EDIT_NOT_FOLDER.format(path=self.corpus))

    @staticmethod
    def _ids(files: dict[str, bytes]) -> set[str]:
        # From the text, so that a corpus with a problem elsewhere still yields its ids.
        found = set()
        for data in files.values():
            found.update(re.findall(r"^\s*-?\s*id:\s*[\"']?([A-Za-z0-9_-]+)",
                                    data.decode("utf-8", "replace"), re.MULTILINE))
        return found


# -- helpers -------------------------------------------------------------------------------------
def safe_name(name: str) -> str:
    """A file name that stays inside the corpus folder and is not hidden."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"\s+", "-", name.strip()).lstrip(".")
    return name or "file"


def unique_file(name: str, files: dict[str, bytes]) -> str:
    stem, suffix = name.rsplit(".", 1)
    candidate, n = name, 2
    while candidate in files:
        candidate, n = f"{stem}-{n}.{suffix}", n + 1
    return candidate


def digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name] + b"\1")
    return h.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    # Hidden while being written, so that the watcher (and corpus_files) never reads half a file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def _validate(files: dict[str, bytes], corpus: Path) -> tuple[list[Document], list[Problem]]:
    """Load `files` as a corpus folder, as `eventqa check` would; problems name the real
    corpus folder's files. Raises CorpusError."""
    with tempfile.TemporaryDirectory(prefix="eventqa-proposal-") as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)

        def shown(p: Problem) -> Problem:
            params = {k: v.replace(tmp, str(corpus)) if isinstance(v, str) else v
                      for k, v in p.params.items()}
            return dataclasses.replace(p, path=p.path.replace(tmp, str(corpus), 1),
                                       params=params)

        try:
            loaded = load_corpus(Path(tmp))
        except CorpusError as exc:
            raise CorpusError([shown(p) for p in exc.problems]) from None
        return list(loaded.documents), [shown(p) for p in warnings(loaded)]


def _documents(files: dict[str, bytes]) -> list[Document]:
    try:
        return _validate(files, Path("."))[0]
    except CorpusError:  # the current corpus is broken: everything counts as new
        return []


def diff(old: list[Document], new: list[Document]) -> list[DocChange]:
    """Documents added, changed (paragraphs +added ~changed −removed) and removed."""
    before = {d.id: d for d in old}
    after = {d.id: d for d in new}
    changes = []
    for doc in new:
        was = before.get(doc.id)
        if was is None:
            changes.append(DocChange(doc.id, doc.title, "added", added=len(doc.paragraphs),
                                     new_paragraphs=doc.paragraphs))
            continue
        if (was.title, was.date, was.url, was.paragraphs) == \
                (doc.title, doc.date, doc.url, doc.paragraphs):
            continue
        added = changed = removed = 0
        fresh: list[str] = []
        matcher = difflib.SequenceMatcher(a=was.paragraphs, b=doc.paragraphs, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                continue
            common = min(a1 - a0, b1 - b0)
            changed += common
            added += (b1 - b0) - common
            removed += (a1 - a0) - common
            fresh.extend(doc.paragraphs[b0:b1])
        changes.append(DocChange(doc.id, doc.title, "changed", added, changed, removed,
                                 tuple(fresh)))
    for doc in old:
        if doc.id not in after:
            changes.append(DocChange(doc.id, doc.title, "removed",
                                     removed=len(doc.paragraphs)))
    return changes


# -- what staff read -----------------------------------------------------------------------------
def render_preview(change: Change, header: str, confirm: str | None = texts.EDIT_CONFIRM) -> str:
    """What would change, the first lines of the new text, warnings, then `confirm`; or the
    problems."""
    if not change.ok:
        return "\n".join([header, texts.EDIT_BAD, *change.problems, texts.EDIT_BAD_HINT])
    if not change.changes_anything or not change.documents:
        return "\n".join([header, texts.EDIT_NOTHING])
    lines = [header]
    if change.doc_id:
        lines.append(texts.EDIT_NEW_ID.format(id=change.doc_id))
    lines.extend(_doc_line(d) for d in change.documents)
    lines.append(summary(change))
    fresh = [p for d in change.documents for p in d.new_paragraphs][:PREVIEW_PARAGRAPHS]
    if fresh:
        lines.append(texts.EDIT_FIRST_LINES)
        lines.extend(f"  {cut(p, PREVIEW_CHARS)}" for p in fresh)
    if change.warnings:
        lines.append(texts.CORPUS_WARN)
        lines.extend(change.warnings)
    if confirm:
        lines.append(confirm)
    return "\n".join(lines)


def summary(change: Change) -> str:
    docs = change.documents
    return texts.EDIT_SUMMARY.format(
        docs_added=sum(d.status == "added" for d in docs),
        docs_changed=sum(d.status == "changed" for d in docs),
        docs_removed=sum(d.status == "removed" for d in docs),
        added=sum(d.added for d in docs), changed=sum(d.changed for d in docs),
        removed=sum(d.removed for d in docs))


def render_history(versions: list[Version]) -> str:
    if not versions:
        return texts.HISTORY_EMPTY
    lines = [texts.HISTORY_HEADER]
    lines.extend(texts.HISTORY_LINE.format(n=n, when=when(v.when), what=v.what)
                 for n, v in enumerate(versions, start=1))
    lines.append(texts.HISTORY_HINT)
    return "\n".join(lines)


def render_documents(documents: list[Document]) -> str:
    lines = [texts.DOCS_HEADER.format(count=len(documents))]
    lines.extend(texts.DOCS_LINE.format(id=d.id, title=d.title, paragraphs=len(d.paragraphs))
                 for d in documents)
    return "\n".join(lines)


def _doc_line(d: DocChange) -> str:
    template = {"added": texts.EDIT_DOC_ADDED, "changed": texts.EDIT_DOC_CHANGED,
                "removed": texts.EDIT_DOC_REMOVED}[d.status]
    return template.format(id=d.id, title=cut(d.title, 80), added=d.added, changed=d.changed,
                           removed=d.removed)


