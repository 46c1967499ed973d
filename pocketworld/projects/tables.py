import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import NumberColumn
from pocketworld.projects.models import Project


class ProjectTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"))
    company = tables.Column(
        verbose_name=_("company"),
        order_by=("company__legal_name", "prospect_name"),
        empty_values=(),
    )
    desk = tables.Column(verbose_name=_("desk"), order_by=("desk__name",))
    owner = tables.Column(verbose_name=_("owner"), order_by=("owner__last_name",))
    expected_jobs = NumberColumn(verbose_name=_("expected jobs"))
    expected_investment = NumberColumn(verbose_name=_("expected investment (EUR)"))
    stage_changed_at = tables.DateColumn(verbose_name=_("in this stage since"), short=True)

    class Meta:
        model = Project
        fields = [
            "title",
            "company",
            "kind",
            "stage",
            "desk",
            "owner",
            "expected_jobs",
            "expected_investment",
            "stage_changed_at",
        ]
        attrs = {"class": "table", "id": "project-table"}
        empty_text = _("No projects match.")

    def render_company(self, record):
        return record.company_label

    def value_company(self, record):
        return record.company_label
