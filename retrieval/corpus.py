"""Corpus files: load and validate the YAML that staff edit.

Validation happens before anything is built, and every problem names the file and line, so a
bad edit is explained instead of taking the bot down. Problems carry a `code` and `params` so the
front end can say them in Kazakh (bot/texts.py); `str()` gives an English fallback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from retrieval.kazakh import detect_lang
from retrieval.types import Document

ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
KNOWN_KEYS = ("id", "title", "date", "url", "text")
REQUIRED_KEYS = ("id", "title", "text")
CORPUS_SUFFIXES = (".yaml", ".yml")

# English fallbacks; bot/texts.py holds the Kazakh wording for each code.
MESSAGES = {
    "not_found": "corpus not found: {path}",
    "no_files": "no corpus files (*.yaml) in folder {path}",
    "unreadable": "cannot read the file: {error}",
    "not_utf8": "the file is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8",
    "yaml_syntax": "YAML syntax error: {problem}",
    "not_mapping": "the file must start with 'documents:' followed by a list of documents",
    "no_documents_key": "the key 'documents:' is missing",
    "documents_not_list": "'documents' must be a list: each document starts with '- id: ...'",
    "document_not_mapping": "document {index} must be a set of 'key: value' lines",
    "missing_key": "document {index} has no '{key}'",
    "empty_value": "document {index}: '{key}' is empty",
    "wrong_type": "document {index}: '{key}' must be {expected}, not {actual}",
    "bad_id": "document {index}: id '{value}' may only contain latin letters, digits, '-' and '_'",
    "duplicate_id": "duplicate id '{value}' (first used in {first})",
    "unknown_key": "document {index}: unknown key '{key}' (known keys: {known})",
    "bad_date": "document {index}: date '{value}' must look like 2021-09-01",
    "bad_url": "document {index}: url '{value}' must start with http:// or https://",
    "empty_corpus": "the corpus has no documents",
    # Warnings (`eventqa check`): the corpus loads, but this is probably a mistake.
    "long_paragraph": "document '{id}', paragraph {paragraph} is one line of {chars} characters: "
                      "probably a folded '>' block or missing line breaks (one paragraph a line)",
    "ru_keyboard": "document '{id}', paragraph {paragraph} looks like Kazakh typed on a Russian "
                   "keyboard (no ә ғ қ ң ө ұ ү һ і): search will miss its words",
    "empty_title": "document '{id}': the title has no letters",
}
LONG_PARAGRAPH_CHARS = 1500  # the longest paragraph of a real news article is about 1100


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {MESSAGES[self.code].format(**self.params)}"


class CorpusError(Exception):
    """The corpus cannot be used; `problems` lists every reason, each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    files: tuple[Path, ...]

    def fingerprint(self) -> str:
        """A hash of what matters for search: changes to comments or layout do not count."""
        h = hashlib.sha256()
        for d in self.documents:
            for part in (d.id, d.title, d.date or "", d.url or "", *d.paragraphs):
                h.update(part.encode("utf-8"))
                h.update(b"\0")
            h.update(b"\1")
        return h.hexdigest()


def corpus_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.iterdir()
            if p.suffix.lower() in CORPUS_SUFFIXES and p.is_file() and not p.name.startswith(".")
        )
    return [path]


def load_corpus(path: Path) -> Corpus:
    """Load a corpus file or a folder of them; raise CorpusError listing every problem."""
    path = Path(path)
    if not path.exists():
        raise CorpusError([Problem(str(path), "not_found", params={"path": path})])
    files = corpus_files(path)
    if not files:
        raise CorpusError([Problem(str(path), "no_files", params={"path": path})])
    problems: list[Problem] = []
    documents: list[Document] = []
    first_seen: dict[str, str] = {}
    for file in files:
        for doc in _load_file(file, problems):
            if doc.id in first_seen:
                problems.append(Problem(str(file), "duplicate_id", doc.line, None,
                                        {"value": doc.id, "first": first_seen[doc.id]}))
                continue
            first_seen[doc.id] = f"{file}:{doc.line}"
            documents.append(doc)
    if not problems and not documents:
        problems.append(Problem(str(path), "empty_corpus"))
    if problems:
        raise CorpusError(problems)
    return Corpus(tuple(documents), tuple(files))


