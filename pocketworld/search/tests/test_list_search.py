"""A list's search box (`q`) through the search engine: any of a record's names in any
script, misspellings, ranked unless sorted, narrowed by the list's other filters, within
what the reader may see; a list of records that hang on companies by the company's name;
the text fields when no name is alike; and the API's list as the page's."""

import datetime

import pytest
from django.urls import reverse

from pocketworld.companies.models import Company
from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import (
    CandidateFactory,
    CohortFactory,
    InteractionFactory,
    PersonFactory,
    ProgrammeFactory,
    ProjectFactory,
    SiteFactory,
    TaskFactory,
)
from pocketworld.search.filters import ranked
from pocketworld.search.tests.test_services import company

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(japan_desk, india_desk):
    return {
        "toshiba": company("Toshiba Corporation", ("東芝", "ja"), desk=japan_desk),
        "asahi": company("Asahi Kasei Europe GmbH", desk=japan_desk),
        "komatsu": company("Komatsu Europe International N.V.", website="komatsu.example"),
        "mahindra": company("Tech Mahindra GmbH", country="IN", desk=india_desk),
    }


def shown(client, path, **query):
    """The records of the list's page, in its order."""
    response = client.get(reverse(path), query)
    assert response.status_code == 200
    assert response.context["filterset"].is_valid(), response.context["filterset"].errors
    return [row.record for row in response.context["table"].page.object_list]


def rows_html(response):
    """The page without the search box, which repeats what was typed: its table, or all
    of it when there is no table (a refusal)."""
    content = response.content.decode()
    if "<tbody" not in content:
        return content
    return content.split("<tbody", 1)[1].split("</tbody>", 1)[0]


def ids(records):
    return [record.pk for record in records]


class TestCompanyList:
    def test_a_japanese_name_finds_the_latin_named_company(self, registry, japan_officer):
        found = shown(pages_of(japan_officer), "companies:company_list", q="東芝")
        assert ids(found) == [registry["toshiba"].pk]

    def test_a_misspelt_name_finds_it(self, registry, japan_officer):
        found = shown(pages_of(japan_officer), "companies:company_list", q="toshba")
        assert ids(found)[:1] == [registry["toshiba"].pk]
        assert registry["komatsu"].pk not in ids(found)

    def test_the_best_match_first_unless_sorted(self, japan_desk, japan_officer):
        exact = company("Sakura Denki K.K.")
        prefix = company("Sakura Denki Seisakusho K.K.")
        other_name = company("Hanamizuki Trading K.K.", ("Sakura Denki", None))
        company("Momiji Holdings K.K.")
        client = pages_of(japan_officer)
        ranked = shown(client, "companies:company_list", q="sakura denki")
        assert ids(ranked) == [exact.pk, prefix.pk, other_name.pk]
        by_name = shown(client, "companies:company_list", q="sakura denki", sort="legal_name")
        assert ids(by_name) == [other_name.pk, exact.pk, prefix.pk]
        backwards = shown(client, "companies:company_list", q="sakura denki", sort="-legal_name")
        assert ids(backwards) == [prefix.pk, exact.pk, other_name.pk]

    def test_the_other_filters_narrow(self, japan_desk, india_desk, japan_officer):
        indian = company("Orion Systems Pvt. Ltd.", country="IN", desk=india_desk)
        japanese = company("Orion Systems K.K.", desk=japan_desk, status="settled")
        client = pages_of(japan_officer)
        assert set(ids(shown(client, "companies:company_list", q="orion systems"))) == {
            indian.pk,
            japanese.pk,
        }
        by_country = shown(client, "companies:company_list", q="orion systems", country="IN")
        assert ids(by_country) == [indian.pk]
        by_status = shown(client, "companies:company_list", q="orion systems", status="settled")
        assert ids(by_status) == [japanese.pk]
        by_desk = shown(client, "companies:company_list", q="orion systems", desk=india_desk.pk)
        assert ids(by_desk) == [indian.pk]
        assert (
            shown(
                client, "companies:company_list", q="orion systems", country="IN", status="settled"
            )
            == []
        )

    def test_one_country_chosen_still_finds_beyond_the_engine_s_best(
        self, japan_desk, japan_officer
    ):
        """With a country chosen, the engine is asked for that country's records only: its
        best hits of other countries do not crowd them out."""
        for number in range(60):
            company(f"Orion Systems {number:02} K.K.")
        indian = company("Orion Systems Pvt. Ltd.", country="IN")
        found = shown(pages_of(japan_officer), "companies:company_list", q="orion", country="IN")
        assert ids(found) == [indian.pk]

    def test_every_desk_member_finds_every_desk_s_companies(self, registry, india_officer):
        """Desk members read all companies (the policy): another desk's company is found."""
        found = shown(pages_of(india_officer), "companies:company_list", q="東芝")
        assert ids(found) == [registry["toshiba"].pk]

    def test_the_api_gives_the_page_s_records_in_its_order(self, japan_desk, japan_officer):
        company("Sakura Denki K.K.")
        company("Sakura Denki Seisakusho K.K.")
        company("Hanamizuki Trading K.K.", ("Sakura Denki", None))
        company("Sakura Denky K.K.")
        page = ids(shown(pages_of(japan_officer), "companies:company_list", q="sakura denki"))
        response = api_of(japan_officer).get(reverse("api:company-list"), {"q": "sakura denki"})
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["results"]] == page
        assert len(page) >= 3


