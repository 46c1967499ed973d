"""Imports, merges and the change sets that make each of them undoable as a whole.

A `ChangeSet` records every record an import, a merge or accepted LEI updates created,
changed or deleted, with a snapshot of its state before (`RecordedChange`). Undoing the
set replays the snapshots backwards; the field history shows the undo like any change.

An upload is kept in the database (`ImportRun.content`), not on a local disk, so any of
several app servers can check and apply it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.choices import NameKind
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager
from pocketworld.imports.choices import (
    ChangeAction,
    ChangeSetKind,
    ImportKind,
    ImportStatus,
    LeiMatchedBy,
    LeiProposalField,
    LeiProposalStatus,
    LeiUploadStatus,
    RowDecision,
    RowOutcome,
)


class ChangeSet(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeSetKind.choices)
    description = models.CharField(_("description"), max_length=250)
    created = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    access = AccessRule(internal=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("change set")
        verbose_name_plural = _("change sets")

    def __str__(self):
        return self.description


class RecordedChange(models.Model):
    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="changes")
    sequence = models.PositiveIntegerField()
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    # The record as Django's serializer writes it (fields and many-to-many) plus its tags;
    # empty for a record the change set created.
    before = models.JSONField(null=True, blank=True)

    access = AccessRule(internal=True, personal_fields=("before",))

    class Meta:
        ordering = ["change_set", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_set", "sequence"], name="unique_change_sequence"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.content_type.model} #{self.object_id}"


class ColumnMapping(models.Model):
    """Which column of a source's files goes into which field, kept for the next file."""

    name = models.CharField(
        _("source"), max_length=100, help_text=_("E.g. 'IHK member list' or 'Medica exhibitors'.")
    )
    kind = models.CharField(_("records"), max_length=20, choices=ImportKind.choices)
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    access = AccessRule(internal=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="unique_mapping_name"),
        ]

    def __str__(self):
        return self.name


class ImportRun(models.Model):
    kind = models.CharField(_("records"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=250)
    content = models.BinaryField()
    # What reading found: headers and the file's format, encoding and delimiter.
    headers = models.JSONField(default=list)
    file_format = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    # {header: field}; the name of the saved mapping it came from or was saved as.
    columns = models.JSONField(default=dict)
    mapping_name = models.CharField(_("mapping"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    change_set = models.OneToOneField(
        ChangeSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_run"
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    access = AccessRule(internal=True, personal_fields=("content",))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("imports:import_detail", args=[self.pk])

    @property
    def progress_percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportRow(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(default=dict)
    # [{"column": header or "", "message": text, "level": "error" | "warning"}]
    problems = models.JSONField(default=list)
    # [{"id": pk, "label": text, "score": 0..1, "reason": text}], best first; a row of
    # the same file it repeats has {"row": number, ...} instead of an id.
    candidates = models.JSONField(default=list)
    decision = models.CharField(max_length=10, choices=RowDecision.choices, blank=True)
    # What a row merges into or duplicates: a record of the registry or an earlier row.
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_row = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=RowOutcome.choices, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    access = AccessRule(internal=True, personal_fields=("values", "candidates"))

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="unique_import_row"),
        ]

    def __str__(self):
        return f"{self.run} – {self.number}"

    @property
    def errors(self):
        return [problem for problem in self.problems if problem["level"] == "error"]

    @property
    def warnings(self):
        return [problem for problem in self.problems if problem["level"] == "warning"]


# --- LEI updates ------------------------------------------------------------------------
# GLEIF's files are kept in the database in chunks until a worker has read them, so that
# any app server may take an upload and any worker read it. Reading proposes changes, one
# per field of a company, which the company's desk accepts or dismisses.


class LeiUpload(models.Model):
    """One upload of GLEIF files (LEI records, relationships or both), and what reading found."""

    # [{"name": file name, "level": 1 or 2, "size": bytes}], level 1 first.
    files = models.JSONField(_("files"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LeiUploadStatus.choices,
        default=LeiUploadStatus.WAITING,
    )
    # {"records": …, "matched": …, "proposals": …} as `gleif.Report` counts them.
    counts = models.JSONField(default=dict)
    # [{"kind": "ambiguous" | "parent_unknown" | …, "lei": …, "name": …, …}]
    problems = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = PolicyManager()
    access = AccessRule(internal=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("LEI upload")
        verbose_name_plural = _("LEI uploads")

    def __str__(self):
        return ", ".join(file["name"] for file in self.files)


class LeiUploadChunk(models.Model):
    upload = models.ForeignKey(LeiUpload, on_delete=models.CASCADE, related_name="chunks")
    file_number = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    data = models.BinaryField()

    access = AccessRule(internal=True)

    class Meta:
        ordering = ["upload", "file_number", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "file_number", "sequence"], name="unique_lei_upload_chunk"
            ),
        ]

    def __str__(self):
        return f"{self.upload_id}/{self.file_number}/{self.sequence}"


class LeiProposal(models.Model):
    """A change to a company that a GLEIF record suggests, kept until someone decides."""

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="lei_proposals",
    )
    upload = models.ForeignKey(
        LeiUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    lei = models.CharField(_("LEI"), max_length=20)
    matched_by = models.CharField(_("matched by"), max_length=10, choices=LeiMatchedBy.choices)
    field = models.CharField(_("field"), max_length=20, choices=LeiProposalField.choices)
    current_text = models.TextField(_("current"), blank=True)
    proposed_text = models.TextField(_("proposed"))
    proposed_parent = models.ForeignKey(
        "companies.Company",
        verbose_name=_("proposed parent company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # Of a further name: its kind and language, as the new company name will have them.
    name_kind = models.CharField(
        _("kind of name"), max_length=20, choices=NameKind.choices, blank=True
    )
    name_language = models.ForeignKey(
        "core.Language",
        verbose_name=_("language"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_file = models.CharField(_("file"), max_length=250)
    created = models.DateTimeField(_("proposed"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LeiProposalStatus.choices,
        default=LeiProposalStatus.PENDING,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    change_set = models.ForeignKey(
        ChangeSet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lei_proposals",
    )

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("company__desk",), internal=True)

    class Meta:
        ordering = ["company", "field", "pk"]
        verbose_name = _("LEI proposal")
        verbose_name_plural = _("LEI proposals")
        indexes = [models.Index(fields=["status", "company"])]

    def __str__(self):
        return f"{self.company} – {self.get_field_display()}: {self.proposed_text}"

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()
