from retrieval.sentences import split_sentences


def texts(paragraph: str) -> list[str]:
    return [s.text for s in split_sentences(paragraph)]


def test_initials_do_not_end_sentences():
    p = ("Тұңғыш Президентіміз Н.Ә.Назарбаевтың шешімі маңызды. Оны Т.Валовая атап өтті. "
         "Бұл бағытты Қ.Тоқаев жалғастырып келеді. Кездесуге Н. Ә. Назарбаев келді. "
         "Каталогты М.О. Әуезов атындағы институт әзірледі.")
    assert texts(p) == [
        "Тұңғыш Президентіміз Н.Ә.Назарбаевтың шешімі маңызды.",
        "Оны Т.Валовая атап өтті.",
        "Бұл бағытты Қ.Тоқаев жалғастырып келеді.",
        "Кездесуге Н. Ә. Назарбаев келді.",
        "Каталогты М.О. Әуезов атындағы институт әзірледі.",
    ]


def test_short_quoted_title_is_not_split():
    p = "Оның «Әлем. ХХІ ғасыр» манифесті ресми құжат мәртебесін алды. Келесі сөйлем."
    assert texts(p) == ["Оның «Әлем. ХХІ ғасыр» манифесті ресми құжат мәртебесін алды.",
                        "Келесі сөйлем."]


def test_long_quoted_speech_is_split_into_its_sentences():
    p = ("Директор былай деді: «Қазақстан қарусыздану саласы көшбасшыларының бірі болып "
         "мойындалды. 2009 жылы БҰҰ Бас Ассамблеясы бірауыздан қарар қабылдап, 29 тамызды "
         "халықаралық күн деп жариялады. Бұл бағыт жалғасып келеді», деді.")
    got = texts(p)
    assert len(got) == 3
    assert got[1].startswith("2009 жылы")
    assert got[2].endswith("», деді.")


def test_abbreviations_and_lowercase_continuations():
    p = "Гендел, Страделла және т.б. мықты шеберлерді оқыды. 1763 ж. Парижде сонаттар шықты."
    assert texts(p) == ["Гендел, Страделла және т.б. мықты шеберлерді оқыды.",
                        "1763 ж. Парижде сонаттар шықты."]


def test_question_exclamation_and_closing_quote():
    p = "Не болды? Бәрі жақсы! «Рахмет.» Соңы"
    assert texts(p) == ["Не болды?", "Бәрі жақсы!", "«Рахмет.»", "Соңы"]


def test_offsets_point_into_the_paragraph():
    p = "  Бірінші сөйлем.   Екінші сөйлем!  "
    for s in split_sentences(p):
        assert p[s.start:s.end] == s.text


def test_empty_and_no_punctuation():
    assert texts("") == []
    assert texts("тақырып ғана") == ["тақырып ғана"]
