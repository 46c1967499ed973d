"""The import pipeline on real-world-shaped files: each row's outcome, duplicates inside a
file and across scripts, a failed apply that changes nothing, and an exact undo."""

import io
import json

import pytest
from django.core import serializers
from django.db import connection
from openpyxl import Workbook

from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.contacts.models import Person, Position
from pocketworld.core import bulk
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, SiteFactory
from pocketworld.imports import services
from pocketworld.imports.changes import UndoRefused
from pocketworld.imports.choices import ImportStatus, RowDecision, RowOutcome
from pocketworld.imports.models import ColumnMapping, ImportRow
from pocketworld.search.duplicates import ASK, DUPLICATE

pytestmark = pytest.mark.django_db

GERMAN_EXCEL_CSV = (
    "Firma;Land;Mitarbeiter;Website;PLZ;Straße;Ort;Bemerkung\r\n"
    "Müller Präzisionstechnik GmbH;Japan;1.250;www.mueller-praezision.jp;40212;"
    "Königsallee 12;Düsseldorf;Größter Kunde\r\n"
    "Kōbe Steel Europe GmbH;JP;85;;;;;\r\n"
    ";;;;;;;\r\n"
    "Tata Consultancy Services Deutschland GmbH;Indien;3.400;tcs.com;;;;\r\n"
).encode("cp1252", errors="replace")


def registry_state():
    """Every company, name, site, person and position as stored, for exact comparisons."""
    records = [
        *Company.objects.order_by("pk"),
        *CompanyName.objects.order_by("pk"),
        *Site.objects.order_by("pk"),
        *Person.objects.order_by("pk"),
        *Position.objects.order_by("pk"),
    ]
    state = json.loads(serializers.serialize("json", records))
    for record in state:
        record["fields"].pop("last_updated", None)
    return state


def checked(kind, content, user, file_name="list.csv", **columns):
    run = services.upload(kind, file_name, content, user)
    if columns:
        run.columns = columns
        run.save()
    return services.check(run)


def row(run, number):
    return run.rows.get(number=number)


def test_german_excel_csv_is_read_and_guessed(director):
    run = checked("companies", GERMAN_EXCEL_CSV, director)
    assert (run.encoding, run.delimiter) == ("cp1252", ";")
    assert run.columns == {
        "Firma": "legal_name",
        "Land": "country",
        "Mitarbeiter": "employees_region",
        "Website": "website",
        "PLZ": "postcode",
        "Straße": "street",
        "Ort": "municipality",
        "Bemerkung": "description",
    }
    assert run.status == ImportStatus.CHECKED
    assert list(run.rows.values_list("number", flat=True)) == [2, 3, 5]
    first = row(run, 2)
    assert first.values["legal_name"] == "Müller Präzisionstechnik GmbH"
    assert first.values["country"] == "JP"
    assert first.values["employees_region"] == 1250
    assert first.values["municipality"] == "051110000"
    assert first.values["website"] == "https://www.mueller-praezision.jp"
    assert row(run, 5).values["country"] == "IN"
    assert run.counts["create"] == 3


def test_apply_creates_records_with_names_sites_history_and_search(director):
    run = checked("companies", GERMAN_EXCEL_CSV, director)
    services.apply(run, director)
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert run.counts[RowOutcome.CREATED] == 3
    mueller = Company.objects.get(legal_name="Müller Präzisionstechnik GmbH")
    assert mueller.desk is None or mueller.desk.coverage.filter(country="JP").exists()
    assert mueller.sites.get().street == "Königsallee 12"
    assert mueller.history.get().history_change_reason == "Import: list.csv"
    assert mueller.history.get().history_user == director
    assert row(run, 2).object_id == mueller.pk
    from pocketworld.search.services import search

    assert [hit.object_id for hit in search("Mueller Praezision", director)][:1] == [mueller.pk]