def _load_file(path: Path, problems: list[Problem]) -> list[Document]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, "unreadable", params={"error": exc.strerror or exc}))
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, "not_utf8", line, None, {"offset": exc.start}))
        return []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        problems.append(Problem(name, "yaml_syntax", mark.line + 1 if mark else None,
                                mark.column + 1 if mark else None, {"problem": problem}))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(name, "yaml_syntax", params={"problem": str(exc)}))
        return []
    except RecursionError:  # PyYAML composes nested lists recursively: "[[[[…" a few 1000 deep
        problems.append(Problem(name, "yaml_syntax", params={"problem": "nested too deeply"}))
        return []
    if root is None:
        return []  # an empty file adds nothing; an empty corpus as a whole is reported later
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(name, "not_mapping", _line(root)))
        return []
    top = {_scalar(k): v for k, v in root.value}
    if "documents" not in top:
        problems.append(Problem(name, "no_documents_key", _line(root)))
        return []
    docs_node = top["documents"]
    if _is_null(docs_node):
        return []
    if not isinstance(docs_node, yaml.SequenceNode):
        problems.append(Problem(name, "documents_not_list", _line(docs_node)))
        return []
    documents = []
    for index, node in enumerate(docs_node.value, start=1):
        doc = _document(name, index, node, problems)
        if doc is not None:
            documents.append(doc)
    return documents


