"""The search engine on the test database (SQLite or PostgreSQL, as the suite runs):
cross-script matching, ranking, permissions, filters, and the index kept in step."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pocketworld.companies.models import CompanyName
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CompanyFactory,
    DeskCoverageFactory,
    DeskFactory,
    InteractionFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    ProjectFactory,
)
from pocketworld.search.models import SearchEntry, SearchWord
from pocketworld.search.services import find_duplicates, rebuild_index, search

pytestmark = pytest.mark.django_db


def titles(hits):
    return [hit.title for hit in hits]


def company(name, *other_names, country="JP", **fields):
    created = CompanyFactory(legal_name=name, country=Country.objects.get(code=country), **fields)
    for other, language in other_names:
        CompanyName.objects.create(company=created, name=other, language_id=language)
    return created


@pytest.fixture
def registry(japan_desk, india_desk):
    """A few real names in several scripts, and names that look alike."""
    return {
        "toshiba": company("Toshiba Europe GmbH", ("東芝", "ja")),
        "asahi": company("旭化成株式会社"),
        "samsung": company("삼성전자 주식회사", country="KR"),
        "huawei": company("Huawei Technologies Deutschland GmbH", country="CN"),
        "duesseldorf": company("Düsseldorfer Hafen Logistik GmbH", country="DE"),
        "tech_mahindra": company("Tech Mahindra GmbH", country="IN"),
        "toyo": company("Toyo Engineering Europe GmbH"),
    }


class TestCrossScript:
    def test_romanized_query_finds_the_native_name(self, registry, japan_officer):
        assert titles(search("asahi kasei", japan_officer))[:1] == ["旭化成株式会社"]

    def test_native_query_finds_the_latin_name_through_the_record_s_native_name(
        self, registry, japan_officer
    ):
        assert titles(search("東芝", japan_officer))[:1] == ["Toshiba Europe GmbH"]

    def test_native_query_finds_a_latin_name_by_its_reading(self, registry, japan_officer):
        toshiba = company("Toshiba Corporation")
        assert toshiba.pk in [hit.object_id for hit in search("株式会社東芝", japan_officer)[:2]]

    def test_latin_query_finds_hangul(self, registry, japan_officer):
        assert titles(search("samsung", japan_officer))[:1] == ["삼성전자 주식회사"]

    def test_latin_query_finds_hanzi(self, registry, japan_officer):
        assert titles(search("华为", japan_officer))[:1] == ["Huawei Technologies Deutschland GmbH"]

    @pytest.mark.parametrize(
        "spelling", ["Duesseldorfer Hafen", "Dusseldorfer Hafen", "düsseldorfer"]
    )
    def test_german_spellings(self, registry, japan_officer, spelling):
        assert titles(search(spelling, japan_officer))[:1] == ["Düsseldorfer Hafen Logistik GmbH"]

    def test_typo(self, registry, japan_officer):
        assert titles(search("toshbia", japan_officer))[:1] == ["Toshiba Europe GmbH"]
        assert titles(search("tech mahindar", japan_officer))[:1] == ["Tech Mahindra GmbH"]

    def test_prefix_while_typing(self, registry, japan_officer):
        assert titles(search("tosh", japan_officer))[:1] == ["Toshiba Europe GmbH"]
        assert titles(search("toshiba eu", japan_officer))[:1] == ["Toshiba Europe GmbH"]

    def test_a_name_by_prefix_does_not_hide_one_that_only_sounds_alike(self, japan_officer):
        company("Keyence Devices Europe B.V.")
        kiensu = company("キーエンス株式会社")
        hits = search("keyence", japan_officer, limit=5)
        assert kiensu.pk in [hit.object_id for hit in hits]
        assert hits[0].title == "Keyence Devices Europe B.V."

    def test_a_name_the_dictionary_gives_is_the_company_name(self, japan_officer):
        company("Canon Devices Europe B.V.")
        kiyanon = company("キヤノン株式会社")  # JMnedict: Canon
        hits = search("canon", japan_officer, limit=5)
        assert [hit.object_id for hit in hits][:1] == [kiyanon.pk]
        assert "Canon Devices Europe B.V." in titles(hits)

    def test_taiwanese_spelling_of_the_two_leading_syllables(self, japan_officer):
        yang_ming = company("Yang Ming Marine Transport Corp", country="TW")
        company("Yangmei Trading Group Co., Ltd.", country="CN")
        company("Yang Motors PLC", country="US")
        assert [hit.object_id for hit in search("陽明海運", japan_officer)][:1] == [yang_ming.pk]
        chang_hwa = company("Chang Hwa Commercial Bank", country="TW")
        company("Zhanghe Trading Co., Ltd.", country="CN")
        assert [hit.object_id for hit in search("彰化銀行", japan_officer)][:1] == [chang_hwa.pk]

    def test_the_two_leading_syllables_as_the_first_word_of_a_brand(self, japan_officer):
        midea = company("Midea Group", country="CN")
        company("Meiheng Automotive GmbH", country="CN")
        company("Meian Media Group Co., Ltd.", country="CN")
        company("Meitai Trading Co., Ltd.", country="TW")
        assert [hit.object_id for hit in search("美的集团", japan_officer)][:1] == [midea.pk]

    def test_a_syllable_in_another_vowel_is_another_name(self, japan_officer):
        company("Hongsheng Machinery Co., Ltd.", country="CN")
        hits = search("恒生银行", japan_officer)
        assert all(hit.score < 0.6 for hit in hits)

    def test_nothing_alike_finds_nothing(self, registry, japan_officer):
        assert search("Zyxwvut", japan_officer) == []

    def test_one_latin_letter_is_too_little_but_one_kanji_is_a_word(self, registry, japan_officer):
        assert search("t", japan_officer) == []
        assert titles(search("東", japan_officer))[:1] == ["Toshiba Europe GmbH"]


class TestRanking:
    def test_exact_before_prefix_before_other_names_before_fuzzy(self, japan_desk, japan_officer):
        exact = company("Sakura Denki K.K.")
        prefix = company("Sakura Denki Seisakusho K.K.")
        other_exact = company("Hanamizuki Trading K.K.", ("Sakura Denki", None))
        other_prefix = company("Momiji Holdings K.K.", ("Sakura Denkisha", None))
        fuzzy = company("Sakura Denky K.K.")
        hits = search("sakura denki", japan_officer)
        assert [hit.object_id for hit in hits] == [
            exact.pk,
            prefix.pk,
            other_exact.pk,
            other_prefix.pk,
            fuzzy.pk,
        ]
        assert [hit.score for hit in hits[:4]] == [1.0, 0.95, 0.9, 0.85]
        assert 0 < hits[4].score < 0.85

    def test_ties_go_to_the_own_desk(self, japan_desk, india_desk, japan_officer, india_officer):
        indian = company("Orion Systems Pvt. Ltd.", country="IN")
        japanese = company("Orion Systems K.K.")
        assert [hit.object_id for hit in search("orion systems", japan_officer)] == [
            japanese.pk,
            indian.pk,
        ]
        assert [hit.object_id for hit in search("orion systems", india_officer)] == [
            indian.pk,
            japanese.pk,
        ]

    def test_then_to_recent_activity(self, japan_desk, japan_officer):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=700)):
            quiet = company("Orion Systems Europe GmbH")
            visited = company("Orion Systems K.K.")
        InteractionFactory(company=visited, occurred_on=timezone.localdate())
        assert [hit.object_id for hit in search("orion systems", japan_officer)] == [
            visited.pk,
            quiet.pk,
        ]

    def test_a_hits_activity_is_its_time_in_seconds(self, japan_desk, japan_officer):
        visited = company("Orion Systems K.K.")
        InteractionFactory(company=visited, occurred_on=datetime.date(2024, 5, 17))
        moment = SearchEntry.objects.filter(kind="company", object_id=visited.pk)[0].activity
        [hit] = search("orion systems", japan_officer)
        assert hit.activity == pytest.approx(moment.timestamp(), abs=0.01)

    def test_per_kind_groups_in_the_order_of_their_best_hit(self, japan_desk, japan_officer):
        company("Kanto Denki K.K.")
        PartnerOrganisationFactory(name="Kansai Chamber of Commerce", short_name="KCC")
        hits = search("kcc", japan_officer, per_kind=3)
        assert [hit.kind for hit in hits][:1] == ["partner"]


class TestPermissions:
    def test_partner_viewers_find_no_people(self, japan_desk, partner_viewer, japan_officer):
        PersonFactory(given_name="Taro", family_name="Yamada", native_name="山田 太郎")
        company("Yamada Denki K.K.")
        assert {hit.kind for hit in search("yamada", japan_officer)} == {"person", "company"}
        assert {hit.kind for hit in search("yamada", partner_viewer)} == {"company"}
        assert "person" not in {hit.kind for hit in search("山田太郎", partner_viewer)}
        assert [hit.kind for hit in search("山田太郎", japan_officer)][:1] == ["person"]

    def test_signed_out_finds_nothing(self, registry, anonymous):
        assert search("toshiba", anonymous) == []

    def test_partner_viewers_find_no_projects(self, japan_desk, japan_officer, partner_viewer):
        ProjectFactory(title="Kobayashi European headquarters")
        assert [hit.kind for hit in search("kobayashi european", japan_officer)] == ["project"]
        assert search("kobayashi european", partner_viewer) == []


class TestFilters:
    def test_kind_country_and_desk(self, registry, japan_desk, india_desk, japan_officer):
        ProjectFactory(title="Toshiba R&D centre", company=registry["toshiba"])
        assert {hit.kind for hit in search("toshiba", japan_officer)} == {"company", "project"}
        assert titles(search("toshiba", japan_officer, kinds=["project"])) == ["Toshiba R&D centre"]
        assert search("tech mahindra", japan_officer, country="JP") == []
        assert titles(search("tech mahindra", japan_officer, country="IN")) == [
            "Tech Mahindra GmbH"
        ]
        assert search("tech mahindra", japan_officer, desk_id=japan_desk.pk) == []
        assert titles(search("tech mahindra", japan_officer, desk_id=india_desk.pk)) == [
            "Tech Mahindra GmbH"
        ]

    def test_limit(self, japan_desk, japan_officer):
        for number in range(12):
            company(f"Fuji Precision {number} K.K.")
        assert len(search("fuji precision", japan_officer)) == 10
        assert len(search("fuji precision", japan_officer, limit=3)) == 3


class TestIndexInStep:
    def entries(self, record, kind="company"):
        return set(
            SearchEntry.objects.filter(kind=kind, object_id=record.pk).values_list("key", flat=True)
        )

    def test_save_rename_and_delete(self, japan_desk, japan_officer):
        record = company("Kobe Precision K.K.")
        assert self.entries(record) == {"kobeprecision"}
        record.legal_name = "Osaka Tools K.K."
        record.save()
        assert self.entries(record) == {"osakatool"}
        assert titles(search("osaka tools", japan_officer)) == ["Osaka Tools K.K."]
        assert search("kobe precision", japan_officer) == []
        record.delete()
        assert self.entries(record) == set()

    def test_other_names(self, japan_desk):
        record = company("Toshiba Europe GmbH")
        name = CompanyName.objects.create(company=record, name="東芝", language_id="ja")
        assert {"東芝", "toshiba"} <= self.entries(record)
        name.delete()
        assert self.entries(record) == {"toshiba"}

    def test_people_and_their_native_names(self, japan_desk, japan_officer):
        person = PersonFactory(given_name="Taro", family_name="Yamada", native_name="山田 太郎")
        assert {"taroyamada", "yamadataro", "山田太郎"} <= self.entries(person, "person")
        assert titles(search("山田", japan_officer)) == ["Taro Yamada"]

    def test_projects_follow_their_company_s_name(self, japan_desk, japan_officer):
        record = company("Kobe Precision K.K.")
        project = ProjectFactory(title="European headquarters", company=record)
        record.legal_name = "Osaka Precision K.K."
        record.save()
        assert "osakaprecision" in self.entries(project, "project")
        assert "kobeprecision" not in self.entries(project, "project")

    def test_partner_desks(self, japan_desk, india_desk):
        partner = PartnerOrganisationFactory(name="JETRO Düsseldorf")
        assert (
            SearchEntry.objects.filter(kind="partner", object_id=partner.pk).first().desk_id is None
        )
        partner.desks.set([india_desk])
        entry = SearchEntry.objects.filter(kind="partner", object_id=partner.pk).first()
        assert entry.desk_id == india_desk.pk

    def test_an_interaction_is_activity(self, japan_desk):
        record = company("Kobe Precision K.K.")
        day = timezone.localdate() + datetime.timedelta(days=3)
        InteractionFactory(company=record, occurred_on=day)
        entry = SearchEntry.objects.get(kind="company", object_id=record.pk)
        assert timezone.localtime(entry.activity).date() == day

    def test_a_country_s_new_primary_desk(self, japan_desk, japan_officer):
        record = company("Nagoya Tools K.K.")
        assert SearchEntry.objects.get(object_id=record.pk, kind="company").desk_id == japan_desk.pk
        japan_desk.coverage.all().delete()
        second = DeskFactory(name="Asia", slug="asia")
        DeskCoverageFactory(desk=second, country=Country.objects.get(code="JP"))
        assert SearchEntry.objects.get(object_id=record.pk, kind="company").desk_id == second.pk

    def test_rebuild_writes_what_saving_wrote(self, registry):
        PersonFactory(given_name="Minjun", family_name="Kim", native_name="김민준")
        ProjectFactory(title="R&D centre", company=registry["toshiba"])
        PartnerOrganisationFactory(name="KOTRA Frankfurt")
        columns = ("kind", "object_id", "key", "words", "sound", "is_main", "desk_id")
        saved = set(SearchEntry.objects.values_list(*columns))
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        written = rebuild_index()
        assert set(SearchEntry.objects.values_list(*columns)) == saved
        assert sum(written.values()) == len(saved)
        assert SearchWord.objects.filter(word="toshiba").exists()

    def test_rebuild_of_one_kind_keeps_the_others(self, registry):
        person = PersonFactory(family_name="Yamada")
        rebuild_index(["company"])
        assert SearchEntry.objects.filter(kind="person", object_id=person.pk).exists()

    def test_the_trigram_indexes_follow_the_rows(self, japan_desk, japan_officer):
        """Typos find records through the trigram indexes, which must see new rows at once."""
        record = company("Mitsubishi Electric Europe B.V.")
        assert titles(search("mitsubshi electric", japan_officer)) == [
            "Mitsubishi Electric Europe B.V."
        ]
        record.legal_name = "Mitsubishi Heavy Industries Europe"
        record.save()
        assert titles(search("mitsubshi heavy", japan_officer)) == [
            "Mitsubishi Heavy Industries Europe"
        ]


class TestDuplicates:
    def test_a_new_company_like_an_existing_one(self, registry, japan_officer):
        found = find_duplicates(["TOSHIBA Europe G.m.b.H."], japan_officer)
        assert [hit.object_id for hit in found] == [registry["toshiba"].pk]
        assert (
            find_duplicates(["Toshiba Europe GmbH"], japan_officer, exclude=registry["toshiba"].pk)
            == []
        )

    def test_a_different_name_is_no_duplicate(self, registry, japan_officer):
        assert find_duplicates(["Kyoto Ceramics K.K."], japan_officer) == []

    def test_duplicates_across_scripts(self, registry, japan_officer):
        found = find_duplicates(["株式会社東芝"], japan_officer)
        assert [hit.object_id for hit in found] == [registry["toshiba"].pk]


@pytest.mark.django_db
def test_a_deleted_entry_leaves_nothing_in_the_index_storage_once_purged():
    """An erasure purges: the trigram index keeps no piece of a deleted name (on SQLite,
    FTS5 would otherwise keep it in its segments until it next merges them)."""
    from django.db import connection

    from pocketworld.search.services import purge_deleted

    company = CompanyFactory(legal_name="鳩鵡鷲")
    needle = "鳩鵡鷲".encode()

    def stored():
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                if not table.startswith("search_"):
                    continue  # the company's history keeps its name; the index must not
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                for row in cursor.fetchall():
                    for value in row:
                        data = value.encode() if isinstance(value, str) else value
                        if isinstance(data, bytes | memoryview) and needle in bytes(data):
                            yield table

    assert set(stored())  # indexed
    company.delete()
    purge_deleted()
    assert not set(stored())
