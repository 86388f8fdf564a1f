"""Documents into passages: one per paragraph, long paragraphs cut into windows of sentences."""

from __future__ import annotations

from collections.abc import Iterable

from retrieval.config import PassageConfig
from retrieval.sentences import split_sentences
from retrieval.types import Document, Passage


def split_document(doc: Document, config: PassageConfig) -> list[Passage]:
    passages: list[Passage] = []
    window = max(1, config.window_sentences)
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        sentences = split_sentences(paragraph)
        if len(paragraph) <= config.max_chars:
            groups = [(0, sentences)]
        else:
            groups = [(i, sentences[i:i + window]) for i in range(0, len(sentences), window)]
        for first, group in groups:
            passages.append(Passage(
                id=f"{doc.id}:p{number}:s{first + 1}",
                doc_id=doc.id,
                paragraph=number,
                sentences=tuple(group),
            ))
    return passages


def split_corpus(documents: Iterable[Document], config: PassageConfig) -> list[Passage]:
    return [p for doc in documents for p in split_document(doc, config)]
