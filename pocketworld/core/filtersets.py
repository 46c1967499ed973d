"""Filters shared by the list pages and the API of every model."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from pocketworld.core.models import Sector


class BaseFilterSet(django_filters.FilterSet):
    """`q` searches the fields named in `search_fields`."""

    search_fields = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))


class TagFilter(django_filters.ModelMultipleChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(
            field_name="tags__slug",
            to_field_name="slug",
            queryset=Tag.objects.all(),
            label=_("Tags"),
            distinct=True,
            **kwargs,
        )


class SectorFilter(django_filters.ModelMultipleChoiceFilter):
    """A section matches its divisions too: "C" finds companies in division 26."""

    def __init__(self, field_name="sectors", **kwargs):
        super().__init__(
            field_name=field_name,
            to_field_name="code",
            queryset=Sector.objects.all(),
            label=_("Sectors"),
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        codes = {sector.code for sector in value}
        divisions = Sector.objects.filter(Q(code__in=codes) | Q(section__code__in=codes))
        matching = queryset.model._base_manager.filter(
            **{f"{self.field_name}__in": divisions}
        ).values("pk")
        return queryset.filter(pk__in=matching)
