"""How an import finds each row's duplicates: the names' variants and keys, the indexes
that find candidates cheaply (by key, by sound, by word), the ranking of candidates, and
the finder for companies, people and sites against the registry and earlier rows."""

import pytest

from pocketworld.companies.choices import SiteKind
from pocketworld.companies.models import CompanyName
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, SiteFactory
from pocketworld.imports import dedup, services
from pocketworld.imports.choices import RowDecision
from pocketworld.imports.dedup import (
    CANDIDATES_PER_ROW,
    REASONS,
    SEARCH_ENGINE_ROWS,
    Candidate,
    CompanyRow,
    DuplicateFinder,
    Matches,
    NameIndex,
    WordIndex,
    decode,
    encode,
    is_duplicate,
    name_variants,
)
from pocketworld.search.duplicates import ASK, DUPLICATE, NAME_LEVELS, Likeness, read, read_all
from pocketworld.search.normalization import name_keys

LEI = "529900T8BM49AURSDO55"


def readings(*names):
    return [read(name) for name in names]


def key_texts(keys):
    return [key.text for key in keys]


# --- names and keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("Toshiba Corp", ["Toshiba Corp"]),
        ("AKZO NOBEL N. V.", ["AKZO NOBEL N. V.", "AKZO NOBEL NV."]),
        ("D S M", ["D S M", "DSM"]),
        # A legal form before the comma ends the name: what follows is the place.
        (
            "ALCATEL N.V., AMSTERDAM, NL",
            [
                "ALCATEL N.V., AMSTERDAM, NL",
                "ALCATEL NV., AMSTERDAM, NL",
                "ALCATEL N.V.",
                "ALCATEL NV.",
            ],
        ),
        # All that follows the comma is a legal form.
        ("Sony Europe, B.V.", ["Sony Europe, B.V.", "Sony Europe, BV.", "Sony Europe"]),
        # A comma inside the name of a partnership stays.
        ("Smith, Clayton and Lane GmbH", ["Smith, Clayton and Lane GmbH"]),
    ],
)
def test_name_variants(name, variants):
    assert list(dict.fromkeys(name_variants(name))) == variants


def keys_of(names, country):
    """The search keys a company row of these names in `country` is looked up by."""
    values = {"legal_name": names[0], "country": country}
    if names[1:]:
        values["native_name"] = names[1]
    return CompanyRow.of(values).keys


def test_keys_of_names_are_unique_and_read_by_the_country_language():
    assert key_texts(keys_of(["Akzo Nobel N.V.", "AKZO NOBEL"], "NL")) == ["akzonobel"]
    assert key_texts(keys_of(["ALCATEL N.V., AMSTERDAM, NL"], "FR"))[-1] == "alcatel"
    assert key_texts(keys_of(["丸紅"], "JP")) == ["丸紅", "marubeni"]
    chinese = key_texts(keys_of(["丸紅"], "CN"))
    assert "wanhong" in chinese
    assert "marubeni" not in chinese
    # Without a country every reading counts.
    assert {"marubeni", "wanhong"} <= set(key_texts(keys_of(["丸紅"], "")))
    # A company's own name, where a dictionary lists it, in either language: 東芝 Toshiba.
    assert {"toshiba", "dongzhi"} <= set(key_texts(keys_of(["東芝"], "CN")))


@pytest.mark.parametrize(("target", "code"), [(("id", 7), 7), (("row", 7), -7)])
def test_encode_and_decode(target, code):
    assert encode(target) == code
    assert decode(code) == target


# --- the name index ---------------------------------------------------------------------


def name_index(*entries):
    """A name index of (name, target)."""
    index = NameIndex()
    for name, target in entries:
        for key in name_keys(name):
            index.add(key.text, key.sound, target)
    return index


def test_name_index_finds_an_equal_key():
    index = name_index(("Akzo Nobel N.V.", ("id", 7)), ("Sony Corp", ("row", 2)))
    assert index.find(name_keys("AKZO NOBEL")) == [(("id", 7), 1.0, True)]
    assert index.find(name_keys("SONY CORPORATION")) == [(("row", 2), 1.0, True)]
    assert index.find(name_keys("Panasonic")) == []


