"""The rows of a list's table, written in Python.

django-tables2's template renders every cell through template tags; on a list page that
is most of the time the page takes. This tag writes the same rows from the same cell
values and the columns' cell attributes. A cell's value is django-tables2's
(`BoundRow._get_and_render_with`, as `BoundRow.items` asks it), with what it finds out
once a cell found out once a column: the arguments a column's render method takes (it
inspects the method's signature), and how a field of the record itself is read (its
display value where it has choices, from its choices' labels gathered once a page rather
than once a cell as Model._get_FIELD_display does, else the attribute).
"""

import inspect
from functools import partialmethod

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.template.base import render_value_in_context
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, signature

register = template.Library()


def cell_html(column, cell, context):
    if column.localize is None:
        return render_value_in_context(cell, context)
    return conditional_escape(localize(cell, use_l10n=column.localize))


# How a field of the record is read (CellRenderer.reading): its own get_FOO_display, the
# label of its value among its choices (what Django's get_FOO_display gives), its attribute.
DISPLAY, LABEL, ATTRIBUTE = "display", "label", "attribute"


def has_django_s_display(model, name):
    """Whether `model`'s get_`name`_display is the one Django gives a field with choices."""
    method = inspect.getattr_static(model, f"get_{name}_display", None)
    return isinstance(method, partialmethod) and method.func is Model._get_FIELD_display


class CellRenderer:
    """A column's cells as django-tables2's `BoundRow` makes them, with the render method's
    arguments and how the record's field is read found once a column."""

    def __init__(self, bound_column):
        self.bound_column = bound_column
        self.wanted, catch_all = signature(bound_column.render)
        self.takes_all = catch_all is not None
        accessor = Accessor(bound_column.accessor)
        column = bound_column.column
        # A name without a path, on a column that reads a value as any column does.
        self.name = None
        if accessor.SEPARATOR not in accessor and not isinstance(
            column, BaseLinkColumn | ManyToManyColumn
        ):
            self.name = str(accessor)
        # {model: (reading, for LABEL the field's attname and its choices' labels)}
        self.readings = {}

    def reading(self, model):
        """How django-tables2 reads the column's value of a `model` record, where it is a
        field of it: DISPLAY (get_FOO_display), LABEL (what Django's get_FOO_display
        gives), ATTRIBUTE, or None to ask django-tables2."""
        if model not in self.readings:
            try:
                field = model._meta.get_field(self.name)
            except FieldDoesNotExist:
                field = None
            if field is None or not field.concrete or field.many_to_many:
                self.readings[model] = (None, None)
            elif not getattr(field, "choices", ()) or not hasattr(
                model, f"get_{self.name}_display"
            ):
                self.readings[model] = (ATTRIBUTE, None)
            elif has_django_s_display(model, self.name):
                labels = dict(make_hashable(field.flatchoices))
                self.readings[model] = (LABEL, (field.attname, labels))
            else:
                self.readings[model] = (DISPLAY, None)
        return self.readings[model][0]

    def label(self, record):
        """Model._get_FIELD_display, with the choices' labels gathered once."""
        _reading, (attname, labels) = self.readings[type(record)]
        value = getattr(record, attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    def cell(self, row):
        column = self.bound_column
        record = row.record
        reading = self.reading(type(record)) if self.name and isinstance(record, Model) else None
        if reading is not None:
            if reading == LABEL:
                value = self.label(record)
            elif reading == DISPLAY:
                value = getattr(record, f"get_{self.name}_display")()
            else:
                value = getattr(record, self.name)
            if value in column.column.empty_values:
                return column.default
            return self.render(row, value)
        return row._get_and_render_with(
            column,
            render_func=lambda _bound_column, value=None: self.render(row, value),
            default=column.default,
        )

    def render(self, row, value=None):
        """The cell of `value`, by the column's render method and link."""
        column = self.bound_column
        arguments = {
            "value": value,
            "record": row.record,
            "column": column.column,
            "bound_column": column,
            "bound_row": row,
            "table": row.table,
        }
        if self.takes_all:
            content = column.render(**arguments)
        elif all(name in arguments for name in self.wanted):
            content = column.render(**{name: arguments[name] for name in self.wanted})
        else:
            content = None  # as django-tables2: a render method it cannot call
        return column.link(content, **arguments) if column.link else content


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    if not columns:
        return ""
    # A column's cell attributes do not depend on the row in our tables: taken once.
    cell_attributes = [column.attrs["td"].as_html() for column in columns]
    renderers = [CellRenderer(column) for column in columns]
    lines = []
    for row in table.paginated_rows:
        cells = "".join(
            f"<td {attributes}>{cell_html(renderer.bound_column, renderer.cell(row), context)}</td>"
            for attributes, renderer in zip(cell_attributes, renderers, strict=True)
        )
        lines.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
    if not lines and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(lines))  # nosec B308 B703 - cells escaped by cell_html
