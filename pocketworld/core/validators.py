"""Checks of the text users enter, shared by models, forms and the API."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from taggit.utils import parse_tags

# Control and format characters: bidirectional overrides and isolates (U+202A–U+202E,
# U+2066–U+2069), marks (U+200E, U+200F), zero-width spaces, line breaks, surrogates.
# They make a name read differently from what it is, or not at all.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
# Zero-width non-joiner and joiner shape letters in Persian, Indic scripts and emoji.
JOINERS = {"\u200c", "\u200d"}

TAG_LENGTH = Tag._meta.get_field("name").max_length
# A record carries at most this many tags.
MAX_TAGS = 50


def invisible_characters(text):
    return [
        char
        for char in text
        if unicodedata.category(char) in INVISIBLE_CATEGORIES and char not in JOINERS
    ]


def validate_no_control_characters(value):
    """Refuse names with control characters, with which a name can pose as another."""
    found = invisible_characters(value)
    if found:
        raise ValidationError(
            _("The name contains the invisible control character %(character)s; remove it."),
            code="control_character",
            params={"character": f"U+{ord(found[0]):04X}"},
        )


def validate_tag_names(value):
    """Tags written as taggit reads them ("a, b"): each fits the tag's column."""
    names = parse_tags(value)
    if len(names) > MAX_TAGS:
        raise ValidationError(
            _("A record has at most %(limit)d tags, not %(count)d."),
            code="too_many_tags",
            params={"limit": MAX_TAGS, "count": len(names)},
        )
    longest = max((len(name) for name in names), default=0)
    if longest > TAG_LENGTH:
        raise ValidationError(
            _("A tag has at most %(limit)d characters, not %(length)d."),
            code="tag_too_long",
            params={"limit": TAG_LENGTH, "length": longest},
        )
