import django_tables2 as tables
from django.db.models import Case, F, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pocketworld.core import permissions
from pocketworld.core.tables import DateColumn, NumberColumn
from pocketworld.projects.models import Project


class ProjectTable(tables.Table):
    title = tables.Column(verbose_name=_("title"))
    company = tables.Column(
        verbose_name=_("company"),
        order_by=("company__legal_name", "prospect_name"),
        empty_values=(),
    )
    desk = tables.Column(verbose_name=_("desk"), order_by=("desk__name",))
    owner = tables.Column(verbose_name=_("owner"), order_by=("owner__last_name",))
    expected_jobs = NumberColumn(verbose_name=_("expected jobs"))
    expected_investment = NumberColumn(verbose_name=_("expected investment (EUR)"))
    stage_changed_at = DateColumn(verbose_name=_("in this stage since"), short=True)

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

    def render_title(self, record, value):
        """A project withheld from the reader: its codename, without a link (its page is
        for its team); a confidential one the reader is a member of carries a mark."""
        if getattr(record, "withheld", False):
            return value
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        if record.confidential:
            return format_html(
                '{} <span class="chip confidential">{}</span>', link, _("confidential")
            )
        return link

    def value_title(self, record, value):
        return value

    def render_company(self, record):
        return record.company_label

    def ordered_as_shown(self, queryset, is_descending, *fields):
        """Sorted by what the reader sees: a project withheld from them by its codename and
        blank figures, not where its hidden values would put it."""
        user = getattr(getattr(self, "request", None), "user", None)
        withheld = permissions.withheld_ids(user, Project)
        if not withheld:
            return queryset, False
        keys = []
        for name in fields:
            shown = F("codename") if name == "title" else Value(None)
            key = Case(When(pk__in=withheld, then=shown), default=F(name))
            keys.append(key.desc(nulls_last=True) if is_descending else key.asc(nulls_first=True))
        return queryset.order_by(*keys, "pk"), True

    def order_title(self, queryset, is_descending):
        return self.ordered_as_shown(queryset, is_descending, "title")

    def order_company(self, queryset, is_descending):
        return self.ordered_as_shown(
            queryset, is_descending, "company__legal_name", "prospect_name"
        )

    def order_expected_jobs(self, queryset, is_descending):
        return self.ordered_as_shown(queryset, is_descending, "expected_jobs")

    def order_expected_investment(self, queryset, is_descending):
        return self.ordered_as_shown(queryset, is_descending, "expected_investment")

    def value_company(self, record):
        return record.company_label
