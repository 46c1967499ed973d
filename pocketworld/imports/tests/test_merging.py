"""Merging two companies or two people: what moves, which values survive, what clashes,
who may, and that an undo brings back the exact state before."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pocketworld.companies.choices import NameKind, PartnerLinkRole
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.history import change_history
from pocketworld.core.models import Country, FocusArea, Language, Sector
from pocketworld.core.tests.factories import (
    CompanyFactory,
    CompanyNameFactory,
    InteractionFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    PositionFactory,
    ProjectFactory,
    SiteFactory,
    TaskFactory,
)
from pocketworld.imports import changes, merging
from pocketworld.imports.choices import ChangeAction, ChangeSetKind
from pocketworld.interactions.models import Interaction, Task
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

VALID_LEI = "529900T8BM49AURSDO55"


def stored(record):
    """The record as stored (fields, many-to-many, tags), without its update time."""
    state = changes.snapshot(type(record)._base_manager.get(pk=record.pk))
    state["fields"].pop("last_updated", None)
    return state


def world(*records):
    """Snapshots of the records and of every row that points to them."""
    found = {}
    for record in records:
        model = type(record)
        found[(model, record.pk)] = stored(record)
        for relation in merging.relations(model):
            rows = relation.related_model._base_manager.filter(**{relation.field.name: record})
            for row in rows:
                found[(type(row), row.pk)] = stored(row)
    return found


@pytest.fixture
def toshiba(japan_desk):
    """A company with something of every kind attached."""
    company = CompanyFactory(legal_name="Toshiba Europe GmbH", employees_region=150)
    CompanyNameFactory(company=company, name="東芝", language_id="ja")
    SiteFactory(company=company, name="Düsseldorf office")
    return company


@pytest.fixture
def duplicate(japan_desk, director):
    """The same company recorded again, with rows of every kind pointing to it."""
    company = CompanyFactory(
        legal_name="Toshiba Europe", website="https://toshiba.eu", employees_worldwide=900
    )
    company.sectors.set(Sector.objects.filter(code__in=["C", "26"]))
    company.focus_areas.set(FocusArea.objects.all()[:1])
    company.tags.add("trade fair", "key account")
    CompanyNameFactory(company=company, name="TOSHIBA")
    SiteFactory(company=company, name="Neuss warehouse")
    PositionFactory(company=company, person=PersonFactory(family_name="Yamada"))
    ProjectFactory(company=company, owner=director, title="Toshiba expansion")
    InteractionFactory(company=company, subject="First visit")
    TaskFactory(company=company, title="Send brochure")
    PartnerLink.objects.create(
        company=company, partner=PartnerOrganisationFactory(), role=PartnerLinkRole.MEMBER
    )
    CompanyFactory(legal_name="Toshiba Lighting Europe", parent=company)
    PartnerOrganisationFactory(name="Toshiba Club", company=company)
    return company


def test_relations_cover_every_model_pointing_to_companies_and_people():
    def pointing(model):
        return {
            (relation.related_model, relation.field.name) for relation in merging.relations(model)
        }

    # Other apps' models that point to companies are found as well (a subset here).
    assert pointing(Company) >= {
        (Company, "parent"),
        (CompanyName, "company"),
        (Site, "company"),
        (PartnerOrganisation, "company"),
        (PartnerLink, "company"),
        (Position, "company"),
        (Project, "company"),
        (Interaction, "company"),
        (Task, "company"),
    }
    assert pointing(Person) >= {(Position, "person"), (Interaction, "people")}
    assert not any(merging.is_history(model) for model, _name in pointing(Company))


def test_every_related_record_moves_to_the_survivor(toshiba, duplicate, japan_officer):
    duplicate_id = duplicate.pk
    change_set = merging.merge_companies(toshiba, duplicate, {}, japan_officer)

    assert change_set.kind == ChangeSetKind.MERGE
    assert change_set.created_by == japan_officer
    assert change_set.finished_at is not None
    assert not Company.objects.filter(pk=duplicate_id).exists()
    assert set(toshiba.names.values_list("name", flat=True)) == {
        "東芝",
        "TOSHIBA",
        "Toshiba Europe",
    }
    assert set(toshiba.sites.values_list("name", flat=True)) == {
        "Düsseldorf office",
        "Neuss warehouse",
    }
    assert toshiba.positions.get().person.family_name == "Yamada"
    assert toshiba.projects.get().title == "Toshiba expansion"
    assert toshiba.interactions.get().subject == "First visit"
    assert toshiba.tasks.get().title == "Send brochure"
    assert toshiba.partner_links.get().role == PartnerLinkRole.MEMBER
    assert toshiba.subsidiaries.get().legal_name == "Toshiba Lighting Europe"
    assert toshiba.partner_organisation.name == "Toshiba Club"


def test_chosen_values_survive_and_empty_ones_are_offered_from_the_duplicate(
    toshiba, duplicate, japan_officer
):
    assert merging.default_choices(toshiba, duplicate) == {
        "legal_name": "survivor",
        "employees_region": "survivor",
        "employees_worldwide": "duplicate",
        "website": "duplicate",
    }
    merging.merge_companies(
        toshiba,
        duplicate,
        {"legal_name": "duplicate", "employees_worldwide": "duplicate"},
        japan_officer,
    )
    toshiba.refresh_from_db()
    assert toshiba.legal_name == "Toshiba Europe"
    assert toshiba.employees_worldwide == 900
    assert toshiba.employees_region == 150
    assert toshiba.website == ""  # not chosen: the survivor's (empty) value stays
    # The legal name that did not survive stays as a further name.
    kept = toshiba.names.get(name="Toshiba Europe GmbH")
    assert kept.kind == NameKind.ALIAS
    assert not toshiba.names.filter(name="Toshiba Europe").exists()


def test_many_to_many_fields_and_tags_are_united(toshiba, duplicate, japan_officer):
    toshiba.sectors.set(Sector.objects.filter(code="C"))
    toshiba.tags.add("aftercare")
    assert {
        field.name: [str(value) for value in values]
        for field, values in merging.united_values(toshiba, duplicate)
    } == {
        "tags": ["key account", "trade fair"],
        "sectors": [str(Sector.objects.get(code="26"))],
        "focus_areas": [str(FocusArea.objects.all()[0])],
    }
    merging.merge_companies(toshiba, duplicate, {}, japan_officer)
    assert set(toshiba.sectors.values_list("code", flat=True)) == {"C", "26"}
    assert toshiba.focus_areas.count() == 1
    assert set(toshiba.tags.names()) == {"aftercare", "trade fair", "key account"}


def test_rows_that_would_clash_are_merged_into_the_survivors(toshiba, duplicate, japan_officer):
    chamber = PartnerOrganisationFactory(name="IHK Düsseldorf")
    own_link = PartnerLink.objects.create(
        company=toshiba, partner=chamber, role=PartnerLinkRole.MEMBER
    )
    PartnerLink.objects.create(
        company=duplicate, partner=chamber, role=PartnerLinkRole.MEMBER, note="since 2019"
    )
    PartnerLink.objects.create(company=duplicate, partner=chamber, role=PartnerLinkRole.REFERRED_BY)
    clashing_name = CompanyNameFactory(company=duplicate, name="東芝")
    clashing_name.tags.add("native")
    own_club = PartnerOrganisationFactory(name="Toshiba Society", company=toshiba)
    counts = {
        str(label): (moving, clashing)
        for label, moving, clashing in merging.related_counts(toshiba, duplicate)
    }
    assert counts["partner links"] == (2, 1)
    assert counts["company names"] == (1, 1)
    assert counts["partner organisations"] == (0, 1)
    assert counts["subsidiaries"] == (1, 0)

    change_set = merging.merge_companies(toshiba, duplicate, {}, japan_officer)

    own_link.refresh_from_db()
    assert own_link.note == "since 2019"  # the survivor's empty note took the duplicate's
    assert toshiba.partner_links.filter(partner=chamber).count() == 2
    native = toshiba.names.get(name="東芝")
    assert native.language_id == "ja" and set(native.tags.names()) == {"native"}
    assert toshiba.partner_organisation == own_club
    assert PartnerOrganisation.objects.get(name="Toshiba Club").company is None
    deleted = change_set.changes.filter(action=ChangeAction.DELETED)
    assert {change.content_type.model for change in deleted} == {
        "partnerlink",
        "companyname",
        "company",
    }


def test_an_lei_moves_to_the_survivor_and_back(toshiba, duplicate, japan_officer):
    Company.objects.filter(pk=duplicate.pk).update(lei=VALID_LEI)
    duplicate.refresh_from_db()
    before = world(toshiba, duplicate)
    change_set = merging.merge_companies(toshiba, duplicate, {"lei": "duplicate"}, japan_officer)
    toshiba.refresh_from_db()
    assert toshiba.lei == VALID_LEI

    changes.undo(change_set, japan_officer)
    assert world(toshiba, duplicate) == before
    assert Company.objects.get(pk=duplicate.pk).lei == VALID_LEI


def test_undo_brings_back_both_companies_and_every_row_exactly(toshiba, duplicate, japan_officer):
    toshiba.sectors.set(Sector.objects.filter(code="C"))
    toshiba.tags.add("aftercare")
    CompanyNameFactory(company=duplicate, name="東芝")  # clashes, is merged and deleted
    chamber = PartnerOrganisationFactory(name="IHK Düsseldorf")
    PartnerLink.objects.create(company=toshiba, partner=chamber, role=PartnerLinkRole.MEMBER)
    PartnerLink.objects.create(
        company=duplicate, partner=chamber, role=PartnerLinkRole.MEMBER, note="since 2019"
    )
    PartnerOrganisationFactory(name="Toshiba Society", company=toshiba)
    InteractionFactory(company=duplicate, subject="Second visit").people.add(PersonFactory())
    before = world(toshiba, duplicate)
    duplicate_id = duplicate.pk

    change_set = merging.merge_companies(
        toshiba, duplicate, {"legal_name": "duplicate", "website": "duplicate"}, japan_officer
    )
    assert world(toshiba) != before

    changes.undo(change_set, japan_officer)

    assert world(toshiba, Company.objects.get(pk=duplicate_id)) == before
    change_set.refresh_from_db()
    assert change_set.undone_by == japan_officer
    # Both records' histories show the merge and the undo.
    reasons = list(
        Company.history.filter(id=toshiba.pk)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert any(reason.startswith("Merge: ") for reason in reasons if reason)
    assert reasons[-1].startswith("Undo: ")
    kinds = list(
        Company.history.filter(id=duplicate_id)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    )
    deleted = kinds.index("-")
    assert "+" in kinds[deleted:]


def test_the_duplicates_history_stays_reachable_from_the_survivor(
    toshiba, duplicate, japan_officer
):
    duplicate.employees_worldwide = 1000
    duplicate.save()
    duplicate_id = duplicate.pk
    change_set = merging.merge_companies(toshiba, duplicate, {}, japan_officer)

    [(found, state)] = merging.merged_into(toshiba)
    assert found == change_set
    assert (state.pk, state.legal_name) == (duplicate_id, "Toshiba Europe")
    assert merging.merged_records(change_set)[:3] == (Company, toshiba.pk, duplicate_id)
    history = change_history(Company(pk=duplicate_id))
    assert (history[0]["type"], history[-1]["type"]) == ("-", "+")
    assert {"field": "employees worldwide", "old": "900", "new": "1000"} in [
        change for entry in history for change in entry["changes"]
    ]

    changes.undo(change_set, japan_officer)
    assert merging.merged_into(toshiba) == []


def test_a_company_cannot_be_merged_with_itself_or_with_a_person(toshiba, japan_officer):
    with pytest.raises(ValidationError) as error:
        merging.merge_companies(toshiba, Company.objects.get(pk=toshiba.pk), {}, japan_officer)
    assert error.value.message_dict == {"duplicate": ["A record cannot be merged with itself."]}
    person = PersonFactory()
    with pytest.raises(ValidationError, match="Only two companies can be merged here."):
        merging.merge_companies(toshiba, person, {}, japan_officer)
    with pytest.raises(ValidationError, match="Only two people can be merged here."):
        merging.merge_people(person, toshiba, {}, japan_officer)


@pytest.mark.parametrize("persona", ["india_officer", "partner_viewer"])
def test_records_the_user_may_not_change_are_refused(request, toshiba, duplicate, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(ValidationError, match="You may not change Toshiba Europe GmbH"):
        merging.merge_companies(toshiba, duplicate, {}, user)
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_a_duplicate_of_another_desk_is_refused(toshiba, japan_officer, india_desk):
    indian = CompanyFactory(legal_name="Toshiba India", country=Country.objects.get(code="IN"))
    with pytest.raises(ValidationError) as error:
        merging.merge_companies(toshiba, indian, {}, japan_officer)
    assert error.value.message_dict == {"duplicate": ["You may not change Toshiba India."]}


def test_a_survivor_moving_to_another_desk_is_refused(japan_officer, india_desk, japan_desk):
    survivor = CompanyFactory()
    # An Indian group's company that the Japan desk looks after.
    other = CompanyFactory(country=Country.objects.get(code="IN"), desk_override=japan_desk)
    with pytest.raises(ValidationError, match="your own desks"):
        merging.merge_companies(survivor, other, {"country": "duplicate"}, japan_officer)
    merging.merge_companies(
        survivor, other, {"country": "duplicate", "desk_override": "duplicate"}, japan_officer
    )
    survivor.refresh_from_db()
    assert (survivor.country_id, survivor.desk) == ("IN", japan_desk)


def test_a_merge_that_makes_a_company_its_own_parent_is_refused(japan_officer, japan_desk):
    group = CompanyFactory(legal_name="Toshiba Corporation")
    survivor = CompanyFactory(legal_name="Toshiba Europe", parent=group)
    subsidiary = CompanyFactory(legal_name="Toshiba Lighting", parent=survivor)
    duplicate = CompanyFactory(legal_name="Toshiba Europe GmbH", parent=subsidiary)
    with pytest.raises(ValidationError) as error:
        merging.merge_companies(survivor, duplicate, {"parent": "duplicate"}, japan_officer)
    assert "would be its own parent" in error.value.message_dict["parent"][0]
    # With the survivor's parent the same merge is fine.
    merging.merge_companies(survivor, duplicate, {"parent": "survivor"}, japan_officer)
    survivor.refresh_from_db()
    assert survivor.parent == group


def test_a_parent_that_is_one_of_the_two_becomes_none(japan_officer, japan_desk):
    parent = CompanyFactory(legal_name="Toshiba Europe GmbH")
    child = CompanyFactory(legal_name="Toshiba Europe", parent=parent)
    merging.merge_companies(parent, child, {"parent": "duplicate"}, japan_officer)
    parent.refresh_from_db()
    assert parent.parent is None


def test_wrong_choices_are_refused_per_field(toshiba, duplicate, japan_officer):
    with pytest.raises(ValidationError) as error:
        merging.merge_companies(toshiba, duplicate, {"website": "both"}, japan_officer)
    assert error.value.message_dict == {"website": ["Choose “survivor” or “duplicate”."]}
    with pytest.raises(ValidationError) as error:
        merging.merge_companies(toshiba, duplicate, {"desk": "duplicate"}, japan_officer)
    assert error.value.message_dict == {"choices": ["These fields cannot be chosen: desk"]}


# --- people ---------------------------------------------------------------------------------


@pytest.fixture
def yamada(japan_desk):
    person = PersonFactory(
        given_name="Taro", family_name="Yamada", email="t.yamada@toshiba.eu", desk=japan_desk
    )
    person.languages.set(Language.objects.filter(code="ja"))
    PositionFactory(person=person, company=CompanyFactory(legal_name="Toshiba Europe GmbH"))
    return person


@pytest.fixture
def yamada_again(japan_desk):
    person = PersonFactory(
        given_name="Tarō",
        family_name="Yamada",
        native_name="山田 太郎",
        email="taro.yamada@toshiba.co.jp",
        phone="+81 3 1234 5678",
        desk=japan_desk,
    )
    person.languages.set(Language.objects.filter(code__in=["en", "de"]))
    person.tags.add("speaker")
    PositionFactory(
        person=person,
        company=CompanyFactory(legal_name="Toshiba Corporation"),
        ended_on=datetime.date(2020, 3, 31),
    )
    InteractionFactory(company=CompanyFactory(), subject="Dinner").people.add(person)
    return person


def test_merging_people_moves_positions_and_interactions(yamada, yamada_again, japan_officer):
    survivor_before = world(yamada)
    duplicate_id = yamada_again.pk
    change_set = merging.merge_people(yamada, yamada_again, {}, japan_officer)

    assert not Person.objects.filter(pk=duplicate_id).exists()
    assert set(yamada.positions.values_list("company__legal_name", flat=True)) == {
        "Toshiba Europe GmbH",
        "Toshiba Corporation",
    }
    assert list(yamada.interactions.values_list("subject", flat=True)) == ["Dinner"]
    assert set(yamada.languages.values_list("code", flat=True)) == {"ja", "en", "de"}
    assert set(yamada.tags.names()) == {"speaker"}
    yamada.refresh_from_db()
    # Empty fields were not chosen, so the survivor's stay; what is lost goes to the notes.
    assert yamada.native_name == ""
    assert yamada.notes == (
        "Also recorded as: Tarō Yamada, 山田 太郎, taro.yamada@toshiba.co.jp, +81 3 1234 5678"
    )

    changes.undo(change_set, japan_officer)
    assert world(yamada) == survivor_before
    assert Person.objects.get(pk=duplicate_id).interactions.get().subject == "Dinner"


def test_people_choices_apply_and_keep_what_does_not_survive(yamada, yamada_again, japan_officer):
    choices = merging.default_choices(yamada, yamada_again)
    assert choices["native_name"] == "duplicate" and choices["given_name"] == "survivor"
    choices["email"] = "duplicate"
    merging.merge_people(yamada, yamada_again, choices, japan_officer)
    yamada.refresh_from_db()
    assert (yamada.native_name, yamada.email, yamada.phone) == (
        "山田 太郎",
        "taro.yamada@toshiba.co.jp",
        "+81 3 1234 5678",
    )
    assert yamada.notes == "Also recorded as: t.yamada@toshiba.eu, Tarō Yamada"


def test_people_merge_runs_the_models_rules(yamada, yamada_again, japan_officer):
    Person.objects.filter(pk=yamada_again.pk).update(
        legal_basis=LegalBasis.CONSENT, consent_given_on=datetime.date(2024, 5, 1)
    )
    yamada_again.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        merging.merge_people(
            yamada,
            yamada_again,
            {"legal_basis": "duplicate", "consent_given_on": "survivor"},
            japan_officer,
        )
    assert error.value.message_dict["consent_given_on"] == ["Consent needs the date it was given."]
    assert Person.objects.filter(pk=yamada_again.pk).exists()


def test_a_merge_deletes_so_only_who_may_delete_merges(
    yamada, yamada_again, partner_viewer, japan_assistant, japan_officer
):
    with pytest.raises(ValidationError, match="You may not change"):
        merging.merge_people(yamada, yamada_again, {}, partner_viewer)
    with pytest.raises(ValidationError, match="You may not delete"):
        merging.merge_people(yamada, yamada_again, {}, japan_assistant)
    change_set = merging.merge_people(yamada, yamada_again, {}, japan_officer)
    assert change_set.created_by == japan_officer