def test_name_index_keeps_every_target_of_one_key_once():
    index = name_index(
        ("Asahi Kasei Corp", ("id", 1)),
        ("Asahi Kasei GmbH", ("id", 2)),
        ("ASAHI KASEI", ("id", 2)),
        ("Asahi Kasei", ("row", 3)),
    )
    assert index.find(name_keys("Asahi Kasei")) == [
        (("id", 1), 1.0, True),
        (("id", 2), 1.0, True),
        (("row", 3), 1.0, True),
    ]


def test_name_index_finds_a_key_that_sounds_alike_from_88_percent():
    index = name_index(("Akzo Nobel N.V.", ("id", 7)))
    [(target, similarity, exact)] = index.find(name_keys("Akzo Novel"))
    assert (target, exact) == (("id", 7), False)
    assert similarity == pytest.approx(0.889, abs=0.001)
    # Same sound (AKSNPL), but only 84 % alike.
    assert index.find(name_keys("Akzo Noebal")) == []
    # Alike in spelling (89 %) but not in sound (AKSNPK): not looked at.
    assert index.find(name_keys("Akzo Nobek")) == []


# --- the word index ---------------------------------------------------------------------


def word_index(*entries):
    """A word index of (target, its names)."""
    index = WordIndex()
    for target, *names in entries:
        index.add([read(name).words for name in names], target)
    return index


def test_word_index_finds_a_name_that_lost_or_gained_words():
    index = word_index(
        (("id", 1), "Hanil Steel Changwon Co., Ltd", "HANIL STEEL CHANGWON"),
        (("id", 2), "Posco Holdings"),
    )
    assert index.find(readings("HANIL STEEL")) == [("id", 1)]
    # One target once, however many names share the word: target 1, shifted, first word.
    assert list(index.by_word["hanil"]) == [1 << 1 | 1]
    assert index.find(readings("Samsung Electronics")) == []


def test_word_index_holds_a_target_once_per_word():
    index = WordIndex()
    index.add([("hanil", "steel")], ("id", 1))
    index.add([("hanil", "steel", "changwon")], ("id", 1))
    index.add([("hanil", "cement")], ("id", 2))
    assert list(index.by_word["hanil"]) == [1 << 1 | 1, 2 << 1 | 1]
    assert list(index.by_word["changwon"]) == [1 << 1]  # not a first word


def test_word_index_finds_by_the_first_word_or_two_others():
    index = word_index(
        (("id", 1), "Steel Partners"), (("id", 2), "Hanil Cement"), (("id", 3), "Steel Pipe Korea")
    )
    # The row's first word counts twice, found first; so does the first word of a target
    # ("Steel Partners"); one other word is not enough.
    assert index.find(readings("Hanil Steel")) == [("id", 2), ("id", 1), ("id", 3)]
    assert index.find(readings("Seoul Pipe")) == []
    # Two other words count as much as a first one.
    assert index.find(readings("Seoul Pipe Korea")) == [("id", 3)]


def test_word_index_finds_a_name_by_its_first_word_within_a_longer_one():
    index = word_index((("id", 1), "Handelsbanken"), (("id", 2), "Ericsson"))
    assert index.find(readings("Svenska Handelsbanken AB Class A")) == [("id", 1)]
    assert index.find(readings("Telefonaktiebolaget LM Ericsson (publ)")) == [("id", 2)]


