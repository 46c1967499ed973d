"""A person's access export (GDPR Art. 15): everything pocketworld holds about them, place
by place of the footprint (`footprint.places()`), as a ZIP with machine-readable JSON (each
record with its field names) and a readable PDF in German or English.

Every export is logged (`AccessExport`) before it is made, so that it lists itself among
the exports of the person: who exported it when (an export that fails is no export: its
log goes). The ZIP is made on request and kept nowhere.

The export obeys the policy like every export: records come as `visible_to` hands them to
the exporting user, so a confidential project they are no member of comes under its
codename, and its history not at all (a director's export holds it whole; confidential
records exported whole are noted in their access log). A record that names the person in
its text but is about someone else (another person, a user) shows only the fields that
name them.
"""

import datetime
import decimal
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pocketworld.core import permissions
from pocketworld.core.audit import announce
from pocketworld.core.pdf import render_pdf
from pocketworld.events.models import Participant
from pocketworld.events.services import agenda
from pocketworld.privacy.footprint import (
    RecordPlace,
    TextPlace,
    live_model,
    places,
    someone_models,
    subject_of,
)
from pocketworld.privacy.models import AccessExport
from pocketworld.search.indexing import indexes
from pocketworld.search.models import SearchEntry

FORMAT = "pocketworld-access-export/1"
# How the access log of confidential records names the way they left: in a document.
EXPORTED_VIA = "pdf"


@dataclass
class ExportedRecord:
    """One record of a place: its data for the JSON, its lines for the PDF."""

    model: str  # app_label.ModelName
    kind: str  # the model's name for people
    id: object
    display: str
    fields: dict = field(default_factory=dict)  # name → JSON value
    lines: list = field(default_factory=list)  # (label, text) for the PDF

    def as_json(self):
        return {"model": self.model, "id": self.id, "display": self.display, "fields": self.fields}


@dataclass
class ExportedPlace:
    key: str
    label: str
    records: list


def json_value(value):
    """A field's value as JSON: related records as {id, display}, times in ISO 8601."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "display": str(value)}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def display_value(model_field, value):
    """A field's value as a reader sees it: choices by their label, JSON as written."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def related_value(instance, model_field):
    """The related record, or None where it no longer exists (history keeps old ids)."""
    try:
        return getattr(instance, model_field.name)
    except model_field.related_model.DoesNotExist:
        return None


def exported_fields(instance, only=None):
    """(field, value) of the record's stored fields; files are named, not copied."""
    for model_field in instance._meta.concrete_fields:
        if only is not None and model_field not in only:
            continue
        if isinstance(model_field, models.BinaryField):
            continue
        if model_field.is_relation:
            yield model_field, related_value(instance, model_field)
        else:
            yield model_field, getattr(instance, model_field.attname)


def exported_record(instance, only=None, show_display=True):
    meta = instance._meta
    record = ExportedRecord(
        model=meta.label,
        kind=str(meta.verbose_name),
        id=instance.pk,
        display=str(instance) if show_display else "",
    )
    for model_field, value in exported_fields(instance, only):
        record.fields[model_field.name] = json_value(value)
        record.lines.append((str(model_field.verbose_name), display_value(model_field, value)))
    return record


def with_person_details(record, person):
    """The person's own record also with their languages and tags."""
    languages = [language.code for language in person.languages.all()]
    tags = sorted(person.tags.names())
    record.fields["languages"] = languages
    record.fields["tags"] = tags
    record.lines.append((_("languages"), ", ".join(languages) or "—"))
    record.lines.append((_("tags"), ", ".join(tags) or "—"))
    return record


def with_agenda(record, participant):
    """A participation with the participant's meetings (their agenda)."""
    rows = []
    for meeting, partner, start, end in agenda(participant):
        rows.append(
            {
                "slot": meeting.slot,
                "table": meeting.table,
                "starts_at": start.isoformat() if start else None,
                "ends_at": end.isoformat() if end else None,
                "with": str(partner.company) if partner.company_id else str(partner),
            }
        )
    record.fields["agenda"] = rows
    lines = [f"{row['starts_at'] or row['slot']} · {row['table']} · {row['with']}" for row in rows]
    record.lines.append((_("agenda"), "; ".join(lines) or "—"))
    return record


