"""Hybrid search: a dense channel (multilingual-e5 + FAISS) fused with Kazakh BM25.

The dense channel reads the question as typed (the multilingual encoder copes with Russian and
English) and, when query repair changed it, the repaired form too; the lexical channel reads the
repaired, folded and stemmed terms. Scores are min-max normalised over the candidates of each
channel and mixed with a weight; a channel that has nothing to say (an English question has no
Kazakh terms) drops out instead of dragging the other down.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval import crosslingual, kazakh, qtype, synonyms, wordvectors
from retrieval.config import SearchConfig
from retrieval.encoder import Encoder
from retrieval.index import Index
from retrieval.lexical import BM25
from retrieval.types import SearchHit

_NAME = re.compile(r"[^\W\d_]+")
TOP_PARAGRAPHS = 10  # the sentences of this many best paragraphs are always candidates
# A Russian/English word's corpus translation by word vectors (Query.with_nearest_words): the
# nearest word at this cosine or more (0.90: 2 answers fewer). One word, not three: each term
# counts in coverage, and "ярмарке" took "мұрағат" as well as "жәрмеңке" (3 answers more on 20
# documents, but a fair's question refused).
NEAREST_WORDS = 1
NEAREST_COSINE = 0.88
LOANWORD_SIMILARITY = 0.8
# A paragraph's rank in search results: its best passage's fused score (which already holds
# paragraph_weight x the paragraph's) + this x the paragraph's score once more. KazQAD source
# passages, MRR@10 / R@10: 0.723 / 0.855 at 0, 0.761 / 0.893 at 1.5, 0.770 / 0.903 at 4 and
# 10; our sets' paragraph MRR within 0.02 either way.
PARAGRAPH_RANK_WEIGHT = 4.0
# A paragraph's dense score: this share from its own vector (the whole paragraph after its
# document's title), the rest from its best passage's. 0 -> 0.5: KazQAD MRR@10 0.774 -> 0.785,
# R@10 0.904 -> 0.908; nine blind article sets' mean MRR 0.783 -> 0.799; 0.25 gained less.
PARAGRAPH_VECTOR_SHARE = 0.5
# BM25 also counts the words the question's words have as synonyms (config/synonyms.yaml), at
# this share of a word's own weight: "Көрмені қашанға дейін көруге болады?" finds "Экспозиция
# ... дейін жұмыс істейді". 0.5 on the 69 article sets with the first article: 3 answers more,
# 1 near miss fewer refused; KazQAD unchanged.
SYNONYM_WEIGHT = 0.5
# Russian/English questions: + this x (min-max) how well a paragraph holds the question's words
# by word vectors, before the fusion with BM25 (so scaled by the dense weight, as the dense
# channel is). 0 -> 0.3 on the nine blind article sets: mean MRR 0.799 -> 0.809, answers +2 of
# 1,306 and refusals -2 (0.6: +3 answers, -3 refusals).
PARAGRAPH_WORD_MATCH_WEIGHT = 0.3
# A Russian/English question's lexical channel weighs at most this share of a Kazakh one's:
# the glossary was written for the first article, and the words it translates into find that
# article's sentences before a newer document's ("attended" -> "қатысуымен"). 1 -> 0.5: 13
# more of the 15 tuning article sets' 1,800 questions right (answers and refusals, on two- and
# eighteen-document corpora), one fewer of the 766 older questions; 0.25 and 0 lost on both.
FOREIGN_LEXICAL_SHARE = 0.5


# International first parts of Kazakh compounds (folded): "фотокөрме", "аудиокітап".
_PREFIXED = re.compile(r"(?:фото|аудио|бейне|видео|теле|радио|електрон|кино|медиа)(\w{3,})")


@dataclass
class Query:
    """A question prepared for both channels."""

    original: str
    repaired: str
    lang: str
    terms: list[str]
    # Russian/English questions: (word, Kazakh terms) per content word (crosslingual)
    translations: list[tuple[str, list[str]]] = field(default_factory=list)
    loanwords: frozenset[str] = frozenset()  # words of `translations` found by their spelling

    @classmethod
    def parse(cls, text: str) -> Query:
        original = kazakh.normalize(text)
        lang = kazakh.detect_lang(original)
        repaired = kazakh.fix_lookalikes(original)
        if lang == "kk-latn":
            repaired = kazakh.latin_to_cyrillic(repaired)
        translations = crosslingual.translate(original, lang)
        terms = kazakh.lexical_terms(original)
        if translations:
            # A Russian/English question's own words are no Kazakh terms: they would only dilute
            # its coverage. Numbers are kept; names come back through their translations.
            terms = [t for t in terms if t.isdigit()]
        terms += [t for _, kk in translations for t in kk if t not in terms]
        return cls(original, repaired, lang, terms, translations)

    def with_compounds_split(self, lexical: BM25) -> Query:
        """Kazakh questions: a compound of an international first part that the corpus never
        uses is asked as its second part, which the corpus uses: "фотокөрме" as "көрме",
        "аудиокітап" as "кітап", "бейнеертегі" as "ертегі"."""
        terms = [m.group(1) if not lexical.knows(t) and (m := _PREFIXED.fullmatch(t))
                 and lexical.knows(m.group(1)) else t for t in self.terms]
        if terms == self.terms:
            return self
        return replace(self, terms=list(dict.fromkeys(terms)))

    def with_names_spelt_as(self, lexical: BM25) -> Query:
        """Russian/English questions: a capitalised word with no counterpart in the corpus
        takes the corpus term it most resembles, if any is close: "Tokayev" transliterates as
        "токайев" where the text has "Тоқаев", "Pisano" as "писано" for "Пизано"."""
        names = {w.lower() for w in _NAME.findall(self.original) if w[0].isupper()}
        changed = False
        translations = []
        for word, terms in self.translations:
            if word in names and terms and not any(lexical.knows(t) for t in terms):
                close = [lexical.closest(t) for t in terms]
                if all(close):
                    terms, changed = [c for c in close if c], True
            translations.append((word, terms))
        if not changed:
            return self
        return self._with(translations)

    def with_nearest_words(self, lexical: BM25, words: wordvectors.WordVectors,
                           vectors: dict[str, np.ndarray]) -> Query:
        """Russian/English questions: a word the glossary lacks, and the corpus does not use
        as it is, takes the corpus's words nearest to it (`vectors`: each question word
        embedded) as its terms: "exhibition" -> "экспозиция", "children" -> "балалар". A
        translation table the corpus makes for itself, for a document added after the glossary
        was written (with FOREIGN_PASSAGE_WEIGHT 0.4: 9 more of the article sets' questions
        right on 20 documents, 6 with the first article only; KazQAD unchanged)."""
        changed = False
        translations = []
        loanwords = set()
        for word, terms in self.translations:
            vector = vectors.get(word)
            if (self.lang == "ru" and crosslingual.in_glossary(word, self.lang)
                    and not any(lexical.knows(t) for t in terms)):
                # The glossary's word the text never uses, the text may say as Russian does
                # ("тренеров": the glossary's "жаттықтырушы", the text's "тренер").
                # Its own stem, not one spelt near it ("погода" is no "полигон").
                near = [c for t in kazakh.lexical_terms(word)
                        if (c := lexical.resolve(crosslingual.RU_ENDING.sub("", t)))]
                if near:
                    loanwords.add(word)
                    terms, changed = list(dict.fromkeys(terms + near)), True
            elif (vector is not None and not crosslingual.in_glossary(word, self.lang)
                    and not any(lexical.knows(t) for t in terms)):
                # The general dictionary's words the corpus uses (config/dictionary.yaml: a
                # boost, never a gate), else a Russian loanword Kazakh spells its own way
                # ("номер" is "нөмір"; a loanword counts what it names), before the nearest by
                # meaning, which is looser ("номеров" -> "есім"; "регионов" -> "республика"
                # where the dictionary gives "өңір"). The dictionary's word goes first: the
                # text's word spelt most like "снимков" is "сынық" (broken), not "сурет".
                dictionary = crosslingual.dictionary_terms(word, self.lang)
                near = [t for t in dictionary if _uses_itself(lexical, t)]
                spelt = [c for t in terms if self.lang == "ru"
                         and (c := lexical.closest(crosslingual.RU_ENDING.sub("", t),
                                                   LOANWORD_SIMILARITY))]
                if spelt and (not near or set(spelt) <= set(near)):
                    loanwords.add(word)  # the word the text counts with ("нөмірі")
                    near = near or spelt
                if not near and dictionary and all(_spelt_alike(word, t) for t in dictionary):
                    # Kazakh spells it as Russian/English do ("медалей", "medals": "медаль"):
                    # a text that never uses it does not tell of it, by any nearer word, and
                    # counts none of it.
                    loanwords.add(word)
                    translations.append((word, dictionary))
                    changed = True
                    continue
                near = near or [t for w in words.nearest(vector, NEAREST_WORDS, NEAREST_COSINE)
                                for t in kazakh.lexical_terms(w)]
                if near:
                    terms, changed = list(dict.fromkeys(near)), True
            translations.append((word, terms))
        if not changed:
            return self
        return replace(self._with(translations), loanwords=frozenset(loanwords))

    def _with(self, translations: list[tuple[str, list[str]]]) -> Query:
        terms = [t for t in self.terms if t.isdigit()]
        terms += [t for _, kk in translations for t in kk if t not in terms]
        return replace(self, terms=terms, translations=translations)


@dataclass
class Scored:
    """All candidate passages of one query with their channel scores (internal to the engine)."""

    query: Query
    query_vectors: np.ndarray  # (1 or 2, dim)
    candidates: np.ndarray  # passage numbers
    dense: np.ndarray  # best cosine per candidate
    lexical: np.ndarray  # raw BM25 per candidate
    fused: np.ndarray  # the candidate's own fused score + paragraph_weight x its paragraph's
    paragraph: np.ndarray  # every paragraph's score (see Searcher._paragraph)
    gap: float  # best passage cosine minus the mean over all passages (refusal evidence)
    # Russian/English questions: a vector per content word, for wordvectors.WordVectors.match
    word_vectors: np.ndarray | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # A Kazakh "how many" question's counted word the corpus never uses: its vector, to find
    # the text's synonyms for it ("экспонат" asked, "жәдігер" written).
    counted_vector: np.ndarray | None = None


class Searcher:
    def __init__(self, index: Index, encoder: Encoder, config: SearchConfig):
        self.index = index
        self.encoder = encoder
        self.config = config
        vectors = index.embeddings[index.passage_rows]
        self._passage_vectors = vectors
        self._paragraph_vectors = index.embeddings[index.paragraph_rows]
        self._mean_vector = vectors.mean(axis=0) if len(vectors) else np.zeros(0, np.float32)
        self._paragraph_doc = np.empty(len(index.paragraph_rows), dtype=object)
        self._paragraph_doc[index.paragraph_of] = [p.doc_id for p in index.passages]
        self._spelling_table: dict[str, str] | None = None
        self._spelling_lock = threading.Lock()

    def _spelling(self) -> dict[str, str]:
        """The corpus's spellings, to put Kazakh letters back into Russian-keyboard and Latin
        questions (built on the first such question: a pass over the whole text)."""
        with self._spelling_lock:
            if self._spelling_table is None:
                self._spelling_table = kazakh.spelling_table(p.text for p in self.index.passages)
            return self._spelling_table

    def score(self, query: Query, follow_up: str | None = None) -> Scored:
        """Score the question's candidates. `follow_up`: the document the chat's last answer
        quoted; its paragraphs get `follow_up_bonus`, so "Кіру ақылы ма?" after a question
        about one exhibition stays with it when several documents have an exhibition."""
        t0 = time.perf_counter()
        if query.translations:
            query = query.with_names_spelt_as(self.index.lexical)
        texts = [query.original]
        repaired = query.repaired
        if query.lang in ("kk-ru-keys", "kk-latn"):
            repaired = kazakh.restore_letters(repaired, self._spelling(),
                                              every_word=query.lang == "kk-latn")
            if query.lang == "kk-latn":
                # The rules read a Latin question as the text spells its words ("меңерушісі"
                # guessed from "mengerushisi" is "меңгерушісі"), not as transliterated.
                # Its terms too: "qalangan" is "қаланған", whose term is the text's "кала".
                query = replace(query, repaired=repaired,
                                terms=list(dict.fromkeys(kazakh.lexical_terms(repaired))))
        if not query.translations:
            query = query.with_compounds_split(self.index.lexical)
        if repaired != query.original:
            texts.append(repaired)
        qv = self.encoder.encode_queries(texts)
        words = wordvectors.question_words(query.translations)
        word_vectors = self.encoder.encode_queries(words) if words else None
        if word_vectors is not None and len(self.index.words):
            query = query.with_nearest_words(self.index.lexical, self.index.words,
                                             dict(zip(words, word_vectors, strict=True)))
        counted_vector = None
        if not query.translations and len(self.index.words):
            counted = qtype.counted_word(query.repaired)
            terms = kazakh.lexical_terms(counted) if counted else []
            # Not as a shared beginning: "экспонат" is no form of "экспозиция". A word spelt
            # close to the text's is that word mistyped ("payzy" read "пайзы" for "пайызы").
            # People are counted by their role already (qtype.satisfies).
            if terms and not qtype.counts_people(terms) and not any(
                    self.index.lexical.knows(t, prefix=len(t) + 1)
                    or self.index.lexical.closest(t, 0.8) for t in terms):
                # Folded, as counted_word gives it ("жадигер"): the word as the question writes
                # it found fewer (2 answers fewer of our sets: "экспонат", "биіктікте").
                counted_vector = self.encoder.encode_queries([counted])[0]
        t1 = time.perf_counter()
        n = len(self.index.passages)
        k = min(n, self.config.dense_candidates)
        best, ids = self.index.vectors.search(np.ascontiguousarray(qv, dtype=np.float32), k)
        t2 = time.perf_counter()
        alt = _synonym_terms(query.terms, self.index.lexical)
        lexical_all = _bm25(self.index.lexical, query.terms, alt) if query.terms else None
        cand = set(int(i) for i in ids.ravel() if i >= 0)
        if lexical_all is not None and lexical_all.max(initial=0.0) > 0:
            top = np.argpartition(-lexical_all, min(k, n) - 1)[:k]
            cand.update(int(i) for i in top if lexical_all[i] > 0)
        # Passage cosines over the whole index (one matrix product): a paragraph's dense score
        # is its best passage's, which a long paragraph's mean vector would blur.
        passage_dense = (self._passage_vectors @ qv.T).max(axis=1)
        w = self._dense_weight(query)
        word_match = (self.index.words.match_many(word_vectors, self.index.paragraph_words)
                      if word_vectors is not None else None)
        paragraph = self._paragraph(passage_dense, (self._paragraph_vectors @ qv.T).max(axis=1),
                                    query.terms, w, word_match, alt)
        if follow_up is not None and self.config.follow_up_bonus:
            paragraph = paragraph + self.config.follow_up_bonus * (self._paragraph_doc == follow_up)
        # The sentences of the best paragraphs are candidates too: the answer may be a sentence
        # that neither channel ranks high on its own.
        for g in np.argsort(-paragraph, kind="stable")[:TOP_PARAGRAPHS]:
            lo, hi = np.searchsorted(self.index.paragraph_of, [g, g + 1])
            cand.update(range(int(lo), int(hi)))
        t3 = time.perf_counter()
        candidates = np.array(sorted(cand), dtype=np.int64)
        dense = passage_dense[candidates]
        lexical = (lexical_all[candidates] if lexical_all is not None
                   else np.zeros(len(candidates), dtype=np.float32))
        fused = (_fuse(dense, lexical, w) + self.config.paragraph_weight
                 * paragraph[self.index.paragraph_of[candidates]])
        # The mean cosine over all passages is the cosine with their mean vector: no pass over
        # the whole matrix per question.
        gap = float(best[0, 0] - self._mean_vector @ qv[0]) if n else 0.0
        t4 = time.perf_counter()
        timings = {"encode_ms": (t1 - t0) * 1e3, "vector_ms": (t2 - t1) * 1e3,
                   "lexical_ms": (t3 - t2) * 1e3, "fusion_ms": (t4 - t3) * 1e3}
        return Scored(query, qv, candidates, dense, lexical, fused, paragraph, gap, word_vectors,
                      timings, counted_vector)

    def _dense_weight(self, query: Query) -> float:
        """The dense channel's fusion weight for this question. A Russian/English question's
        lexical terms are only as good as its words the text uses (through the glossary, a
        name or a shared loanword: "каталог"); the lexical channel weighs in proportion, at
        most FOREIGN_LEXICAL_SHARE of what it weighs for a Kazakh question. In proportion
        rather than fixed: on the five blind article sets, ru/en paragraph MRR 0.61 -> 0.71
        (en) and 0.71 -> 0.78 (ru), where the dense channel alone gets 0.62 / 0.74."""
        w = self.config.dense_weight
        if not query.translations:
            return w
        known = sum(any(self.index.lexical.knows(t) for t in terms)
                    for _, terms in query.translations)
        return 1 - (1 - w) * FOREIGN_LEXICAL_SHARE * known / len(query.translations)

    def _paragraph(self, passage_dense: np.ndarray, paragraph_dense: np.ndarray,
                   terms: list[str], w: float, word_match: np.ndarray | None = None,
                   alt: list[str] | None = None) -> np.ndarray:
        """Each paragraph's score, for its sentences and to rank whole paragraphs: its best
        passage's cosine and its own (the whole paragraph after its title), each min-max over
        all paragraphs (so that a flat dense channel weighs little), fused with BM25 over the
        paragraph with its document's title and BM25 over the title alone. On KazQAD (README,
        "Search") this ranks source passages at MRR@10 0.78 where each channel alone gets 0.41
        (dense) and 0.72 (BM25). A Russian/English question adds how well the paragraph holds
        its words by word vectors (`word_match`, see wordvectors)."""
        index = self.index
        n = len(paragraph_dense)
        dense = np.full(n, -1.0, dtype=np.float32)
        np.maximum.at(dense, index.paragraph_of, passage_dense)
        score = ((1 - PARAGRAPH_VECTOR_SHARE) * _minmax(dense)
                 + PARAGRAPH_VECTOR_SHARE * _minmax(paragraph_dense))
        if word_match is not None:
            score = score + PARAGRAPH_WORD_MATCH_WEIGHT * _minmax(word_match)
        lexical = _bm25(index.paragraph_lexical, terms, alt or []) if terms else None
        if lexical is None or lexical.max(initial=0.0) <= 0:
            return score
        title = index.title_lexical.scores(terms)
        score = w * score + (1 - w) * lexical / lexical.max()
        if title.max(initial=0.0) > 0:
            score += self.config.title_weight * title / title.max()
        return score

    def search(self, text: str, k: int | None = None) -> list[SearchHit]:
        return self.hits(self.score(Query.parse(text)), k or self.config.top_k)

    def hits(self, scored: Scored, k: int) -> list[SearchHit]:
        """The best paragraphs, each scored by its own score and its best candidate passage's:
        search ranks at two granularities and shows the larger one (a paragraph, cited as
        such), the answer then picks sentences inside the best of them."""
        groups = self.index.paragraph_of[scored.candidates]
        best: dict[int, int] = {}  # paragraph -> its best candidate
        for i in np.argsort(-scored.fused, kind="stable"):
            best.setdefault(int(groups[i]), int(i))
        score = {g: float(scored.fused[i]) + PARAGRAPH_RANK_WEIGHT * float(scored.paragraph[g])
                 for g, i in best.items()}
        order = sorted(score, key=lambda g: -score[g])[:k]
        return [
            SearchHit(rank=r, score=score[g], passage=self.index.paragraph_passage(g),
                      dense=float(scored.dense[best[g]]), lexical=float(scored.lexical[best[g]]))
            for r, g in enumerate(order, start=1)
        ]


def _synonym_terms(terms: list[str], lexical: BM25) -> list[str]:
    """The corpus's terms for synonyms of the question's terms (config/synonyms.yaml), other
    than the question's own."""
    out: list[str] = []
    for t in terms:
        for s in synonyms.of(lexical.resolve(t) or t):
            for u in kazakh.lexical_terms(s):
                if u not in terms and u not in out and lexical.knows(u, prefix=len(u) + 1):
                    out.append(u)
    return out


