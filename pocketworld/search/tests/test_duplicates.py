"""The company duplicate matcher, rule by rule: how a name is read into core words and a
legal form, how two words are the same word, how two names align and at which level they
are alike, and how the evidence of two records adds up to a probability."""

import math

import pytest

from pocketworld.search.duplicates import (
    ADDRESS_LEVELS,
    ASK,
    COUNTRY_LEVELS,
    DUPLICATE,
    LEGAL_FORM_LEVELS,
    LEI_LEVELS,
    NAME_LEVELS,
    PRIOR,
    WEBSITE_LEVELS,
    Alignment,
    Facts,
    Likeness,
    align,
    best_name_level,
    compare,
    is_contraction,
    latin_roles,
    legal_form_level,
    name_level,
    read,
    read_all,
    same_word,
    spanned,
    value_level,
)


def facts(*names, language=None, **identifiers):
    """The `Facts` of a record with these names and identifiers."""
    return Facts(readings=tuple(read(name, language) for name in names), **identifiers)


def log_odds(levels, level):
    m, u = levels[level]
    return math.log2(m / u)


# --- reading a name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words", "legal_form"),
    [
        ("Samsung Electronics Co., Ltd.", ("samsung", "electronic"), {"co", "ltd"}),
        ("Siemens Aktiengesellschaft", ("siemen",), {"aktiengesellschaft"}),
        ("Kolon Industries, Inc.", ("kolon", "industry"), {"inc"}),
    ],
)
def test_read_parts_core_words_from_the_legal_form(name, words, legal_form):
    reading = read(name)
    assert reading.words == words
    assert set(reading.legal_form) == legal_form


def test_private_limited_is_no_core_word():
    # "Private Limited" is a legal form only as a pair: "private" is no core word.
    assert read("Tata Motors Private Limited").words == ("tata", "motor")


def test_private_limited_is_a_legal_form():
    assert set(read("Tata Motors Private Limited").legal_form) == {"private", "limited"}
    assert (
        legal_form_level(facts("Tata Motors Private Limited"), facts("Tata Motors Ltd")) == "same"
    )
    assert legal_form_level(facts("Tata Motors Private Limited"), facts("Tata Motors Inc")) == (
        "different"
    )


@pytest.mark.parametrize(
    ("words", "core", "legal_form"),
    [
        (["toshiba", "europe", "gmbh"], ("toshiba",), {"gmbh"}),
        (["sony", "and", "co"], ("sony",), {"co"}),
    ],
)
def test_latin_roles_parts_words_already_split(words, core, legal_form):
    words, legal = latin_roles(words)
    assert (words, set(legal)) == (core, legal_form)


@pytest.mark.parametrize(
    ("name", "last_core_word", "cut"),
    [
        ("Lockheed Martin Corporat", "martin", "corporat"),
        ("Northern Trust Bancorp Incorpora", "bancorp", "incorpora"),
    ],
)
def test_a_legal_form_cut_short_at_the_end_is_a_legal_form(name, last_core_word, cut):
    reading = read(name)
    assert cut in reading.legal_form
    assert cut not in reading.words
    assert reading.words[-1] == last_core_word


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # Three letters are too few to tell "Cor" from a word of the name.
        ("Apple Cor", ("apple", "cor")),
        # Only the last word of a name may have been cut short by a list.
        ("Corporat Software", ("corporat", "software")),
    ],
)
def test_a_short_or_inner_word_is_no_cut_legal_form(name, words):
    assert read(name).words == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Samsung Group", ("samsung",)),
        ("Toshiba Europe", ("toshiba",)),
        ("Samsung Grp", ("samsung",)),
        ("Hyundai Motor Hldgs", ("hyundai", "motor")),
    ],
)
def test_group_and_region_words_and_their_abbreviations_are_no_core_words(name, words):
    assert read(name).words == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Kuehne und Nagel", ("kuehne", "nagel")),
        ("Kuehne + Nagel", ("kuehne", "nagel")),
        ("Moët et Chandon", ("moet", "chandon")),
        ("Hennes och Mauritz", ("henne", "mauritz")),
        ("Et Cetera Media", ("et", "cetera", "media")),  # a first word stays
        ("St. James's Place", ("st", "jame", "place")),
        ("St. James’s Place", ("st", "jame", "place")),
        ("St. James Place", ("st", "jame", "place")),
    ],
)
def test_and_in_other_languages_and_possessives_are_read_as_in_english(name, words):
    assert read(name).words == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("BASF SE ORD SHS", ("basf",)),
        ("Alphabet Inc Class B", ("alphabet",)),
        ("Zhejiang Expressway Co Ltd Class H", ("zhejiang", "expressway")),
        ("Siemens AG INH. O.N.", ("siemen",)),
        ("Volkswagen AG Vz", ("volkswagen",)),
        ("Porsche AG VZO", ("porsche",)),
        ("ASML Holding NV NOM", ("asml",)),
        # A par value: its digits, and the currency before them.
        ("Deutsche Telekom AG NAM 2.56", ("deutsche", "telekom")),
        ("Naturgy Energy INH. EO 1", ("naturgy", "energy")),
        ("Sixt SE INH. EO 2", ("sixt",)),
        ("SOCIETE BIC INH. EO 3,82", ("societe", "bic")),
        ("Vodafone Group PLC LS 0.20", ("vodafone",)),
        # The state of incorporation in the SEC's lists.
        ("Apple Inc /DE/", ("apple",)),
    ],
)
def test_security_listing_words_par_values_and_the_state_of_incorporation_are_dropped(name, words):
    assert read(name).words == words


