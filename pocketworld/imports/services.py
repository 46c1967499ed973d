"""The import pipeline: upload, check, apply, undo. The wizard, the API, the command and
the background task all call these.

- `upload` reads the file far enough to know its columns and guesses the mapping;
- `check` reads every row: values, problems, duplicate candidates and a default decision
  (a row with errors is left out; a high-confidence duplicate is skipped; the rest created);
- `apply` carries out the decisions in one transaction, recorded as a change set, and
  writes each row's outcome; a failure changes nothing and says which row failed;
- `undo_import` undoes the change set as a whole.

Records are created in batches, with their history rows, search entries and recorded
changes, by `core.bulk` (COPY or executemany), so 100,000 rows take a minute, not an hour;
merges into existing records go one by one through the models' own `save`.
"""

import json
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.companies.choices import NameKind, SiteKind
from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.contacts.models import Position
from pocketworld.core import bulk, permissions
from pocketworld.core.audit import announce
from pocketworld.core.models import Sector
from pocketworld.desks.models import DeskCoverage
from pocketworld.imports import changes
from pocketworld.imports.choices import (
    ChangeSetKind,
    ImportKind,
    ImportStatus,
    RowDecision,
    RowOutcome,
)
from pocketworld.imports.dedup import DuplicateFinder, is_duplicate
from pocketworld.imports.fields import guess_columns
from pocketworld.imports.models import ColumnMapping, ImportRow, ImportRun
from pocketworld.imports.reading import read_table
from pocketworld.imports.reading.tables import UnreadableFile
from pocketworld.imports.records import MODELS, References, RowChecker, build
from pocketworld.search import services as search
from pocketworld.search.languages import language_of_country

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
SEARCH_KIND = {ImportKind.COMPANIES: "company", ImportKind.PEOPLE: "person"}
# Columns can be chosen again until the import is applied (not while a task works on it).
COLUMNS_CHANGEABLE = (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED)
# A task works on the run: the page shows its progress.
WORKING = (ImportStatus.CHECKING, ImportStatus.APPLYING, ImportStatus.UNDOING)
ROW_FILTERS = {
    "errors": lambda rows: rows.filter(decision=""),
    "duplicates": lambda rows: rows.exclude(target_id=None, target_row=None),
    "create": lambda rows: rows.filter(decision=RowDecision.CREATE),
}


def may_import(user):
    """Who may create companies may import."""
    return permissions.may_create(user, Company)


def runs_of(user):
    return changes.made_by(ImportRun.objects.select_related("created_by", "change_set"), user)


def may_merge_into(run, target_id, user):
    model = MODELS[run.kind]
    return permissions.editable(model.objects.filter(pk=target_id), user).exists()


def set_columns(run, columns, save_as, user):
    """New columns for the run, kept as a mapping when named; the run is to be checked."""
    run.columns = columns
    run.error = ""
    run.status = ImportStatus.CHECKING
    run.save(update_fields=["columns", "error", "status"])
    if name := save_as.strip():
        save_mapping(run, name, user)


class ImportFailed(Exception):
    """Applying stopped and changed nothing; str(error) says where and why."""


def upload(kind, file_name, content, user, mapping_name=""):
    """A new import of the file: its columns read, the mapping named or guessed.

    Raises `reading.UnreadableFile` for a file that cannot be read as a table.
    """
    table = read_table(content, file_name)
    saved = ColumnMapping.objects.filter(kind=kind, name=mapping_name).first()
    if saved:
        columns = {
            header: field for header, field in saved.columns.items() if header in table.headers
        }
    else:
        columns = guess_columns(kind, table.headers)
    return ImportRun.objects.create(
        kind=kind,
        file_name=file_name[:250],
        content=content,
        headers=table.headers,
        file_format=table.file_format,
        encoding=table.encoding or "",
        delimiter=table.delimiter or "",
        columns=columns,
        mapping_name=mapping_name if saved else "",
        created_by=user,
    )


def save_mapping(run, name, user):
    """Keep the run's columns under `name` for the next file of that source."""
    mapping, _created = ColumnMapping.objects.update_or_create(
        kind=run.kind, name=name, defaults={"columns": run.columns, "created_by": user}
    )
    run.mapping_name = name
    run.save(update_fields=["mapping_name"])
    return mapping


def default_decision(problems, candidates):
    if any(problem["level"] == "error" for problem in problems):
        return ""
    return RowDecision.SKIP if is_duplicate(candidates) else RowDecision.CREATE


