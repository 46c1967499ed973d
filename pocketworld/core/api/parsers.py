"""JSON bodies nested no deeper than any record of the API, checked before anything works
on them: without the bound, deep nesting ends in a RecursionError, a server error.

(The body's size is Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which DRF applies to JSON.)
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

# The deepest records of the API (a company with its names) nest three levels deep.
MAX_NESTING = 32


def nesting_depth(value, limit):
    """How deeply lists and objects nest in `value`; counting stops past `limit`."""
    deepest, stack = 0, [(value, 1)]
    while stack and deepest <= limit:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def too_deep():
    return exceptions.ParseError(
        _("The JSON is nested more than %(limit)d levels deep.") % {"limit": MAX_NESTING}
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if nesting_depth(data, MAX_NESTING) > MAX_NESTING:
            raise too_deep()
        return data
