"""Change sets: undoing what they created, changed and deleted, and refusing an undo that
would lose later work; who sees and undoes them."""

import datetime

import pytest

from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.core.models import Sector
from pocketworld.core.tests.factories import CompanyFactory, CompanyNameFactory, SiteFactory
from pocketworld.imports import changes
from pocketworld.imports.changes import UndoRefused
from pocketworld.imports.choices import ChangeAction, ChangeSetKind, ImportStatus
from pocketworld.imports.models import ImportRun

pytestmark = pytest.mark.django_db


def stored(record):
    state = changes.snapshot(type(record)._base_manager.get(pk=record.pk))
    state["fields"].pop("last_updated")
    return state


@pytest.fixture
def company(japan_desk):
    company = CompanyFactory(legal_name="Kyocera Europe GmbH", employees_region=40)
    company.sectors.set(Sector.objects.filter(code="C"))
    company.tags.add("aftercare")
    return company


def test_undo_deletes_what_the_change_set_created(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "Sites from the fair", director)
    site = SiteFactory(company=company, name="Neuss")
    recorder.created(site)
    recorder.finish()

    changes.undo(recorder.change_set, director)

    assert not Site.objects.filter(pk=site.pk).exists()
    assert Site.history.filter(id=site.pk).latest().history_type == "-"


def test_undo_restores_what_the_change_set_changed(director, company):
    before = stored(company)
    recorder = changes.start(ChangeSetKind.LEI_UPDATE, "LEI updates", director)
    recorder.changing(company)
    company.employees_region = 55
    company.legal_name = "Kyocera Document Solutions Europe"
    company.save()
    company.sectors.set(Sector.objects.filter(code="26"))
    company.tags.set(["key account"])
    recorder.finish()

    changes.undo(recorder.change_set, director)

    assert stored(company) == before
    latest = Company.history.filter(id=company.pk).latest()
    assert latest.history_change_reason == "Undo: LEI updates"


def test_undo_brings_back_what_the_change_set_deleted(director, company):
    name = CompanyNameFactory(company=company, name="京セラ")
    before = [stored(company), stored(name)]
    company_id, name_id = company.pk, name.pk
    recorder = changes.start(ChangeSetKind.MERGE, "Deleted by mistake", director)
    # What the deletion cascades to first, so that the undo brings the company back first.
    recorder.deleting(name)
    recorder.deleting(company)
    company.delete()
    recorder.finish()

    changes.undo(recorder.change_set, director)

    # Exactly as before, the creation times too.
    company, name = Company.objects.get(pk=company_id), CompanyName.objects.get(pk=name_id)
    assert [stored(company), stored(name)] == before


def test_undo_brings_back_the_creation_time_to_the_microsecond(director, company):
    # Milliseconds .000 and microseconds beyond: lost by a snapshot cut to milliseconds.
    created = datetime.datetime(2025, 3, 4, 5, 6, 7, 456, tzinfo=datetime.UTC)
    Company.objects.filter(pk=company.pk).update(created=created)
    company.refresh_from_db()
    company_id = company.pk
    recorder = changes.start(ChangeSetKind.MERGE, "Deleted by mistake", director)
    recorder.deleting(company)
    company.delete()
    recorder.finish()

    changes.undo(recorder.change_set, director)

    assert Company.objects.get(pk=company_id).created == created


def test_undo_is_refused_when_a_record_was_changed_since(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "Employees", director)
    recorder.changing(company)
    company.employees_region = 60
    company.save()
    recorder.finish()
    company.website = "https://kyocera.de"
    company.save()

    with pytest.raises(UndoRefused, match="Kyocera Europe GmbH was changed since."):
        changes.undo(recorder.change_set, director)
    company.refresh_from_db()
    assert (company.employees_region, company.website) == (60, "https://kyocera.de")
    assert recorder.change_set.undone_at is None


def test_undo_is_refused_when_something_was_attached_since(director, japan_desk):
    recorder = changes.start(ChangeSetKind.IMPORT, "New companies", director)
    created = CompanyFactory(legal_name="Murata Europe")
    recorder.created(created)
    recorder.finish()
    SiteFactory(company=created, name="Murata Düsseldorf")

    with pytest.raises(UndoRefused, match="was added since"):
        changes.undo(recorder.change_set, director)
    assert Company.objects.filter(pk=created.pk).exists()


def test_undo_is_refused_the_second_time(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "Employees", director)
    recorder.changing(company)
    company.employees_region = 60
    company.save()
    recorder.finish()
    changes.undo(recorder.change_set, director)

    with pytest.raises(UndoRefused, match="This was undone already."):
        changes.undo(recorder.change_set, director)
    company.refresh_from_db()
    assert company.employees_region == 40


def test_undoing_an_imports_change_set_marks_the_import_undone(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "list.csv", director)
    recorder.changing(company)
    company.employees_region = 60
    company.save()
    recorder.finish()
    run = ImportRun.objects.create(
        kind="companies",
        file_name="list.csv",
        content=b"",
        status=ImportStatus.APPLIED,
        change_set=recorder.change_set,
        created_by=director,
    )

    changes.undo(recorder.change_set, director)

    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE


def test_a_long_description_fits_the_historys_reason(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "x" * 250, director)
    recorder.changing(company)
    company.employees_region = 60
    company.save()
    recorder.finish()

    changes.undo(recorder.change_set, director)

    reason = Company.history.filter(id=company.pk).latest().history_change_reason
    assert len(reason) == changes.REASON_LENGTH
    assert reason.startswith("Undo: xxx")


def test_who_sees_change_sets(director, japan_officer, india_officer, company):
    own = changes.start(ChangeSetKind.MERGE, "Officer's merge", japan_officer).change_set
    other = changes.start(ChangeSetKind.IMPORT, "Director's import", director).change_set

    assert set(changes.visible_change_sets(director)) == {own, other}
    assert list(changes.visible_change_sets(japan_officer)) == [own]
    assert list(changes.visible_change_sets(india_officer)) == []
    assert list(changes.visible_change_sets(None)) == []


def test_changes_are_counted_by_model_and_action(director, company):
    recorder = changes.start(ChangeSetKind.IMPORT, "Sites", director)
    for name in ("Neuss", "Kaarst"):
        recorder.created(SiteFactory(company=company, name=name))
    recorder.changing(company)
    recorder.finish()

    counts = changes.change_counts([recorder.change_set])

    assert counts == {
        recorder.change_set.pk: {
            Site: {ChangeAction.CREATED: 2},
            Company: {ChangeAction.CHANGED: 1},
        }
    }
