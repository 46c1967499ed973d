"""A segment's filter is the company list's filter, kept as its query string.

So a segment selects exactly what the company list shows for the same address, through
the same `CompanyFilterSet`, in pages, exports, the API and the dashboard's counts.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import SuffixedMultiWidget

from pocketworld.companies.filtersets import CompanyFilterSet
from pocketworld.companies.models import Company

# Parameters of the company list that page, sort or export it but choose no companies.
LIST_PARAMETERS = {"page", "sort", "export"}


def company_filterset(query, user=None):
    """The company list's filterset for `query` over the companies `user` may see.

    Like the list, it gets a request: some filters read the user from it (aftercare
    visits the user may see).
    """
    request = HttpRequest()
    request.user = user
    return CompanyFilterSet(
        QueryDict(query), queryset=Company.objects.visible_to(user), request=request
    )


def parameters_of(form):
    """{filter: the query parameters it reads}; a date range reads `…_after`, `…_before`."""
    parameters = {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, SuffixedMultiWidget):
            parameters[name] = [widget.suffixed(name, suffix) for suffix in widget.suffixes]
        else:
            parameters[name] = [name]
    return parameters


def normalize_company_filter(query):
    """The company list's filter as one canonical query string.

    Accepts the query string with or without "?", or the list's whole address. Keeps only
    the filters that choose something (the list's form also sends blank ones and
    "foreign=unknown"), in the list's order with their values sorted; drops paging,
    sorting and export. Unknown names stay, for validation to name them.
    """
    query = query.strip()
    if query.startswith(("/", "http://", "https://")):
        query = urlsplit(query).query
    form = company_filterset(query.removeprefix("?")).form
    data = form.data
    parameters = parameters_of(form)
    known = {parameter for names in parameters.values() for parameter in names}
    chosen = [parameter for name in form.changed_data for parameter in parameters[name]]
    unknown = sorted(set(data) - known - LIST_PARAMETERS)
    normalized = QueryDict(mutable=True)
    for name in chosen + unknown:
        values = sorted({value.strip() for value in data.getlist(name)} - {""})
        if values:
            normalized.setlist(name, values)
    return normalized.urlencode()


def validate_company_filter(query):
    """Raise ValidationError unless the company list accepts `query` as its filter."""
    form = company_filterset(query).form
    known = {parameter for names in parameters_of(form).values() for parameter in names}
    unknown = sorted(set(QueryDict(query)) - known)
    if unknown:
        raise ValidationError(
            _("The company list has no filter named %(names)s."),
            params={"names": ", ".join(unknown)},
            code="unknown_filter",
        )
    if not form.is_valid():
        raise ValidationError(
            [
                ValidationError(
                    _("%(filter)s: %(error)s"),
                    params={"filter": form.fields[name].label, "error": error},
                    code="invalid_filter",
                )
                for name, errors in form.errors.items()
                for error in errors
            ]
        )


def describe_company_filter(query):
    """[(filter label, chosen values)] for people to read: ("Sectors", "27 …, 43 …")."""
    form = company_filterset(query).form
    if not form.is_valid():
        return [(_("no longer valid"), query)]
    described = []
    for name in form.changed_data:
        field, value = form.fields[name], form.cleaned_data[name]
        if isinstance(value, models.QuerySet):
            text = ", ".join(str(item) for item in value)
        elif isinstance(value, list):
            labels = dict(field.choices)
            text = ", ".join(str(labels.get(item, item)) for item in value)
        elif isinstance(value, slice):  # a date range
            text = " – ".join(str(end or "…") for end in (value.start, value.stop))
        else:
            text = str(value)
        described.append((field.label, text))
    return described


def segment_companies(segment, user):
    """The companies of `segment` that `user` may see; the dashboard counts with it.

    None when the filter no longer holds (a desk or tag it names was deleted), as the
    company list shows none for that address.
    """
    filterset = company_filterset(segment.query, user)
    return filterset.qs if filterset.is_valid() else Company.objects.none()
