"""What companies and partner organisations put into the search index."""

from pocketworld.companies.models import Company, CompanyName, PartnerOrganisation
from pocketworld.search.indexing import Name, SearchIndex
from pocketworld.search.languages import language_of_country


class CompanyIndex(SearchIndex):
    kind = "company"
    model = Company
    related = {CompanyName: lambda name: [name.company_id]}

    def queryset(self):
        return Company.objects.only(
            "legal_name", "country_id", "desk_id", "last_updated"
        ).prefetch_related("names")

    def names(self, company):
        language = language_of_country(company.country_id)
        yield Name(company.legal_name, language, is_main=True)
        for name in company.names.all():
            yield Name(name.name, name.language_id or language)

    def country(self, company):
        return company.country_id


class PartnerOrganisationIndex(SearchIndex):
    kind = "partner"
    model = PartnerOrganisation
    m2m_fields = ("desks",)

    def queryset(self):
        return PartnerOrganisation.objects.prefetch_related("desks")

    def names(self, partner):
        yield Name(partner.name, is_main=True)
        yield Name(partner.short_name)

    def title(self, partner):
        return partner.name

    def country(self, partner):
        return partner.country_id

    def desk_id(self, partner):
        """A partner of several desks counts as the first one's; one of none as nobody's."""
        desks = sorted(desk.pk for desk in partner.desks.all())
        return desks[0] if desks else None