def test_word_index_finds_a_name_by_its_initials_and_the_other_way_round():
    index = word_index(
        (("id", 1), "International Business Machines"),
        (("id", 2), "BMW AG"),
        (("id", 3), "Seoul Broadcasting System"),
        (("id", 4), "Bayer Motors"),
    )
    assert index.find(readings("IBM Corp")) == [("id", 1)]
    # Initials stand for the whole name: before the names sharing only the first word.
    others = ["Paper", "Flavors", "Game Technology", "Seaways", "Bancshares", "Money"]
    crowded = word_index(
        *((("id", number), f"International {other}") for number, other in enumerate(others)),
        (("id", 9), "IBM"),
    )
    assert len(crowded.find(readings("International Business Machines"))) == 5
    assert crowded.find(readings("International Business Machines"))[0] == ("id", 9)
    assert index.find(readings("Bayerische Motoren Werke")) == [("id", 2)]
    assert index.find(readings("SBS")) == [("id", 3)]
    # A word of more than four letters, or a name of more than four words, has none.
    assert index.find(readings("SBSTV")) == []
    index.add([("abcde",)], ("id", 5))
    assert index.find(readings("Alpha Beta Cosmos Delta Echo")) == []


def test_word_index_no_initials_of_names_romanized_from_another_script():
    index = WordIndex()
    index.add([("korea", "tire")], ("id", 1), latin_words=[])
    index.add([("korea", "telecom")], ("id", 2))
    assert index.find(readings("KT")) == [("id", 2)]
    kt = WordIndex()
    kt.add([("kt",)], ("id", 3))
    assert kt.find(list(read_all("한국타이어", "ko"))) == []  # "korea tire", romanized
    assert kt.find(readings("Korea Telecom")) == [("id", 3)]


def test_word_index_a_common_word_finds_nothing_by_itself(monkeypatch):
    monkeypatch.setattr(dedup, "COMMON_WORD", 2)
    index = word_index((("id", 1), "Nippon Steel"), (("id", 2), "Nippon Paint Automotive Coatings"))
    assert index.find(readings("Nippon")) == [("id", 1), ("id", 2)]
    index.add([("nippon", "express")], ("id", 3))
    index.add([("nippon", "yusen")], ("id", 4))
    assert index.find(readings("Nippon")) == []
    # Rarer words still find their names.
    assert index.find(readings("Nippon Paint Automotive")) == [("id", 2)]


def test_word_index_sharing_counts_the_names_with_the_first_word():
    index = word_index((("id", 1), "Hanil Steel Changwon"), (("id", 2), "Hanil Cement"))
    assert index.sharing(readings("Hanil Steel")) == 2
    assert index.sharing(readings("Posco Steel")) == 0
    assert index.sharing([]) is None


# --- ranking ----------------------------------------------------------------------------


def test_matches_keep_the_best_candidate_per_target_best_first():
    matches = Matches()
    matches.add(Candidate(0.6, "same first word", row=3))
    matches.add(Candidate(0.7, "similar name", object_id=9))
    matches.add(Candidate(0.95, "same name", row=3))
    matches.add(Candidate(0.5, "other evidence", row=3))
    matches.add(Candidate(0.7, "similar name", row=2))
    matches.add(Candidate(0.7, "similar name", object_id=4))
    assert [(found.score, found.object_id, found.row) for found in matches.ranked()] == [
        (0.95, None, 3),
        # On a tie records of the registry come before rows, the oldest first.
        (0.7, 4, None),
        (0.7, 9, None),
        (0.7, None, 2),
    ]


def test_matches_rank_at_most_five():
    matches = Matches()
    for number in range(2, 10):
        matches.add(Candidate(number / 10, "similar name", row=number))
    assert CANDIDATES_PER_ROW == 5
    assert [found.row for found in matches.ranked()] == [9, 8, 7, 6, 5]


def test_a_candidate_as_json_names_its_record_or_row():
    assert Candidate(0.91234, REASONS["key"], object_id=4, label="Sony Corp").as_json() == {
        "score": 0.912,
        "reason": "same name",
        "label": "Sony Corp",
        "id": 4,
    }
    assert Candidate(0.6, REASONS["first"], row=3, label="Sony").as_json() == {
        "score": 0.6,
        "reason": "same first word",
        "label": "Sony",
        "row": 3,
    }


