import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pocketworld.imports import merging
from pocketworld.imports.choices import ImportKind, RowDecision
from pocketworld.imports.fields import fields_of
from pocketworld.imports.gleif.files import LeiFileError, open_gleif
from pocketworld.imports.models import ColumnMapping
from pocketworld.imports.uploads import validate_file_size

NOT_IMPORTED = ""


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Records"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any delimiter and encoding) or XLSX, first sheet."),
        validators=[validate_file_size],
    )
    mapping = forms.ModelChoiceField(
        label=_("Columns as saved for"),
        queryset=ColumnMapping.objects.all(),
        required=False,
        empty_label=_("(guess from the headers)"),
    )

    def clean(self):
        cleaned = super().clean()
        mapping = cleaned.get("mapping")
        if mapping and cleaned.get("kind") and mapping.kind != cleaned["kind"]:
            self.add_error(
                "mapping", _("This mapping is for %(kind)s.") % {"kind": mapping.get_kind_display()}
            )
        return cleaned


class ColumnsForm(forms.Form):
    """One choice per header of the file: the field it goes into, or none."""

    save_as = forms.CharField(
        label=_("Save these columns for the next file from this source as"),
        max_length=100,
        required=False,
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        self.fields_of_kind = fields_of(run.kind)
        choices = [(NOT_IMPORTED, _("(not imported)"))] + [
            (name, field.label) for name, field in self.fields_of_kind.items()
        ]
        self.header_fields = []
        for index, header in enumerate(run.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=run.columns.get(header, NOT_IMPORTED),
            )
            self.header_fields.append((header, name))
        self.order_fields([name for _header, name in self.header_fields] + ["save_as"])
        self.initial.setdefault("save_as", run.mapping_name)

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for header, name in self.header_fields:
            field = cleaned.get(name)
            if not field:
                continue
            if field in chosen:
                self.add_error(
                    name,
                    _("%(field)s is already taken by the column %(header)s.")
                    % {"field": self.fields_of_kind[field].label, "header": chosen[field]},
                )
            chosen[field] = header
        missing = [
            field.label
            for name, field in self.fields_of_kind.items()
            if field.required and name not in chosen
        ]
        if missing:
            raise forms.ValidationError(
                _("Choose a column for: %(fields)s.") % {"fields": ", ".join(map(str, missing))}
            )
        self.columns = {header: field for field, header in chosen.items()}
        return cleaned


class RowDecisionForm(forms.Form):
    """A row's decision; "merge:id:12" or "merge:row:7" names what it merges into."""

    decision = forms.CharField()

    def clean_decision(self):
        value = self.cleaned_data["decision"]
        kind, _sep, rest = value.partition(":")
        if kind in (RowDecision.CREATE, RowDecision.SKIP) and not rest:
            return kind, None, None
        target_kind, _sep, number = rest.partition(":")
        if kind == RowDecision.MERGE and target_kind in ("id", "row") and number.isdigit():
            number = int(number)
            return (
                kind,
                number if target_kind == "id" else None,
                (number if target_kind == "row" else None),
            )
        raise forms.ValidationError(_("Choose create, skip or a record to merge into."))


class LeiUploadForm(forms.Form):
    """A file of each level, either or both; each must be what its field says."""

    lei_records = forms.FileField(
        label=_("LEI records (level 1)"),
        required=False,
        help_text=_("LEI-CDF XML or golden-copy CSV, also zipped."),
    )
    relationships = forms.FileField(
        label=_("Relationships (level 2)"),
        required=False,
        help_text=_("RR-CDF XML or golden-copy CSV, also zipped."),
    )
    levels = {"lei_records": 1, "relationships": 2}

    def clean(self):
        cleaned = super().clean()
        for name, level in self.levels.items():
            if not cleaned.get(name):
                continue
            try:
                _content, file_format = open_gleif(cleaned[name])
            except LeiFileError as error:
                self.add_error(name, str(error))
                continue
            if file_format.level == 2 and level == 1:
                self.add_error(
                    name,
                    gettext("This file holds relationship records (level 2): choose it below."),
                )
            elif file_format.level == 1 and level == 2:
                self.add_error(
                    name, gettext("This file holds LEI records (level 1): choose it above.")
                )
        if not self.errors and not any(cleaned.get(name) for name in self.levels):
            raise forms.ValidationError(
                gettext("Choose a file of LEI records, of relationships, or both.")
            )
        return cleaned

    def uploaded_files(self):
        return [self.cleaned_data[name] for name in self.levels if self.cleaned_data.get(name)]


class DuplicateForm(forms.Form):
    """Which record to merge into the survivor: its number, from the list or typed."""

    duplicate = forms.IntegerField(label=_("Number of the other record"), min_value=1)

    def __init__(self, *args, journey, survivor, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey, self.survivor, self.user = journey, survivor, user

    def clean_duplicate(self):
        number = self.cleaned_data["duplicate"]
        duplicate = self.journey.model.objects.visible_to(self.user).filter(pk=number).first()
        if duplicate is None:
            raise ValidationError(gettext("You see no record with this number."))
        try:
            merging.check_pair(self.journey.model, self.survivor, duplicate, self.user)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return duplicate


def shown(record, field):
    """A field's value as the comparison shows it."""
    value = getattr(record, field.name)
    if merging.is_empty(value):
        return "—"
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class MergeForm(forms.Form):
    """One choice per field whose values differ: whose value survives."""

    duplicate = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, survivor, duplicate, **kwargs):
        super().__init__(*args, initial={"duplicate": duplicate.pk}, **kwargs)
        defaults = merging.default_choices(survivor, duplicate)
        for field in merging.differing_fields(survivor, duplicate):
            self.fields[field.name] = forms.ChoiceField(
                label=field.verbose_name,
                choices=[
                    (merging.SURVIVOR, shown(survivor, field)),
                    (merging.DUPLICATE, shown(duplicate, field)),
                ],
                initial=defaults[field.name],
                widget=forms.RadioSelect,
            )

    def choices(self):
        return {name: side for name, side in self.cleaned_data.items() if name != "duplicate"}

    def add_service_errors(self, error):
        """The service's errors at the fields they name, the others above the form."""
        for field, errors in getattr(error, "error_dict", {NON_FIELD_ERRORS: error}).items():
            self.add_error(field if field in self.fields and field != "duplicate" else None, errors)