def _document(name: str, index: int, node: yaml.Node, problems: list[Problem]) -> Document | None:
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(name, "document_not_mapping", line, None, {"index": index}))
        return None
    before = len(problems)
    fields: dict[str, tuple[Any, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        if key not in KNOWN_KEYS:
            problems.append(Problem(name, "unknown_key", _line(key_node), None,
                                    {"index": index, "key": key, "known": ", ".join(KNOWN_KEYS)}))
            continue
        fields[key] = (_construct(name, value_node, problems), value_node)
    for key in REQUIRED_KEYS:
        if key not in fields:
            problems.append(Problem(name, "missing_key", line, None, {"index": index, "key": key}))
    values: dict[str, Any] = {}
    for key, (value, value_node) in fields.items():
        if value is _UNREADABLE:
            continue
        vline = _line(value_node)
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in REQUIRED_KEYS:
                problems.append(Problem(name, "empty_value", vline, None,
                                        {"index": index, "key": key}))
            continue
        if key == "date" and isinstance(value, dt.date):
            value = value.isoformat()[:10]
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # "id: 2021" is an obvious id, not a number
        if not isinstance(value, str):
            problems.append(Problem(name, "wrong_type", vline, None, {
                "index": index, "key": key, "expected": "text",
                "actual": _type_name(value)}))
            continue
        values[key] = value.strip()
    if "id" in values and not ID_RE.match(values["id"]):
        problems.append(Problem(name, "bad_id", _line(fields["id"][1]), None,
                                {"index": index, "value": values["id"]}))
    if "date" in values and not _valid_date(values["date"]):
        problems.append(Problem(name, "bad_date", _line(fields["date"][1]), None,
                                {"index": index, "value": values["date"]}))
    if "url" in values and not re.match(r"^https?://\S+$", values["url"]):
        problems.append(Problem(name, "bad_url", _line(fields["url"][1]), None,
                                {"index": index, "value": values["url"]}))
    paragraphs = tuple(p for p in (" ".join(x.split()) for x in values.get("text", "").splitlines())
                       if p)
    if "text" in values and not paragraphs:
        problems.append(Problem(name, "empty_value", _line(fields["text"][1]), None,
                                {"index": index, "key": "text"}))
    if len(problems) > before:
        return None
    return Document(id=values["id"], title=" ".join(values["title"].split()),
                    paragraphs=paragraphs, source=name, line=line or 0,
                    date=values.get("date"), url=values.get("url"))


_UNREADABLE = object()  # a value YAML cannot construct; its problem is recorded already


def _construct(name: str, node: yaml.Node, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return yaml.SafeLoader("").construct_object(node, deep=True)
        except Exception as exc:  # PyYAML's constructors fail in many ways (IndexError: "!!int")
            implicit = yaml.SafeLoader("").resolve(yaml.ScalarNode, node.value, (True, False))
            if node.tag == implicit:
                # A plain value that only looks like a date or a number ("2021-13-45") is
                # text, so that the field's own check says what is wrong with it.
                return node.value
            problem = getattr(exc, "problem", None) or f"cannot read {node.value!r} as {node.tag}"
            mark = node.start_mark
            problems.append(Problem(name, "yaml_syntax", mark.line + 1, mark.column + 1,
                                    {"problem": problem}))
            return _UNREADABLE
    if isinstance(node, yaml.SequenceNode):
        return []
    return {}


def _scalar(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _line(node: yaml.Node) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def warnings(corpus: Corpus) -> list[Problem]:
    """Likely mistakes in a corpus that loads: a paragraph that is one huge line, Kazakh typed on
    a Russian keyboard, a title without letters. Each names the file and the line."""
    found: list[Problem] = []
    for file in corpus.files:
        lines = _text_lines(file)
        for doc in (d for d in corpus.documents if d.source == str(file)):
            if not any(ch.isalpha() for ch in doc.title):  # "123" or "«…»" is no title
                found.append(Problem(doc.source, "empty_title", lines.title.get(doc.line),
                                     params={"id": doc.id}))
            starts = _paragraph_lines(doc, lines)
            for number, (paragraph, line) in enumerate(zip(doc.paragraphs, starts, strict=True),
                                                       start=1):
                params = {"id": doc.id, "paragraph": number}
                if len(paragraph) > LONG_PARAGRAPH_CHARS:
                    found.append(Problem(doc.source, "long_paragraph", line, None,
                                         {**params, "chars": len(paragraph)}))
                if detect_lang(paragraph) == "kk-ru-keys":
                    found.append(Problem(doc.source, "ru_keyboard", line, None, params))
    return found


@dataclass
class _FileLines:
    """Where each document's title and text start in one file, by the document's line."""

    lines: list[str]
    title: dict[int, int]
    text: dict[int, tuple[int, str]]  # document line -> (0-based line of the text node, style)


def _text_lines(path: Path) -> _FileLines:
    text = path.read_bytes().decode("utf-8-sig")
    found = _FileLines(text.splitlines(), {}, {})
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    docs = {_scalar(k): v for k, v in root.value}.get("documents") \
        if isinstance(root, yaml.MappingNode) else None
    for node in docs.value if isinstance(docs, yaml.SequenceNode) else ():
        for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
            if _scalar(key) == "title":
                found.title[_line(node) or 0] = _line(value) or 0
            elif _scalar(key) == "text":
                found.text[_line(node) or 0] = (value.start_mark.line,
                                                getattr(value, "style", None) or "")
    return found


def _paragraph_lines(doc: Document, lines: _FileLines) -> list[int | None]:
    """The 1-based file line where each paragraph of `doc` starts."""
    if doc.line not in lines.text:
        return [None] * len(doc.paragraphs)
    node_line, style = lines.text[doc.line]
    starts: list[int | None] = []
    cursor = node_line + 1 if style == "|" else node_line
    for paragraph in doc.paragraphs:
        at = None
        # A literal block keeps the file's lines; in any other style a paragraph is found by
        # the text it starts with (a folded line is a prefix of the joined paragraph).
        for i in range(cursor, len(lines.lines)):
            shown = " ".join(lines.lines[i].split()).lstrip("'\"")
            if style != "|" and i == node_line:
                shown = shown.split(":", 1)[-1].strip().lstrip(">|-+0123456789 '\"")
            if shown and paragraph.startswith(shown[:40]):
                at = i
                break
        starts.append(at + 1 if at is not None else node_line + 1)
        if at is not None:
            cursor = at + 1
    return starts
