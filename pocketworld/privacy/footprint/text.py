"""Where the person is written: text and JSON columns, rows of people imports about them,
and the files imports keep."""

import io
import zipfile

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.models import Person
from pocketworld.imports.models import ImportRow
from pocketworld.imports.reading.sniffing import detect_encoding
from pocketworld.imports.records import MODELS as IMPORTED_MODELS
from pocketworld.privacy.footprint.places import (
    CHUNK_SIZE,
    Place,
    label_of,
    live_model,
    someone_models,
)

# --- text ----------------------------------------------------------------------------------------


def text_fields(model):
    """The model's columns that hold free text or JSON. Choices hold codes, not text; a
    person's or user's record (and its history) keeps its own short texts, their names."""
    live = live_model(model)
    own = set()
    if live in someone_models():
        own = {
            model_field.name
            for model_field in live._meta.concrete_fields
            if isinstance(model_field, models.CharField)
        }
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if not model_field.primary_key
        and model_field.name not in own
        and (
            isinstance(model_field, models.JSONField)
            or (
                isinstance(model_field, models.CharField | models.TextField)
                and not model_field.choices
            )
        )
    ]


class TextPlace(Place):
    def __init__(self, model, fields):
        self.model = model
        self.fields = fields
        self.key = f"text:{model._meta.label}"

    @property
    def label(self):
        return _("%(records)s that mention the person") % {"records": label_of(self.model)}

    def candidates(self, subject):
        """Rows whose text holds a needle: the database narrows, `Traces` decides."""
        needles = subject.traces.needles
        if not needles:
            return self.model._base_manager.none()
        rows = self.model._base_manager.all()
        condition = Q()
        for model_field in self.fields:
            column = model_field.name
            texts = needles
            if isinstance(model_field, models.JSONField):
                column = f"{model_field.name}_as_text"
                rows = rows.alias(**{column: Cast(model_field.name, models.TextField())})
                texts = subject.traces.json_needles()
            for needle in texts:
                condition |= Q(**{f"{column}__icontains": needle})
        names = [model_field.name for model_field in self.fields]
        if self.holds_the_person():
            # Their own record and its history are places of their own.
            rows = rows.exclude(id__in=subject.ids)
            names.append("id")
        return rows.filter(condition).only(*names).order_by("pk")

    def holds_the_person(self):
        return live_model(self.model) is Person

    def found(self, subject):
        for row in self.candidates(subject).iterator(chunk_size=CHUNK_SIZE):
            names = [
                model_field
                for model_field in self.fields
                if subject.traces.found_in(getattr(row, model_field.attname))
            ]
            if names:
                yield row, names

    def rows(self, subject):
        return [row for row, _fields in self.found(subject)]

    def erase(self, erasing):
        count = 0
        for row, fields in list(self.found(erasing.subject)):
            changes = {}
            for model_field in fields:
                value, _replaced = erasing.subject.traces.replaced(
                    getattr(row, model_field.attname), erasing.marker
                )
                if isinstance(model_field, models.CharField) and model_field.max_length:
                    value = value[: model_field.max_length]
                changes[model_field.attname] = value
            self.model._base_manager.filter(pk=row.pk).update(**changes)
            count += 1
        return count


# --- imports ------------------------------------------------------------------------------------


class ImportRowPlace(Place):
    """Rows of people imports about the person: the row that created them or was merged
    into them, a row found to duplicate them, and rows repeating those. Their name is
    there in parts (given and family name apart), so each value of the row goes."""

    model = ImportRow
    key = "import-rows:imports.ImportRow"
    label = _("rows of imports about the person")

    def rows(self, subject):
        kinds = [kind for kind, model in IMPORTED_MODELS.items() if model is Person]
        about = ImportRow.objects.filter(run__kind__in=kinds).filter(
            Q(object_id__in=subject.ids) | Q(target_id__in=subject.ids)
        )
        repeating = Q()
        for run_id, number in about.values_list("run_id", "number"):
            repeating |= Q(run_id=run_id, target_row=number)
        if repeating:
            about = ImportRow.objects.filter(Q(pk__in=about.values("pk")) | repeating)
        return about.select_related("run").order_by("run", "number")

    def erase(self, erasing):
        count = 0
        for row in self.rows(erasing.subject):
            values = {
                name: erasing.marker if value not in (None, "") else value
                for name, value in row.values.items()
            }
            ImportRow.objects.filter(pk=row.pk).update(values=values)
            count += 1
        return count


def file_texts(data):
    """The text of a stored file: each XML part of a workbook, or the text in its encoding."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    if member.filename.endswith(".xml"):
                        yield archive.read(member).decode("utf-8", errors="replace")
            return
        except zipfile.BadZipFile:
            pass
    yield data.decode(detect_encoding(data), errors="replace")


def file_without(data, traces, marker):
    """The stored file with every trace replaced, in its own format and encoding."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                written = io.BytesIO()
                with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as copy:
                    for member in archive.infolist():
                        content = archive.read(member)
                        if member.filename.endswith(".xml"):
                            text, _count = traces.replaced(content.decode("utf-8"), marker)
                            content = text.encode("utf-8")
                        copy.writestr(member, content)
                return written.getvalue()
        except zipfile.BadZipFile:
            pass
    encoding = detect_encoding(data)
    text, _count = traces.replaced(data.decode(encoding, errors="replace"), marker)
    return text.encode(encoding, errors="replace")


def file_fields(model):
    """Binary columns the model's access rule declares personal: stored files (an import's
    upload)."""
    declared = set(getattr(getattr(model, "access", None), "personal_fields", ()))
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.BinaryField) and model_field.name in declared
    ]


class FilePlace(Place):
    def __init__(self, model, file_field):
        self.model = model
        self.file_field = file_field
        self.key = f"file:{model._meta.label}.{file_field.name}"

    @property
    def label(self):
        return _("%(records)s whose stored file names the person") % {
            "records": label_of(self.model)
        }

    def found(self, subject):
        name = self.file_field.attname
        rows = self.model._base_manager.exclude(**{name: b""}).order_by("pk")
        for pk in rows.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE):
            data = bytes(self.model._base_manager.values_list(name, flat=True).get(pk=pk))
            if any(subject.traces.found_in(text) for text in file_texts(data)):
                yield pk, data

    def rows(self, subject):
        pks = [pk for pk, _data in self.found(subject)]
        return self.model._base_manager.filter(pk__in=pks).defer(self.file_field.name)

    def erase(self, erasing):
        count = 0
        for pk, data in list(self.found(erasing.subject)):
            rewritten = file_without(data, erasing.subject.traces, erasing.marker)
            self.model._base_manager.filter(pk=pk).update(**{self.file_field.attname: rewritten})
            count += 1
        return count
