from django.db.models import Count

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
    """A desk's home page: its countries and team (the companies app adds its companies)."""

    model = Desk

    def get_extra_context(self, request, instance):
        return {
            "coverage": instance.coverage.select_related("country").order_by(
                "-is_primary", "country__name_en"
            ),
            "memberships": instance.memberships.select_related("user").order_by(
                "role", "user__last_name"
            ),
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
