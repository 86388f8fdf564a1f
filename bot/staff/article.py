"""A plain-text article (.txt / .md) as a corpus document: the YAML staff would have written.

The title is given (a Telegram caption, `eventqa add --title`), or a `title:` line at the top, or
the first line. Paragraphs are blocks of lines between blank lines. Optional lines at the very top
(`date: 2023-05-17`, `url: https://…`, `id: …`, `title: …`) set those fields. The id is made from
the title (Kazakh and Russian letters transliterated), else from the file name, and made unique.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from bot import texts
from retrieval.corpus import ID_RE

HEADER_RE = re.compile(r"^\s*(title|date|url|id)\s*:\s*(.*?)\s*$", re.IGNORECASE)
MD_MARKUP_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[*+-]\s+)")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufeff]")
MAX_ID_CHARS = 48

_LATIN = dict(zip(
    "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә",
    ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "k", "l", "m", "n", "n",
     "o", "o", "p", "r", "s", "t", "u", "u", "u", "f", "kh", "h", "ts", "ch", "sh", "shch", "",
     "y", "i", "", "e", "iu", "ia", "a"], strict=True))


class ArticleError(Exception):
    """The text cannot become a document; the message (Kazakh — English) names file and line."""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None
    url: str | None = None

    def to_yaml(self) -> str:
        """The document as a corpus file, in the shape of corpus/README.md."""
        lines = ["documents:", f"  - id: {self.id}", f"    title: {_quoted(self.title)}"]
        if self.date:
            lines.append(f"    date: {self.date}")
        if self.url:
            lines.append(f"    url: {_quoted(self.url)}")
        lines.append("    text: |")
        lines.extend(f"      {p}" for p in self.paragraphs)
        return "\n".join(lines) + "\n"


def parse(data: bytes, name: str, *, title: str | None = None, doc_id: str | None = None,
          date: str | None = None, url: str | None = None,
          taken: Collection[str] = ()) -> Article:
    """`data` (the file `name`) as an Article; explicit arguments win over lines in the text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(texts.ARTICLE_NOT_UTF8.format(where=f"{name}:{line}")) from None
    lines = CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    markdown = name.lower().endswith(".md")
    header: dict[str, tuple[str, int]] = {}
    start = 0
    while start < len(lines) and (not lines[start].strip() or HEADER_RE.match(lines[start])):
        found = HEADER_RE.match(lines[start])
        if found:
            header.setdefault(found.group(1).lower(), (found.group(2), start + 1))
        start += 1
    title = _clean(title) or _clean(header.get("title", ("", 0))[0])
    blocks = _blocks(lines[start:], markdown)
    if not title and blocks:  # the first line is the title; the rest of its block is text
        title = _clean(blocks[0].pop(0))
    paragraphs = tuple(p for p in (_clean(" ".join(b)) for b in blocks) if p)
    if not title or not paragraphs:
        raise ArticleError(texts.ARTICLE_EMPTY.format(where=name))
    date = _clean(date) or _clean(header.get("date", ("", 0))[0]) or None
    if date and not _valid_date(date):
        line = header["date"][1] if "date" in header else None
        raise ArticleError(texts.ARTICLE_BAD_DATE.format(where=_where(name, line), value=date))
    url = _clean(url) or _clean(header.get("url", ("", 0))[0]) or None
    if url and not re.match(r"^https?://\S+$", url):
        line = header["url"][1] if "url" in header else None
        raise ArticleError(texts.ARTICLE_BAD_URL.format(where=_where(name, line), value=url))
    wanted = _clean(doc_id) or _clean(header.get("id", ("", 0))[0])
    if wanted and not ID_RE.match(wanted):
        line = header["id"][1] if "id" in header else None
        raise ArticleError(texts.ARTICLE_BAD_ID.format(where=_where(name, line), value=wanted))
    if wanted and wanted in taken:
        raise ArticleError(texts.ARTICLE_ID_TAKEN.format(where=name, value=wanted))
    return Article(wanted or unique_id(title, name, taken), title, paragraphs, date, url)


def slug(text: str) -> str:
    """Latin letters, digits and '-': "Дала өркениеті 2024" -> "dala-orkenieti-2024"."""
    latin = "".join(_LATIN.get(ch, ch) for ch in text.lower().replace("ı", "i"))
    ascii_ = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()  # ä -> a
    words = re.findall(r"[a-z0-9]+", ascii_)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_ID_CHARS:
            break
        out = f"{out}-{word}" if out else word
    return out


def unique_id(title: str, name: str, taken: Collection[str]) -> str:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = slug(title) or slug(stem) or "kuzhat"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _blocks(lines: list[str], markdown: bool) -> list[list[str]]:
    """Runs of non-blank lines (Markdown heading, quote and list marks dropped)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        line = MD_MARKUP_RE.sub("", line) if markdown else line
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _where(name: str, line: int | None) -> str:
    return f"{name}:{line}" if line else name