@pytest.mark.parametrize(
    ("candidates", "duplicate"),
    [
        ([], False),
        ([{"score": DUPLICATE}], True),
        ([{"score": 0.99}, {"score": 0.6}], True),
        ([{"score": DUPLICATE - 0.001}], False),
        ([{"score": ASK}], False),
        # Candidates come best first: the first decides.
        ([{"score": 0.6}, {"score": 0.95}], False),
    ],
)
def test_is_duplicate_from_the_best_candidate(candidates, duplicate):
    assert is_duplicate(candidates) is duplicate


def test_every_reason_of_the_matcher_has_its_words():
    reasons = {Likeness({"name": level}, 0).reason for level in NAME_LEVELS}
    reasons |= {
        Likeness({"name": "other", kind: "same"}, 0).reason
        for kind in ("lei", "websites", "addresses")
    }
    assert reasons <= set(REASONS)


# --- companies --------------------------------------------------------------------------


def found(user, values, number=2):
    """The candidates of one row against the registry."""
    return DuplicateFinder("companies", user).find(number, values)


def score_of(candidates, company):
    """The score of the company among the candidates; 0 when it is none of them."""
    return next((one["score"] for one in candidates if one.get("id") == company.pk), 0)


@pytest.fixture
def korea(db):
    return Country.objects.get(code="KR")


@pytest.mark.django_db
def test_a_company_is_found_by_its_lei_whatever_its_name(director):
    company = CompanyFactory(legal_name="Something Else AG", lei=LEI)
    [candidate] = found(director, {"legal_name": "Renamed Ltd", "country": "JP", "lei": LEI})
    assert candidate == {
        "id": company.pk,
        "score": candidate["score"],
        "reason": "same LEI",
        "label": "Something Else AG",
    }
    assert candidate["score"] >= DUPLICATE
    assert found(director, {"legal_name": "Renamed Ltd", "country": "JP"}) == []


@pytest.mark.django_db
def test_a_company_is_found_by_its_website(director, korea):
    company = CompanyFactory(
        legal_name="Hanil Steel Changwon Co Ltd",
        website="https://www.hanilsteel.co.kr",
        country=korea,
    )
    values = {"legal_name": "HANIL STEEL", "country": "KR"}
    by_name = score_of(found(director, values), company)
    [candidate] = found(director, {**values, "website": "http://hanilsteel.co.kr/en"})
    assert (candidate["id"], candidate["reason"]) == (company.pk, "same website")
    assert candidate["score"] >= DUPLICATE > by_name
    other_website = {**values, "website": "https://hanil.com"}
    assert score_of(found(director, other_website), company) <= by_name


@pytest.mark.django_db
def test_a_company_is_found_by_its_address_with_a_similar_name(director):
    company = CompanyFactory(legal_name="Kyocera Document Solutions Europe B.V.")
    SiteFactory(company=company, street="Otto-Hahn-Str. 12", postcode="40670")
    values = {"legal_name": "Kyocera Document Solutions Meerbusch", "country": "JP"}
    by_name = score_of(found(director, values), company)
    [candidate] = found(director, {**values, "street": "Otto-Hahn-Straße 12", "postcode": "40670"})
    assert (candidate["id"], candidate["reason"]) == (company.pk, "same address")
    assert candidate["score"] >= DUPLICATE > by_name
    elsewhere = {**values, "street": "Hansaallee 249", "postcode": "40549"}
    assert score_of(found(director, elsewhere), company) <= by_name


@pytest.mark.django_db
def test_a_company_under_an_abbreviated_name_is_a_duplicate(director, korea):
    company = CompanyFactory(legal_name="Hyundai Motor Company", country=korea)
    [candidate] = found(director, {"legal_name": "Hyundai Mtr Co", "country": "KR"})
    assert candidate["id"] == company.pk
    assert candidate["reason"] == "same words, written differently"
    assert candidate["score"] >= DUPLICATE


