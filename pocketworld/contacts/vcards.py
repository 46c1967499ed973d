"""People as vCard 4.0 (RFC 6350), for address books.

Written by hand: vobject, the usual library, writes vCard 3.0 only. A card holds the
name (also in its native script, as an alternative FN), the current positions, e-mail,
phones, languages, a stable UID and the time of the last change. The notes and the legal
basis stay out: they are the desks' internal record, not contact data.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.db.models import Prefetch

from pocketworld.contacts.models import Position
from pocketworld.core.scripts import Script

CONTENT_TYPE = "text/vcard; charset=utf-8"
LINE_LIMIT = 75  # octets, without the CRLF (RFC 6350 section 3.2)
# The language of a name in these scripts is known from the script alone.
SCRIPT_LANGUAGES = {Script.JAPANESE: "ja", Script.HANGUL: "ko"}
# Han characters alone may be Japanese or Chinese; the person's languages decide.
HAN_LANGUAGES = ("ja", "zh")
# An escape sequence (backslash and the character after it) or any one character.
FOLD_UNIT = re.compile(r"\\.|.", re.DOTALL)


def escape(value):
    """A text value with backslash, comma, semicolon and line breaks escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Fold a content line into lines of at most 75 octets.

    Lines break between characters, never inside a multi-byte UTF-8 sequence, and not
    inside an escape sequence either, which some clients misread.
    """
    lines, current, size = [], "", 0
    for unit in FOLD_UNIT.findall(line):
        width = len(unit.encode())
        if current and size + width > LINE_LIMIT:
            lines.append(current)
            current, size = " ", 1
        current += unit
        size += width
    lines.append(current)
    return "\r\n".join(lines)


def content_line(name, value, **params):
    """One property, folded; `value` is already escaped, parameters are plain tokens."""
    parameters = "".join(f";{key.upper()}={param}" for key, param in params.items() if param)
    return fold(f"{name}{parameters}:{value}")


def with_card_data(queryset, user):
    """`queryset` of people with what their cards need, in few queries."""
    current_positions = (
        Position.objects.visible_to(user)
        .filter(ended_on__isnull=True)
        .select_related("company", "partner")
        .order_by("-started_on", "pk")
    )
    return queryset.prefetch_related(
        "languages",
        Prefetch("positions", queryset=current_positions, to_attr="current_positions"),
    )


def native_name_language(person, language_codes):
    """The language tag of the person's native-script name (with the script when unsure)."""
    script = person.native_script
    if script in SCRIPT_LANGUAGES:
        return SCRIPT_LANGUAGES[script]
    if script == Script.HAN:
        spoken = [code for code in HAN_LANGUAGES if code in language_codes]
        if len(spoken) == 1:
            return spoken[0]
    if script and script != Script.OTHER:
        return f"und-{script}"
    return ""


def person_uid(person):
    """A UID that stays the same however often the person is exported."""
    record_url = settings.SITE_URL + person.get_absolute_url()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, record_url)}"


def vcard(person):
    """The person's vCard 4.0 as text with CRLF line ends (from `with_card_data`)."""
    language_codes = [language.code for language in person.languages.all()]
    lines = ["BEGIN:VCARD", "VERSION:4.0", content_line("UID", person_uid(person))]
    if person.native_name:
        # One name in two scripts: the same ALTID marks them as alternatives.
        lines.append(content_line("FN", escape(person.full_name), altid="1"))
        lines.append(
            content_line(
                "FN",
                escape(person.native_name),
                altid="1",
                language=native_name_language(person, language_codes),
            )
        )
    else:
        lines.append(content_line("FN", escape(person.full_name)))
    name_parts = [person.family_name, person.given_name, "", person.salutation, ""]
    lines.append(content_line("N", ";".join(escape(part) for part in name_parts)))
    for number, position in enumerate(person.current_positions, start=1):
        employer = position.company.legal_name if position.company_id else position.partner.name
        # A group keeps each title beside its organisation.
        lines.append(content_line(f"position{number}.ORG", escape(employer)))
        if position.job_title:
            lines.append(content_line(f"position{number}.TITLE", escape(position.job_title)))
    if person.email:
        lines.append(content_line("EMAIL", escape(person.email), type="work"))
    if person.phone:
        lines.append(content_line("TEL", escape(person.phone), type="work,voice"))
    if person.mobile:
        lines.append(content_line("TEL", escape(person.mobile), type="cell"))
    # Unranked: the record does not say which language the person prefers.
    lines.extend(content_line("LANG", code) for code in language_codes)
    revised = person.last_updated.astimezone(datetime.UTC)
    lines.append(content_line("REV", revised.strftime("%Y%m%dT%H%M%SZ")))
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def vcards(people):
    """The cards of `people` (from `with_card_data`) one after another, as one .vcf file."""
    for person in people:
        yield vcard(person)