def test_errors_and_warnings_name_row_and_column(director):
    content = (
        b"Company,Country,Employees,LEI,Sector\n"
        b"Good Co,JP,12,,C\n"
        b"No Country Co,Atlantis,12,,\n"
        b"Bad Number Co,JP,twelve,,\n"
        b"Bad LEI Co,JP,5,529900T8BM49AURSDO56,XX\n"
        b",JP,5,,\n"
    )
    run = checked("companies", content, director)
    assert row(run, 2).problems == []
    assert row(run, 3).errors == [
        {
            "column": "Country",
            "level": "error",
            "message": "Atlantis is not a country: give its name or ISO code.",
        }
    ]
    assert row(run, 4).errors[0]["column"] == "Employees"
    assert "LEI" in row(run, 5).errors[0]["column"]
    assert row(run, 5).warnings[0]["column"] == "Sector"
    assert row(run, 6).errors[0]["message"] == "Legal name is required."
    assert run.counts["errors"] == 4
    services.apply(run, director)
    assert set(Company.objects.values_list("legal_name", flat=True)) == {"Good Co"}
    run.refresh_from_db()
    assert run.counts[RowOutcome.INVALID] == 4


def test_duplicate_rows_inside_one_file(director):
    content = (
        b"Company;Country\n"
        b"Asahi Kasei Europe GmbH;JP\n"
        b"ASAHI KASEI EUROPE G.m.b.H.;Japan\n"
        b"Asahi Kasei Europe GmbH;IN\n"
    )
    run = checked("companies", content, director)
    second = row(run, 3)
    assert second.candidates[0]["row"] == 2
    assert second.decision == RowDecision.SKIP
    # The same name from another country is probably another company: asked, not skipped.
    other_country = row(run, 4)
    assert ASK <= other_country.candidates[0]["score"] < DUPLICATE
    assert other_country.decision == RowDecision.CREATE
    services.apply(run, director)
    assert Company.objects.filter(legal_name__iexact="asahi kasei europe gmbh").count() == 2
    assert row(run, 3).outcome == RowOutcome.DUPLICATE


def test_rows_that_duplicate_existing_records_across_scripts(director):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyName.objects.create(company=toshiba, name="東芝", language_id="ja")
    samsung = CompanyFactory(legal_name="Samsung Electronics GmbH", country_id="KR")
    lei_company = CompanyFactory(legal_name="Something Else AG", lei="529900T8BM49AURSDO55")
    content = (
        "Name\tCountry\tLEI\n東芝\tJP\t\n삼성전자\tKR\t\nRenamed Ltd\tJP\t529900T8BM49AURSDO55\n"
    ).encode("utf-16")
    run = checked("companies", content, director, file_name="export.txt")
    assert run.encoding.startswith("utf-16") and run.delimiter == "\t"
    assert row(run, 2).candidates[0]["id"] == toshiba.pk
    assert row(run, 2).decision == RowDecision.SKIP
    assert row(run, 3).candidates[0]["id"] == samsung.pk
    same_lei = row(run, 4).candidates[0]
    assert same_lei["score"] >= DUPLICATE
    assert same_lei == {
        "id": lei_company.pk,
        "score": same_lei["score"],
        "reason": "same LEI",
        "label": "Something Else AG",
    }


def test_merge_into_an_existing_record_fills_gaps_and_keeps_names(director):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH", employees_region=150)
    content = (
        "Company;Country;Employees;Website;Native name\n"
        "TOSHIBA EUROPE GMBH;JP;999;toshiba.eu;東芝\n".encode()
    )
    run = checked("companies", content, director)
    assert row(run, 2).candidates[0]["id"] == toshiba.pk
    services.decide(run, 2, RowDecision.MERGE, target_id=toshiba.pk)
    before = registry_state()
    services.apply(run, director)
    toshiba.refresh_from_db()
    assert toshiba.website == "https://toshiba.eu"
    assert toshiba.employees_region == 150  # the registry's value is kept
    assert "employees in the region" in row(run, 2).warnings[-1]["message"]
    assert set(toshiba.names.values_list("name", flat=True)) == {"東芝", "TOSHIBA EUROPE GMBH"}
    run.refresh_from_db()
    services.undo_import(run, director)
    assert registry_state() == before


def test_undo_restores_the_exact_previous_state(director):
    SiteFactory(company=CompanyFactory(legal_name="Existing KK"))
    before = registry_state()
    run = checked("companies", GERMAN_EXCEL_CSV, director)
    services.apply(run, director)
    assert Company.objects.count() == 4
    run.refresh_from_db()
    services.undo_import(run, director)
    assert registry_state() == before
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    with pytest.raises(UndoRefused):
        services.undo_import(run, director)