@pytest.mark.django_db
def test_a_company_under_its_initials_is_found_and_the_other_way_round(director, korea):
    broadcaster = CompanyFactory(legal_name="Seoul Broadcasting System", country=korea)
    [candidate] = found(director, {"legal_name": "SBS", "country": "KR"})
    assert candidate["id"] == broadcaster.pk
    assert candidate["score"] >= DUPLICATE
    kt = CompanyFactory(legal_name="KT Corp", country=korea)
    [candidate] = found(director, {"legal_name": "Korea Telecom", "country": "KR"})
    assert candidate["id"] == kt.pk


@pytest.mark.django_db
def test_another_company_of_the_same_first_word_is_no_duplicate(director, korea):
    CompanyFactory(legal_name="Hanil Cement Co Ltd", country=korea)
    candidates = found(director, {"legal_name": "Hanil Steel Co Ltd", "country": "KR"})
    assert candidates == []
    assert not is_duplicate(candidates)


@pytest.mark.django_db
def test_the_same_name_in_another_country_is_asked_not_a_duplicate(director):
    company = CompanyFactory(legal_name="Asahi Kasei Corp")
    [candidate] = found(director, {"legal_name": "Asahi Kasei Corp", "country": "IN"})
    assert candidate["id"] == company.pk
    assert ASK <= candidate["score"] < DUPLICATE
    [same_country] = found(director, {"legal_name": "Asahi Kasei Corp", "country": "JP"})
    assert same_country["score"] >= DUPLICATE


@pytest.mark.django_db
def test_an_equal_name_of_the_row_country_leaves_out_the_namesakes_elsewhere(director):
    japanese = CompanyFactory(legal_name="Asahi Kasei Corp")
    indian = CompanyFactory(legal_name="Asahi Kasei Corp", country=Country.objects.get(code="IN"))
    candidates = found(director, {"legal_name": "Asahi Kasei Corp", "country": "JP"})
    assert [candidate["id"] for candidate in candidates] == [japanese.pk]
    # A row of a third country is asked about both.
    candidates = found(director, {"legal_name": "Asahi Kasei Corp", "country": "DE"})
    assert {candidate["id"] for candidate in candidates} == {japanese.pk, indian.pk}
    # The namesake elsewhere still comes with an identifier in common.
    indian.website = "https://asahi-kasei.in"
    indian.save()
    candidates = found(
        director,
        {"legal_name": "Asahi Kasei Corp", "country": "JP", "website": "asahi-kasei.in"},
    )
    assert {candidate["id"] for candidate in candidates} == {japanese.pk, indian.pk}


@pytest.mark.django_db
def test_a_row_name_contained_in_a_company_of_a_rare_word_is_asked(director, korea):
    company = CompanyFactory(legal_name="Hanil Steel Changwon Co Ltd", country=korea)
    [candidate] = found(director, {"legal_name": "Hanil Steel Co Ltd", "country": "KR"})
    assert candidate["id"] == company.pk
    assert candidate["reason"] == "one name contains the other"
    assert ASK <= candidate["score"] < DUPLICATE


@pytest.mark.django_db
def test_a_name_followed_by_its_place_is_the_company(director):
    company = CompanyFactory(legal_name="Alcatel N.V.")
    [candidate] = found(director, {"legal_name": "ALCATEL N.V., AMSTERDAM, NL", "country": "JP"})
    assert (candidate["id"], candidate["reason"]) == (company.pk, "same name")
    assert candidate["score"] >= DUPLICATE


@pytest.mark.django_db
def test_a_big_file_finds_by_words_and_a_small_one_also_asks_the_search_engine(
    director, korea, monkeypatch
):
    company = CompanyFactory(legal_name="Hanil Steel Changwon Co Ltd", country=korea)
    values = {"legal_name": "Hanil Steel Co Ltd", "country": "KR"}
    big = DuplicateFinder("companies", director, rows_total=SEARCH_ENGINE_ROWS + 1)
    assert [candidate["id"] for candidate in big.find(2, values)] == [company.pk]
    monkeypatch.setattr(WordIndex, "find", lambda index, readings: [])
    big = DuplicateFinder("companies", director, rows_total=SEARCH_ENGINE_ROWS + 1)
    assert big.find(2, values) == []
    small = DuplicateFinder("companies", director, rows_total=SEARCH_ENGINE_ROWS)
    assert [candidate["id"] for candidate in small.find(2, values)] == [company.pk]