def test_a_word_of_letters_and_digits_stays():
    assert read("3M Company").words == ("3m",)


def test_a_name_that_begins_with_a_security_word_keeps_it():
    assert read("ON Semiconductor Corp").words == ("on", "semiconductor")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("TaekwangInd", ("taekwang", "ind")),
        ("HyundaiMtr Co", ("hyundai", "mtr")),
        ("DaewonChem", ("daewon", "chem")),
        # Not where a part is shorter than three letters: one word in capitals.
        ("CoStar Group", ("costar",)),
        ("ChemOn Inc.", ("chemon",)),
        ("arGEN-X", ("argen", "x")),
    ],
)
def test_words_run_together_in_capitals_are_split(name, words):
    assert read(name).words == words


def test_a_legal_form_of_the_table_alone_does_not_begin_a_name():
    # EOG is an Austrian legal form in the ELF table, and the name of a company.
    assert read("EOG Resources, Inc.").words == ("eog", "resource")
    assert name_level(read("EOG Resources"), read("Targa Resources")) == "other"
    # The forms every list writes stay forms wherever they stand.
    reading = read("PT Astra International Tbk")
    assert reading.words == ("astra", "international")
    assert set(reading.legal_form) == {"pt", "tbk"}


def test_gmbh_is_a_legal_form_not_words_run_together():
    reading = read("Toshiba Europe GmbH")
    assert reading.words == ("toshiba",)
    assert set(reading.legal_form) == {"gmbh"}


@pytest.mark.parametrize(
    ("name", "words"),
    [("Anterogen.Co.,Ltd.", ("anterogen",)), ("Kyungbangco.Ltd", ("kyungbang",))],
)
def test_a_legal_form_joined_by_a_dot_stands_apart(name, words):
    reading = read(name)
    assert reading.words == words
    assert set(reading.legal_form) == {"co", "ltd"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("D S M", ("dsm",)),
        ("H & M Hennes & Mauritz AB", ("hm", "henne", "mauritz")),
        ("SINGSONGHOLDINGS", ("singsong",)),
        ("Bosch Gruppe", ("bosch",)),
        ("Groupe Renault", ("renault",)),
    ],
)
def test_initials_join_and_group_words_come_apart(name, words):
    assert read(name).words == words


def test_a_name_of_legal_form_words_only_keeps_them():
    reading = read("Company Limited")
    assert reading.words == ("company", "limited")
    assert set(reading.legal_form) == {"company", "limited"}


def test_a_word_of_the_name_that_is_also_a_legal_form_stays_a_core_word():
    assert read("Northern Trust Corporation").words == ("northern", "trust")
    likeness = compare(facts("Northern Trust Corporation"), facts("Northern Power Corporation"))
    assert likeness.probability < ASK


def test_a_name_in_another_script_is_read_through_its_romanized_keys():
    toshiba = read("東芝", "ja")
    assert toshiba.words == ("toshiba",)
    assert not toshiba.legal_form
    assert set(toshiba.keys) == {"東芝"}
    assert "toshiba" in toshiba.readings
    # The language tells how to read the kanji: in Chinese they are Dongzhi.
    assert read("東芝", "zh").words == ("dong", "zhi")


