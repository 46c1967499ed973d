from django.db.models import Count

from pocketworld.companies.choices import CompanyStatus
from pocketworld.companies.models import Company
from pocketworld.companies.tables import CompanyTable
from pocketworld.core.tables import paginate
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from pocketworld.desks import filtersets, forms, tables
from pocketworld.desks.models import Desk, DeskMembership


class DeskListView(ObjectListView):
    model = Desk
    filterset_class = filtersets.DeskFilterSet
    table_class = tables.DeskTable

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                company_count=Count("companies", distinct=True),
                member_count=Count("memberships", distinct=True),
            )
        )


class DeskDetailView(ObjectDetailView):
    """A desk's home page: its countries, team and companies."""

    model = Desk

    def get_extra_context(self, request, instance):
        companies = Company.objects.visible_to(request.user).filter(desk=instance)
        table = CompanyTable(companies.select_related("country", "desk"), exclude=("desk",))
        paginate(request, table, 25)
        status_counts = dict(companies.values_list("status").annotate(count=Count("pk")).order_by())
        return {
            "coverage": instance.coverage.select_related("country").order_by(
                "-is_primary", "country__name_en"
            ),
            "memberships": instance.memberships.select_related("user").order_by(
                "role", "user__last_name"
            ),
            "company_table": table,
            "status_counts": [
                (status, label, status_counts.get(status, 0))
                for status, label in CompanyStatus.choices
            ],
            "company_total": sum(status_counts.values()),
        }


class DeskEditView(ObjectEditView):
    model = Desk
    form_class = forms.DeskForm


class DeskDeleteView(ObjectDeleteView):
    model = Desk


class DeskMembershipEditView(ObjectEditView):
    model = DeskMembership
    form_class = forms.DeskMembershipForm


class DeskMembershipDeleteView(ObjectDeleteView):
    model = DeskMembership
    parent_field = "desk"