@pytest.mark.django_db
def test_a_company_is_found_by_its_name_in_another_script(director):
    company = CompanyFactory(legal_name="Tokyo Shibaura Denki KK")
    CompanyName.objects.create(company=company, name="東芝", language_id="ja")
    [candidate] = found(director, {"legal_name": "Toshiba", "country": "JP"})
    assert (candidate["id"], candidate["reason"]) == (company.pk, "same name in another script")
    assert candidate["score"] >= DUPLICATE


@pytest.mark.django_db
def test_a_name_in_another_script_is_compared_by_each_of_its_readings(director):
    """神戸製鋼所 reads "kobe seikosho" and, translated, "kobe steel …": the second finds
    Kobe Steel, in both directions; the first alone would not."""
    latin = CompanyFactory(legal_name="Kobe Steel, Ltd.")
    [candidate] = found(director, {"legal_name": "株式会社神戸製鋼所", "country": "JP"})
    assert (candidate["id"], candidate["reason"]) == (latin.pk, "one name contains the other")
    assert candidate["score"] >= ASK
    latin.delete()
    native = CompanyFactory(legal_name="株式会社神戸製鋼所")
    [candidate] = found(director, {"legal_name": "Kobe Steel, Ltd.", "country": "JP"})
    assert candidate["id"] == native.pk


@pytest.mark.django_db
def test_an_equal_name_leaves_out_the_namesakes_sharing_words(director, korea):
    same = CompanyFactory(legal_name="Hanil Steel Co Ltd", country=korea)
    namesake = CompanyFactory(legal_name="Hanil Steel Changwon Co Ltd", country=korea)
    candidates = found(director, {"legal_name": "HANIL STEEL CO., LTD.", "country": "KR"})
    assert [candidate["id"] for candidate in candidates] == [same.pk]
    assert score_of(candidates, namesake) == 0


@pytest.mark.django_db
def test_an_earlier_row_of_the_same_file_is_found(director):
    finder = DuplicateFinder("companies", director)
    assert finder.find(2, {"legal_name": "Kolon Industries Inc", "country": "KR", "lei": LEI}) == []
    [same_name] = finder.find(3, {"legal_name": "KOLON INDUSTRIES, INC.", "country": "KR"})
    assert same_name == {
        "row": 2,
        "score": same_name["score"],
        "reason": "same name",
        "label": "Kolon Industries Inc",
    }
    assert same_name["score"] >= DUPLICATE
    [same_lei] = finder.find(
        4, {"legal_name": "Fashion Materials Ltd", "country": "KR", "lei": LEI}
    )
    assert (same_lei["row"], same_lei["reason"]) == (2, "same LEI")


@pytest.mark.django_db
def test_an_earlier_row_is_found_by_its_key_or_by_its_words(director):
    finder = DuplicateFinder("companies", director, rows_total=SEARCH_ENGINE_ROWS + 1)
    finder.find(2, {"legal_name": "Akzo Nobel N.V.", "country": "NL"})
    finder.find(3, {"legal_name": "Hanil Steel Changwon Co Ltd", "country": "KR"})
    # No word in common ("akzonobel"), but the same key.
    [same_key] = finder.find(4, {"legal_name": "Akzonobel N.V.", "country": "NL"})
    assert (same_key["row"], same_key["reason"]) == (2, "same name")
    # Another key, but the words of the other name.
    [same_words] = finder.find(5, {"legal_name": "Hanil Steel Co Ltd", "country": "KR"})
    assert (same_words["row"], same_words["reason"]) == (3, "one name contains the other")


