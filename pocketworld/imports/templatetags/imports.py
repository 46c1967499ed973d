"""Formatting an import row's values; the templates only display."""

from django import template

from pocketworld.imports.choices import ImportKind

register = template.Library()

DETAIL_URLS = {
    ImportKind.COMPANIES: "companies:company_detail",
    ImportKind.PEOPLE: "contacts:person_detail",
    ImportKind.SITES: "companies:site_detail",
}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def join_if_list(value):
    return ", ".join(map(str, value)) if isinstance(value, list) else value


@register.filter
def candidate_url(kind):
    """The URL name of a record's page of the run's kind."""
    return DETAIL_URLS[kind]
