"""Corpus loading and validation: every bad edit gets one clear message naming file and line."""

from pathlib import Path

import pytest

from bot import plain
from retrieval.corpus import CorpusError, load_corpus

GOOD = """\
documents:
  - id: un-geneva-2021
    title: "Елбасы кітапханасы мен БҰҰ"
    date: 2021-09-01
    url: https://example.org/news/1
    text: |
      Бірінші абзац. Екінші сөйлем.

      Екінші абзац.
  - id: second_doc
    title: Екінші құжат
    text: Бір жолдық мәтін.
"""


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list:
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    return info.value.problems


def test_the_documented_shape_loads(tmp_path):
    corpus = load_corpus(write(tmp_path, GOOD))
    first, second = corpus.documents
    assert first.id == "un-geneva-2021" and first.date == "2021-09-01"
    assert first.url == "https://example.org/news/1"
    assert first.paragraphs == ("Бірінші абзац. Екінші сөйлем.", "Екінші абзац.")
    assert first.line == 2
    assert second.paragraphs == ("Бір жолдық мәтін.",) and second.date is None


def test_the_shipped_corpus_loads():
    corpus = load_corpus(Path(__file__).parents[1] / "corpus")
    assert [d.id for d in corpus.documents] == ["un-geneva-2021"]
    assert len(corpus.documents[0].paragraphs) == 7


def test_a_folder_of_files_and_duplicate_ids_across_files(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, "documents:\n  - id: third\n    title: Т\n    text: Мәтін.\n", "b.yml")
    write(tmp_path, "не корпус", "notes.txt")
    assert [d.id for d in load_corpus(tmp_path).documents] == [
        "un-geneva-2021", "second_doc", "third"]
    write(tmp_path, "documents:\n  - id: second_doc\n    title: Т\n    text: Мәтін.\n", "c.yaml")
    (p,) = problems(tmp_path)
    assert p.code == "duplicate_id" and p.path.endswith("c.yaml") and p.line == 2
    assert "a.yaml:10" in str(p)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    path = write(tmp_path, GOOD.replace('title: "Елбасы кітапханасы мен БҰҰ"',
                                        'title: "Елбасы кітапханасы мен БҰҰ'))
    (p,) = problems(path)
    assert p.code == "yaml_syntax" and p.line is not None and p.column is not None
    message = plain.problem(p)
    assert message.startswith(f"{path}:{p.line}:{p.column}: YAML жазылуында қате")


@pytest.mark.parametrize("edit, code, line", [
    (("    title: Екінші құжат\n", ""), "missing_key", 10),
    (("    text: Бір жолдық мәтін.\n", "    text: ''\n"), "empty_value", 12),
    (("    text: Бір жолдық мәтін.\n", "    text: |\n\n\n"), "empty_value", 12),
    (("  - id: second_doc\n", "  - id: 'екінші құжат'\n"), "bad_id", 10),
    (("    title: Екінші құжат\n", "    title: [a, b]\n"), "wrong_type", 11),
    (("    title: Екінші құжат\n", "    title: 2021\n"), "wrong_type", 11),
    (("    date: 2021-09-01\n", "    date: 1 қыркүйек\n"), "bad_date", 4),
    (("    url: https://example.org/news/1\n", "    url: example.org\n"), "bad_url", 5),
    (("    title: Екінші құжат\n", "    titel: Екінші құжат\n"), "unknown_key", 11),
    (("  - id: second_doc\n    title: Екінші құжат\n    text: Бір жолдық мәтін.\n",
      "  - just a string\n"), "document_not_mapping", 10),
    (("  - id: second_doc\n", "  - id: un-geneva-2021\n"), "duplicate_id", 10),
])
def test_each_bad_edit_gives_one_clear_message(tmp_path, edit, code, line):
    old, new = edit
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    found = problems(path)
    assert [(p.code, p.line) for p in found][:1] == [(code, line)]
    text = plain.problem(found[0])
    assert text.startswith(f"{path}:{line}") and "—" in text and "Traceback" not in text


@pytest.mark.parametrize("text, code", [
    ("", "empty_corpus"),
    ("documents: []\n", "empty_corpus"),
    ("documents:\n", "empty_corpus"),
    ("- id: a\n", "not_mapping"),
    ("docs:\n  - id: a\n", "no_documents_key"),
    ("documents: some text\n", "documents_not_list"),
])
def test_wrong_overall_shape(tmp_path, text, code):
    (p,) = problems(write(tmp_path, text))
    assert p.code == code


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace("Екінші абзац".encode(),
                                                  "Екінші абзац".encode("cp1251")))
    (p,) = problems(path)
    assert p.code == "not_utf8" and p.line == 9


def test_missing_corpus_and_empty_folder(tmp_path):
    assert problems(tmp_path / "nope.yaml")[0].code == "not_found"
    assert problems(tmp_path)[0].code == "no_files"


def test_fingerprint_ignores_comments_but_not_text(tmp_path):
    a = load_corpus(write(tmp_path, GOOD)).fingerprint()
    b = load_corpus(write(tmp_path, "# түсініктеме\n" + GOOD)).fingerprint()
    c = load_corpus(write(tmp_path, GOOD.replace("Екінші абзац.", "Өзгерген абзац."))).fingerprint()
    assert a == b != c
