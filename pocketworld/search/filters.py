"""The `q` of a list, answered by the search engine of the search box."""

import json

import django_filters
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import is_set
from pocketworld.search import services

# Hits a list takes from the engine: of its own records as many as its stages look at;
# of the records its rows hang on (a site's company) the best fifty, whose rows may be
# thousands (a company's interactions).
LIST_HITS = services.SCANNED_PER_STAGE
RELATED_HITS = 50


def ranked(queryset, ids):
    """An ORDER BY term that puts the records in the order of `ids`: one CASE written out,
    as Django's Case(When(...)) for 500 hits takes longer to compile than the page to show.
    On PostgreSQL, a JSON object of each id's rank, one parameter, whose keys are found by
    binary search: `array_position` reads the array from its start for every row, 3 ms for
    500 hits."""
    connection, meta = connections[queryset.db], queryset.model._meta
    column = (
        f"{connection.ops.quote_name(meta.db_table)}.{connection.ops.quote_name(meta.pk.column)}"
    )
    if connection.vendor == "postgresql":
        ranks = json.dumps({str(id_): rank for rank, id_ in enumerate(ids)})
        # A quoted name; the ranks are one parameter.
        return RawSQL(f"(%s::jsonb ->> {column}::text)::integer", [ranks]).asc()  # nosec B611
    whens = " ".join(["WHEN %s THEN %s"] * len(ids))
    params = [value for rank, id_ in enumerate(ids) for value in (id_, rank)]
    # Quoted names and placeholders; the ids and ranks are parameters.
    return RawSQL(f"CASE {column} {whens} ELSE %s END", [*params, len(ids)]).asc()  # nosec B611


class IndexSearchFilter(django_filters.CharFilter):
    """A list's search through the search index: the records the search box finds for the
    words (東芝 finds Toshiba, "toshba" too), best first unless the reader sorts the list;
    its other filters narrow them. `paths` names, per kind of the index, the lookup from
    the list's records to it: "pk" for the records themselves, "company" for a company's
    sites. When no name matches, the list's text fields (`search_fields`) are searched."""

    def __init__(self, paths, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)
        self.paths = paths
        self.own_records = list(paths.values()) == ["pk"]

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        filterset = self.parent
        user = getattr(filterset.request, "user", None)
        limit = LIST_HITS if self.own_records else RELATED_HITS
        hits = services.relevant(
            services.search(value, user, kinds=list(self.paths), limit=limit, **self.narrowing())
        )
        if not hits:
            return filterset.search(queryset, self.field_name, value)
        found = Q(pk__in=[])
        for kind, path in self.paths.items():
            if ids := [hit.object_id for hit in hits if hit.kind == kind]:
                found |= Q(**{f"{path}__one_of": ids})
        queryset = queryset.filter(found)
        if not self.own_records:
            return queryset  # records hanging on those found keep the list's order
        return queryset.order_by(ranked(queryset, [hit.object_id for hit in hits]), "pk")

    def narrowing(self):
        """The engine's own country and desk restriction, where the list is of indexed
        records and filtered by one country or desk: its best hits are then all of them."""
        if not self.own_records:
            return {}
        data = getattr(self.parent.form, "cleaned_data", {})
        narrowing = {}
        for name, argument in (("country", "country"), ("desk", "desk_id")):
            chosen = data.get(name)
            filter_ = self.parent.filters.get(name)
            if filter_ is None or filter_.field_name != name or not is_set(chosen):
                continue
            if len(chosen) == 1:
                narrowing[argument] = next(iter(chosen)).pk
        return narrowing
