from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import (
    CompanyFactory,
    CompanyNameFactory,
    PartnerOrganisationFactory,
    SiteFactory,
)


class CompanySpec(ModelSpec):
    model = Company
    url_prefix = "companies:company"
    api_basename = "company"
    invalid_field = "lei"
    # The page's timeline asks each kind a higher app adds (news, inquiries) once more.
    detail_query_budget = 31

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return CompanyFactory()

    def form_data(self, request):
        request.getfixturevalue("japan_desk")
        return {"legal_name": "Asahi Kasei Europe GmbH", "country": "JP", "status": "settled"}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "lei": "529900T8BM49AURSDO56"}

    def api_data(self, request):
        request.getfixturevalue("japan_desk")
        return {
            "legal_name": "Asahi Kasei Europe GmbH",
            "country": "JP",
            "status": "settled",
            "names": [{"name": "旭化成株式会社", "language": "ja"}],
        }

    def invalid_api_data(self, request):
        return {**self.api_data(request), "lei": "not an LEI"}

    def changed_field(self):
        return "status", "expanding"


class SiteSpec(ModelSpec):
    model = Site
    url_prefix = "companies:site"
    api_basename = "site"
    invalid_field = "closed_on"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return SiteFactory(name="Toshiba research centre")

    def list_marker(self, obj):
        return obj.name

    def company(self, request):
        request.getfixturevalue("japan_desk")
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Toshiba Europe GmbH")
        return self._company

    def form_data(self, request):
        return {
            "company": self.company(request).pk,
            "kind": "research",
            "municipality": "051110000",
            "opened_on": "2020-04-01",
        }

    def existing_form_values(self, obj):
        return {"company": obj.company_id}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "closed_on": "2019-01-01"}

    def api_data(self, request):
        return {
            "company": self.company(request).pk,
            "kind": "research",
            "municipality": "051110000",
        }

    def invalid_api_data(self, request):
        return {**self.api_data(request), "opened_on": "2020-04-01", "closed_on": "2019-01-01"}

    def changed_field(self):
        return "employees", 120


class PartnerOrganisationSpec(ModelSpec):
    model = PartnerOrganisation
    url_prefix = "companies:partnerorganisation"
    api_basename = "partnerorganisation"
    invalid_field = "kind"

    def make_object(self, request):
        return PartnerOrganisationFactory(desks=[request.getfixturevalue("japan_desk")])

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        return {
            "name": "Japan External Trade Organization",
            "short_name": "JETRO",
            "kind": "promotion_agency",
            "partnership": "strategic",
            "country": "JP",
            "desks": [desk.pk],
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "kind": "spaceship"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "short_name", "JETRO Düsseldorf"


class CompanyNameSpec(ModelSpec):
    model = CompanyName
    url_prefix = "companies:companyname"
    api_basename = "companyname"
    invalid_field = "script"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return CompanyNameFactory(company=CompanyFactory())

    def company(self, request):
        request.getfixturevalue("japan_desk")
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        return self._company

    def form_data(self, request):
        return {"company": self.company(request).pk, "name": "旭化成", "kind": "native"}

    def existing_form_values(self, obj):
        return {"company": obj.company_id, "name": obj.name}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "script": "Klingon"}

    def api_data(self, request):
        return {**self.form_data(request), "language": "ja"}

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "kind", "former"


class PartnerLinkSpec(ModelSpec):
    model = PartnerLink
    url_prefix = "companies:partnerlink"
    api_basename = "partnerlink"
    invalid_field = "role"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return PartnerLink.objects.create(
            company=CompanyFactory(), partner=PartnerOrganisationFactory(), role="member"
        )

    def form_data(self, request):
        request.getfixturevalue("japan_desk")
        if not hasattr(self, "_pair"):
            self._pair = (CompanyFactory().pk, PartnerOrganisationFactory().pk)
        return {"company": self._pair[0], "partner": self._pair[1], "role": "referred_by"}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "role": "owner"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "note", "Met at the JETRO reception"