def record_about(row):
    """(model, id) of the record a row of history or of the search index is about, or None
    for a row that is a record itself."""
    model = type(row)
    live = live_model(model)
    if isinstance(row, SearchEntry):
        return indexes()[row.kind].model, row.object_id
    if live is model:
        return None
    if hasattr(model, "instance_type") and model.instance_type is live:
        return live, row.id
    links = [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.is_relation and model_field.related_model is live
    ]
    return (live, getattr(row, links[0].attname)) if links else None


def shown_to(user, rows):
    """The rows as the policy hands them to `user` (`visible_to`): a record they do not see
    is left out, one withheld from them (a confidential project) comes as they receive it,
    under its codename; a row of history or of the index only with its record seen whole
    (or gone)."""
    wanted = defaultdict(set)
    for row in rows:
        model, pk = record_about(row) or (type(row), row.pk)
        wanted[model].add(pk)
    visible, existing = {}, {}
    for model, ids in wanted.items():
        visible[model] = permissions.readable(model, user).in_bulk(ids)
        existing[model] = set(model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
    shown = []
    for row in rows:
        about = record_about(row)
        model, pk = about or (type(row), row.pk)
        if about is None:
            if pk in visible[model]:
                shown.append(visible[model][pk])
        elif pk not in existing[model] or (
            pk in visible[model] and not getattr(visible[model][pk], "withheld", False)
        ):
            shown.append(row)
    return shown


def records_of(place, subject, user):
    """The place's records as `user` receives them: text found in someone else's record
    shows only the fields that name the person."""
    if isinstance(place, TextPlace):
        found = list(place.found(subject))
        fields = {row.pk: names for row, names in found}
        rows = shown_to(user, [row for row, _names in found])
        permissions.note_exported(user, rows, via=EXPORTED_VIA)
        someone = live_model(place.model) in someone_models()
        return [exported_record(row, fields[row.pk], show_display=not someone) for row in rows]
    rows = list(place.rows(subject))
    if not isinstance(place, RecordPlace):
        rows = shown_to(user, rows)
        permissions.note_exported(user, rows, via=EXPORTED_VIA)
    records = []
    for row in rows:
        record = exported_record(row)
        if isinstance(place, RecordPlace):
            record = with_person_details(record, row)
        if isinstance(row, Participant):
            record = with_agenda(record, row)
        records.append(record)
    return records


def exported_places(subject, user):
    """The places that hold the person, their own record first."""
    found = []
    for place in sorted(places(), key=lambda place: not isinstance(place, RecordPlace)):
        records = records_of(place, subject, user)
        if records:
            found.append(ExportedPlace(place.key, str(place.label), records))
    return found


def export_language(requested=""):
    """The language of an export: the one asked for, else the request's, else the
    installation's."""
    available = [code for code, _name in settings.LANGUAGES]
    for candidate in (requested, (get_language() or "")[:2], settings.LANGUAGE_CODE[:2]):
        if candidate in available:
            return candidate
    return available[0]


@dataclass
class AccessExportFile:
    name: str  # the ZIP's file name
    content: bytes
    log: AccessExport


def make_access_export(person, *, user, language):
    """Log the export, then the ZIP of JSON and PDF of everything held about `person`, in
    `language` (de or en). Who may is the caller's to check
    (`permissions.may_export_personal_data`)."""
    log = AccessExport.objects.create(person=person, exported_by=user, language=language)
    try:
        export = access_export_file(person, user, language, log)
    except Exception:
        log.delete()  # an export that was not made is none
        raise
    announce(
        "personal_data_exported", user=user, target=person, access_export=log.pk, language=language
    )
    return export


def access_export_file(person, user, language, log):
    with translation.override(language):
        found = exported_places(subject_of(person), user)
    made_at = timezone.localtime(log.exported_at)
    document = {
        "format": FORMAT,
        "person": {"id": person.pk, "display": str(person)},
        "exported_at": log.exported_at.isoformat(),
        "exported_by": str(user) if user else None,
        "language": language,
        "places": [
            {
                "place": place.key,
                "title": place.label,
                "records": [record.as_json() for record in place.records],
            }
            for place in found
        ],
    }
    pdf = render_pdf(
        "privacy/access_export.html",
        {
            "person": person,
            "native_name": person.native_name,
            "made_at": made_at,
            "made_by": user,
            "places": found,
        },
        language,
    )
    stem = f"access-export-{person.pk}-{made_at:%Y-%m-%d}"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(
            f"{stem}.json", json.dumps(document, ensure_ascii=False, indent=2, default=str)
        )
        zipped.writestr(f"{stem}-{language}.pdf", pdf)
    return AccessExportFile(f"{stem}.zip", archive.getvalue(), log)
