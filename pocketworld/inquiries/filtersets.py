import django_filters
from django.conf import settings
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import DATE, BaseFilterSet
from pocketworld.core.models import Country
from pocketworld.desks.models import Desk
from pocketworld.inquiries.choices import (
    Channel,
    CloseReason,
    Outcome,
    RoutedBy,
    SpamReason,
    Status,
)
from pocketworld.inquiries.models import ANSWERED_IN_TIME, Inquiry
from pocketworld.inquiries.public.choices import CompanySize, Plan, Sector, Timing
from pocketworld.projects.choices import Stage
from pocketworld.projects.models import StageChange


class InquiryFilterSet(BaseFilterSet):
    search_fields = ("reference", "company_name", "contact_name", "email", "message")
    desk = django_filters.ModelMultipleChoiceFilter(queryset=Desk.objects.all(), label=_("Desk"))
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), widget=CheckboxSelectMultiple
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Reply overdue"))
    answered = django_filters.BooleanFilter(
        field_name="first_response_at", lookup_expr="isnull", exclude=True, label=_("Answered")
    )
    answered_in_time = django_filters.BooleanFilter(
        method="filter_in_time", label=_("Answered within the time")
    )
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )
    language = django_filters.MultipleChoiceFilter(
        choices=settings.INQUIRY_LANGUAGES, label=_("Language")
    )
    plan = django_filters.MultipleChoiceFilter(choices=Plan.choices, label=_("Plan"))
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices, label=_("Sector"))
    size = django_filters.MultipleChoiceFilter(choices=CompanySize.choices, label=_("Size"))
    timing = django_filters.MultipleChoiceFilter(choices=Timing.choices, label=_("Timing"))
    channel = django_filters.MultipleChoiceFilter(
        choices=Channel.choices, label=_("Received through")
    )
    routed_by = django_filters.MultipleChoiceFilter(choices=RoutedBy.choices, label=_("Routed by"))
    outcome = django_filters.MultipleChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    close_reason = django_filters.MultipleChoiceFilter(
        choices=CloseReason.choices, label=_("Reason for closing")
    )
    spam_reason = django_filters.MultipleChoiceFilter(
        choices=SpamReason.choices, label=_("Spam because")
    )
    received_after = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("Received from"), widget=DATE
    )
    received_before = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("Received until"), widget=DATE
    )
    company = django_filters.NumberFilter(field_name="company", label=_("Company (id)"))
    person = django_filters.NumberFilter(field_name="person", label=_("Person (id)"))
    project = django_filters.NumberFilter(field_name="project", label=_("Project (id)"))
    partner = django_filters.NumberFilter(field_name="partner", label=_("Partner (id)"))
    project_reached = django_filters.MultipleChoiceFilter(
        choices=Stage.choices, method="filter_project_reached", label=_("Lead project reached")
    )
    has_attachment = django_filters.BooleanFilter(
        field_name="attachment", lookup_expr="isnull", exclude=True, label=_("With attachment")
    )

    class Meta:
        model = Inquiry
        fields = [
            "q", "desk", "status", "overdue", "answered", "answered_in_time", "country",
            "language", "plan", "sector", "size", "timing", "channel", "routed_by", "outcome",
            "close_reason", "spam_reason", "received_after", "received_before", "company",
            "person", "project", "partner", "project_reached", "has_attachment",
        ]  # fmt: skip

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=Status.NEW, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_project_reached(self, queryset, name, value):
        """Inquiries whose lead project moved to one of the stages, ever (its stage history,
        as the KPIs read it)."""
        if not value:
            return queryset
        return queryset.filter(
            project__in=StageChange.objects.filter(to_stage__in=value).values("project")
        )

    def filter_in_time(self, queryset, name, value):
        return queryset.filter(ANSWERED_IN_TIME) if value else queryset.exclude(ANSWERED_IN_TIME)