def _bm25(lexical: BM25, terms: list[str], alt: list[str]) -> np.ndarray:
    """BM25 of the question's terms, and of their synonyms' (`alt`) at SYNONYM_WEIGHT."""
    scores = lexical.scores(terms)
    if alt and SYNONYM_WEIGHT:
        scores = scores + SYNONYM_WEIGHT * lexical.scores(alt)
    return scores


def _fuse(dense: np.ndarray, lexical: np.ndarray, w: float) -> np.ndarray:
    d = _minmax(dense)
    if lexical.max(initial=0.0) <= 0:
        return d
    return w * d + (1 - w) * (lexical / lexical.max())


def _minmax(x: np.ndarray) -> np.ndarray:
    if len(x) == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-9:
        return np.ones_like(x)
    return (x - lo) / (hi - lo)


def _spelt_alike(word: str, term: str) -> bool:
    """Whether a Russian/English word and a Kazakh term are one loanword: alike in all but
    their endings ("медалей" / "медал", "medals" / "медал")."""
    own = kazakh.fold(crosslingual.RU_ENDING.sub("", word) if not word.isascii()
                      else kazakh.latin_to_cyrillic(word))
    same = len(os.path.commonprefix([own, term]))
    return same >= 4 and same >= min(len(own), len(term)) - 1


def _uses_itself(lexical: BM25, term: str) -> bool:
    """Whether the corpus uses the word, or a stem of it the stemmer left shorter, not only a
    longer word it begins: the dictionary's "халық" (population) is not "халықаралық"
    (international)."""
    found = lexical.resolve(term)
    return found is not None and len(found) <= len(term)