def test_undo_is_refused_when_later_work_would_be_lost(director):
    run = checked("companies", GERMAN_EXCEL_CSV, director)
    services.apply(run, director)
    run.refresh_from_db()
    mueller = Company.objects.get(legal_name__startswith="Müller")
    PersonFactory().positions.create(company=mueller)
    with pytest.raises(UndoRefused, match="added since"):
        services.undo_import(run, director)
    assert Company.objects.filter(pk=mueller.pk).exists()


def test_a_failed_apply_changes_nothing(director):
    content = b"Company;Country;LEI\nFirst AG;JP;529900T8BM49AURSDO55\nSecond AG;JP;\n"
    run = checked("companies", content, director)
    # Someone takes the LEI between check and apply: the database refuses the row.
    CompanyFactory(legal_name="Elsewhere", lei="529900T8BM49AURSDO55")
    before = registry_state()
    with pytest.raises(services.ImportFailed, match="nothing was imported"):
        services.apply(run, director)
    assert registry_state() == before
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    assert run.change_set is None
    assert not ImportRow.objects.filter(run=run).exclude(outcome="").exists()


def test_xlsx_with_merged_header_cells(director):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Firma", "Herkunft", None, "Mitarbeiter"])
    sheet.append([None, "Land", "Stadt", None])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:D2")
    sheet.append(["Hitachi Rail GmbH", "Japan", "Tokyo", 40])
    stream = io.BytesIO()
    workbook.save(stream)
    run = services.upload("companies", "liste.xlsx", stream.getvalue(), director)
    assert run.headers == ["Firma", "Herkunft Land", "Herkunft Stadt", "Mitarbeiter"]
    run.columns = {
        "Firma": "legal_name",
        "Herkunft Land": "country",
        "Mitarbeiter": "employees_region",
    }
    run.save()
    services.check(run)
    assert row(run, 3).values == {
        "legal_name": "Hitachi Rail GmbH",
        "country": "JP",
        "employees_region": 40,
        "status": "prospect",
    }


def test_a_broken_row_in_the_middle_is_reported_and_the_rest_read(director):
    content = (
        b'Company,Country\n"Alpha GmbH",JP\n"Beta "GmbH,JP\nGamma GmbH,XX,extra\nDelta AG,JP\n'
    )
    run = checked("companies", content, director)
    assert run.status == ImportStatus.CHECKED
    assert row(run, 2).problems == []
    assert row(run, 4).errors  # XX is no country
    assert any("beyond the last column" in p["message"] for p in row(run, 4).problems)
    assert row(run, 5).values["legal_name"] == "Delta AG"


def test_officers_import_only_for_their_desks(japan_officer, india_desk):
    content = b"Company;Country\nSony Europe B.V.;JP\nInfosys GmbH;IN\n"
    run = checked("companies", content, japan_officer)
    assert row(run, 2).problems == []
    assert row(run, 3).errors[0]["column"] == "Country"


def test_people_with_company_and_email_duplicates(director):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH")
    existing = PersonFactory(given_name="Taro", family_name="Yamada", email="t.yamada@toshiba.eu")
    content = (
        b"Vorname;Nachname;E-Mail;Firma;Position\n"
        b"Taro;YAMADA;T.Yamada@toshiba.eu;Toshiba Europe;Director\n"
        b"Hanako;Suzuki;h.suzuki@toshiba.eu;Toshiba Europe GmbH;Engineer\n"
        b"Jiro;Tanaka;;Unknown KK;\n"
    )
    run = checked("people", content, director)
    assert row(run, 2).candidates[0]["id"] == existing.pk
    assert row(run, 2).decision == RowDecision.SKIP
    assert row(run, 3).values["company"] == toshiba.pk
    assert "Unknown KK" in row(run, 4).warnings[-1]["message"]
    services.apply(run, director)
    suzuki = Person.objects.get(family_name="Suzuki")
    assert suzuki.positions.get().company == toshiba
    assert suzuki.positions.get().job_title == "Engineer"


