from pocketworld.companies.tests.specs import CompanySpec, PartnerOrganisationSpec, SiteSpec
from pocketworld.core.testing import ViewTests


class TestCompanyViews(CompanySpec, ViewTests):
    pass


class TestSiteViews(SiteSpec, ViewTests):
    pass


class TestPartnerOrganisationViews(PartnerOrganisationSpec, ViewTests):
    pass
