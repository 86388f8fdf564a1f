"""The engine: the one handle front ends hold. `Engine.load(config)` → `search()` / `answer()`."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import asdict

from retrieval import kazakh, qtype, refusal, smalltalk
from retrieval.answer import as_written, compose, rank_sentences
from retrieval.config import Config
from retrieval.corpus import Corpus, load_corpus
from retrieval.encoder import Encoder, encoder_for
from retrieval.index import BuildReport, Index, ensure_index, files_changed
from retrieval.search import Query, Searcher
from retrieval.types import Answer, AnswerKind, SearchHit

log = logging.getLogger(__name__)
_CONTENT = re.compile(r"[^\W_]", re.UNICODE)


class Engine:
    """Answers questions from one loaded index; `reload()` swaps in a new one atomically."""

    def __init__(self, config: Config, index: Index, encoder: Encoder | None,
                 report: BuildReport | None = None):
        self.config = config
        self._encoder = encoder
        self._searcher: Searcher | None = None
        self._index = index
        self.last_report = report
        self._lock = threading.Lock()

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def load(cls, config: Config, corpus: Corpus | None = None) -> Engine:
        """Validate the corpus, load or (re)build the index. Raises CorpusError on a bad corpus."""
        corpus = corpus if corpus is not None else load_corpus(config.corpus)
        holder: dict[str, Encoder] = {}

        def factory() -> Encoder:
            if "e" not in holder:
                holder["e"] = encoder_for(config.model, config.cache_dir)
            return holder["e"]

        index, report = ensure_index(config, corpus, factory)
        return cls(config, index, holder.get("e"), report)

    @staticmethod
    def refresh_index(config: Config, corpus: Corpus | None = None) -> tuple[Index, BuildReport]:
        """Bring the index on disk up to date (what `eventqa index` does); loads the model only
        when something has to be embedded."""
        corpus = corpus if corpus is not None else load_corpus(config.corpus)
        return ensure_index(config, corpus,
                            lambda: encoder_for(config.model, config.cache_dir))

    def reload(self) -> BuildReport:
        """Re-read the corpus and swap the new index in; on a bad corpus raise CorpusError and
        keep answering from the current index."""
        corpus = load_corpus(self.config.corpus)
        index, report = ensure_index(self.config, corpus, lambda: self.encoder,
                                     fallback=self._index)
        with self._lock:
            self._index, self._searcher = index, None
            self.last_report = report
        return report

    def ensure_loaded(self) -> BuildReport | None:
        """Self-heal, for a poll: if the index files this engine answers from were deleted,
        truncated or rewritten on disk, rebuild them and swap the result in. Meanwhile the index
        in memory, which is whole, keeps answering and lends its embeddings, so nothing is
        re-embedded. None when the files are as loaded; raises CorpusError like reload()."""
        with self._lock:
            index = self._index
        if not files_changed(index):
            return None
        log.warning("index files at %s were removed or changed on disk; rebuilding", index.path)
        corpus = load_corpus(self.config.corpus)
        fresh, report = ensure_index(self.config, corpus, lambda: self.encoder, fallback=index)
        with self._lock:
            if self._index is index:  # a reload meanwhile brought its own, newer index
                self._index, self._searcher = fresh, None
                self.last_report = report
        return report

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = encoder_for(self.config.model, self.config.cache_dir)
            log.debug("model %s loaded in %.2f s", self._encoder.model_id,
                     self._encoder.load_seconds)
        return self._encoder

    def load_model(self) -> float:
        """Load the encoder now unless it is loaded; the seconds that took (0.0 if it was)."""
        if self._encoder is not None:
            return 0.0
        return self.encoder.load_seconds

    @property
    def index(self) -> Index:
        return self._index

    def _current(self) -> tuple[Index, Searcher]:
        # One consistent (index, searcher) pair per question: a reload in between cannot mix them.
        with self._lock:
            if self._searcher is None or self._searcher.index is not self._index:
                self._searcher = Searcher(self._index, self.encoder, self.config.search)
            return self._index, self._searcher

    def warm_up(self) -> None:
        self.answer("Сәлеметсіз бе, кітапхана туралы айтыңызшы")
        self.answer("кітапхана")
        self.answer("Что известно о библиотеке?")  # the word-vector path of ru/en questions

    # -- asking ---------------------------------------------------------------------------------
    def search(self, text: str, k: int | None = None) -> list[SearchHit]:
        text, _ = self._prepare(text)
        text = smalltalk.without_courtesy(text)
        if not _CONTENT.search(text):
            return []
        _, searcher = self._current()
        return searcher.search(text, k)

    def answer(self, text: str, follow_up: str | None = None) -> Answer:
        """Answer one question. `follow_up`: the document id the same chat's last answer quoted
        (`Answer.document`), preferred in search (see Searcher.score)."""
        started = time.perf_counter()
        query_text, trimmed = self._prepare(text)
        text = query_text if trimmed else text
        if not _CONTENT.search(query_text):
            return Answer(text, AnswerKind.EMPTY, took_ms=_ms(started), trimmed=trimmed)
        kind = smalltalk.classify(query_text)
        if kind is not None:
            return Answer(text, AnswerKind.SMALLTALK, smalltalk=kind, took_ms=_ms(started),
                          query_lang=kazakh.detect_lang(query_text), trimmed=trimmed)
        started += self.load_model()  # the first question's time is its own, not the load's
        query_text = smalltalk.without_courtesy(query_text)
        index, searcher = self._current()
        scored = searcher.score(Query.parse(query_text), follow_up)
        t0 = time.perf_counter()
        ranked = rank_sentences(index, scored)
        best = ranked[0] if ranked else None
        evidence = refusal.Evidence(
            dense=best.dense if best else 0.0, gap=scored.gap,
            coverage=best.coverage if best else 0.0,
            unknown=len(refusal.unknown_words(index.lexical, scored.query.repaired,
                                              latin=scored.query.lang == "kk-latn")),
            foreign_unknown=refusal.not_understood(index.lexical, scored.query.original,
                                                   scored.query.translations, scored.query.lang),
            type_ok=best.type_ok if best else False, lang=scored.query.lang,
            conflict=best.conflict if best else False,
            off_topic=best.off_topic if best else False,
            people_count=refusal.counts_people(scored.query.original, scored.query.translations),
            name_unknown=refusal.name_unknown(
                index.lexical, scored.query.original if scored.query.translations
                else scored.query.repaired, scored.query.translations, scored.query.lang,
                index.acronyms),
            focus_unknown=refusal.focus_unknown(
                index.lexical, scored.query.original if scored.query.translations
                else scored.query.repaired, scored.query.translations, scored.query.lang))
        debug = {**scored.timings, **asdict(evidence)}
        if best is None or not refusal.should_answer(evidence):
            debug["compose_ms"] = (time.perf_counter() - t0) * 1e3
            return Answer(text, AnswerKind.NOT_FOUND, took_ms=_ms(started),
                          query_lang=scored.query.lang, trimmed=trimmed, debug=debug)
        quotes, citations = compose(index, ranked, self.config.answer,
                                    who_said=qtype.asks_who_said(scored.query.repaired),
                                    question=as_written(scored))
        debug["compose_ms"] = (time.perf_counter() - t0) * 1e3
        return Answer(text, AnswerKind.ANSWER, quotes, citations, took_ms=_ms(started),
                      query_lang=scored.query.lang, trimmed=trimmed,
                      document=index.passages[best.passage].doc_id, debug=debug)

    def _prepare(self, text: str) -> tuple[str, bool]:
        """The normalised question within the length limit, and whether it had to be cut. Cut
        before normalising (a huge message costs nothing) and after (NFKC can expand a single
        character such as "ﷺ" into 18)."""
        text, cut_raw = self._trim(text)
        text, cut_normalised = self._trim(kazakh.normalize(text))
        return text, cut_raw or cut_normalised

    def _trim(self, text: str) -> tuple[str, bool]:
        limit = self.config.answer.max_question_chars
        text = text or ""
        if len(text) <= limit:
            return text, False
        cut = text[:limit]
        # Cut at a word boundary so the encoder does not see half a word.
        space = cut.rfind(" ")
        return (cut[:space] if space > limit // 2 else cut), True


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1e3, 1)
