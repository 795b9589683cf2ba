"""Name matching rules, no model needed."""

import pytest

from dateline import names


@pytest.mark.parametrize(
    ("mention", "full", "expected"),
    [
        ("Lavrov", "Sergei Lavrov", True),
        ("Mr. Lavrov", "Sergei Lavrov", True),
        ("Sergei Lavrov", "Sergei Lavrov", True),
        ("Ki-moon", "Ban Ki-moon", True),
        ("Sergei", "Sergei Lavrov", False),  # a first name alone could be anyone
        ("Putin", "Sergei Lavrov", False),
        ("George W. Bush", "George Bush", True),
        ("Laura Bush", "George Bush", False),
        # A family name written first (Chinese, Korean) is the person too.
        ("Xi", "Xi Jinping", True),
        ("Mr. Xi", "Xi Jinping", True),
        ("Ban", "Ban Ki-moon", True),
        ("Kim", "Kim Jong Un", True),
        ("Kim", "Kim Clijsters", False),  # an English given name: no family name
        ("Lee", "Lee Iacocca", False),
        ("Jinping", "Xi Jinping", True),  # the last word still matches, as for any name
        ("Sergei", "Sergei Lavrov", False),
    ],
)
def test_person_matches(mention, full, expected):
    assert names.person_matches(mention, full) is expected


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Xi Jinping", "xi"),
        ("Deng Xiaoping", "deng"),
        ("Ban Ki-moon", "ban"),
        ("Kim Jong Un", "kim"),
        ("Kim Jong-un", "kim"),
        ("Lee Teng-hui", "lee"),
        ("Lee Kuan Yew", "lee"),
        ("Lee Iacocca", None),  # "Lee" is an English given name: "Iacocca" is the surname
        ("Kim Clijsters", None),
        ("Sergei Lavrov", None),
        ("Michelle Chen", None),  # the family name last, as English writes it
        ("Xi", None),  # one word: no name to split
        ("Wang Chen Li Zhao", None),  # four words: not a Chinese or Korean name
    ],
)
def test_family_name(name, family):
    assert names.family_name(name) == family


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("EU", "European Union", True),
        ("UN", "United Nations", True),
        ("U.S.", "United States", True),
        ("the Kremlin", "Kremlin", True),
        ("NATO", "North Atlantic Treaty Organization", True),
        ("EU", "United Nations", False),
        ("UN", "UNESCO", False),
        ("European Union", "European Commission", False),
    ],
)
def test_same_org(a, b, expected):
    assert names.same_org(a, b) is expected


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Dr. Martin Luther King Jr.", ["martin", "luther", "king"]),
        ("Ban Ki-moon", ["ban", "ki-moon"]),
        ("José Ramos-Horta", ["jose", "ramos-horta"]),
    ],
)
def test_name_parts(name, parts):
    assert names.name_parts(name) == parts


@pytest.mark.parametrize(
    ("mention", "full", "expected"),
    [
        ("Nogales", "Javier Nogales Iturri", True),  # the first of two surnames
        ("Nogales Iturri", "Javier Nogales Iturri", True),
        ("Rodham", "Hillary Rodham Clinton", True),
        ("Lopez Obrador", "Andres Manuel Lopez Obrador", True),
        ("Paul", "John Paul Jones", False),  # a given name in the middle
        ("W.", "George W. Bush", False),  # an initial
        ("Javier", "Javier Nogales Iturri", False),
        ("Nogales", "Javier Nogales", False),  # two words: the last is the surname
        ("Clinton", "Hillary Rodham Clinton", False),  # person_matches' to judge
    ],
)
def test_part_of_a_surname_of_two_words(mention, full, expected):
    assert names.compound_surname(mention, full) is expected


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("VW", "Volkswagen AG", True),
        ("VW", "the Volkswagen group", True),
        ("GM", "General Motors Corp", False),  # initials: same_org's to judge
        ("VW", "Volvo AB", False),  # no W in the first word
        ("BA", "Bank", False),  # a first word under five letters
        ("VW", "VEBA", False),  # an acronym is no long form
        ("Volkswagen", "Volkswagen AG", False),  # no abbreviation
    ],
)
def test_a_house_abbreviation_is_the_first_word_shortened(short, long, expected):
    assert names.short_form(short, long) is expected


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("Adsteam", "The Adelaide Steamship Co Ltd", True),
        ("LILCO", "Long Island Lighting Co", True),  # capitals: one letter a word will do
        ("Amro", "Amsterdam-Rotterdam Bank NV", True),
        ("Conrail", "Consolidated Rail Corp", True),
        ("Lilco", "Long Island Lighting Co", False),  # written small: two letters a word
        ("Ford", "Ford Motor Co", False),  # one word of the name is its short name
        ("Peabody", "Peabody International Corp", False),
        ("Fordham", "Ford Motor Co", False),  # "ham" opens no next word
        ("Smith", "Salomon Brothers Inc", False),
        ("AdSt", "Adelaide Steamship", True),
        ("Ad", "Adelaide Steamship", False),  # under four letters
    ],
)
def test_a_blend_is_the_heads_of_the_first_words_in_order(short, long, expected):
    assert names.blended_form(short, long) is expected


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Texaco Inc", "Texaco"),
        ("Chrysler Corp.", "Chrysler"),
        ("Morgan Stanley and Co", "Morgan Stanley"),
        ("Volkswagen AG", "Volkswagen"),
        ("Chrysler Financial Corp", "Chrysler Financial"),
        ("Texaco Canada", "Texaco Canada"),  # no suffix
        ("Inc", "Inc"),  # all suffix: stays whole
    ],
)
def test_the_core_of_a_company_name_drops_its_suffix(name, core):
    from dateline import lexicons

    assert names.org_core(name, lexicons.load("company_suffixes")) == core