@pytest.mark.django_db
def test_a_checked_file_skips_a_row_that_repeats_an_earlier_one(director):
    content = b"Company;Country\nKolon Industries Inc;KR\nKOLON INDUSTRIES, INC.;KR\n"
    run = services.check(services.upload("companies", "list.csv", content, director))
    first, second = run.rows.order_by("number")
    assert (first.candidates, first.decision) == ([], RowDecision.CREATE)
    assert second.candidates[0]["row"] == 2
    assert (second.decision, second.target_row) == (RowDecision.SKIP, 2)


# --- people and sites -------------------------------------------------------------------

POSSIBLE = round(ASK + 0.15, 3)


@pytest.mark.django_db
def test_a_person_of_the_same_email_is_a_duplicate(director):
    person = PersonFactory(given_name="Taro", family_name="Yamada", email="t.yamada@toshiba.eu")
    finder = DuplicateFinder("people", director)
    values = {"given_name": "T.", "family_name": "Yamada", "email": "t.yamada@toshiba.eu"}
    assert finder.find(2, values) == [
        {"id": person.pk, "score": 1.0, "reason": "same e-mail", "label": "Taro Yamada"}
    ]
    # A row is remembered: a later row of its e-mail repeats it.
    finder.find(
        3, {"given_name": "Hanako", "family_name": "Suzuki", "email": "h.suzuki@toshiba.eu"}
    )
    assert finder.find(4, {"given_name": "H.", "email": "h.suzuki@toshiba.eu"}) == [
        {"row": 3, "score": 1.0, "reason": "same e-mail", "label": "Hanako Suzuki"}
    ]


@pytest.mark.django_db
def test_a_person_of_the_same_name_is_only_possible(director):
    person = PersonFactory(given_name="Taro", family_name="Yamada", email="t.yamada@toshiba.eu")
    finder = DuplicateFinder("people", director)
    # The name in another order and case is the same name.
    candidates = finder.find(
        2, {"given_name": "YAMADA", "family_name": "Taro", "email": "taro@yamada.jp"}
    )
    assert candidates == [
        {"id": person.pk, "score": POSSIBLE, "reason": "same name", "label": "Taro Yamada"}
    ]
    assert ASK <= POSSIBLE < DUPLICATE
    assert finder.find(3, {"given_name": "Jiro", "family_name": "Yamada"}) == []


@pytest.mark.django_db
def test_a_site_at_the_same_address_of_its_company_is_a_duplicate(director):
    site = SiteFactory(street="Königsallee 1", postcode="40212")
    other_company = CompanyFactory()
    finder = DuplicateFinder("sites", director)
    values = {
        "company": site.company_id,
        "street": "KÖNIGSALLEE 1",
        "postcode": "40212",
        "municipality": "051110000",
        "kind": SiteKind.PRODUCTION,
    }
    assert finder.find(2, values) == [
        {"id": site.pk, "score": 1.0, "reason": "same address", "label": "Königsallee 1, 40212"}
    ]
    # Another company's site at that address is another site.
    assert finder.find(3, {**values, "company": other_company.pk}) == []


@pytest.mark.django_db
def test_a_site_of_the_same_kind_in_the_same_place_is_only_possible(director):
    site = SiteFactory(kind=SiteKind.BRANCH)
    finder = DuplicateFinder("sites", director)
    values = {"company": site.company_id, "municipality": "051110000", "kind": SiteKind.BRANCH}
    candidates = finder.find(2, values)
    assert candidates == [
        {
            "id": site.pk,
            "score": POSSIBLE,
            "reason": "same kind of site here",
            "label": "Königsallee 1, 40212",
        }
    ]
    assert not is_duplicate(candidates)
    assert finder.find(3, {**values, "kind": SiteKind.RESEARCH}) == []


@pytest.mark.django_db
def test_an_address_with_the_umlaut_written_out_is_the_same_address(director):
    site = SiteFactory(street="Königsallee 1", postcode="40212")
    values = {"company": site.company_id, "street": "Koenigsallee 1", "postcode": "40212"}
    [candidate] = DuplicateFinder("sites", director).find(2, values)
    assert (candidate["id"], candidate["reason"]) == (site.pk, "same address")
