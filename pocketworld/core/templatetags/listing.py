"""The rows of a list's table, written in Python.

django-tables2's template renders every cell through template tags; on a list page that
is most of the time the page takes. This tag writes the same rows from the same cell
values and the columns' cell attributes. A cell's value is django-tables2's
(`BoundRow._get_and_render_with`, as `BoundRow.items` asks it); only the arguments a
column's render method takes are read once a column rather than once a cell, which
django-tables2 does by inspecting the method's signature each time.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.utils import signature

register = template.Library()


def cell_html(column, cell, context):
    if column.localize is None:
        return render_value_in_context(cell, context)
    return conditional_escape(localize(cell, use_l10n=column.localize))


class CellRenderer:
    """A column's `BoundRow._call_render`, with the render method's arguments read once."""

    def __init__(self, bound_column):
        self.bound_column = bound_column
        self.wanted, catch_all = signature(bound_column.render)
        self.takes_all = catch_all is not None

    def cell(self, row):
        column = self.bound_column

        def render(bound_column, value=None):
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

        return row._get_and_render_with(column, render_func=render, default=column.default)


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
