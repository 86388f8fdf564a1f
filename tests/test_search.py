"""Search at two granularities: paragraphs (with their document's title) are ranked as well as
sentences; results are whole paragraphs, answers the sentence inside the best of them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from retrieval import qtype
from retrieval.engine import Engine
from retrieval.search import FOREIGN_LEXICAL_SHARE, Query
from retrieval.types import AnswerKind
from tests.conftest import make_config

ARTICLES = Path(__file__).parent / "data" / "articles"

FAIR = ("Шымкенттегі «Ұлы Дала» кітап жәрмеңкесі", [
    "Іс-шара «Ордабасы» орталығында үш күнге созылды. Оны облыстық мәдениет басқармасы "
    "ұйымдастырды. Биыл оған 14 елден 126 баспа қатысып, 40 мыңнан астам кітап ұсынды. "
    "Келушілер саны 8 мыңға жетті. Жас оқырмандарға арналған 20 шеберлік сабағы өтті. "
    "Соңғы күні үздік баспаларға марапат табысталды. Ұйымдастырушылар келесі жылы "
    "қатысушылар санын екі есе арттыруды жоспарлап отыр.",
    "Салтанатты ашылуда облыс әкімінің орынбасары Ерлан Жұмабаев сөз сөйледі."])
ARCHIVE = ("Алматыда мұрағат көрмесі ашылды", [
    "Орталық мұрағат 1936 жылы құрылған. Көрмеге 300 құжат қойылды, олардың арасында "
    "жәрмеңкелер туралы ескі хаттар да бар.",
    "Көрмені мұрағат директоры Айгүл Сейітова 2025 жылғы 14 наурызда ашты. Көрме 2025 жылғы "
    "30 маусымға дейін жұмыс істейді."])


def engine_over(folder, documents: list[tuple[str, str, str]]) -> Engine:
    """An engine over a corpus of (id, title, text) documents written into `folder`."""
    corpus = folder / "corpus.yaml"
    corpus.write_text(yaml.safe_dump({"documents": [
        {"id": i, "title": title, "text": text} for i, title, text in documents]},
        allow_unicode=True), encoding="utf-8")
    return Engine.load(make_config(folder / "index", corpus))


@pytest.fixture(scope="module")
def fair(tmp_path_factory):
    return engine_over(tmp_path_factory.mktemp("fair"), [
        (f"d{i}", title, "\n".join(paragraphs) + "\n")
        for i, (title, paragraphs) in enumerate([FAIR, ARCHIVE])])


def test_results_are_whole_paragraphs_ranked_with_their_title(fair):
    # The paragraph never says "жәрмеңке"; its title does, and the other document's text does.
    hits = fair.search("Жәрмеңкеге неше баспа қатысты?", 3)
    assert hits[0].passage.id == "d0:p1"
    assert hits[0].passage.text == FAIR[1][0]  # the whole paragraph, all its sentences
    assert len({h.passage.id for h in hits}) == len(hits)


def test_the_answer_is_the_sentence_inside_the_best_paragraph(fair):
    answer = fair.answer("Жәрмеңкеге неше баспа қатысты?")
    assert answer.answered, answer.debug
    assert answer.quotes[0].text == "Биыл оған 14 елден 126 баспа қатысып, 40 мыңнан астам " \
                                    "кітап ұсынды."
    assert answer.citations[0].doc_id == "d0" and answer.citations[0].paragraph == 1


def test_a_long_paragraph_is_found_by_words_spread_over_its_sentences(fair):
    # "мәдениет басқармасы", "шеберлік сабағы" and "марапат" are in three different sentences.
    hits = fair.search("мәдениет басқармасы шеберлік сабағы марапат", 1)
    assert hits[0].passage.id == "d0:p1"


@pytest.mark.parametrize("question", [
    "Сколько издательств участвовало в ярмарке?",
    "How many publishers took part in the fair?",
])
def test_russian_and_english_about_a_document_the_glossary_never_saw(fair, question):
    from retrieval import crosslingual

    # "ярмарка" / "fair" are in no glossary entry: the question is not refused for that.
    assert not crosslingual.in_glossary("ярмарке", "ru")
    assert not crosslingual.in_glossary("fair", "en")
    answer = fair.answer(question)
    assert answer.answered, answer.debug
    assert "126 баспа" in answer.quotes[0].text or "126 баспа" in " ".join(
        q.text for q in answer.quotes)


@pytest.fixture(scope="module")
def libraries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("libraries")
    (folder / "corpus").mkdir()
    for name in ("library-branch-aktobe-2025", "library-taraz-interview-2025"):
        shutil.copy(ARTICLES / f"{name}.yaml", folder / "corpus")
    return Engine.load(make_config(folder / "index", folder / "corpus"))


@pytest.mark.parametrize("question", ["How many visitors came on the first day?",
                                      "Сколько посетителей получили читательский билет в первый "
                                      "день?"])
def test_a_foreign_counted_word_is_found_by_its_nearest_words(libraries, question):
    # The glossary's "visit" is "бару"; the text counts "230 адам оқырман билетін алды". The
    # number answers because a word near "visitors" in the corpus's vocabulary follows it.
    answer = libraries.answer(question)
    assert answer.kind is AnswerKind.ANSWER, answer.debug
    assert "230 адам" in " ".join(q.text for q in answer.quotes)


@pytest.mark.parametrize("question", ["кто подрядчик строительства",
                                      "Who was the building contractor?"])
def test_a_foreign_question_finds_its_sentence_by_word_vectors(libraries, question,
                                                               monkeypatch):
    from retrieval import answer as answer_module
    from retrieval import crosslingual
    from retrieval import search as search_module

    # No glossary entry for "подрядчик" or "contractor": the sentence that names the
    # "мердігер" is chosen because each question word has its nearest words in the text.
    assert not crosslingual.in_glossary("подрядчик", "ru")
    assert not crosslingual.in_glossary("contractor", "en")
    words = libraries.index.words
    vectors = libraries.encoder.encode_queries(["contractor"])
    assert (words.match(vectors, "мердігер – «Ақтөбе Құрылыс Сервис» ЖШС")
            > words.match(vectors, "Оқу залында 120 орындық конференц-зал бар"))
    answer = libraries.answer(question)
    assert "Ақтөбе Құрылыс Сервис" in " ".join(q.text for q in answer.quotes), answer.quotes
    # Without the word match (of paragraphs and of sentences) another sentence wins: the
    # mechanism is what works.
    monkeypatch.setattr(answer_module, "SENTENCE_WORD_MATCH_WEIGHT", 0.0)
    monkeypatch.setattr(search_module, "PARAGRAPH_WORD_MATCH_WEIGHT", 0.0)
    monkeypatch.setattr(search_module, "NEAREST_COSINE", 2.0)  # nor the nearest words as terms
    # nor the answer type ("кто": a name), which alone also finds the contractor's sentence
    monkeypatch.setattr(answer_module, "_names_someone", lambda *args, **kwargs: True)
    # nor the other document's best answer, quoted after the best one's (here: the contractor)
    monkeypatch.setattr(answer_module, "OTHER_DOCUMENT_MARGIN", -1.0)
    # nor the general dictionary ("строительства": "құрылыс", in the contractor's name)
    monkeypatch.setattr(crosslingual, "dictionary_terms", lambda word, lang: [])
    # nor reading "Құрылыс жұмыстары ..." with the sentence before, which names the building
    monkeypatch.setattr(qtype, "takes_up_title", lambda previous, sentence: False)
    again = libraries.answer(question)
    assert "Ақтөбе Құрылыс Сервис" not in " ".join(q.text for q in again.quotes)


def test_word_match_of_every_paragraph_at_once_equals_one_by_one(libraries):
    index = libraries.index
    vectors = libraries.encoder.encode_queries(["contractor", "library"])
    many = index.words.match_many(vectors, index.paragraph_words)
    assert len(many) == int(index.paragraph_of[-1]) + 1
    for group, value in enumerate(many):
        text = index.paragraph_passage(group).text
        assert value == pytest.approx(index.words.match(vectors, text), abs=1e-5)


def test_a_foreign_question_about_what_the_text_never_mentions_is_refused(fair):
    assert not fair.answer("What is the capital of Australia?").answered


def test_a_count_named_by_a_word_the_document_never_uses_is_answered(fair):
    # The fair's document says "14 елден", never "мемлекет": its numbers are not held to it.
    answer = fair.answer("Жәрмеңкеге қанша мемлекеттен баспа қатысты?")
    assert answer.answered, {k: v for k, v in answer.debug.items() if not k.endswith("_ms")}
    assert "14 елден" in " ".join(q.text for q in answer.quotes)


def test_a_count_of_a_thing_the_document_names_but_never_counts_is_refused(fair):
    # The archive's document speaks of letters ("хаттар") but counts only documents.
    answer = fair.answer("Мұрағат көрмесінде қанша хат бар?")
    assert not answer.answered, answer.quotes


def test_an_interviewers_question_is_never_quoted_as_the_answer(tmp_path):
    from retrieval import answer
    from retrieval.search import Query

    # An interview: the journalist's question shares the most words with the user's.
    text = ("– Жөндеу жұмыстары қай кезде басталды, оған қанша қаражат жұмсалды? Жұмыстар "
            "2023 жылғы 15 наурызда басталды, оған облыстық бюджеттен 1,2 миллиард теңге "
            "бөлінді.\n– Оқырмандар қайда барды? Кітапхана уақытша мәдениет үйінде жұмыс "
            "істеді.\n")
    engine = engine_over(tmp_path, [("i", "Кітапхана директорымен сұхбат", text)])
    index, searcher = engine._current()
    for question in ("жондеу кай кезде басталган", "Оқырмандар қайда барды?"):
        ranked = answer.rank_sentences(index, searcher.score(Query.parse(question)))
        assert ranked and not any(c.text.endswith("?") for c in ranked)


def test_an_interviewers_question_paragraph_is_never_quoted(tmp_path):
    # The question stands in a paragraph of its own, its first sentence no question.
    text = ("Архивтің онлайн оқу залы биыл ашылды.\n"
            "– Онлайн оқу залы туралы айтып берсеңіз. Оны кімдер пайдалана алады?\n"
            "– Онлайн оқу залы 2024 жылғы 2 қыркүйекте іске қосылды. Оны кез келген зерттеуші "
            "сайтқа тіркеліп пайдалана алады.\n")
    engine = engine_over(tmp_path, [("i", "Архив директорымен сұхбат", text)])
    answer = engine.answer("Онлайн оқу залы туралы айтып беріңізші")
    assert answer.answered, answer.debug
    assert not any("берсеңіз" in q.text for q in answer.quotes)


def one_article(folder, name: str) -> Engine:
    """An engine over one of tests/data/articles."""
    (folder / "corpus").mkdir(parents=True)
    shutil.copy(ARTICLES / f"{name}.yaml", folder / "corpus")
    return Engine.load(make_config(folder / "index", folder / "corpus"))


def test_a_head_is_of_the_body_the_paragraph_named_before(tmp_path):
    # "ҚазАқпарат тілшісі архив директоры Сәуле Жақсыбаевамен әңгімелесті": whose archive, the
    # paragraph said two sentences before ("Атырау облыстық мемлекеттік архиві ...").
    answer = one_article(tmp_path, "oil-archive-interview-atyrau").answer(
        "Атырау облыстық архивінің директоры кім?")
    assert answer.answered, answer.debug
    assert "Сәуле Жақсыбаева" in " ".join(q.text for q in answer.quotes)


@pytest.fixture(scope="module")
def yasawi(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("yasawi"), "yasawi-manuscripts-turkistan")


@pytest.mark.parametrize("question, answered", [
    # The text gives the next one's year only; the lead's month is of 2024.
    ("Келесі конференция 2026 жылы қай айда өтеді?", False),
    ("Kelesi konferenciya 2026 jyly qai aida otedi?", False),
    ("Конференция қай айда ашылды?", True),
])
def test_a_month_asked_of_a_named_year_is_of_that_year(yasawi, question, answered):
    assert yasawi.answer(question).answered is answered


def test_what_someone_said_comes_with_the_quotation_after_the_sentence_naming_them(tmp_path):
    engine = engine_over(tmp_path, [("c", "Түркістанда конференция өтті", (
        "Конференция 14 қазанда ашылды.\nОблыс әкімінің орынбасары Нұрлан Қайыпов "
        "қолжазбаларды цифрландыруға қосымша 25 млн теңге бөлінетінін хабарлады. «Түркістан – "
        "Ясауи мұрасының отаны. Сондықтан бұл қазынаны әлемге ашу – біздің парызымыз», – деді "
        "ол.\n"))])
    answer = engine.answer("What did the deputy governor say about Turkistan?")
    shown = " ".join(q.text for q in answer.quotes)
    assert "Ясауи мұрасының отаны" in shown and "парызымыз" in shown, shown
    assert "«…" not in shown  # the quotation is shown whole, not as a tail


def test_what_someone_said_goes_on_to_the_end_of_the_quotation(tmp_path):
    # "... өз әсерімен бөлісті: «Мен ... жазып жүрмін." opens what she said; it goes on.
    answer = one_article(tmp_path, "open-repository-karaganda").answer(
        "Что сказала магистрантка Айдана Тулеуова?")
    shown = " ".join(q.text for q in answer.quotes)
    assert "өз мақаламды да жүктеймін" in shown, shown


@pytest.mark.parametrize("question, fact", [
    # The text never says "адам": its 140 are scientists, lecturers and librarians.
    ("Семинарға қанша адам келді?", "140-тан астам"),
])
def test_the_repository_article_answers(tmp_path, question, fact):
    (tmp_path / "corpus").mkdir()
    for name in ("un-geneva-2021", "open-repository-karaganda"):  # beside the first article
        shutil.copy(ARTICLES / f"{name}.yaml", tmp_path / "corpus")
    engine = Engine.load(make_config(tmp_path / "index", tmp_path / "corpus"))
    answer = engine.answer(question)
    assert answer.answered, answer.debug
    assert fact in " ".join(q.text for q in answer.quotes)


def test_what_an_english_compound_asks_is_its_last_noun(tmp_path):
    # "website address": the text names the website, never its address.
    engine = engine_over(tmp_path, [("d", "Өлкетану дерекқоры іске қосылды", (
        "Дерекқор кітапхананың ресми сайты арқылы тегін қолжетімді. Онда 1926 жылдан бергі "
        "газеттер бар.\n"))])
    answer = engine.answer("What is the website address of the database?")
    assert not answer.answered and answer.debug["focus_unknown"], answer.debug


def test_the_lexical_channel_weighs_as_much_of_a_foreign_question_as_the_text_uses(fair):
    from retrieval.search import Query

    _, searcher = fair._current()
    w = searcher.config.dense_weight
    assert searcher._dense_weight(Query.parse("Жәрмеңкеге неше баспа қатысты?")) == w
    # Nothing of "grandmother's recipe" is in the text: the dense channel decides alone.
    assert searcher._dense_weight(Query.parse("What was grandmother's recipe?")) == 1.0
    # "books" is (кітап), "fair" is not: half the lexical weight a foreign question can have.
    assert searcher._dense_weight(Query.parse("Books at the fair?")) == pytest.approx(
        1 - (1 - w) * FOREIGN_LEXICAL_SHARE / 2)


def test_what_someone_called_it_is_answered_by_their_quotation(tmp_path):
    # The quotation names no one; its attribution ("деді әкімнің орынбасары") does, and so
    # does a sentence of his that is no quotation.
    text = ("Жәрмеңке салтанатты түрде ашылды. «Кітап – ұлттың рухани қазынасы. Оны оқитын "
            "ұрпақ – еліміздің болашағы», – деді әкімнің орынбасары Ерлан Жұмабаев.\n"
            "Әкімнің орынбасары Ерлан Жұмабаев биыл қалада 12 кітапхана ашылғанын атап өтті.\n"
            "Жәрмеңкеге 14 елден 126 баспа қатысты.\n")
    engine = engine_over(tmp_path, [("f", "Кітап жәрмеңкесі ашылды", text)])
    answer = engine.answer("Әкімнің орынбасары кітапты не деп сипаттады?")
    assert answer.answered, answer.debug
    assert "рухани қазынасы" in " ".join(q.text for q in answer.quotes)


def test_who_heads_a_named_body_needs_its_name(tmp_path):
    # "Орталық" (central) stands right before "директоры", but the archive is not «Ордабасы».
    engine = engine_over(tmp_path, [("f", "Жәрмеңке", (
        "Жәрмеңке «Ордабасы» орталығында өтті. Орталық мұрағат директоры Айгүл Сейітова "
        "жәрмеңкеге қатысты.\n"))])
    assert not engine.answer("Кто директор центра «Ордабасы»?").answered
    assert engine.answer("Орталық мұрағаттың директоры кім?").answered


@pytest.mark.parametrize("question, answered", [
    ("Мұрағат директоры кім?", True),
    ("Облыс әкімі кім?", False),  # the text names only his deputy
    ("Кто директор центра «Ордабасы»?", False),  # another body's director is named
])
def test_who_heads_it_is_answered_only_by_its_head(fair, question, answered):
    assert fair.answer(question).answered is answered


def test_a_sentence_repeated_in_two_documents_is_quoted_once(tmp_path):
    same = "Мұрағат 1936 жылы Алматыда құрылған."
    answer = engine_over(tmp_path, [
        ("a", "Мұрағат тарихы", same + " Онда 300 құжат бар.\n"),
        ("b", "Мұрағат көрмесі", same + " Көрме қазан айында ашылды.\n"),
    ]).answer("Мұрағат қай жылы құрылған?")
    assert answer.answered, answer.debug
    texts = [q.text for q in answer.quotes]
    assert texts.count(same) == 1


def test_a_news_dateline_dates_the_lead_sentence(tmp_path):
    # "Павлодар, 15 қазан." is a sentence of its own, with none of the question's words; the
    # lead after it says what opened. Together they answer "when".
    engine = engine_over(tmp_path, [("d0", "Павлодарда оқу залы ашылды", (
        "Павлодар, 15 қазан. Облыстық кітапханада зағип оқырмандарға арналған оқу залы "
        "ашылды. Залда 1 240 кітап бар.\nЗал дүйсенбіден жұмаға дейін жұмыс істейді.\n"))])
    answer = engine.answer("Зағип оқырмандарға арналған оқу залы қашан ашылды?")
    assert answer.kind is AnswerKind.ANSWER, answer.debug
    assert [q.text for q in answer.quotes][:2] == [
        "Павлодар, 15 қазан.",
        "Облыстық кітапханада зағип оқырмандарға арналған оқу залы ашылды."]


PLAN = "Келесі жылы музей ауласында этнографиялық алаң салынады."
COST = "Жобаның алдын ала құны – 350 млн теңге."


@pytest.mark.parametrize("between", [
    "",  # "Жобаның алдын ала құны" holds none of the question's words: the sum is the plan's
    "Оның аумағы 2 гектар болады.",  # ... also after a sentence that continues the plan
])
def test_a_value_in_the_next_sentence_answers_about_the_one_before(tmp_path, between):
    text = " ".join(filter(None, ["Музей екі жылдық жөндеуден кейін қайта ашылды.", PLAN,
                                  between, COST]))
    engine = engine_over(tmp_path, [("d0", "Музей жаңарды", text + "\nМузейде 12 зал бар.\n")])
    answer = engine.answer("Этнографиялық алаң қанша қаржыға салынады?")
    assert answer.kind is AnswerKind.ANSWER, answer.debug
    # Quoted with the sentence before it, in reading order.
    assert [q.text for q in answer.quotes][-2:] == [between or PLAN, COST]


@pytest.mark.parametrize("text, question", [
    # A year dates what its own sentence names, not the sentence before.
    ("Облыстық кітапханада оқу залы жөндеуден кейін ашылды. Ғимарат 1978 жылы салынған.",
     "Оқу залы қашан ашылды?"),
    # "12 зал" counts halls, not the visitors asked about.
    ("Көрмеге келушілер саны күн сайын артып келеді. Музей ғимаратында 12 зал бар.",
     "Көрмеге қанша адам келді?"),
    # A short first sentence with a year is no dateline.
    ("Кітапхана 1991 жылы ашылды. Оқу залы жөндеуден кейін қайта ашылды.",
     "Оқу залы қашан қайта ашылды?"),
])
def test_a_value_of_another_sentence_does_not_answer(tmp_path, text, question):
    engine = engine_over(tmp_path, [("d0", "Кітапхана жаңарды", text + "\n")])
    assert engine.answer(question).kind is AnswerKind.NOT_FOUND


def test_a_dateline_dates_the_lead_of_a_long_first_paragraph(tmp_path):
    # Over 400 characters, the paragraph is cut into one-sentence passages: the lead is the
    # second passage's first sentence.
    lead = "Облыстық кітапханада зағип оқырмандарға арналған оқу залы ашылды."
    rest = " ".join(["Залда Брайль қарпімен басылған кітаптар мен аудиокітаптар бар."] * 6)
    engine = engine_over(tmp_path, [("d0", "Павлодарда оқу залы ашылды",
                                     f"Павлодар, 15 қазан. {lead} {rest}\n")])
    answer = engine.answer("Зағип оқырмандарға арналған оқу залы қашан ашылды?")
    assert answer.kind is AnswerKind.ANSWER, answer.debug
    assert [q.text for q in answer.quotes][:2] == ["Павлодар, 15 қазан.", lead]


@pytest.mark.parametrize("question", ["Көрмені қашанға дейін көруге болады?",
                                      "Көрмеге қай күнге дейін баруға болады?"])
def test_until_when_is_answered_by_the_end_date(fair, question):
    # The archive's exhibition opened one day and is open until another: "until when" asks
    # for the second, though the question shares no word with it.
    from retrieval.answer import rank_sentences
    from retrieval.search import Query

    assert qtype.asks_until(question)
    index, searcher = fair._current()
    ranked = rank_sentences(index, searcher.score(Query.parse(question)))
    assert ranked[0].type_ok and "30 маусымға дейін" in ranked[0].text
    # The opening date is no answer to it.
    assert not any(c.type_ok for c in ranked if "14 наурызда" in c.text)


def test_until_when_is_answered_by_an_hour(tmp_path):
    engine = engine_over(tmp_path, [
        ("d0", "Павлодарда зағип оқырмандарға арналған зал ашылды",
         "Зал дүйсенбіден жұмаға дейін сағат 09:00-ден 18:00-ге дейін, сенбі күні 10:00-ден "
         "17:00-ге дейін жұмыс істейді.\nЗалда 24 оқу орны бар.\n")])
    answer = engine.answer("сенбиде зал кашанга дейин жумыс истейди")
    assert answer.kind is AnswerKind.ANSWER, answer.debug
    assert "17:00-ге дейін" in answer.quotes[0].text


@pytest.mark.parametrize("question, answered", [
    ("Зал сәрсенбі күні нешеде ашылады?", True),  # within "дүйсенбіден жұмаға дейін"
    ("Сенбі күні зал сағат нешеде ашылады?", True),
    ("Зал жексенбі күні нешеде ашылады?", False),  # no hours for Sunday
    ("What time does the hall open on Sunday?", False),
])
def test_hours_are_of_the_weekday_asked(tmp_path, question, answered):
    engine = engine_over(tmp_path, [
        ("d0", "Павлодарда зағип оқырмандарға арналған зал ашылды",
         "Зал дүйсенбіден жұмаға дейін сағат 09:00-ден 18:00-ге дейін, сенбі күні 10:00-ден "
         "17:00-ге дейін жұмыс істейді.\nЗалда 24 оқу орны бар.\n")])
    assert (engine.answer(question).kind is AnswerKind.ANSWER) is answered


def test_the_title_tells_which_event_a_sentence_is_about(tmp_path):
    # Neither sentence names its event; each document's title does.
    engine = engine_over(tmp_path, [
        ("d0", "Шымкентте кітап жәрмеңкесі өтті",
         "Жәрмеңке үш күнге созылды.\nШараға 17 елден 240 маман қатысты.\n"),
        ("d1", "Алматыда архившілер конференциясы өтті",
         "Конференция екі күнге созылды.\nОған 12 облыстан 90 маман қатысты.\n")])
    from retrieval.answer import rank_sentences
    from retrieval.search import Query

    index, searcher = engine._current()
    question = "Архившілер конференциясына неше маман қатысты?"
    ranked = rank_sentences(index, searcher.score(Query.parse(question)))
    assert "90 маман" in ranked[0].text


@pytest.mark.parametrize("question, answered", [
    ("Байқауда бірінші орынды кім алды?", True),
    ("Байқауда екінші орынды кім алды?", False),  # the text names the winner only
    ("Who took second place in the contest?", False),
    ("Кто занял третье место?", False),
])
def test_an_ordinal_asked_must_be_in_the_answer(tmp_path, question, answered):
    engine = engine_over(tmp_path, [("d0", "Ақындар байқауы өтті", (
        "Байқауға 40 жас ақын қатысты. "
        "Байқауда бірінші орынды Алматыдан келген Арман Серікұлы алды.\n"))])
    assert (engine.answer(question).kind is AnswerKind.ANSWER) is answered


@pytest.mark.parametrize("question, answered", [
    ("Сколько человек пришло в музей в 2024 году?", True),
    ("Сколько человек пришло в музей в 2022 году?", False),  # the text gives 2024 only
    ("How many people came to the museum in 2022?", False),
])
def test_a_russian_or_english_question_s_year_must_be_in_the_answer(tmp_path, question,
                                                                   answered):
    engine = engine_over(tmp_path, [("d0", "Музей жаңа залын ашты", (
        "Облыстық тарихи музей жаңа көрме залын ашты. "
        "Музейге 2024 жылы 40 мыңнан астам адам келді.\n"))])
    assert (engine.answer(question).kind is AnswerKind.ANSWER) is answered


@pytest.fixture(scope="module")
def bus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bus")
    (folder / "corpus").mkdir()
    shutil.copy(ARTICLES / "library-bus-turkistan.yaml", folder / "corpus")
    return Engine.load(make_config(folder / "index", folder / "corpus"))


@pytest.mark.parametrize("question, answered", [
    # "15 сәуірде автобусқа бір күнде 214 адам келіп" follows "... аялдамасы ... Қарақұр ауылы
    # болды." in its paragraph: the number is Қарақұр's, not Жартытөбе's (named after it).
    ("Қарақұр ауылында автобусқа неше адам келді?", True),
    ("Жартытөбе ауылында автобусқа неше адам келді?", False),
    ("How many people came to the bus in Zhartytobe?", False),
])
def test_a_value_is_of_the_place_the_question_names(bus, question, answered):
    answer = bus.answer(question)
    assert (answer.kind is AnswerKind.ANSWER) is answered, (answer.quotes, answer.debug)
    if answered:
        assert "214 адам" in " ".join(q.text for q in answer.quotes)


@pytest.mark.parametrize("question, answered", [
    ("Айдос Сейітқали неше жаста?", True),
    ("Нұрлыбек Сейітқали неше жаста?", False),  # the same surname, another person
])
def test_a_value_is_of_the_person_the_question_names_in_full(tmp_path, question, answered):
    engine = engine_over(tmp_path, [("d0", "Аудиокітап студиясы ашылды", (
        "Атырауда аудиокітап студиясы ашылды. "
        "Жиында ерекше ілтипатқа бөленген 34 жастағы Айдос Сейітқали болды.\n"
        "Кешке жазушы Нұрлыбек Омаров жаңа кітабын таныстырды.\n"))])
    assert (engine.answer(question).kind is AnswerKind.ANSWER) is answered


def test_a_word_the_glossary_lacks_takes_the_corpus_words_nearest_to_it(libraries):
    from retrieval import crosslingual
    from retrieval.search import Query

    # No glossary entry for "toddlers": the corpus's own word for it, "балалар", becomes a
    # lexical term of the question.
    assert not crosslingual.in_glossary("toddlers", "en")
    query = Query.parse("How many toddlers signed up?")
    vectors = dict(zip(["toddlers"], libraries.encoder.encode_queries(["toddlers"]),
                       strict=True))
    near = query.with_nearest_words(libraries.index.lexical, libraries.index.words, vectors)
    assert "бала" in dict(near.translations)["toddlers"], near.translations
    assert "бала" in near.terms and "бала" not in query.terms


@pytest.fixture(scope="module")
def beside_the_article(tmp_path_factory):
    """Engines over the first article and one new document, as a new document first arrives."""
    engines: dict[str, Engine] = {}

    def engine(name: str) -> Engine:
        if name not in engines:
            folder = tmp_path_factory.mktemp(name)
            (folder / "corpus").mkdir()
            for doc in ("un-geneva-2021", name):
                shutil.copy(ARTICLES / f"{doc}.yaml", folder / "corpus")
            engines[name] = Engine.load(make_config(folder / "index", folder / "corpus"))
        return engines[name]
    return engine


@pytest.mark.parametrize("name, question, gold", [
    ("festival-oral-2024", "Гран-приді кім жеңіп алды?", "Ерасыл Қайыржанов"),
    ("photos-kostanay-2024", "Көрмедегі ең ескі фото қай жылы түсірілген?", "1923 жылы"),
    ("photos-kostanay-2024", "альбомды кай баспахана басып шыгарды", "Костанайполиграфия"),
    ("manuscripts-museum-2025", "Каталог жобасын кім басқарды?", "Гүлнар Сәрсенбаева"),
])
def test_a_kazakh_paraphrase_with_words_the_text_never_uses_is_answered(
        beside_the_article, name, question, gold):
    # "жеңіп алды", "түсірілген", "басып шығарды": the text words it otherwise; such a term
    # weighs 0.7 of the rarest one in coverage, not all of it (answer.UNKNOWN_TERM_WEIGHT).
    answer = beside_the_article(name).answer(question)
    assert answer.answered, {k: v for k, v in answer.debug.items() if not k.endswith("_ms")}
    assert gold in " ".join(q.text for q in answer.quotes)


@pytest.mark.parametrize("question", [
    # What is asked is the rector, whom the text never names ("ректор" is in the glossary's
    # general words; the text has a professor from the university).
    "What's the name of the university rector who came to the opening?",
    "Как зовут ректора университета, который пришёл на открытие?",
])
def test_a_name_asked_of_a_role_the_text_never_mentions_is_refused(beside_the_article,
                                                                   question):
    answer = beside_the_article("press-1920s-kokshetau").answer(question)
    assert not answer.answered, [q.text for q in answer.quotes]


@pytest.mark.parametrize("question, gold", [
    # "ойнап шықты": the action is "ойна", which the text has ("... Нұрлан Әбдірахманов ...
    # ойнады"); "шықты" only says how it went.
    ("Бекболатты кім ойнап шықты?", "Нұрлан Әбдірахманов"),
    # The mother's role is asked; the text names who played Ақбілек and her father only.
    ("Ақбілектің анасының рөлін қай актриса ойнады?", None),
    # "драмтеатр" is "драма театр": "Театр директоры ..." heads what is asked.
    ("Кто директор Карагандинского казахского драмтеатра?", "Гүлнар Смағұлова"),
])
def test_a_role_played_is_asked_by_its_verb_and_of_its_kin(beside_the_article, question, gold):
    answer = beside_the_article("drama-premiere-karaganda").answer(question)
    quoted = " ".join(q.text for q in answer.quotes)
    if gold is None:
        assert not answer.answered, quoted
    else:
        assert answer.answered and gold in quoted, answer.debug


def test_an_age_asked_of_a_surname_typed_in_lower_case_is_told_of_that_person(
        beside_the_article):
    # "16 жастан асқан көрерменге" is the audience's age, not the director's.
    answer = beside_the_article("drama-premiere-karaganda").answer(
        "режиссер ерлан толеубаев неше жаста")
    assert not answer.answered, [q.text for q in answer.quotes]


def test_who_leads_is_answered_by_a_heads_title_without_the_verb(beside_the_article):
    answer = beside_the_article("library-reopening-petropavl").answer("Кітапхананы кім басқарады?")
    assert answer.answered, answer.debug
    assert "Гүлнар Оспанова" in " ".join(q.text for q in answer.quotes)


@pytest.mark.parametrize("question, gold", [
    ("Сколько мужчин было среди рассказчиков?", "46-сы ер адам"),  # glossary: мужчин -> ер
    ("zhoba neshe aiga sozyldy", "Сегіз айға"),  # "aiga" reads "айга", the dative of "ай"
])
def test_new_document_questions_in_every_script(beside_the_article, question, gold):
    answer = beside_the_article("oral-history-ulytau").answer(question)
    assert answer.answered, {k: v for k, v in answer.debug.items() if not k.endswith("_ms")}
    assert gold in " ".join(q.text for q in answer.quotes)


def test_a_question_naming_no_event_is_answered_from_each_document_that_answers_it(
        beside_the_article):
    # Both texts name a library director; the question does not say which event it means.
    answer = beside_the_article("press-1920s-kokshetau").answer("Who is the library director?")
    shown = " ".join(q.text for q in answer.quotes)
    assert "Гүлнар Сәрсенбаева" in shown, shown
    assert {c.doc_id for c in answer.citations} == {"un-geneva-2021", "press-1920s-kokshetau"}


def test_a_follow_up_question_stays_with_the_document_the_chat_is_about(tmp_path):
    # Two exhibitions, each with a closing date: "until when?" names neither. The chat's last
    # answer quoted one of them; that one is preferred (config search.follow_up_bonus).
    engine = engine_over(tmp_path, [
        ("photos", "Шымкентте көне фотосуреттер көрмесі ашылды",
         "Шымкент қалалық архиві 2025 жылғы 3 наурызда көне фотосуреттер көрмесін ашты. "
         "Экспозицияға 120 фотосурет қойылды.\nКөрме 2025 жылғы 30 қарашаға дейін жұмыс "
         "істейді. Оған кіру тегін.\n"),
        ("pictures", "Астанада балалар кітабы иллюстрацияларының көрмесі ашылды",
         "Ұлттық академиялық кітапханада 2025 жылғы 10 қаңтарда балалар кітабы "
         "иллюстрацияларының көрмесі ашылды. Оған 12 елден 85 суретші қатысты.\nКөрме 2025 "
         "жылғы 15 ақпанға дейін жұмыс істейді. Ересектерге кіру ақысы – 500 теңге.\n")])
    question = "Көрме қашанға дейін жұмыс істейді?"
    assert engine.answer(question).document == "photos"
    for doc, date in (("pictures", "15 ақпанға дейін"), ("photos", "30 қарашаға дейін")):
        answer = engine.answer(question, follow_up=doc)
        assert answer.document == doc
        # ... and its quote opens the answer, the other exhibition's date after it
        assert date in answer.quotes[0].text and answer.citations[0].doc_id == doc
    first = engine.answer("Иллюстрация көрмесіне неше суретші қатысты?")
    assert first.document == "pictures"  # what a chat passes on to its next question


@pytest.fixture(scope="module")
def composer_archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("composer")
    return engine_over(folder, [("a", "Архив композитордың жеке қорын қабылдады", (
        "Алматы, 14 наурыз. Орталық мемлекеттік архив композитордың жеке қорын қабылдады.\n"
        "Құжаттарды композитордың немерелері – пианист Айгерім Жанұзақова мен сәулетші Дәурен "
        "Жанұзақов табыстады.\n"
        "Мұрағатта 312 хат, 146 нота қолжазбасы және 58 күнделік бар. Қорда «Еңбекші қазақ», "
        "«Ақ жол» газеттері мен «Қызыл Қазақстан» журналының нөмірлері де сақталған.\n"
        "Қалпына келтіру жұмысына 52 жастағы реставратор Гүлнар Ахметова мен 24 жастағы "
        "маман Нұрсұлтан Жақыпов жетекшілік етеді. Гүлнар Ахметова Астана қаласында тұрады.\n"
        "Қордың электрондық каталогы 1 сәуірден бастап archive-almaty.kz сайтында "
        "қолжетімді болады. Онда композитордың бұрын орындалмаған 7 шығармасының ноталары "
        "жарияланады.\n"))])


@pytest.mark.parametrize("question, fact", [
    # "Қай сайттан?" is answered by a web address, which is no capitalised name.
    ("Электрондық каталогты қай сайттан табамын?", "archive-almaty.kz"),
    # What is counted stands before "қанша" when a verb follows it.
    ("Нота қолжазбасы қанша тапсырылды?", "146 нота"),
    # "Неше жаңа шығарма": "жаңа" (new) says which works, it is not what is counted.
    ("Неше жаңа шығарма жарияланады?", "7 шығармасының"),
    ("Гүлнар Ахметова неше жаста?", "52 жастағы"),
    ("Гүлнар Ахметова қай қалада тұрады?", "Астана"),
])
def test_answers_of_the_kind_asked(composer_archive, question, fact):
    answer = composer_archive.answer(question)
    assert answer.answered, answer.debug
    assert fact in answer.quotes[0].text, [q.text for q in answer.quotes]


@pytest.mark.parametrize("question", [
    # The only age near his name is another man's.
    "Дәурен Жанұзақов неше жаста?",
    # "Which city" needs a place; the sentence about him names none.
    "Дәурен Жанұзақов қай қалада тұрады?",
])
def test_a_value_about_someone_else_is_refused(composer_archive, question):
    answer = composer_archive.answer(question)
    assert not answer.answered, [q.text for q in answer.quotes]


def test_a_russian_loanword_is_found_as_kazakh_spells_it(tmp_path):
    # "номеров" is in no glossary; Kazakh spells the loanword "нөмір".
    engine = engine_over(tmp_path, [("p", "Кітапхана ескі газеттерді цифрландырды", (
        "Көкшетау, 14 наурыз. Жоба аясында 37 басылымның 1 248 нөмірі цифрландырылды.\n"
        "Барлығы 18 600 бет цифрлық нұсқаға көшірілді. Көрмеге 120 экспонат қойылды.\n"))])
    answer = engine.answer("Сколько номеров газет оцифровали?")
    assert answer.answered, answer.debug
    # The count before any other number (a dateline may lead it in).
    shown = [q.text for q in answer.quotes]
    assert "1 248" in " ".join(shown[:2]) and "18 600" not in " ".join(shown[:2]), shown


def test_the_dictionary_comes_before_a_word_spelt_alike(tmp_path):
    # "снимков": the dictionary's "сурет", which the text uses, not "сынық" (broken), which
    # only looks like it.
    engine = engine_over(tmp_path, [("f", "Алматыда ескі отбасылық фотосуреттер көрмесі ашылды", (
        "Алматы, 18 наурыз. Қазылар алқасы көрмеге 214 суретті іріктеп алды. Кейбір суреттер "
        "сынық жақтауларда сақталған.\nКөрмені ашуға 30 мектептің оқушылары келді.\n"))])
    answer = engine.answer("Сколько снимков отобрали для выставки?")
    assert answer.answered, answer.debug
    assert "214" in " ".join(q.text for q in answer.quotes)


def test_a_compound_the_text_never_uses_is_asked_as_its_second_part(tmp_path):
    # "фотокөрме" (photo exhibition) asked of a text that says "көрме"; "фотосурет", which the
    # text uses, stays whole.
    engine = engine_over(tmp_path, [("p", "Петропавлда ескі фотосуреттер көрмесі ашылды", (
        "Петропавл, 18 қараша. Облыстық кітапханада 1950–1980 жылдардағы фотосуреттер көрмесі "
        "ашылды.\nКөрме 5 желтоқсанға дейін жұмыс істейді, оған кіру тегін.\n"))])
    lexical = engine.index.lexical
    query = Query.parse("Фотокөрмені қай күнге дейін көруге болады?")
    assert "фотокорме" in query.terms
    split = query.with_compounds_split(lexical).terms
    assert "корме" in split and "фотокорме" not in split
    photos = Query.parse("Көрмеде неше фотосурет бар?")
    assert photos.with_compounds_split(lexical).terms == photos.terms


def test_a_compound_is_no_form_of_its_first_part(tmp_path):
    # "мекенжайы" (address) is no form of "мекен" (place): a text about "елді мекендер" gives
    # no address.
    engine = engine_over(tmp_path, [("b", "Кітапхана-автобус ауылдарға аттанды", (
        "Түркістан облысында шалғайдағы елді мекендердің тұрғындарына кітап жеткізетін "
        "кітапхана-автобус іске қосылды.\nАвтобус айына 12 ауылға барады.\n"))])
    answer = engine.answer("Кітапхананың мекенжайы қандай?")
    assert not answer.answered, [q.text for q in answer.quotes]



@pytest.mark.parametrize("name, question, fact", [
    # The text never says "экспонат": what it counts is its nearest word, "жәдігер".
    ("manuscripts-museum-2025", "Көрмеге барлығы неше экспонат қойылған?", "217 жәдігер"),
    # It never says "бет" either, and no word near it has a number: a near miss ("Құрал 500
    # дана таралыммен басылып шыққан" counts copies, not pages).
    ("summer-school-oral", "Әдістемелік құрал неше бет?", None),
])
def test_a_count_of_a_word_the_text_never_uses_goes_by_its_nearest_words(
        beside_the_article, name, question, fact):
    answer = beside_the_article(name).answer(question)
    assert answer.answered is (fact is not None), answer.debug
    if fact:
        assert fact in " ".join(q.text for q in answer.quotes)


def test_a_lead_without_a_date_of_its_own_is_dated_by_its_dateline(tmp_path):
    # "150 жыл толуына" in the lead is no date; the dateline dates the lead as a whole.
    engine = engine_over(tmp_path, [("k", "Қостанайда конференция басталды", (
        "Қостанай, 2022 жылғы 4 ақпан. Қостанай өңірлік университетінде ұлт ұстазының "
        "туғанына 150 жыл толуына арналған халықаралық ғылыми конференция басталды. Оған 230 "
        "ғалым қатысты.\nУниверситет 1939 жылы ашылған. Келесі конференция 2023 жылғы наурызда "
        "Алматыда өтеді.\n"))])
    answer = engine.answer("Konferenciya qai kuni bastaldy?")
    assert answer.answered, answer.debug
    assert "2022 жылғы 4 ақпан" in " ".join(q.text for q in answer.quotes)


@pytest.fixture(scope="module")
def bokey_horde(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("bokey"), "bokey-horde-book-oral")


@pytest.mark.parametrize("question, fact", [
    # The author named by the genitive before the book's title, with no "жазды".
    ("Бөкей ордасы туралы жаңа кітапты кім жазған?", "Серік Жұмағалиев"),
    # "Russian" is a language asked of, not a name the answer must give.
    ("By when should the Russian and English translations be ready?", "2026 жылдың соңына дейін"),
    # "копий" is "көшірме", counted after "73 құжаттың түпнұсқадан алынған".
    ("сколько копий оригинальных документов вошло в книгу", "73 құжаттың"),
    # Those given to, not a person's name.
    ("who will get the free copies", "мектептер мен кітапханаларға"),
])
def test_stop_35_rules_on_a_new_article(bokey_horde, question, fact):
    answer = bokey_horde.answer(question)
    assert answer.answered, answer.debug
    assert fact in " ".join(q.text for q in answer.quotes)


def test_a_noun_in_lyq_is_what_is_counted(tmp_path):
    # "сөздік" before a verb is the noun counted, not an adjective of "қойылған".
    answer = one_article(tmp_path, "dictionary-almaty").answer("kormede neshe sozdik qoiylgan")
    assert answer.answered, answer.debug
    assert "200-ден астам сөздік" in " ".join(q.text for q in answer.quotes)


def test_a_heads_title_without_a_name_says_not_who_leads(tmp_path):
    text = ("Алматы, 14 қараша. Шығыстану институтында экспедицияның нәтижелеріне арналған семинар "
            "өтті. Экспедиция 2025 жылғы 2 тамызда Алматыдан аттанып, 6 қыркүйекте оралды.\n\n"
            "Экспедиция жетекшісі жиналған деректердің ғылыми маңызына тоқталды.\n")
    engine = engine_over(tmp_path, [("e", "Экспедиция нәтижелері", text)])
    answer = engine.answer("Экспедицияны кім басқарды?")
    assert not answer.answered, [q.text for q in answer.quotes]


def assert_quoted(answer, fact: str) -> None:
    """The question is answered, and a quote holds the fact."""
    assert answer.answered, answer.debug
    assert fact in " ".join(q.text for q in answer.quotes)


@pytest.fixture(scope="module")
def old_maps(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("maps"), "old-maps-taldykorgan")


@pytest.mark.parametrize("question, fact", [
    # The lead's "XVIII–XX ғасырлардағы карталар" dates the maps, not the opening: the dateline
    # tells when the exhibition opened.
    ("Ескі карталар көрмесі Талдықорғанда қашан ашылды?", "14 наурыз 2025"),
    ("Когда открылась выставка старинных карт?", "14 наурыз 2025"),
    # A sum in pounds sterling.
    ("Экспонаттар қанша ақшаға сақтандырылған?", "2,4 миллион фунт стерлингке"),
    # "дайындады" asked, "құрастырған" told.
    ("Каталогты кім дайындады?", "Гүлнар Сейітова"),
    # Latin "qalangan" read as the text's "қаланған".
    ("Gavrilovka qai zhyly qalangan?", "1868 жылы"),
])
def test_stop_36_rules_on_a_new_article(old_maps, question, fact):
    assert_quoted(old_maps.answer(question), fact)


def test_a_turkish_professor_is_no_name_to_conflict_with(tmp_path):
    answer = one_article(tmp_path, "auezov-museum-almaty").answer(
        "Which Turkish professor spoke about Auezov's works in Turkish?")
    assert answer.answered, answer.debug
    assert "Мехмет Йылдыз" in " ".join(q.text for q in answer.quotes)


def test_a_place_of_study_is_answered_by_a_schools_name(tmp_path):
    # "қай оқу орнымен" is answered by "Шәкәрім атындағы университетпен", which says neither
    # "оқу" nor "орын"; "бірге" (together) is no word to find ("бірінші орынды" is not it).
    answer = one_article(tmp_path, "library-reopening-semey").answer(
        "Кітапхана жобаны қай оқу орнымен бірге жүргізеді?")
    assert answer.answered, answer.debug
    assert "Шәкәрім атындағы университетпен" in " ".join(q.text for q in answer.quotes)


def test_a_when_answer_keeps_its_dateline_before_a_runner_up(tmp_path):
    # "Қашан?" answered by a lead: the dateline tells the date, so it is kept even where a
    # runner-up from another document would otherwise take its room.
    from retrieval.answer import Candidate, _source_cost, compose

    lead = "Ұлттық кітапханада олимпиаданың қорытындысы шығарылды."
    engine = engine_over(tmp_path, [
        ("a", "Олимпиада", f"Астана, 14 наурыз 2025 жыл. {lead}\n"),
        ("b", "Көрме", "Көрме туралы. " + "Көрмеде ескі кітаптар мен қолжазбалар қойылды, " * 9
         + "барлығы жүз жәдігер.\n")])
    index = engine.index
    where = {s.text: (p, j) for p, passage in enumerate(index.passages)
             for j, s in enumerate(passage.sentences)}
    runner_up = max(where, key=len)
    ranked = [Candidate(*where[lead], lead, 0.85, 1.0, 2.0, True, with_previous=True),
              Candidate(*where[runner_up], runner_up, 0.85, 1.0, 1.99, True)]
    # Room for both quotes and their sources, not for the dateline as well.
    room = sum(len(c.text) + _source_cost(index, c) for c in ranked) + 10
    config = dataclasses.replace(engine.config.answer, max_chars=room)
    quotes, _ = compose(index, ranked, config, question="Олимпиада қорытындысы қашан шығарылды?")
    assert "14 наурыз 2025" in " ".join(q.text for q in quotes)


@pytest.fixture(scope="module")
def youth_theatres(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("theatres"), "youth-theatres-atyrau")


@pytest.mark.parametrize("question, fact", [
    # A passive "кім марапатталды?" asks to whom it was done: "«Үздік ер рөлі» жүлдесін ...
    # Диас Қайырбеков иеленді" says so without the verb.
    ("«Үздік ер рөлі» үшін кім марапатталды?", "Диас Қайырбеков"),
    # Latin "syiaqy" is the text's "сыйақы" ("ia" read as "йа"), and read so, "қанша сыйақы"
    # asks a sum ("500 мың теңгеден"), not a count of "сыйақы".
    ("zheke nominaciya zhenimpazdaryna qansha syiaqy beriledi", "500 мың теңгеден"),
    # "Grand Prix" is the text's "Гран-при".
    ("Who staged Auezov's tragedy and won the Grand Prix?", "академиясының студенттік театрына"),
])
def test_stop_37_rules_on_a_new_article(youth_theatres, question, fact):
    assert_quoted(youth_theatres.answer(question), fact)


def test_how_many_times_is_a_ratio_not_an_hour(tmp_path):
    assert_quoted(one_article(tmp_path / "a", "instruments-shymkent").answer(
        "Во сколько раз увеличилось количество инструментов в музее?"), "2,5 есе")
    # A ratio is told as one ("есе"), not by any number: "17 миллионнан астам кітап" is none.
    assert not one_article(tmp_path / "b", "un-geneva-2021").answer(
        "Во сколько раз больше книг в библиотеке ООН?").answered


def test_a_counted_word_the_text_uses_is_not_stood_in_for_by_its_neighbours(tmp_path):
    # The text has "қолжазба" (the glossary's "manuscript") but counts no manuscripts of the
    # family's gift: its "2 300 кітаптан" is no answer.
    engine = one_article(tmp_path, "library-reopening-semey")
    assert not engine.answer("How many manuscripts did Omarov's family donate?").answered
    assert_quoted(engine.answer("How many books did Omarov's family donate?"), "2 300 кітаптан")


def test_a_which_question_is_asked_of_the_one_it_names(tmp_path):
    # The book named is in one document; the other's publisher publishes something else.
    engine = engine_over(tmp_path, [
        ("masters", "Шымкентте халық шеберлерінің көрмесі ашылды",
         "Шымкент, 12 наурыз 2025 жыл. Қалалық музейде халық шеберлерінің көрмесі ашылды.\n\n"
         "Көрмеге 60 бұйым қойылды. Алдағы күзде өнертанушы Айгерім Жолдасованың «Сайрам "
         "шеберлері» атты кітабы 2 000 дана таралыммен жарық көреді.\n"),
        ("papers", "Ақтөбеде газеттер цифрландырылды",
         "Ақтөбе, 3 ақпан 2025 жыл. Облыстық кітапханада ескі газеттерді цифрландыру жобасы "
         "аяқталды.\n\nЖоба нәтижесінде 40 мың бет цифрланды. Кітапхана жоба нәтижелерін "
         "«Ақтөбе баспасөзі» атты каталог етіп «Атамұра» баспасынан шығарады.\n")])
    for question in ["«Сайрам шеберлері» кітабын қай баспа шығарады?",
                     "Sairam sheberleri kitabyn qai baspa shygarady"]:
        assert not engine.answer(question).answered, question
    assert_quoted(engine.answer("«Ақтөбе баспасөзі» каталогын қай баспа шығарады?"),
                  "«Атамұра» баспасынан")


def test_a_century_is_no_name_a_which_question_is_asked_of(tmp_path):
    # "XIX" is written inside a sentence elsewhere, as names are; still, the answer need not say
    # the century to be told of it.
    engine = engine_over(tmp_path, [("poets", "Қазақ ақындары",
        "Ұлы ақын Абай Құнанбайұлы 1845 жылы Шыңғыстау баурайында дүниеге келген.\n\n"
        "Бұл кезең – XIX ғасыр әдебиетінің маңызды бөлігі. Бұл кезеңде көптеген жыршылар "
        "шықты.\n")])
    assert_quoted(engine.answer("Қай ұлы ақын XIX ғасырда дүниеге келген?"), "Абай Құнанбайұлы")


@pytest.mark.parametrize("question, fact", [
    # "дело" is the archive's "іс" ("87 іс"), not a word the text lacks.
    ("Сколько архивных дел вернули в Костанай?", "87 іс"),
    # "Russian" is of Russia ("Ресейдің ... архивінен") as well as of the Russians ("орыс").
    ("Which Russian archive sent the copies to Kostanay?", "Омбы облысының тарихи архивінен"),
])
def test_archive_words_in_russian_and_english(tmp_path, question, fact):
    assert_quoted(one_article(tmp_path, "uprising-1916-documents-kostanay").answer(question),
                  fact)


def test_a_count_from_one_place_is_not_a_list_of_places_count(tmp_path):
    # "Қазақстан, Ресей, Өзбекстан және Қырғызстаннан 120-дан астам ғалым" counts all four
    # countries' scholars, though the title names Russia (for its archive).
    engine = one_article(tmp_path, "uprising-1916-documents-kostanay")
    for question in ["Конференцияға Ресейден неше ғалым қатысты?",
                     "Сколько ученых из России участвовало в конференции?"]:
        assert not engine.answer(question).answered, question
    assert_quoted(engine.answer("Конференцияға неше ғалым қатысты?"), "120-дан астам")


@pytest.fixture(scope="module")
def audiobook_studio(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("studio"), "audiobook-studio-petropavl")


@pytest.mark.parametrize("question, fact", [
    # "52 жастағы әйел ..." names no one: the age is of the one the sentence before names.
    ("Saule Bekenova neshe zhasta?", "52 жастағы"),
    # "До скольких процентов" counts percents: it is no "до скольки" (until what hour).
    ("До скольких процентов выросла доля аудиокниг на казахском языке?", "40 пайызға"),
    # "studio" is the text's "студия" (not "study": "зерттеу"), "titles" its "атаулы".
    ("How many titles does the studio plan to record by the end of 2026?", "150 атаулы кітап"),
    ("Дәурен Оспанов «Ботагөз» романын оқуға неше сағат жұмсады?", "38 сағат"),
])
def test_stop_38_rules_on_a_new_article(audiobook_studio, question, fact):
    assert_quoted(audiobook_studio.answer(question), fact)


def test_a_rate_is_not_answered_by_a_total(audiobook_studio, tmp_path):
    # "38 сағат уақыт жұмсаған" is what one book took, not how many hours a day are recorded.
    for question in ["Студияда күніне неше сағат жазба жүргізіледі?",
                     "zhana studiyada kunine neshe sagat zhazba zhurgiziledi",
                     "How many hours a day does the studio record?"]:
        assert not audiobook_studio.answer(question).answered, question
    engine = engine_over(tmp_path, [("r", "Кітапхана оқырмандары", (
        "Былтыр кітапханаға 40 мың оқырман келді. Қазір кітапханаға күніне 300-ге жуық оқырман "
        "келеді.\n"))])
    for question in ["Кітапханаға күніне қанша оқырман келеді?",
                     "Сколько читателей приходит в библиотеку в день?"]:
        assert_quoted(engine.answer(question), "300-ге жуық")


@pytest.fixture(scope="module")
def book_festival(tmp_path_factory):
    return one_article(tmp_path_factory.mktemp("festival"), "childrens-book-festival-almaty")


def test_an_age_limit_is_no_ones_age(book_festival):
    # "23 жасқа дейінгі жас иллюстраторлар" is whom the contest was for; the winner is "19
    # жастағы". Asked as a limit, the limit is the answer.
    engine = book_festival
    assert_quoted(engine.answer(
        "How old is the grand prize winner of the young illustrators contest?"), "19 жастағы")
    assert_quoted(engine.answer("До какого возраста могли участвовать в конкурсе «Жас қылқалам»?"),
                  "23 жасқа дейінгі")
    # "договор" is the text's "келісім".
    assert_quoted(engine.answer(
        "Сколько договоров касались продажи прав казахстанских авторов за рубеж?"), "21 келісім")


def test_search_finds_a_synonym_of_the_question_word(tmp_path):
    # The text calls the exhibition "экспозиция" where it says until when it runs.
    assert_quoted(one_article(tmp_path, "rare-books-budapest-2024").answer(
        "Көрмені қашанға дейін көруге болады?"), "30 қарашаға дейін")



def test_a_count_of_one_peoples_things_is_told_where_that_people_is_named(book_festival):
    # "14 баспа" came from South Korea: no count of Japanese publishers, nor of the agreements
    # made with Korean ones (the text counts all 37 together).
    assert_quoted(book_festival.answer("Сколько корейских издательств приехало на фестиваль?"),
                  "14 баспа")
    for question in ["Сколько японских издательств приехало на фестиваль?",
                     "корей баспаларымен канша келисим жасалды"]:
        assert not book_festival.answer(question).answered, question


def test_a_head_and_a_lead_read_with_the_sentence_before(tmp_path):
    engine = engine_over(tmp_path, [
        ("m", "Оқу марафоны", "Орал, 14 қараша 2024 жыл. Облыстық кітапхана жазғы оқу марафонын "
         "қорытындылады.\n\nМарафонға «Сыр жастары» қоғамдық қоры демеушілік жасады. Қордың "
         "жетекшісі Ерлан Жұмабековтің айтуынша, жобаға 4,5 миллион теңге бөлінген.\n"),
        ("z", "Жаңа зал", "Ақтау, 3 наурыз 2025 жыл. Музейде балық шаруашылығына арналған "
         "жаңа зал ашылды. Залға 412 жәдігер қойылды.\n\nКелесі жылы осындай зал Жаңаөзен "
         "қаласында да ашылмақ.\n")])
    # "Қордың жетекшісі": the fund the sentence before names, whose words it holds.
    assert_quoted(engine.answer("Сыр жастары қорын кім басқарады?"), "Ерлан Жұмабеков")
    # A dateline tells where as well as when; it comes with its lead, never alone.
    answer = engine.answer("Жаңа зал қай қалада ашылды?")
    assert_quoted(answer, "Ақтау, 3 наурыз 2025 жыл.")
    # Next year is answered by what is planned, not by what was done.
    assert_quoted(engine.answer("Келесі жылы осындай зал қай қалада ашылмақ?"), "Жаңаөзен")
    assert not engine.answer("Келесі жылы залға неше жәдігер қойылады?").answered
    leads = {"Ақтау, 3 наурыз 2025 жыл.": "Музейде", "Орал, 14 қараша 2024 жыл.": "Облыстық"}
    for question in ["Марафон қашан қорытындыланды?", "Жаңа зал қашан ашылды?"]:
        quotes = [q.text for q in engine.answer(question).quotes] + [""]
        assert all(quotes[i + 1].startswith(leads[text])
                   for i, text in enumerate(quotes) if text in leads), quotes


@pytest.mark.parametrize("question, answered", [
    ("Форумның екінші күні неше баяндама тыңдалды?", True),  # "Осы күні": the second day
    ("Форумның үшінші күні неше баяндама тыңдалды?", False),  # the text tells no third day
])
def test_a_day_told_as_osy_kuni_is_the_one_its_paragraph_named(tmp_path, question, answered):
    engine = engine_over(tmp_path, [("d0", "Астанада кітапханашылар форумы өтті", (
        "Форумның бірінші күні 600 кітапханашы тіркелді.\n"
        "Форумның екінші күні жасанды интеллектке арналды. Профессор Сәуле Омарова дәріс оқыды. "
        "Осы күні 9 секция отырысы өтіп, барлығы 52 баяндама тыңдалды.\n"))])
    a = engine.answer(question)
    assert (a.kind is AnswerKind.ANSWER) is answered
    if answered:
        assert "52 баяндама" in " ".join(q.text for q in a.quotes)


def test_a_people_before_a_role_describes_that_person_not_what_is_counted(tmp_path):
    # "түрік маманы Мехмет Йылдыз": whose work, not Turkish pages ("маманы" is stemmed "мама").
    engine = engine_over(tmp_path, [("d0", "Астанада кітапханашылар форумы өтті", (
        "Анкара университеті кітапханасының меңгерушісі Мехмет Йылдыз XIX ғасырдағы Осман "
        "қолжазбаларының 40 мың парағын цифрлық форматқа көшіргенін жеткізді.\n"))])
    a = engine.answer("Түрік маманы Мехмет Йылдыз қолжазбалардың қанша парағын цифрлаған?")
    assert a.kind is AnswerKind.ANSWER and "40 мың" in a.quotes[0].text


@pytest.mark.parametrize("question", [
    # The name given is what was spoken of; the role says who spoke.
    "Why does the deputy governor think the Bukhtarma HPP is so important?",
    "Облыс әкімінің орынбасары Бұқтырма ГЭС-і туралы не деді?",
])
def test_a_quotation_is_shown_from_where_it_opened(tmp_path, question):
    engine = engine_over(tmp_path, [("d0", "Өскемен архивінде Бұқтырма ГЭС-і туралы көрме ашылды", (
        "Көрмеге 300-ден астам құжат қойылды.\n"
        "«Бұқтырма ГЭС-і – бүкіл өңір өнеркәсібінің негізін қалаған нысан. Жас буын осы "
        "ерлікті білуі тиіс», – деді облыс әкімінің орынбасары Ержан Қасымов.\n"))])
    a = engine.answer(question)
    shown = " ".join(q.text for q in a.quotes)
    assert a.kind is AnswerKind.ANSWER and "негізін қалаған" in shown and "«…" not in shown


def test_a_lead_ending_in_the_verb_asked_is_dated_by_its_dateline(tmp_path):
    # The lead has a century of its own ("XIX ғасырға тиесілі"), which dates the documents; the
    # handing over it ends with is the dateline's day.
    engine = engine_over(tmp_path, [("d0", "Шымкент архиві құжат көшірмелерін табыстады", (
        "Шымкент, 14 наурыз 2025 жыл. Шымкент қалалық мемлекеттік архиві жергілікті әулеттердің "
        "ұрпақтарына XIX ғасырға тиесілі құжаттардың цифрлық көшірмелерін табыстады.\n"
        "Шараға 47 әулеттің өкілдері қатысты.\n"))])
    a = engine.answer("Архив ұрпақтарға құжат көшірмелерін қашан табыстады?")
    assert a.kind is AnswerKind.ANSWER and "14 наурыз 2025" in " ".join(q.text for q in a.quotes)


@pytest.mark.parametrize("text, answered", [
    ("Оқушыларға 256 беттік кітап тегін таратылады. Кітап 120 мектеп кітапханасына берілді.\n",
     False),  # another library: the text never names the UN
    ("Біріккен Ұлттар Ұйымының кітапханасында 17 миллион кітап бар.\n", True),  # spelt out
])
def test_an_acronym_the_text_never_gives_is_a_name_it_never_gives(tmp_path, text, answered):
    engine = engine_over(tmp_path, [("d0", "Кітапханаға кітаптар берілді", text)])
    a = engine.answer("БҰҰ кітапханасында қанша кітап бар?")
    assert (a.kind is AnswerKind.ANSWER) is answered
