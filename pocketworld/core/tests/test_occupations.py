"""ISCO-08 as reference data: complete, consistent, loaded idempotently, readable by API."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from pocketworld.core.models import Occupation, OccupationLevel
from pocketworld.core.services import load_occupations, load_reference_data

pytestmark = pytest.mark.django_db


def test_every_group_of_isco08_is_loaded():
    counts = {level: Occupation.objects.filter(level=level).count() for level in OccupationLevel}
    assert counts == {
        OccupationLevel.MAJOR: 10,
        OccupationLevel.SUB_MAJOR: 43,
        OccupationLevel.MINOR: 130,
        OccupationLevel.UNIT: 436,
    }
    assert Occupation.objects.count() == 619
    # A group's level is the length of its code.
    lengths = {OccupationLevel.MAJOR: 1, OccupationLevel.SUB_MAJOR: 2}
    lengths |= {OccupationLevel.MINOR: 3, OccupationLevel.UNIT: 4}
    for code, level in Occupation.objects.values_list("code", "level"):
        assert len(code) == lengths[level] and code.isdigit(), code


def test_every_group_below_the_major_groups_has_its_parent():
    for occupation in Occupation.objects.select_related("parent"):
        if occupation.level == OccupationLevel.MAJOR:
            assert occupation.parent is None, occupation.code
        else:
            assert occupation.parent.code == occupation.code[:-1], occupation.code
    assert Occupation.objects.get(code="0").children.count() == 3
    assert Occupation.objects.get(code="2").children.count() == 6


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("2221", "Nursing professionals"),
        ("3221", "Nursing associate professionals"),
        ("5321", "Health care assistants"),
        ("2512", "Software developers"),
        ("7411", "Building and related electricians"),
        ("7231", "Motor vehicle mechanics and repairers"),
        ("7212", "Welders and flame cutters"),
        ("0310", "Armed forces occupations, other ranks"),
    ],
)
def test_titles_are_the_ilo_ones(code, title):
    assert Occupation.objects.get(code=code).title_en == title


def test_loading_twice_changes_nothing():
    assert load_occupations(Occupation) == (0, 0)
    assert load_reference_data()["occupations"] == (0, 0)
    assert Occupation.objects.count() == 619


def test_loading_restores_a_changed_title_and_parent():
    Occupation.objects.filter(code="2221").update(
        title_en="Nurses", parent=Occupation.objects.get(code="322")
    )
    assert load_occupations(Occupation) == (0, 1)
    nurses = Occupation.objects.get(code="2221")
    assert nurses.title_en == "Nursing professionals"
    assert nurses.parent.code == "222"


def test_german_titles_fall_back_to_english():
    professionals = Occupation.objects.get(code="2")
    nurses = Occupation.objects.get(code="2221")
    with translation.override("de"):
        assert professionals.title == "Akademische Berufe"
        assert str(professionals) == "2 Akademische Berufe"
        assert nurses.title == "Nursing professionals"
    with translation.override("en"):
        assert professionals.title == "Professionals"
    assert Occupation.objects.filter(level=OccupationLevel.MAJOR, title_de="").count() == 0
    assert Occupation.objects.exclude(level=OccupationLevel.MAJOR).exclude(title_de="").count() == 0


def test_api_lists_and_retrieves_occupations(director):
    api = APIClient()
    api.force_authenticate(director)
    listing = api.get("/api/v1/occupations/", {"level": "major"})
    assert listing.status_code == 200
    assert listing.json()["count"] == 10
    response = api.get("/api/v1/occupations/2221/")
    assert response.status_code == 200
    assert response.json() == {
        "code": "2221",
        "level": "unit",
        "parent": "222",
        "title_en": "Nursing professionals",
        "title_de": "",
        "title": "Nursing professionals",
    }
    german = api.get("/api/v1/occupations/2/", HTTP_ACCEPT_LANGUAGE="de")
    assert german.json()["title"] == "Akademische Berufe"
    assert api.get("/api/v1/occupations/9999/").status_code == 404
    assert api.delete("/api/v1/occupations/2221/").status_code == 405
