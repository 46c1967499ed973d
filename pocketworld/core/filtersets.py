"""Filters shared by the list pages and the API of every model."""

import copy
import time

import django_filters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import Q
from django.forms import ChoiceField, DateInput
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from taggit.models import Tag

from pocketworld.core import permissions
from pocketworld.core.models import ReferenceModel, Sector
from pocketworld.core.relations import related_rows
from pocketworld.core.renderers import EscapedChoices, Select, SelectMultiple

# The browser's date picker for a date filter.
DATE = DateInput(attrs={"type": "date"})

# Integers a database column can hold (64 bits); a larger one must be a 400, not a crash.
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**63), 2**63 - 1
# Longest text a filter takes (the longest name); SQLite refuses LIKE patterns of 50,000.
MAX_TEXT_LENGTH = 250


def check_integer_keys(field, values):
    """Refuse ids outside the database's integer range before they reach a query."""
    meta = field.queryset.model._meta
    model_field = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if not isinstance(model_field, models.IntegerField | models.AutoField):
        return
    for value in values:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue  # the field's own check names it an invalid choice
        if not SMALLEST_INTEGER <= number <= LARGEST_INTEGER:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class ChoicesInOneQuery(filter_fields.ModelChoiceIterator):
    """A filter's choices of records (desks, tags) read by one query. Django reads them
    with `iterator()`, which on PostgreSQL opens a server-side cursor held past the
    transaction: three round trips and a copy of the rows, for a dozen desks."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for record in self.queryset.all():
            yield self.choice(record)


class BoundedModelChoiceField(filter_fields.ModelChoiceField):
    iterator = ChoicesInOneQuery
    widget = Select

    def to_python(self, value):
        if value not in self.empty_values:
            check_integer_keys(self, [value])
        return super().to_python(value)


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    iterator = ChoicesInOneQuery
    widget = SelectMultiple

    def _check_values(self, value):
        check_integer_keys(self, value)
        return super()._check_values(value)


def crosses_many(model, path):
    """Whether the lookup `path` (e.g. "sites__municipality") passes a to-many relation,
    so that a join on it may repeat a record."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup (icontains) or a transform ends the relations
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def as_semijoin(filter_, model):
    """Make `filter_`, whose field lies across a to-many relation, keep the records that have
    a matching related row (`pk IN (…)`, read from the related table alone where it can)
    instead of joining and making the whole list DISTINCT, which makes the database sort
    every record before it can count or page."""
    filter_.distinct = False
    # The same filter over the related rows: its values, lookup and choices unchanged.
    inner = copy.copy(filter_)
    # Several values that must all match, or an exclusion, need the record's own rows.
    whole = getattr(filter_, "conjoined", False) or filter_.exclude
    rows, inner.field_name, column, key = semijoin_rows(model, filter_.field_name, whole)

    def semijoin(queryset, value):
        if not is_set(value):
            return queryset
        matching = inner.filter(rows, value).values(column)
        return queryset.filter(member_of(queryset, matching, key))

    filter_.filter = semijoin


def semijoin_rows(model, path, whole=False):
    """(rows, their path, their column, the key of `model` it names) that read the records
    of `model` with a match for `path`: the related or link table alone where it can
    (`core.relations.related_rows`), also behind a relation to one record (a site by its
    company's sectors: `company IN (…)`); else, or with `whole`, `model`'s own rows."""
    if not whole:
        if (related := related_rows(model, path)) is not None:
            return (*related, "pk")
        first, _, rest = path.partition("__")
        field = model._meta.get_field(first)
        related = related_rows(field.related_model, rest) if rest and field.many_to_one else None
        if related is not None:
            return (*related, first)
    return model._base_manager.all(), path, "pk", "pk"


# On SQLite, the records of a set of at least this many are found by reading the list in its
# order and asking of each whether it is in the set, not by looking up each of the set and
# sorting them.
SCANNED_SET = 2_000