def test_each_romanized_key_of_a_name_is_a_reading_of_its_own():
    kobe = read_all("株式会社神戸製鋼所", "ja")
    assert [reading.words for reading in kobe] == [
        ("kobe", "seikosho"),
        ("kobe", "steel", "manufacture", "tokoro"),
    ]
    latin = Facts(read_all("Kobe Steel, Ltd."))
    # The translated reading is the one the Latin name follows.
    assert name_level(kobe[0], latin.readings[0]) == "first"
    assert best_name_level(Facts(kobe), latin) == "contained"
    # A name in Latin script has one reading.
    assert read_all("Kobe Steel, Ltd.") == (read("Kobe Steel, Ltd."),)


# --- comparing words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("elec", "electronic"),
        ("intl", "international"),
        ("mtr", "motor"),
        ("hldg", "holding"),
        ("mfg", "manufacturing"),
        # The beginning of the word needs no equal last letter.
        ("tech", "technology"),
    ],
)
def test_contractions(short, long):
    assert is_contraction(short, long)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("ntl", "international"),  # another first letter
        ("el", "electric"),  # too short
        ("motr", "motor"),  # too little left out
        ("hdlg", "holding"),  # letters out of order
        ("mtl", "motor"),  # a letter the word lacks
        ("mfr", "manufacturing"),  # another last letter: Mfr is manufacturer
        ("shin", "shoshin"),  # a word within the word is another name
        ("sakura", "seisakura"),
    ],
)
def test_no_contractions(short, long):
    assert not is_contraction(short, long)


@pytest.mark.parametrize(
    ("first", "second", "last", "same"),
    [
        ("toshiba", "toshiba", False, True),
        # Abbreviations of the published table, either way round.
        ("intl", "international", False, True),
        ("international", "intl", False, True),
        ("dstrb", "distributor", False, True),
        ("distributor", "dstrb", False, True),
        ("cty", "city", False, True),
        ("city", "cty", False, True),
        # Contractions, either way round.
        ("mtr", "motor", False, True),
        ("motor", "mtr", False, True),
        # Cut short: only the last word of a name, and from three letters.
        ("technolog", "technology", True, True),
        ("technolog", "technology", False, False),
        ("so", "sony", True, False),
        ("steel", "cement", True, False),
    ],
)
def test_same_word(first, second, last, same):
    assert same_word(first, second, last) is same


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # The first words of two names: never one the other's beginning.
        ("hua", "huali", False),
        ("jin", "jinna", False),
        # Abbreviations of the table and contractions still are.
        ("intl", "international", True),
        ("hldg", "holding", True),
    ],
)
def test_same_leading_word(first, second, same):
    assert same_word(first, second, last=True, leading=True) is same


@pytest.mark.parametrize(
    ("word", "words", "start", "span"),
    [
        ("pe", ["private", "equity", "partner"], 0, 2),
        ("pe", ["kkr", "private", "equity"], 1, 2),
        ("llc", ["limited", "liability", "company"], 0, 3),
        # An abbreviation of the table that is not its expansion's initials.
        ("ekg", ["einfache", "kommanditgesellschaft"], 0, 2),
        ("pe", ["permira", "partner"], 0, 0),
        ("pe", ["kkr", "private", "equity"], 0, 0),
    ],
)
def test_spanned_words(word, words, start, span):
    assert spanned(word, words, start) == span


@pytest.mark.parametrize(
    ("first", "second", "alignment"),
    [
        (("hyundai", "mtr"), ("hyundai", "motor"), Alignment(2, 0, 0, True)),
        (("hanil", "steel"), ("hanil", "steel", "changwon"), Alignment(2, 0, 1, True)),
        (
            ("kkr", "pe", "partner"),
            ("kkr", "private", "equity", "partner"),
            Alignment(3, 0, 0, True),
        ),
        (("hanil", "cement"), ("hanil", "steel"), Alignment(1, 1, 1, True)),
        # A word left over before the match: the first words do not match.
        (("nippon", "steel"), ("steel",), Alignment(1, 1, 0, False)),
        (("steel",), ("nippon", "steel"), Alignment(1, 0, 1, False)),
        (("sony",), ("panasonic",), Alignment(0, 1, 1, False)),
    ],
)
def test_align(first, second, alignment):
    assert align(first, second) == alignment


