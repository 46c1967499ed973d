"""The permission matrix: role × object × action, straight against the policy."""

import pytest

from pocketworld.companies.models import PartnerLink
from pocketworld.core import permissions
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

pytestmark = pytest.mark.django_db

V, C, D = "view", "change", "delete"
ALL = {V, C, D}

# What each persona may do with a record of the Japan desk.
DESK_RECORD = {
    "administrator": ALL,
    "director": ALL,
    "japan_officer": ALL,
    "japan_assistant": {V, C},
    "india_officer": {V},
    "partner_viewer": {V},
}
# People, and the desks' internal work, are never for partner viewers.
INTERNAL = {**DESK_RECORD, "partner_viewer": set()}
MATRIX = {
    "company": DESK_RECORD,
    "company_name": DESK_RECORD,
    "site": DESK_RECORD,
    "partner": DESK_RECORD,
    "partner_link": DESK_RECORD,
    "person": INTERNAL,
    "position": INTERNAL,
    "project": INTERNAL,
    "stage_change": INTERNAL,
    "interaction": INTERNAL,
    "task": INTERNAL,
    # A partner of no desk is shared: every desk member changes it.
    "shared_partner": {**DESK_RECORD, "india_officer": ALL},
    # Desks are organisation: only administrators and directors change them.
    "desk": {**DESK_RECORD, "japan_officer": {V}, "japan_assistant": {V}},
}


def make(kind, japan_desk):
    company = CompanyFactory()
    return {
        "company": lambda: company,
        "company_name": lambda: CompanyNameFactory(company=company),
        "site": lambda: SiteFactory(company=company),
        "person": lambda: PersonFactory(desk=japan_desk),
        "position": lambda: PositionFactory(person=PersonFactory(), company=company),
        "partner": lambda: PartnerOrganisationFactory(desks=[japan_desk]),
        "shared_partner": lambda: PartnerOrganisationFactory(),
        "partner_link": lambda: PartnerLink.objects.create(
            company=company, partner=PartnerOrganisationFactory(), role="member"
        ),
        "desk": lambda: japan_desk,
        "project": lambda: ProjectFactory(company=company),
        "stage_change": lambda: ProjectFactory(company=company).stage_changes.get(),
        "interaction": lambda: InteractionFactory(company=company),
        "task": lambda: TaskFactory(company=company),
    }[kind]()


@pytest.mark.parametrize("kind", sorted(MATRIX))
@pytest.mark.parametrize("persona", sorted(MATRIX["company"]))
def test_matrix(request, japan_desk, india_desk, kind, persona):
    user = request.getfixturevalue(persona)
    obj = make(kind, japan_desk)
    model = type(obj)
    allowed = MATRIX[kind][persona]

    assert model.objects.visible_to(user).filter(pk=obj.pk).exists() == (V in allowed)
    assert permissions.may_view(user, obj) == (V in allowed)
    assert permissions.may_change(user, obj) == (C in allowed)
    assert model.objects.editable_by(user).filter(pk=obj.pk).exists() == (C in allowed)
    assert permissions.may_delete(user, obj) == (D in allowed)
    assert model.objects.deletable_by(user).filter(pk=obj.pk).exists() == (D in allowed)


def test_anonymous_and_inactive_users_see_nothing(japan_desk, japan_officer):
    from django.contrib.auth.models import AnonymousUser

    company = CompanyFactory()
    assert type(company).objects.visible_to(japan_officer).get() == company
    assert permissions.may_change(japan_officer, company)
    assert not type(company).objects.visible_to(AnonymousUser()).exists()
    japan_officer.is_active = False
    assert not type(company).objects.visible_to(japan_officer).exists()
    assert not permissions.may_change(japan_officer, company)


def test_officer_may_not_move_a_company_to_another_desk(japan_desk, india_desk, japan_officer):
    from pocketworld.core.models import Country

    company = CompanyFactory()
    assert permissions.may_change(japan_officer, company)
    company.country = Country.objects.get(code="IN")
    assert not permissions.may_change(japan_officer, company)


def test_partner_viewer_exports_no_people(client, japan_desk, partner_viewer, japan_officer):
    PersonFactory(desk=japan_desk, family_name="Yamada")
    client.force_login(partner_viewer)
    response = client.get("/people/?export=csv")
    assert response.status_code == 200
    assert "Yamada" not in response.content.decode()
    # The same export gives the desk's officer the person.
    client.force_login(japan_officer)
    response = client.get("/people/?export=csv")
    assert response.status_code == 200
    assert "Yamada" in response.content.decode()
