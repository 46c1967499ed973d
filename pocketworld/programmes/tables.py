import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.programmes.models import Programme


class ProgrammeTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    starts_on = tables.DateColumn(verbose_name=_("first day"), short=True)
    ends_on = tables.DateColumn(verbose_name=_("last day"), short=True)
    cohorts = tables.Column(verbose_name=_("cohorts"), accessor="cohort_count", orderable=False)

    class Meta:
        model = Programme
        fields = ["name", "kind", "starts_on", "ends_on", "cohorts"]
        attrs = {"class": "table", "id": "programme-table"}
        empty_text = _("No programmes match.")
