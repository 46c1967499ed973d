from pocketworld.companies.tests.specs import (
    CompanyNameSpec,
    CompanySpec,
    PartnerLinkSpec,
    PartnerOrganisationSpec,
    SiteSpec,
)
from pocketworld.core.testing import PartViewTests, ViewTests


class TestCompanyViews(CompanySpec, ViewTests):
    pass


class TestSiteViews(SiteSpec, ViewTests):
    pass


class TestPartnerOrganisationViews(PartnerOrganisationSpec, ViewTests):
    pass


class TestCompanyNameViews(CompanyNameSpec, PartViewTests):
    pass


class TestPartnerLinkViews(PartnerLinkSpec, PartViewTests):
    pass


def test_officer_is_told_which_desk_a_company_would_belong_to(client, japan_officer, india_desk):
    client.force_login(japan_officer)
    data = {"legal_name": "Tata Consultancy Services", "country": "IN", "status": "prospect"}
    response = client.post("/companies/add/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "your own desks (Japan Desk)" in content and "belong to: India Desk" in content
    # Choosing their own desk as the responsible desk makes it theirs.
    data["desk_override"] = japan_officer.desk_memberships.get().desk_id
    assert client.post("/companies/add/", data).status_code == 302