class TestWhatTheReaderMaySee:
    def test_a_candidate_of_another_desk_is_not_found(
        self, japan_desk, india_desk, japan_officer, india_officer
    ):
        programme = ProgrammeFactory(kind="skilled_workers", desks=[india_desk])
        candidate = CandidateFactory(cohort=CohortFactory(programme=programme))
        name = str(candidate.person)
        assert shown(pages_of(japan_officer), "contacts:person_list", q=name) == []
        found = shown(pages_of(india_officer), "contacts:person_list", q=name)
        assert ids(found) == [candidate.person.pk]

    def test_the_partner_viewer_finds_no_people_and_no_internal_work(
        self, registry, partner_viewer
    ):
        PersonFactory(given_name="Taro", family_name="Yamada", native_name="山田 太郎")
        ProjectFactory(title="Toshiba European headquarters", company=registry["toshiba"])
        InteractionFactory(company=registry["toshiba"], subject="Toshiba site visit")
        client = pages_of(partner_viewer)
        for path, text in [
            ("contacts:person_list", "山田太郎"),
            ("contacts:person_list", "yamada"),
            ("projects:project_list", "toshiba"),
            ("interactions:interaction_list", "toshiba"),
            ("interactions:task_list", "toshiba"),
        ]:
            response = client.get(reverse(path), {"q": text})
            content = rows_html(response)
            assert response.status_code in (200, 403, 404), (path, response.status_code)
            for secret in ["Yamada", "山田", "European headquarters", "site visit"]:
                assert secret not in content, (path, text, secret)
        # What they may see, they find.
        found = shown(client, "companies:company_list", q="東芝")
        assert ids(found) == [registry["toshiba"].pk]
        assert "Yamada" not in rows_html(
            client.get(reverse("companies:company_list"), {"q": "yamada"})
        )

    def test_a_confidential_project_is_found_by_its_codename_alone(
        self, registry, japan_officer, director
    ):
        secret = ProjectFactory(
            title="Toshiba battery gigafactory",
            company=registry["toshiba"],
            owner=director,
            confidential=True,
            codename="Project Osprey",
        )
        ProjectFactory(title="Asahi sales office", company=registry["asahi"])
        client = pages_of(japan_officer)
        for text in ["battery gigafactory", "gigafactory", "Toshiba battery"]:
            found = shown(client, "projects:project_list", q=text)
            assert secret.pk not in ids(found), text
            page = client.get(reverse("projects:project_list"), {"q": text})
            assert "gigafactory" not in rows_html(page)
        found = shown(client, "projects:project_list", q="Project Osprey")
        assert ids(found) == [secret.pk] and found[0].withheld
        assert ids(shown(pages_of(director), "projects:project_list", q="gigafactory")) == [
            secret.pk
        ]


class TestByName:
    def test_a_person_by_the_name_in_another_script(self, japan_desk, japan_officer):
        taro = PersonFactory(given_name="Taro", family_name="Yamada", native_name="山田 太郎")
        PersonFactory(given_name="Hanako", family_name="Suzuki")
        client = pages_of(japan_officer)
        assert ids(shown(client, "contacts:person_list", q="山田太郎")) == [taro.pk]
        assert ids(shown(client, "contacts:person_list", q="yamada taro")) == [taro.pk]

    def test_sites_interactions_and_tasks_by_their_company_s_name(self, registry, japan_officer):
        toshiba, asahi = registry["toshiba"], registry["asahi"]
        rows = {}
        for record in (toshiba, asahi):
            rows[record.pk] = {
                "companies:site_list": SiteFactory(company=record, name=f"{record} works"),
                "interactions:interaction_list": InteractionFactory(
                    company=record, subject="Annual visit"
                ),
                "interactions:task_list": TaskFactory(company=record, title="Send the report"),
            }
        client = pages_of(japan_officer)
        for path in rows[toshiba.pk]:
            for text in ["東芝", "Toshiba Corporation"]:
                found = shown(client, path, q=text)
                assert ids(found) == [rows[toshiba.pk][path].pk], (path, text)

    def test_a_project_by_its_company_s_other_name(self, registry, japan_officer):
        project = ProjectFactory(title="European headquarters", company=registry["toshiba"])
        ProjectFactory(title="Sales office", company=registry["asahi"])
        found = shown(pages_of(japan_officer), "projects:project_list", q="東芝")
        assert ids(found) == [project.pk]


class TestTextFieldsWhenNoNameIsAlike:
    def test_a_company_by_its_website(self, registry, japan_officer):
        found = shown(pages_of(japan_officer), "companies:company_list", q="komatsu.example")
        assert ids(found) == [registry["komatsu"].pk]

    def test_an_interaction_by_a_word_of_its_subject(self, registry, japan_officer):
        budget = InteractionFactory(
            company=registry["asahi"],
            subject="Quarterly budget review",
            occurred_on=datetime.date(2026, 5, 4),
        )
        InteractionFactory(company=registry["toshiba"], subject="Annual visit")
        found = shown(pages_of(japan_officer), "interactions:interaction_list", q="budget")
        assert ids(found) == [budget.pk]

    def test_a_task_by_its_description(self, registry, japan_officer):
        task = TaskFactory(company=registry["asahi"], description="Bring the Zollstock brochure")
        TaskFactory(company=registry["toshiba"], description="Call back")
        found = shown(pages_of(japan_officer), "interactions:task_list", q="zollstock")
        assert ids(found) == [task.pk]

    def test_nothing_alike_and_no_text_finds_nothing(self, registry, japan_officer):
        assert shown(pages_of(japan_officer), "companies:company_list", q="Zyxwvut") == []


class TestRanked:
    def test_orders_by_the_given_keys_then_the_rest(self, registry):
        first, second, rest = registry["komatsu"], registry["toshiba"], registry["asahi"]
        records = Company.objects.filter(pk__in=[first.pk, second.pk, rest.pk])
        ordered = records.order_by(ranked(records, [first.pk, second.pk]), "pk")
        assert list(ordered) == [first, second, rest]
