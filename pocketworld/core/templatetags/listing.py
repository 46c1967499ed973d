"""The rows of a list's table, written in Python.

django-tables2's template renders every cell through template tags; on a list page that
is most of the time the page takes. This tag writes the same rows from the same cell
values (`BoundRow.items`) and the columns' cell attributes.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def cell_html(column, cell, context):
    if column.localize is None:
        return render_value_in_context(cell, context)
    return conditional_escape(localize(cell, use_l10n=column.localize))


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    if not columns:
        return ""
    # A column's cell attributes do not depend on the row in our tables: taken once.
    cell_attributes = [column.attrs["td"].as_html() for column in columns]
    lines = []
    for row in table.paginated_rows:
        cells = "".join(
            f"<td {attributes}>{cell_html(column, cell, context)}</td>"
            for attributes, (column, cell) in zip(cell_attributes, row.items(), strict=True)
        )
        lines.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
    if not lines and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(lines))  # nosec B308 B703 - cells escaped by cell_html