# --- the level of two names -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "language", "second", "level"),
    [
        ("TOSHIBA CORPORATION", None, "Toshiba Corp.", "key"),
        ("東芝", "ja", "Toshiba Corp", "reading"),
        ("Hyundai Mtr Co", None, "Hyundai Motor Company", "words"),
        ("KKR PE Partners", None, "KKR Private Equity Partners", "words"),
        ("BMW AG", None, "Bayerische Motoren Werke AG", "words"),  # the initials
        # Words romanized from another script have no initials: 한국타이어 is not KT.
        ("한국타이어", "ko", "KT Corp", "other"),
        # The last word cut short by a list.
        (
            "Hyundai Heavy Industries Technolog",
            None,
            "Hyundai Heavy Industries Technology",
            "words",
        ),
        ("Hanil Steel", None, "Hanil Steel Changwon Co Ltd", "contained"),
        ("Akzo Nobel N.V.", None, "Akzo Novel NV", "alike"),
        ("Kolon Industries Inc", None, "Kolon Indstries Inc", "alike"),
        ("Hanil Cement Co Ltd", None, "Hanil Steel Co Ltd", "first"),
        # 83 % alike is not alike enough.
        ("Daewoo Motor Co", None, "Daewoo Motel Co", "first"),
        # 90 % alike, but the first words are not alike: a long word in common.
        ("Shoshin Electric", None, "Shin Electric", "other"),
        ("Sony Corp", None, "Panasonic Corp", "other"),
        # A first word is not cut short: Jin is another name than Jinna.
        ("Jin Co Ltd", None, "Jinna Co Ltd", "other"),
    ],
)
def test_name_level(first, language, second, level):
    assert name_level(read(first, language), read(second)) == level


def test_a_name_without_words_compares_at_the_lowest_level():
    assert name_level(read("東芝"), read("---")) == "other"


# --- legal form, values -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("Toshiba Corp", "Toshiba Corporation", "same"),
        ("Siemens Ltd", "Siemens Limited", "same"),
        ("Siemens AG", "Siemens Inc", "different"),
        ("Sony", "Sony Corp", None),
        ("Sony Corp", "Sony", None),
    ],
)
def test_legal_form_level(first, second, level):
    assert legal_form_level(facts(first), facts(second)) == level


def test_gmbh_and_inc_are_different_legal_forms():
    assert legal_form_level(facts("Siemens GmbH"), facts("Siemens Inc")) == "different"


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("JP", "JP", "same"),
        ("JP", "KR", "different"),
        ("", "KR", None),
        ("JP", "", None),
        (frozenset({"toshiba.eu", "toshiba.co.jp"}), frozenset({"toshiba.co.jp"}), "same"),
        (frozenset({"toshiba.eu"}), frozenset({"sony.eu"}), "different"),
        (frozenset(), frozenset({"sony.eu"}), None),
    ],
)
def test_value_level(first, second, level):
    assert value_level(first, second) == level


# --- weighing ---------------------------------------------------------------------------


def test_the_weight_adds_the_prior_and_each_comparisons_log_odds():
    likeness = compare(
        facts("TOSHIBA CORPORATION", country="JP"), facts("Toshiba Corp.", country="JP")
    )
    assert likeness.levels == {"name": "key", "legal_form": "same", "country": "same"}
    assert likeness.weight == pytest.approx(
        math.log2(PRIOR / (1 - PRIOR))
        + log_odds(NAME_LEVELS, "key")
        + log_odds(LEGAL_FORM_LEVELS, "same")
        + log_odds(COUNTRY_LEVELS, "same")
    )
    assert likeness.probability >= DUPLICATE


def test_another_country_lowers_the_weight():
    same = compare(facts("Asahi Kasei Corp", country="JP"), facts("Asahi Kasei Corp", country="JP"))
    other = compare(
        facts("Asahi Kasei Corp", country="JP"), facts("Asahi Kasei Corp", country="IN")
    )
    assert other.levels["country"] == "different"
    assert other.weight < same.weight
    assert ASK <= other.probability < DUPLICATE <= same.probability


def test_the_same_lei_makes_a_duplicate_of_different_names():
    likeness = compare(
        facts("Something Else AG", lei="529900T8BM49AURSDO55"),
        facts("Renamed Ltd", lei="529900T8BM49AURSDO55"),
    )
    assert likeness.levels["name"] == "other"
    assert likeness.levels["lei"] == "same"
    assert likeness.probability >= DUPLICATE
    assert likeness.reason == "lei"


def test_another_lei_takes_the_same_name_below_a_duplicate():
    without = compare(facts("Toshiba Corp"), facts("Toshiba Corporation"))
    other_lei = compare(
        facts("Toshiba Corp", lei="549300BQ6LBZY2XQX212"),
        facts("Toshiba Corporation", lei="529900T8BM49AURSDO55"),
    )
    assert without.probability >= DUPLICATE
    assert other_lei.weight == pytest.approx(without.weight + log_odds(LEI_LEVELS, "different"))
    assert other_lei.probability < DUPLICATE