def check(run):
    """Read every row of the run's file into an `ImportRow`, replacing earlier ones.

    A file that turns out unreadable further down (a field of megabytes in row 90,000)
    leaves the run failed, with the reason, and no rows.
    """
    try:
        with bulk.small_page_cache():  # the duplicate finder holds the registry itself
            return check_rows(run)
    except UnreadableFile as error:
        run.rows.all().delete()
        run.status = ImportStatus.FAILED
        run.error = str(error)
        run.save(update_fields=["status", "error"])
        return run


def check_rows(run):
    table = read_table(bytes(run.content), run.file_name)
    run.rows_total = sum(1 for _row in table.rows())
    run.rows_done = 0
    run.status = ImportStatus.CHECKING
    run.save(update_fields=["rows_total", "rows_done", "status"])
    run.rows.all().delete()
    checker = RowChecker(run.kind, run.columns, References(), run.created_by)
    finder = DuplicateFinder(run.kind, run.created_by, rows_total=run.rows_total)
    position = {header: index for index, header in enumerate(table.headers)}
    columns = {
        field: position[header] for header, field in run.columns.items() if header in position
    }
    batch = []
    counts = PreviewCounts()
    for number, cells in table.rows():
        values, problems = checker.check({field: cells[index] for field, index in columns.items()})
        if extra := table.extra_cells.get(number):
            problems.append(
                {
                    "column": "",
                    "level": "warning",
                    "message": _("%(count)d cells beyond the last column were left out.")
                    % {"count": extra},
                }
            )
        has_errors = any(problem["level"] == "error" for problem in problems)
        candidates = [] if has_errors else finder.find(number, values)
        decision = default_decision(problems, candidates)
        target = candidates[0] if decision == RowDecision.SKIP else {}
        counts.add(decision, problems, candidates)
        batch.append(
            ImportRow(
                run=run,
                number=number,
                values=values,
                problems=problems,
                candidates=candidates,
                decision=decision,
                target_id=target.get("id"),
                target_row=target.get("row"),
            )
        )
        if len(batch) >= BATCH_SIZE:
            write_checked(run, batch)
            batch = []
    # A row that could not be read at all (a stray quote) is reported by its number.
    batch += [
        ImportRow(
            run=run, number=number, problems=[{"column": "", "level": "error", "message": message}]
        )
        for number, message in table.broken_rows.items()
    ]
    for _number in table.broken_rows:
        counts.add("", [], [])
    write_checked(run, batch)
    run.counts = counts.values
    run.status = ImportStatus.CHECKED
    run.save(update_fields=["counts", "status"])
    return run


def write_checked(run, batch):
    bulk.insert_records(batch)
    run.rows_done += len(batch)
    ImportRun.objects.filter(pk=run.pk).update(rows_done=run.rows_done)


class PreviewCounts:
    """What the preview counts: rows, errors, warnings, duplicates, and rows per decision."""

    def __init__(self):
        self.values = dict.fromkeys(
            ("rows", "errors", "warnings", "duplicates", *RowDecision.values), 0
        )

    def add(self, decision, problems, candidates):
        self.values["rows"] += 1
        self.values["errors"] += not decision
        self.values["warnings"] += any(p["level"] == "warning" for p in problems)
        self.values["duplicates"] += is_duplicate(candidates)
        if decision:
            self.values[decision] += 1


def decide(run, number, decision, target_id=None, target_row=None):
    """Set one row's decision; merging needs a record or an earlier row to merge into."""
    row = run.rows.get(number=number)
    if not row.decision:
        raise ValueError(_("Row %(row)d has errors and cannot be imported.") % {"row": number})
    if decision == RowDecision.MERGE:
        if target_row is not None and not (target_row < number):
            raise ValueError(_("A row can only be merged into an earlier row."))
        if target_id is None and target_row is None:
            raise ValueError(_("Choose the record to merge row %(row)d into.") % {"row": number})
    run.counts[row.decision] -= 1
    run.counts[decision] += 1
    row.decision = decision
    row.target_id = target_id if decision == RowDecision.MERGE else row.target_id
    row.target_row = target_row if decision == RowDecision.MERGE else row.target_row
    row.save(update_fields=["decision", "target_id", "target_row"])
    run.save(update_fields=["counts"])
    return row


