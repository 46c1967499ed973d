import pytest
from django.contrib import admin
from django.urls import reverse

from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

REGISTERED = {
    f"{model._meta.app_label}_{model._meta.model_name}": model_admin
    for model, model_admin in admin.site._registry.items()
}


@pytest.mark.parametrize("model", sorted(REGISTERED))
def test_administrator_opens_every_admin_page(client, rf, administrator, japan_desk, model):
    company = CompanyFactory()
    PositionFactory(person=PersonFactory(), company=company)
    client.force_login(administrator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_changelist") + "?q=a").status_code == 200
    # Records that only arise of themselves (tokens, lockouts, task results) have no add page.
    request = rf.get("/")
    request.user = administrator
    adds = REGISTERED[model].has_add_permission(request)
    assert client.get(reverse(f"admin:{model}_add")).status_code == (200 if adds else 403)


def test_company_admin_change_page(client, administrator, japan_desk):
    company = CompanyFactory()
    client.force_login(administrator)
    response = client.get(reverse("admin:companies_company_change", args=[company.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["director", "japan_officer", "partner_viewer"])
def test_only_administrators_use_the_admin(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:companies_company_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
