from pocketworld.companies.tests.specs import (
    CompanyNameSpec,
    CompanySpec,
    PartnerLinkSpec,
    PartnerOrganisationSpec,
    SiteSpec,
)
from pocketworld.core.testing import APITests


class TestCompanyAPI(CompanySpec, APITests):
    pass


class TestSiteAPI(SiteSpec, APITests):
    pass


class TestPartnerOrganisationAPI(PartnerOrganisationSpec, APITests):
    pass


class TestCompanyNameAPI(CompanyNameSpec, APITests):
    pass


class TestPartnerLinkAPI(PartnerLinkSpec, APITests):
    pass