# --- applying ---------------------------------------------------------------------------


class Applier:
    """Creates and merges the records of one run, batch by batch, recording every change."""

    def __init__(self, run, user, recorder):
        self.run = run
        self.user = user
        self.recorder = recorder
        self.reason = _("Import: %(file)s") % {"file": run.file_name}
        self.created = {}  # row number → id of the record it created
        self.desks = dict(
            DeskCoverage.objects.filter(is_primary=True).values_list("country_id", "desk_id")
        )
        self.sectors = {code: pk for pk, code in Sector.objects.values_list("pk", "code")}

    def create(self, rows):
        if not rows:
            return
        records = [build(self.run.kind, row.values) for row in rows]
        if self.run.kind == ImportKind.COMPANIES:
            for record in records:
                record.lei = record.lei or None
                record.desk_id = self.desks.get(record.country_id)
        bulk.create_with_history(records, self.user, self.reason)
        for row, record in zip(rows, records, strict=True):
            row.object_id = record.pk
            row.outcome = RowOutcome.CREATED
            self.created[row.number] = record.pk
        self.recorder.created_all(type(records[0]), [record.pk for record in records])
        if self.run.kind == ImportKind.COMPANIES:
            self.create_company_parts(rows)
        elif self.run.kind == ImportKind.PEOPLE:
            self.create_positions(rows)
        if self.run.kind == ImportKind.COMPANIES:
            # The new companies and their names are at hand: no need to read them again.
            prefetch_related_objects(records, "names")
            search.index_new_records("company", records)
        elif kind := SEARCH_KIND.get(self.run.kind):
            search.index_records(kind, [record.pk for record in records])

    def create_company_parts(self, rows):
        names, sites, sectors = [], [], []
        for row in rows:
            values = row.values
            if values.get("native_name"):
                names.append(
                    CompanyName(
                        company_id=row.object_id,
                        name=values["native_name"],
                        kind=NameKind.NATIVE,
                        language_id=language_of_country(values.get("country")),
                    )
                )
            if values.get("municipality"):
                sites.append(
                    Site(
                        company_id=row.object_id,
                        kind=SiteKind.BRANCH,
                        street=values.get("street", ""),
                        postcode=values.get("postcode", ""),
                        municipality_id=values["municipality"],
                    )
                )
            sectors += [
                Company.sectors.through(company_id=row.object_id, sector_id=self.sectors[code])
                for code in values.get("sectors", ())
            ]
        # Names and sites go with their company (its history tells it was imported),
        # also when the import is undone.
        bulk.insert_records(names)
        bulk.insert_records(sites)
        bulk.insert_records(sectors)

    def create_positions(self, rows):
        positions = [
            Position(
                person_id=row.object_id,
                company_id=row.values["company"],
                job_title=row.values.get("job_title", ""),
            )
            for row in rows
            if row.values.get("company")
        ]
        bulk.insert_records(positions)

    def merge(self, row):
        """Fill the target's empty fields with the row's values; names and sites are added.

        A value the registry already has is kept: the row's differing value is reported.
        """
        target_id = row.target_id or self.created.get(row.target_row)
        model = MODELS[self.run.kind]
        record = model.objects.filter(pk=target_id).first()
        if record is None:
            raise ImportFailed(
                _("Row %(row)d: the record to merge into no longer exists.") % {"row": row.number}
            )
        incoming = build(self.run.kind, row.values)
        self.recorder.changing(record)
        kept = []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in ("created", "last_updated", "desk"):
                continue
            new, old = getattr(incoming, field.attname), getattr(record, field.attname)
            if new in (None, "") or new == field.get_default():
                continue
            if old in (None, "") or (old == field.get_default() and field.name != "status"):
                setattr(record, field.attname, new)
            elif old != new:
                kept.append(str(field.verbose_name))
        record._change_reason = self.reason
        record.save()
        if self.run.kind == ImportKind.COMPANIES:
            self.merge_company_parts(record, row)
        row.object_id = record.pk
        row.outcome = RowOutcome.MERGED
        if kept:
            row.problems = [
                *row.problems,
                {
                    "column": "",
                    "level": "warning",
                    "message": _("Kept the registry's value of: %(fields)s.")
                    % {"fields": ", ".join(kept)},
                },
            ]

    def merge_company_parts(self, company, row):
        values = row.values
        known = set(company.names.values_list("name", flat=True)) | {company.legal_name}
        for name in (values.get("legal_name"), values.get("native_name")):
            if name and name not in known:
                known.add(name)
                self.recorder.created(
                    CompanyName.objects.create(
                        company=company,
                        name=name,
                        kind=NameKind.NATIVE
                        if name == values.get("native_name")
                        else NameKind.ALIAS,
                        language_id=language_of_country(company.country_id)
                        if name == values.get("native_name")
                        else None,
                    )
                )
        missing = set(values.get("sectors", ())) - set(
            company.sectors.values_list("code", flat=True)
        )
        if missing:
            self.recorder.changing(company)
            company.sectors.add(*[self.sectors[code] for code in missing])
        if (
            values.get("municipality")
            and not company.sites.filter(
                municipality_id=values["municipality"], street=values.get("street", "")
            ).exists()
        ):
            self.recorder.created(
                Site.objects.create(
                    company=company,
                    kind=SiteKind.BRANCH,
                    street=values.get("street", ""),
                    postcode=values.get("postcode", ""),
                    municipality_id=values["municipality"],
                )
            )

    def run_rows(self):
        pending, done = [], []
        rows = self.run.rows.order_by("number")
        for row in rows.iterator(chunk_size=BATCH_SIZE):
            if not row.decision:
                row.outcome = RowOutcome.INVALID
            elif row.decision == RowDecision.SKIP:
                row.outcome = (
                    RowOutcome.DUPLICATE if is_duplicate(row.candidates) else RowOutcome.SKIPPED
                )
            elif row.decision == RowDecision.MERGE:
                # The row it merges into may be pending.
                self.create(pending)
                done += pending
                pending = []
                self.merge(row)
            else:
                pending.append(row)
                if len(pending) >= BATCH_SIZE:
                    self.create(pending)
                    done += pending
                    pending = []
                continue
            done.append(row)
            if len(done) >= BATCH_SIZE:
                self.write(done)
                done = []
        self.create(pending)
        self.write(done + pending)

    def write(self, rows):
        """Store the rows' outcomes, many at once."""
        if not rows:
            return
        bulk.update_rows(
            ImportRow,
            ["outcome", "object_id", "problems"],
            [(row.pk, row.outcome, row.object_id, json.dumps(row.problems)) for row in rows],
        )
        self.run.rows_done += len(rows)
        ImportRun.objects.filter(pk=self.run.pk).update(rows_done=self.run.rows_done)


