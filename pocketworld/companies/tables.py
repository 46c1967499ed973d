import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.models import Company, PartnerOrganisation, Site
from pocketworld.core.tables import NumberColumn


class CompanyTable(tables.Table):
    legal_name = tables.Column(linkify=True, verbose_name=_("legal name"))
    country = tables.Column(verbose_name=_("country"), order_by=("country__name_en",))
    desk = tables.Column(verbose_name=_("desk"), order_by=("desk__name",))
    employees_region = NumberColumn(verbose_name=_("employees in the region"))

    class Meta:
        model = Company
        fields = ["legal_name", "country", "desk", "status", "employees_region", "last_updated"]
        attrs = {"class": "table", "id": "company-table"}
        empty_text = _("No companies match.")


class SiteTable(tables.Table):
    employees = NumberColumn(verbose_name=_("employees"))
    company = tables.Column(
        linkify=True, verbose_name=_("company"), order_by=("company__legal_name",)
    )
    name = tables.Column(linkify=True, verbose_name=_("site"), empty_values=())
    municipality = tables.Column(verbose_name=_("municipality"), order_by=("municipality__name",))

    class Meta:
        model = Site
        fields = ["company", "name", "kind", "municipality", "opened_on", "closed_on", "employees"]
        attrs = {"class": "table", "id": "site-table"}
        empty_text = _("No sites match.")

    def render_name(self, record):
        return record.name or record.get_kind_display()


class PartnerOrganisationTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    country = tables.Column(verbose_name=_("country"), order_by=("country__name_en",))

    class Meta:
        model = PartnerOrganisation
        fields = ["name", "short_name", "kind", "partnership", "country", "municipality"]
        attrs = {"class": "table", "id": "partner-table"}
        empty_text = _("No partner organisations match.")