@pytest.mark.parametrize(
    ("identifier", "levels", "value"),
    [
        ("websites", WEBSITE_LEVELS, "hanilsteel.co.kr"),
        ("addresses", ADDRESS_LEVELS, "51503|changwondaero10"),
    ],
)
def test_a_shared_website_or_address_is_evidence(identifier, levels, value):
    first, second = "Hanil Steel", "Hanil Steel Changwon Co Ltd"
    alone = compare(facts(first), facts(second))
    same = compare(facts(first, **{identifier: {value}}), facts(second, **{identifier: {value}}))
    different = compare(
        facts(first, **{identifier: {value}}), facts(second, **{identifier: {"other"}})
    )
    assert alone.probability < DUPLICATE
    assert same.levels[identifier] == "same"
    assert same.weight == pytest.approx(alone.weight + log_odds(levels, "same"))
    assert same.probability >= DUPLICATE
    assert same.reason == identifier
    assert different.levels[identifier] == "different"
    assert different.weight == pytest.approx(alone.weight + log_odds(levels, "different"))


@pytest.mark.parametrize(
    "identifiers",
    [
        {"country": "JP"},
        {"lei": "529900T8BM49AURSDO55"},
        {"websites": frozenset({"toshiba.eu"})},
        {"addresses": frozenset({"40212|konigsallee12"})},
    ],
)
def test_what_one_record_lacks_weighs_nothing(identifiers):
    without = compare(facts("Toshiba Europe"), facts("Toshiba Corp"))
    one_sided = compare(facts("Toshiba Europe", **identifiers), facts("Toshiba Corp"))
    other_side = compare(facts("Toshiba Europe"), facts("Toshiba Corp", **identifiers))
    assert one_sided.levels == without.levels == other_side.levels
    assert one_sided.weight == without.weight == other_side.weight


@pytest.mark.parametrize(
    ("sharing", "level"),
    [(None, "contained"), (1, "contained_rare"), (2, "contained_rare"), (3, "contained")],
)
def test_a_contained_name_of_a_rare_first_word_counts_apart(sharing, level):
    likeness = compare(facts("Casio"), facts("Casio Computer Co., Ltd."), sharing)
    assert likeness.levels == {"name": level}
    assert likeness.weight == pytest.approx(
        math.log2(PRIOR / (1 - PRIOR)) + log_odds(NAME_LEVELS, level)
    )
    assert likeness.reason == "contained"


def test_a_rare_first_word_counts_for_a_contained_name_only():
    likeness = compare(facts("Hanil Cement Co Ltd"), facts("Hanil Steel Co Ltd"), sharing=1)
    assert likeness.levels["name"] == "first"


def test_the_best_level_of_any_two_names_counts():
    likeness = compare(facts("東芝", "Toshiba Europe", language="ja"), facts("Toshiba Corp"))
    assert likeness.levels["name"] == "key"
    likeness = compare(
        facts("Hanil Steel", "HANIL STEEL CHANGWON"), facts("Hanil Steel Changwon Co")
    )
    assert likeness.levels["name"] == "key"


def test_a_record_without_names_compares_at_the_lowest_level():
    assert compare(Facts(readings=()), facts("Toshiba Corp")).levels == {"name": "other"}


@pytest.mark.parametrize(("weight", "probability"), [(0, 0.5), (1, 2 / 3), (-1, 1 / 3), (3, 8 / 9)])
def test_the_probability_of_a_weight(weight, probability):
    assert Likeness({"name": "other"}, weight).probability == pytest.approx(probability)


@pytest.mark.parametrize(
    ("levels", "reason"),
    [
        ({"name": "other", "lei": "same", "websites": "same", "addresses": "same"}, "lei"),
        ({"name": "key", "lei": "different", "websites": "same", "addresses": "same"}, "websites"),
        ({"name": "key", "websites": "different", "addresses": "same"}, "addresses"),
        ({"name": "contained", "lei": "different", "websites": "different"}, "contained"),
        ({"name": "reading"}, "reading"),
    ],
)
def test_the_reason_is_the_strongest_evidence(levels, reason):
    assert Likeness(levels, 0).reason == reason


def test_a_duplicate_is_more_likely_than_a_question():
    assert 0 < ASK < DUPLICATE < 1