def test_sites_need_a_known_company_and_municipality(director):
    company = CompanyFactory(legal_name="Kyocera Document Solutions Europe B.V.")
    content = (
        "Firma;Art;Straße;PLZ;Ort;Mitarbeiter;Eröffnet\n"
        "Kyocera Document Solutions Europe;Vertriebsbüro;Otto-Hahn-Str. 12;40670;Meerbusch;80;"
        "01.04.2019\n"
        "Nobody GmbH;;;;Meerbusch;;\n"
        "Kyocera Document Solutions Europe;;;;Atlantis;;\n"
    ).encode()
    run = checked("sites", content, director)
    first = row(run, 2)
    assert first.problems == []
    assert first.values["company"] == company.pk
    assert first.values["kind"] == "sales"
    assert first.values["opened_on"] == "2019-04-01"
    assert row(run, 3).errors[0]["column"] == "Firma"
    assert row(run, 4).errors[0]["column"] == "Ort"


def test_a_saved_mapping_is_used_for_the_next_file(director):
    content = b"Col A;Col B\nNidec GmbH;JP\n"
    run = services.upload("companies", "a.csv", content, director)
    run.columns = {"Col A": "legal_name", "Col B": "country"}
    run.save()
    services.save_mapping(run, "Fair exhibitors", director)
    assert ColumnMapping.objects.get(name="Fair exhibitors").columns == run.columns
    again = services.upload("companies", "b.csv", content, director, mapping_name="Fair exhibitors")
    assert again.columns == {"Col A": "legal_name", "Col B": "country"}
    assert again.mapping_name == "Fair exhibitors"


def test_names_with_control_characters_are_a_row_problem(director):
    content = (
        "Company,Country,Native name\n"
        "Good Co,JP,\n"
        "Evil\u202egnp.exe Co,JP,\n"
        "Hidden Co,JP,東芝\u200b\n"
    ).encode()
    run = checked("companies", content, director)
    assert row(run, 2).problems == []
    assert row(run, 3).errors[0]["column"] == "Company"
    assert "U+202E" in row(run, 3).errors[0]["message"]
    assert row(run, 4).errors[0]["column"] == "Native name"
    assert "U+200B" in row(run, 4).errors[0]["message"]
    services.apply(run, director)
    assert set(Company.objects.values_list("legal_name", flat=True)) == {"Good Co"}
    people = checked("people", "Given name,Family name\nAnna,Ya\u200fmada\n".encode(), director)
    assert "U+200F" in row(people, 2).errors[0]["message"]


def test_people_on_a_contract_come_with_the_day_it_ends(director):
    content = (
        b"Vorname;Nachname;Rechtsgrundlage;Vertragsende\n"
        b"Akira;Mori;contract;31.12.2027\n"
        b"Yuki;Hara;contract;\n"
        b"Ken;Ono;contract;31.02.2027\n"
    )
    run = checked("people", content, director)
    assert row(run, 2).values["contract_ends_on"] == "2027-12-31" and not row(run, 2).errors
    assert [error["column"] for error in row(run, 3).errors] == ["Vertragsende"]
    assert "contract needs the day it ends" in row(run, 3).errors[0]["message"]
    assert [error["column"] for error in row(run, 4).errors] == ["Vertragsende"]
    services.apply(run, director)
    mori = Person.objects.get(family_name="Mori")
    assert (mori.legal_basis, str(mori.contract_ends_on)) == ("contract", "2027-12-31")
    assert not Person.objects.filter(family_name__in=["Hara", "Ono"]).exists()


def test_the_duplicate_finder_reads_the_registry_with_a_small_page_cache(director, monkeypatch):
    """SQLite's page cache would hold the registry a second time beside the finder's."""
    seen = []

    class Finder(services.DuplicateFinder):
        def load_companies(self):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size" if connection.vendor == "sqlite" else "SELECT 0")
                seen.append(cursor.fetchone()[0])
            super().load_companies()

    monkeypatch.setattr(services, "DuplicateFinder", Finder)
    run = checked("companies", GERMAN_EXCEL_CSV, director)
    assert run.status == ImportStatus.CHECKED
    small = -bulk.SMALL_PAGE_CACHE_KIB if connection.vendor == "sqlite" else 0
    assert seen == [small]