def apply(run, user):
    """Carry out the run's decisions in one transaction; raises ImportFailed, changing
    nothing, when a row cannot be written."""
    # A run handed to the background worker waits as "being applied".
    if run.status not in (ImportStatus.CHECKED, ImportStatus.APPLYING):
        raise ImportFailed(_("Only a checked import can be applied."))
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING, rows_done=0)
    run.rows_done = 0
    try:
        with bulk.small_page_cache(), transaction.atomic():
            recorder = changes.start(
                ChangeSetKind.IMPORT,
                _("Import of %(file)s (%(kind)s)")
                % {"file": run.file_name, "kind": run.get_kind_display()},
                user,
            )
            Applier(run, user, recorder).run_rows()
            recorder.finish()
            run.change_set = recorder.change_set
            run.counts = outcome_counts(run)
            run.status = ImportStatus.APPLIED
            run.applied_at = timezone.now()
            run.save(update_fields=["change_set", "counts", "status", "applied_at", "rows_done"])
            announce(
                "import_applied",
                user=user,
                target=run,
                file=run.file_name,
                kind=run.kind,
                counts=run.counts,
                change_set=run.change_set_id,
            )
    except (ImportFailed, IntegrityError, DatabaseError) as error:
        logger.warning("Import %s failed: %s", run.pk, error)
        message = (
            str(error)
            if isinstance(error, ImportFailed)
            else _("The database refused a row (%(error)s); nothing was imported.")
            % {"error": error}
        )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.CHECKED, rows_done=0, error=message
        )
        run.refresh_from_db()
        raise ImportFailed(message) from error
    return run


def outcome_counts(run):
    counts = dict.fromkeys(RowOutcome.values, 0)
    for outcome in run.rows.values_list("outcome", flat=True):
        counts[outcome] += 1
    return counts


def undo_import(run, user):
    """Undo an applied import as a whole (raises `changes.UndoRefused`)."""
    changes.undo(run.change_set, user)
    run.refresh_from_db()
    return run
