"""Which companies and countries a news item names, read from the search index of a small
registry: names in other scripts, a group's head before its subsidiary, words that only
look like names, what officers' verdicts teach the linker, and what linking an item again
keeps of those verdicts."""

from types import SimpleNamespace

import pytest

from pocketworld.core.models import Country, Sector
from pocketworld.core.tests.factories import (
    CompanyFactory,
    CompanyNameFactory,
    FeedFactory,
    NewsItemFactory,
)
from pocketworld.monitoring import services
from pocketworld.monitoring.choices import LinkStatus, Signal
from pocketworld.monitoring.linking import gazetteer_from_database
from pocketworld.monitoring.models import (
    CompanyLink,
    CountryLink,
    ItemSignal,
    NameLesson,
    SectorLink,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(japan_desk):
    """Companies as the registry holds them, with their names in other scripts; the
    Japanese ones belong to the Japan desk."""
    japan, korea, germany = (Country.objects.get(code=code) for code in ("JP", "KR", "DE"))
    toshiba = CompanyFactory(legal_name="Toshiba Corporation", country=japan)
    CompanyNameFactory(company=toshiba, name="東芝", language_id="ja")
    toshiba_europe = CompanyFactory(
        legal_name="Toshiba Europe GmbH", country=germany, parent=toshiba
    )
    samsung = CompanyFactory(legal_name="Samsung Electronics Co., Ltd.", country=korea)
    CompanyNameFactory(company=samsung, name="삼성전자", language_id="ko")
    samsung.sectors.add(Sector.objects.get(code="26"))
    toyota = CompanyFactory(legal_name="Toyota Motor Corporation", country=japan)
    CompanyNameFactory(company=toyota, name="Toyota", kind="trade")
    sharp = CompanyFactory(legal_name="Sharp Corporation", country=japan)
    volkswagen = CompanyFactory(legal_name="Volkswagen AG", country=germany)
    CompanyNameFactory(company=volkswagen, name="VW", kind="alias")
    return SimpleNamespace(
        toshiba=toshiba,
        toshiba_europe=toshiba_europe,
        samsung=samsung,
        toyota=toyota,
        sharp=sharp,
        volkswagen=volkswagen,
    )


def companies_named(text):
    return set(gazetteer_from_database().find(text).companies)


def linked_item(title, desk, country=None):
    """An item of a source of `desk`, linked as the fetcher links a new one."""
    feed = FeedFactory(desks=[desk], country=country)
    item = NewsItemFactory(title=title, feeds=[feed])
    services.link_item(item, feed=feed)
    return item


# --- names in any script ---------------------------------------------------------------------


def test_a_japanese_headline_names_the_group_head_by_its_japanese_name(registry):
    assert companies_named("東芝、欧州に新工場を建設へ") == {registry.toshiba.pk}


def test_a_name_the_group_shares_links_its_head_not_the_subsidiary(registry):
    # Toshiba Europe GmbH carries the name "Toshiba" too; its page shows its head's news.
    assert companies_named("Toshiba to build a new plant in Germany") == {registry.toshiba.pk}


@pytest.mark.parametrize(
    "headline",
    ["Samsung Electronics raises chip investment", "삼성전자는 미국에 새 공장을 짓는다"],
    ids=["english", "korean"],
)
def test_samsung_electronics_by_its_english_and_its_korean_name(registry, headline):
    assert companies_named(headline) == {registry.samsung.pk}


def test_a_chinese_name_of_the_glossary_finds_toyota(registry):
    assert companies_named("丰田在德国建新工厂") == {registry.toyota.pk}


def test_foreign_names_written_by_their_sound_in_chinese_katakana_and_hangul(registry):
    """特斯拉 te-si-la, テスラ tesura (tesla), 테슬라 teseulla: a foreign company's name as
    Chinese, Japanese and Korean headlines write it, found by its sound and spelling."""
    tesla = CompanyFactory(legal_name="Tesla, Inc.", country=Country.objects.get(code="US"))
    assert companies_named("马斯克:特斯拉柏林工厂速度建设将难以置信") == {tesla.pk}
    assert companies_named("テスラ、ベルリン工場で生産開始") == {tesla.pk}
    assert companies_named("테슬라 독일 공장 가동") == {tesla.pk}
    # A Chinese company's own name is no transcription of a foreign one.
    CompanyFactory(legal_name="Tesila Co., Ltd.", country=Country.objects.get(code="CN"))
    assert companies_named("特斯拉欧洲工厂 选定柏林") == {tesla.pk}


def test_an_acronym_links_only_in_capitals(registry):
    assert companies_named("VW to cut 35,000 jobs by 2030") == {registry.volkswagen.pk}
    assert registry.volkswagen.pk not in companies_named(
        "Collectors say the old vw bus is a classic of the sixties"
    )


def test_a_common_word_in_lower_case_is_no_company(registry):
    assert registry.sharp.pk not in companies_named("Oil prices show a sharp rise in early trading")
    # Written as a name is, the same word is one.
    assert companies_named("Electronics maker Sharp to cut jobs at its plants") == {
        registry.sharp.pk
    }


@pytest.mark.parametrize(
    ("headline", "code"),
    [
        ("Exports to Japan rose in March", "JP"),
        ("日本の輸出、3月に増加", "JP"),
        ("한국 수출 3월 증가", "KR"),
    ],
    ids=["english", "japanese", "korean"],
)
def test_countries_named_in_any_script_are_found(registry, headline, code):
    assert code in gazetteer_from_database().find(headline).countries


# --- what officers teach ---------------------------------------------------------------------


def test_a_removed_name_needs_context_from_then_on(registry, japan_desk, japan_officer):
    assert companies_named("Sharp to close its plant") == {registry.sharp.pk}
    item = linked_item("Sharp to cut 2,000 jobs", japan_desk)
    link = CompanyLink.objects.get(item=item, company=registry.sharp)

    services.decide_link(link, japan_officer, confirmed=False)

    lesson = NameLesson.objects.get(company=registry.sharp)
    assert (lesson.key, lesson.confirmed, lesson.removed) == ("sharp", 0, 1)
    assert companies_named("Sharp to close its plant") == set()
    # Its country or a legal form after the name are context enough.
    assert companies_named("Sharp to close its plant in Japan") == {registry.sharp.pk}
    assert companies_named("Sharp Corp to close its plant") == {registry.sharp.pk}


def test_confirming_as_often_as_removing_lifts_the_need_for_context(
    registry, japan_desk, japan_officer
):
    removed = linked_item("Sharp to cut 2,000 jobs", japan_desk)
    confirmed = linked_item("Sharp to cut jobs at its plants", japan_desk)
    services.decide_link(removed.company_links.get(), japan_officer, confirmed=False)
    services.decide_link(confirmed.company_links.get(), japan_officer, confirmed=True)

    lesson = NameLesson.objects.get(company=registry.sharp)
    assert (lesson.confirmed, lesson.removed) == (1, 1)
    assert companies_named("Sharp to close its plant") == {registry.sharp.pk}


def test_changing_a_verdict_moves_its_count(registry, japan_desk, japan_officer):
    item = linked_item("Sharp to cut 2,000 jobs", japan_desk)
    link = services.decide_link(item.company_links.get(), japan_officer, confirmed=False)
    services.decide_link(link, japan_officer, confirmed=True)

    lesson = NameLesson.objects.get(company=registry.sharp)
    assert (lesson.confirmed, lesson.removed) == (1, 0)


# --- linking an item -------------------------------------------------------------------------


def test_linking_again_keeps_what_officers_decided(registry, japan_desk, japan_officer):
    item = linked_item("Toshiba and Sharp team up on chips in Japan", japan_desk)
    toshiba = CompanyLink.objects.get(item=item, company=registry.toshiba)
    sharp = CompanyLink.objects.get(item=item, company=registry.sharp)
    services.decide_link(toshiba, japan_officer, confirmed=True)
    services.decide_link(sharp, japan_officer, confirmed=False)

    services.link_item(item)

    links = {link.company_id: link for link in CompanyLink.objects.filter(item=item)}
    assert set(links) == {registry.toshiba.pk, registry.sharp.pk}
    assert links[registry.toshiba.pk].pk == toshiba.pk
    assert links[registry.toshiba.pk].status == LinkStatus.CONFIRMED
    assert links[registry.toshiba.pk].decided_by == japan_officer
    # Japan is named: Sharp's name has its context, and is still not suggested again.
    assert links[registry.sharp.pk].status == LinkStatus.REMOVED


def test_linking_again_suggests_anew_what_nobody_decided(registry, japan_desk):
    item = linked_item("Toshiba to build a new plant in Germany", japan_desk)
    item.title = "Samsung Electronics to build a new plant in Germany"
    item.save()

    services.link_item(item)

    assert set(item.company_links.values_list("company", flat=True)) == {registry.samsung.pk}


def test_an_item_is_linked_to_countries_sectors_and_signals(registry, japan_desk):
    germany = Country.objects.get(code="DE")
    item = linked_item("Samsung Electronics opens chip plant in Japan", japan_desk, germany)

    countries = {
        link.country_id: (link.confidence, link.reason, link.status)
        for link in CountryLink.objects.filter(item=item)
    }
    assert set(countries) == {"JP", "KR", "DE"}
    assert "Japan" in countries["JP"][1]
    assert registry.samsung.legal_name in countries["KR"][1]
    assert "source" in countries["DE"][1]
    # Named in the text before the company's country before the source's.
    assert countries["JP"][0] > countries["KR"][0] > countries["DE"][0]
    assert {status for _confidence, _reason, status in countries.values()} == {"suggested"}
    sectors = SectorLink.objects.filter(item=item)
    assert [link.sector.code for link in sectors] == ["26"]
    assert registry.samsung.legal_name in sectors[0].reason
    assert set(ItemSignal.objects.filter(item=item).values_list("signal", flat=True)) == {
        Signal.EXPANSION
    }


def test_a_confirmed_company_still_lends_the_item_its_country_and_sectors(
    registry, japan_desk, japan_officer
):
    item = linked_item("Samsung Electronics opens chip plant in Japan", japan_desk)
    services.decide_link(item.company_links.get(), japan_officer, confirmed=True)

    services.link_item(item)

    assert set(item.country_links.values_list("country", flat=True)) == {"JP", "KR"}
    assert list(item.sector_links.values_list("sector__code", flat=True)) == ["26"]


def test_a_removed_company_lends_the_item_neither_its_country_nor_its_sectors(
    registry, japan_desk, japan_officer
):
    item = linked_item("Samsung Electronics opens chip plant in Japan", japan_desk)
    services.decide_link(item.company_links.get(), japan_officer, confirmed=False)

    services.link_item(item)

    assert set(item.country_links.values_list("country", flat=True)) == {"JP"}
    assert not item.sector_links.exists()
