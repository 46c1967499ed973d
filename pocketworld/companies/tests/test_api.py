from pocketworld.companies.tests.specs import CompanySpec, PartnerOrganisationSpec, SiteSpec
from pocketworld.core.testing import APITests


class TestCompanyAPI(CompanySpec, APITests):
    pass


class TestSiteAPI(SiteSpec, APITests):
    pass


class TestPartnerOrganisationAPI(PartnerOrganisationSpec, APITests):
    pass
