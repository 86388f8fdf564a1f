"""The corpus-changing code the bot and `eventqa add / rollback` share, on real files: a plain
article as a document, what a change adds / changes / removes, history, and atomic apply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import texts
from bot.staff import article
from bot.staff.corpusedit import CorpusEditor, EditError, StaleChange, render_preview
from retrieval.config import load_config
from retrieval.corpus import load_corpus
from tests.conftest import PROJECT


@pytest.fixture
def editor(tmp_path) -> CorpusEditor:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "un-geneva-2021.yaml", corpus)
    config = load_config(env={})
    config.corpus = corpus
    config.staff.history_dir = tmp_path / "history"
    config.staff.history_keep = 3
    return CorpusEditor(config)


# -- a plain-text article --------------------------------------------------------------------
def test_an_article_becomes_a_document_staff_could_have_written(tmp_path):
    text = ("\ufeffDate: 2023-05-17\r\nurl: https://example.kz/a\r\n\r\n"
            "# Кітапхана: жаңа \"көрме\"\r\n\r\nБірінші абзац\r\nжалғасы.\r\n\r\n\r\n"
            "- Екінші абзац.\r\n").encode()
    doc = article.parse(text, "maqala.md", taken={"kitapkhana-zhana-korme"})
    assert doc.title == 'Кітапхана: жаңа "көрме"'
    assert doc.paragraphs == ("Бірінші абзац жалғасы.", "Екінші абзац.")
    assert (doc.date, doc.url) == ("2023-05-17", "https://example.kz/a")
    assert doc.id == "kitapkhana-zhana-korme-2"  # from the title, unique
    (tmp_path / "c.yaml").write_text(doc.to_yaml(), encoding="utf-8")
    [loaded] = load_corpus(tmp_path / "c.yaml").documents  # the YAML says exactly that
    assert (loaded.id, loaded.title, loaded.paragraphs, loaded.date, loaded.url) == \
        (doc.id, doc.title, doc.paragraphs, doc.date, doc.url)


def test_an_article_title_from_the_caption_and_an_id_from_the_file_name():
    doc = article.parse("Бірінші абзац.\n".encode(), "2024 news.txt", title="  «…»  ")
    assert doc.title == "«…»" and doc.paragraphs == ("Бірінші абзац.",)
    assert doc.id == "2024-news"  # the title has no letters to make an id from
    assert article.slug("Әл-Фараби атындағы ҚазҰУ, 2024!") == "al-farabi-atyndagy-kazuu-2024"
    assert article.slug("Qazaqstan Respublikasynyñ Tūñğyş Prezidentı") == \
        "qazaqstan-respublikasynyn-tungys-prezidenti"


@pytest.mark.parametrize("data, words", [
    ("Тек атауы\n", "мақалада атау не мәтін жоқ"),
    ("date: 17.05.2023\nАтауы\n\nМәтін.\n", "a.txt:1: '17.05.2023' күні 2021-09-01"),
    ("url: www.kz\nАтауы\n\nМәтін.\n", "a.txt:1: 'www.kz' сілтемесі"),
    ("id: жаңа құжат\nАтауы\n\nМәтін.\n", "a.txt:1: 'жаңа құжат' id-інде"),
])
def test_a_bad_article_is_refused_naming_the_line(data, words):
    with pytest.raises(article.ArticleError) as failed:
        article.parse(data.encode(), "a.txt")
    assert words in str(failed.value) and " — " in str(failed.value)


def test_an_article_not_in_utf8_names_the_line():
    with pytest.raises(article.ArticleError) as failed:
        article.parse("Атауы\n\nМәтін.\n".encode("cp1251", errors="replace"), "a.txt")
    assert str(failed.value).startswith("a.txt:1: файл UTF-8 мәтіні емес")


# -- proposals, apply, history -----------------------------------------------------------------
def test_a_changed_file_is_previewed_by_paragraph_and_applied_with_history(editor):
    [(name, data)] = editor.current_files().items()
    docs = yaml.safe_load(data)
    doc = docs["documents"][0]
    lines = doc["text"].splitlines()
    doc["text"] = "\n".join([lines[0] + " Өзгертілді.", *lines[1:-1], "Жаңа абзац."]) + "\n"
    change = editor.propose_upload(name, yaml.safe_dump(docs, allow_unicode=True).encode())
    [doc_change] = change.documents
    assert (doc_change.status, doc_change.added, doc_change.changed, doc_change.removed) == \
        ("changed", 0, 2, 0)
    assert "~ өзгереді: un-geneva-2021 «" in render_preview(change, "H")
    version = editor.apply(change)
    assert version.files == {name: data}
    assert editor.current_files()[name] != data
    with pytest.raises(StaleChange):  # the same change again: proposed on the old corpus
        editor.apply(change)


def test_history_keeps_the_newest_versions_only(editor, tmp_path):
    for i in range(5):
        text = f"Атауы {i}\n\nМәтін {i}.\n".encode()
        editor.apply(editor.propose_upload(f"m{i}.txt", text))
    versions = editor.history.versions()
    assert len(versions) == 3  # staff.history_keep
    assert [len(v.files) for v in versions] == [5, 4, 3]  # newest first
    change, version = editor.propose_rollback(3)
    assert [d.status for d in change.documents] == ["removed"] * 3  # m2, m3, m4
    with pytest.raises(EditError) as failed:
        editor.propose_rollback(4)
    assert str(failed.value) == texts.ROLLBACK_NO_SUCH.format(n=4)
    assert not list(Path(editor.corpus).glob(".*"))  # no temporary files left behind


def test_files_that_are_not_corpus_or_articles_are_refused(editor):
    with pytest.raises(EditError) as failed:
        editor.propose_upload("notes.pdf", b"%PDF")
    assert str(failed.value) == texts.UPLOAD_WRONG_TYPE
    change = editor.propose_upload("../../etc/evil.yaml", b"documents:\n")
    assert change.file == "evil.yaml"  # stays inside the corpus folder