class ProbedInOrder(models.Expression):
    """Whether a record's `key` is one of `matching`'s (a one-column queryset), written for
    SQLite as a correlated EXISTS in an ordered query: its planner then reads the list in
    its order from an index and probes each record until the page is full. As `key IN
    (…)`, it looks up every record of the set and sorts them all, and it builds the set
    first: 25,000 of 200,000 people took 36 ms a page, 0.2 ms this way. Without an order
    (a count, which visits every record anyway) it is `key IN (…)`."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, key, matching):
        super().__init__()
        self.key, self.matching = key, matching

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        clone = self.copy()
        (column,) = self.matching.query.values_select
        probe = models.Exists(self.matching.filter(**{column: models.OuterRef(self.key)}))
        clone.probe = probe.resolve_expression(query, allow_joins, reuse, summarize)
        membership = Q(**{f"{self.key}__in": self.matching})
        clone.membership = membership.resolve_expression(query, allow_joins, reuse, summarize)
        return clone

    def get_source_expressions(self):
        # Both forms once resolved, so that a query taking the list as its subquery
        # renames their tables with its own.
        return [self.probe, self.membership] if hasattr(self, "probe") else []

    def set_source_expressions(self, expressions):
        if expressions:
            self.probe, self.membership = expressions

    def as_sql(self, compiler, connection):
        query = compiler.query
        ordered = query.order_by or (query.default_ordering and query.get_meta().ordering)
        return compiler.compile(self.probe if ordered else self.membership)


def member_of(queryset, matching, key="pk"):
    """The condition that the `key` of a record of `queryset` is one of `matching`'s. On
    SQLite, each record of an ordered list is asked whether it is in a large set
    (ProbedInOrder); a small one is looked up."""
    matching = matching.order_by()  # a related model's default order is no set's
    sqlite = connections[queryset.db].vendor == "sqlite"
    if sqlite and matching[:SCANNED_SET].count() >= SCANNED_SET:
        return ProbedInOrder(key, matching)
    return Q(**{f"{key}__in": matching})


# The choices of reference data (countries, municipalities, sectors) that a filter form
# offers, read and labelled once per process and language: 800 options, labelled one by
# one in the reader's language, cost a list page more than its rows. Reference data comes
# with releases and the administrators' rare edits, which show within this many seconds.
REFERENCE_CHOICES_SECONDS = 300
_reference_choices = {}


def reference_choices(field):
    """The (value, label) pairs of `field`, a choice of reference data, from the cache, as
    EscapedChoices."""
    label = getattr(field.label_from_instance, "__func__", field.label_from_instance)
    key = (str(field.queryset.query), field.to_field_name, field.empty_label, label, get_language())
    now = time.monotonic()
    cached = _reference_choices.get(key)
    if cached is None or now - cached[0] > REFERENCE_CHOICES_SECONDS:
        choices = EscapedChoices([(str(value), str(label)) for value, label in field.choices])
        cached = _reference_choices[key] = (now, choices)
    return cached[1]


def forget_reference_choices(sender, **kwargs):
    """A change of reference data shows at once in this process, in the others within
    REFERENCE_CHOICES_SECONDS (connected in CoreConfig.ready)."""
    if issubclass(sender, ReferenceModel):
        _reference_choices.clear()


def is_set(value):
    """Whether a filter's cleaned value filters (0 and False do; nothing chosen does not)."""
    if value is None or value == "":
        return False
    return not hasattr(value, "__len__") or len(value) > 0


class BaseFilterSet(django_filters.FilterSet):
    """`q` searches the fields named in `search_fields`; numbers stay in the database's range
    and texts as long as the longest name. Filtering or searching by what a confidential
    record withholds passes over the rows withheld from the reader (`withheld_fields`)."""

    search_fields = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                filter_.field_class = BoundedModelMultipleChoiceField
            elif isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.field_class = BoundedModelChoiceField
            elif isinstance(filter_, django_filters.NumberFilter):
                filter_.extra.setdefault("min_value", SMALLEST_INTEGER)
                filter_.extra.setdefault("max_value", LARGEST_INTEGER)
            elif isinstance(filter_, django_filters.CharFilter):
                filter_.extra.setdefault("max_length", MAX_TEXT_LENGTH)
            if filter_.method is None and filter_.distinct:
                if crosses_many(self._meta.model, filter_.field_name):
                    as_semijoin(filter_, self._meta.model)
                else:
                    filter_.distinct = False
        hidden = self.hidden_from_reader()
        for name in [name for name, filter_ in self.filters.items() if name != "q"]:
            if self.filters[name].field_name.split("__")[0] in hidden:
                del self.filters[name]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                model = getattr(getattr(field, "queryset", None), "model", None)
                if model is not None and issubclass(model, ReferenceModel):
                    # Django's own setter: django-filter's wraps the pairs in its iterator.
                    ChoiceField.choices.fset(field, reference_choices(field))
        return self._form

    @classmethod
    def extend(cls, **filters):
        """Add filters that a higher app defines on this filterset's records (the interactions
        app's aftercare visits on the company list), from that app's AppConfig.ready."""
        for name, filter_ in filters.items():
            # What FilterSet's metaclass does for a declared filter.
            filter_.field_name = filter_.field_name or name
            cls.base_filters[name] = filter_

    def hidden_from_reader(self):
        """Fields of the model the reader may not see: neither filtered nor searched by."""
        user = getattr(self.request, "user", None)
        model = self._meta.model
        if user is None or not hasattr(model, "access"):
            return frozenset()
        return permissions.hidden_fields(user, model)

    def unidentified_rows(self):
        """A condition leaving out the rows whose fields `withheld_fields` the reader
        receives blank (Q() when there are none): they match no filter by those fields."""
        user = getattr(self.request, "user", None)
        model = self._meta.model
        if user is None or not hasattr(model, "access"):
            return Q()
        return permissions.unidentified_rows(model, user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        withheld = permissions.withheld_fields(self._meta.model)
        if withheld and any(
            name != "q"
            and filter_.field_name.split("__")[0] in withheld
            and is_set(self.form.cleaned_data.get(name))
            for name, filter_ in self.filters.items()
        ):
            condition = self.unidentified_rows()
            if condition:
                queryset = queryset.filter(condition)
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        hidden = self.hidden_from_reader()
        withheld = permissions.withheld_fields(self._meta.model)
        unidentified = self.unidentified_rows() if withheld else Q()
        condition = Q()
        for field in self.search_fields:
            if field.split("__")[0] in hidden:
                continue
            matches = Q(**{f"{field}__icontains": value})
            if field.split("__")[0] in withheld and unidentified:
                matches &= unidentified
            condition |= matches
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
            distinct=False,  # its own semijoin below
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        codes = {sector.code for sector in value}
        # The sectors' keys, read first: the database then knows how many records they
        # name (PostgreSQL walked 1,800 sites in order for 25 of a section's 885).
        divisions = list(
            Sector.objects.filter(Q(code__in=codes) | Q(section__code__in=codes)).values_list(
                "pk", flat=True
            )
        )
        rows, path, column, key = semijoin_rows(queryset.model, self.field_name)
        matching = rows.filter(**{f"{path}__in": divisions}).values(column)
        return queryset.filter(member_of(queryset, matching, key))
