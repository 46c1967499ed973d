import datetime

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.core.filtersets import DATE, BaseFilterSet


def record_types():
    """The kinds of records an event may name: every model under the policy."""
    return sorted(
        (
            (model._meta.label_lower, capfirst(model._meta.verbose_name))
            for model in apps.get_models()
            if hasattr(model, "access")
        ),
        key=lambda choice: str(choice[1]),
    )


def start_of(day):
    """The first moment of `day` in the installation's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEventFilterSet(BaseFilterSet):
    search_fields = ("target_repr", "target_id", "username", "path")
    action = django_filters.MultipleChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    user = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.order_by("username"),
        method="filter_user",
        label=_("User"),
    )
    since = django_filters.DateFilter(method="filter_since", label=_("From"), widget=DATE)
    until = django_filters.DateFilter(method="filter_until", label=_("Until"), widget=DATE)
    ip_address = django_filters.CharFilter(
        lookup_expr="istartswith", label=_("IP address starts with")
    )
    target_type = django_filters.ChoiceFilter(choices=record_types, label=_("Record type"))
    target_id = django_filters.CharFilter(label=_("Record id"))

    class Meta:
        model = AuditEvent
        fields = ["q", "action", "user", "since", "until", "ip_address", "target_type", "target_id"]

    def filter_user(self, queryset, name, value):
        """The user's events, and those under their user name: failed sign-ins with it."""
        return queryset.filter(Q(user=value) | Q(username=value.get_username()))

    def filter_since(self, queryset, name, value):
        return queryset.filter(timestamp__gte=start_of(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(timestamp__lt=start_of(value + datetime.timedelta(days=1)))
