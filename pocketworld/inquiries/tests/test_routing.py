"""Where an inquiry goes: the primary desk of its country, else another desk covering the
country, else a desk of its language, else the triage desk, else nowhere."""

import pytest

from pocketworld.core.models import Country, Language
from pocketworld.core.tests.factories import DeskCoverageFactory, DeskFactory
from pocketworld.inquiries.choices import RoutedBy
from pocketworld.inquiries.models import RoutingSettings
from pocketworld.inquiries.routing import language_code, route

pytestmark = pytest.mark.django_db


def country(code):
    return Country.objects.get(code=code)


def desk_speaking(name, *codes):
    desk = DeskFactory(name=name, slug=name.lower().replace(" ", "-"))
    desk.languages.set(Language.objects.filter(code__in=codes))
    return desk


@pytest.mark.parametrize(
    ("language", "code"),
    [("zh-hans", "zh"), ("ZH-Hans", "zh"), ("ja", "ja"), ("de", "de"), ("en", "en")],
)
def test_language_code(language, code):
    assert language_code(language) == code


def test_the_primary_desk_of_the_country_wins(japan_desk):
    # Another desk covers Japan too, not as its primary desk, and speaks Japanese.
    asia = desk_speaking("Asia Desk", "ja")
    DeskCoverageFactory(desk=asia, country=country("JP"), is_primary=False)
    assert route("JP", "ja") == (japan_desk, RoutedBy.COUNTRY)
    # Whatever the language of the form.
    assert route("JP", "en") == (japan_desk, RoutedBy.COUNTRY)
    assert route("JP", "de") == (japan_desk, RoutedBy.COUNTRY)


def test_the_primary_desk_wins_even_when_another_name_sorts_first():
    later = DeskFactory(name="Zeta Desk", slug="zeta")
    earlier = DeskFactory(name="Alpha Desk", slug="alpha")
    DeskCoverageFactory(desk=later, country=country("KR"), is_primary=True)
    DeskCoverageFactory(desk=earlier, country=country("KR"), is_primary=False)
    assert route("KR", "ko") == (later, RoutedBy.COUNTRY)


def test_a_desk_covering_the_country_without_being_primary():
    asia = DeskFactory(name="Asia Desk", slug="asia")
    DeskCoverageFactory(desk=asia, country=country("KR"), is_primary=False)
    korean = desk_speaking("Korean speakers", "ko")
    assert route("KR", "ko") == (asia, RoutedBy.COUNTRY)
    assert korean.pk != asia.pk


def test_the_country_beats_the_language(japan_desk, india_desk):
    # An inquiry from India written in Japanese goes to the India desk.
    japan_desk.languages.set(Language.objects.filter(code="ja"))
    assert route("IN", "ja") == (india_desk, RoutedBy.COUNTRY)


def test_a_desk_of_the_language_when_no_desk_covers_the_country(japan_desk):
    greater_china = desk_speaking("Greater China Desk", "zh")
    # Taiwan is covered by no desk: the Chinese-speaking desk takes it.
    assert route("TW", "zh-hans") == (greater_china, RoutedBy.LANGUAGE)


@pytest.mark.parametrize(
    ("language", "desk_language"),
    [("ja", "ja"), ("zh-hans", "zh"), ("ko", "ko"), ("hi", "hi"), ("tr", "tr"), ("de", "de")],
)
def test_each_form_language_finds_its_desk(language, desk_language):
    desk = desk_speaking(f"Desk {desk_language}", desk_language)
    desk_speaking("Other desk", "en")
    assert route("BR", language) == (desk, RoutedBy.LANGUAGE)


def test_of_several_desks_of_a_language_the_first_by_name():
    later = desk_speaking("Turkey Desk", "tr")
    earlier = desk_speaking("Middle East Desk", "tr", "ar")
    assert route("AZ", "tr") == (earlier, RoutedBy.LANGUAGE)
    assert later.pk != earlier.pk


def test_the_triage_desk_when_neither_country_nor_language_places_it(japan_desk):
    triage = DeskFactory(name="Triage Desk", slug="triage")
    RoutingSettings.objects.create(pk=1, triage_desk=triage)
    desk_speaking("Japanese speakers", "ja")
    assert route("BR", "en") == (triage, RoutedBy.TRIAGE)
    # A language some desk speaks still wins over triage.
    assert route("BR", "ja")[1] == RoutedBy.LANGUAGE


def test_a_routing_settings_row_without_a_triage_desk():
    RoutingSettings.objects.create(pk=1, triage_desk=None)
    assert route("BR", "en") == (None, RoutedBy.NONE)


def test_nowhere_to_go(japan_desk, india_desk):
    assert not RoutingSettings.objects.exists()
    assert route("BR", "en") == (None, RoutedBy.NONE)
    assert route("FR", "de") == (None, RoutedBy.NONE)
