import pytest
from django.core.exceptions import ValidationError

from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.core.history import change_history
from pocketworld.core.models import Country, Municipality, Sector
from pocketworld.core.scripts import Script, detect_script
from pocketworld.core.tests.factories import (
    CompanyFactory,
    DeskCoverageFactory,
    DeskFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

# Published LEIs: Deutsche Bank AG and Siemens AG (GLEIF).
VALID_LEIS = ["7LTWFZYICNSX8D621K86", "W38RGI023J3WT1HWRP32"]


@pytest.mark.parametrize("lei", VALID_LEIS)
def test_valid_lei_passes(lei):
    company = Company(legal_name="X", country=Country.objects.get(code="DE"), lei=lei)
    company.full_clean()


@pytest.mark.parametrize(
    "lei", ["7LTWFZYICNSX8D621K87", "7LTWFZYICNSX8D621K8", "7LTWFZYICNSX8D621K86X", "not an lei"]
)
def test_invalid_lei_is_rejected_at_the_field(lei):
    company = Company(legal_name="X", country=Country.objects.get(code="DE"), lei=lei)
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert "lei" in error.value.message_dict


def test_lei_is_normalised_and_empty_becomes_null():
    company = Company(
        legal_name="X", country=Country.objects.get(code="DE"), lei="7ltwfzyicnsx8d621k86"
    )
    company.full_clean()
    assert company.lei == "7LTWFZYICNSX8D621K86"
    blank = CompanyFactory(lei="")
    other_blank = CompanyFactory(lei="")
    assert blank.lei is None and other_blank.lei is None


def test_desk_is_derived_from_the_country_and_can_be_overridden(japan_desk, india_desk):
    company = CompanyFactory(country=Country.objects.get(code="JP"))
    assert company.desk == japan_desk
    company.desk_override = india_desk
    company.save()
    assert company.desk == india_desk
    company.desk_override = None
    company.save()
    assert company.desk == japan_desk


def test_company_follows_a_change_of_primary_desk(japan_desk):
    company = CompanyFactory(country=Country.objects.get(code="JP"))
    overridden = CompanyFactory(country=Country.objects.get(code="JP"), desk_override=japan_desk)
    asia = DeskFactory(name="Asia Desk", slug="asia")
    for coverage in japan_desk.coverage.all():
        coverage.delete()
    company.refresh_from_db()
    assert company.desk is None
    DeskCoverageFactory(desk=asia, country=Country.objects.get(code="JP"))
    company.refresh_from_db()
    overridden.refresh_from_db()
    assert company.desk == asia
    assert overridden.desk == japan_desk


def test_a_country_has_one_primary_desk(japan_desk):
    other = DeskFactory(name="Other", slug="other")
    coverage = DeskCoverageFactory.build(desk=other, country=Country.objects.get(code="JP"))
    with pytest.raises(ValidationError):
        coverage.full_clean()
    secondary = DeskCoverageFactory(
        desk=other, country=Country.objects.get(code="JP"), is_primary=False
    )
    assert secondary.pk


def test_company_cannot_be_its_own_ancestor(japan_desk):
    group = CompanyFactory(legal_name="Toshiba Corporation")
    subsidiary = CompanyFactory(legal_name="Toshiba Europe GmbH", parent=group)
    group.parent = subsidiary
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "parent" in error.value.message_dict


def test_more_employees_in_region_than_worldwide_is_an_error(japan_desk):
    company = CompanyFactory.build(employees_region=500, employees_worldwide=100)
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert "employees_region" in error.value.message_dict


@pytest.mark.parametrize(
    "name, script",
    [
        ("旭化成株式会社", Script.HAN),
        ("セイコーエプソン株式会社", Script.JAPANESE),
        ("삼성전자", Script.HANGUL),
        ("华为技术有限公司", Script.HAN),
        ("टेक महिंद्रा", Script.DEVANAGARI),
        ("Toshiba Europe GmbH", Script.LATIN),
        ("Düsseldorf", Script.LATIN),
        ("Газпром", Script.CYRILLIC),
        ("טבע", Script.HEBREW),
    ],
)
def test_detect_script(name, script):
    assert detect_script(name) == script


def test_company_name_gets_its_script(japan_desk):
    company = CompanyFactory()
    assert CompanyName.objects.create(company=company, name="东芝").script == Script.HAN
    japanese = CompanyName.objects.create(company=company, name="東芝", language_id="ja")
    assert japanese.script == Script.JAPANESE


def test_site_cannot_close_before_it_opened(japan_desk):
    site = SiteFactory.build(
        company=CompanyFactory(), opened_on="2020-01-01", closed_on="2019-01-01"
    )
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "closed_on" in error.value.message_dict


def test_relocation_comes_from_another_municipality(japan_desk):
    dusseldorf = Municipality.objects.get(key="051110000")
    site = SiteFactory.build(
        company=CompanyFactory(), municipality=dusseldorf, relocated_from=dusseldorf
    )
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "relocated_from" in error.value.message_dict
    site.relocated_from = Municipality.objects.get(name="Ratingen")
    site.full_clean()
    site.save()
    assert Site.objects.get(pk=site.pk).relocated_from.name == "Ratingen"


def test_history_shows_sector_changes_by_name(client, director, japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    client.force_login(director)
    computers, research = (Sector.objects.get(code=code).pk for code in ("26", "72"))
    data = {"legal_name": company.legal_name, "country": "JP", "status": "settled"}
    data["sectors"] = [computers]
    assert client.post(f"/companies/{company.pk}/edit/", data).status_code == 302
    data["sectors"] = [computers, research]
    assert client.post(f"/companies/{company.pk}/edit/", data).status_code == 302

    changes = [change for entry in change_history(company) for change in entry["changes"]]
    sector_changes = [c for c in changes if str(c["field"]) == "sectors"]
    newest = sector_changes[0]
    assert newest["old"] == "26 Manufacture of computer, electronic and optical products"
    assert newest["new"].startswith("26 Manufacture of computer")
    assert newest["new"].endswith("72 Scientific research and development")


@pytest.mark.parametrize(
    "name, character",
    [
        ("Evil\u202egnp.exe GmbH", "U+202E"),  # right-to-left override
        ("\u2066Toshiba\u2069", "U+2066"),  # left-to-right isolate
        ("Sony\u200f Europe", "U+200F"),  # right-to-left mark
        ("Sam\u200bsung", "U+200B"),  # zero-width space
        ("Bell\x07 AG", "U+0007"),
        ("Line\u2028break", "U+2028"),
        ("Lone \ud800", "U+D800"),
    ],
)
def test_names_with_control_characters_are_refused_at_the_field(name, character):
    from pocketworld.contacts.models import Person

    country = Country.objects.get(code="JP")
    records = [
        (Company(legal_name=name, country=country), "legal_name"),
        (CompanyName(company=CompanyFactory(), name=name), "name"),
        (Person(given_name=name, family_name=name, native_name=name), "native_name"),
    ]
    for record, field in records:
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert character in error.value.message_dict[field][0]


@pytest.mark.parametrize(
    "name",
    ["می\u200cخواهم", "\u0915\u094d\u200d\u0937", "東芝", "삼성전자", "Müller & Söhne", "Ltd."],
)
def test_names_keep_the_joiners_scripts_need(name):
    Company(legal_name=name, country=Country.objects.get(code="IR")).full_clean()


def test_every_name_field_refuses_control_characters():
    from pocketworld.companies.models import PartnerOrganisation
    from pocketworld.contacts.models import Person
    from pocketworld.core.validators import validate_no_control_characters

    fields = [
        (Company, "legal_name"),
        (CompanyName, "name"),
        (Site, "name"),
        (PartnerOrganisation, "name"),
        (PartnerOrganisation, "short_name"),
        (Person, "given_name"),
        (Person, "family_name"),
        (Person, "native_name"),
    ]
    for model, name in fields:
        assert validate_no_control_characters in model._meta.get_field(name).validators
