"""python manage.py import FILE --kind companies|people|sites [--mapping NAME] [--dry-run]

The wizard's pipeline from the command line. Columns come from the named mapping or are
guessed from the headers. A row that duplicates a record of the registry or an earlier
row with high confidence is reported and not created; with --merge it is merged into it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from pocketworld.accounts.models import User
from pocketworld.core import bulk
from pocketworld.imports import services
from pocketworld.imports.choices import ImportKind, RowDecision
from pocketworld.imports.dedup import is_duplicate
from pocketworld.imports.fields import fields_of
from pocketworld.imports.models import ColumnMapping
from pocketworld.imports.reading.tables import UnreadableFile


class DryRunDone(Exception):
    """Rolls the dry run's transaction back."""


class Command(BaseCommand):
    help = "Import companies, people or sites from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--mapping", default="", help="A column mapping saved in the wizard.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--merge", action="store_true", help="Merge high-confidence duplicates into them."
        )
        parser.add_argument("--user", default="", help="Username the changes are recorded for.")

    def handle(self, *args, **options):
        # The report is in English, as Django's own commands are, whatever LANGUAGE_CODE.
        with translation.override("en"):
            self.import_file(**options)

    def import_file(self, file, kind, mapping, dry_run, merge, user, **options):
        if mapping and not ColumnMapping.objects.filter(kind=kind, name=mapping).exists():
            raise CommandError(f"No saved mapping {mapping!r} for {kind}.")
        acting = None
        if user:
            acting = User.objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"No user {user!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            # A batch job that passes over the registry and the rows once (`small_page_cache`).
            with bulk.small_page_cache(), transaction.atomic():
                run = services.upload(kind, file.name, content, acting, mapping_name=mapping)
                self.report_columns(run)
                services.check(run)
                if run.error:
                    raise CommandError(f"{file}: {run.error}")
                if merge:
                    merged = (
                        run.rows.filter(decision=RowDecision.SKIP)
                        .exclude(target_id=None, target_row=None)
                        .update(decision=RowDecision.MERGE)
                    )
                    run.counts[RowDecision.SKIP] -= merged
                    run.counts[RowDecision.MERGE] += merged
                if dry_run:
                    self.report_rows(run, applied=False)
                    raise DryRunDone
                services.apply(run, acting)
                self.report_rows(run, applied=True)
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from None
        except services.ImportFailed as error:
            raise CommandError(str(error)) from None
        except DryRunDone:
            self.stdout.write("Dry run: nothing was changed.")

    def report_columns(self, run):
        fields = fields_of(run.kind)
        for header in run.headers:
            field = run.columns.get(header)
            target = fields[field].label if field else "(not imported)"
            self.stdout.write(f"Column {header!r} → {target}")

    def report_rows(self, run, applied):
        for row in run.rows.order_by("number").iterator(chunk_size=2000):
            for problem in row.problems:
                column = f" [{problem['column']}]" if problem["column"] else ""
                self.stdout.write(
                    f"Row {row.number}{column}: {problem['level']}: {problem['message']}"
                )
            if is_duplicate(row.candidates):
                best = row.candidates[0]
                target = f"row {best['row']}" if "row" in best else f"record #{best['id']}"
                self.stdout.write(
                    f"Row {row.number}: duplicate of {target} {best['label']!r} "
                    f"({best['reason']}, {best['score']:.2f})"
                    + (": merged" if row.decision == RowDecision.MERGE else ": not imported")
                )
        counts = run.counts
        if applied:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Imported {run.file_name}: {summary}."))
        else:
            self.stdout.write(
                f"{counts['rows']} rows: {counts['create']} to create, {counts['merge']} to "
                f"merge, {counts['skip']} to skip ({counts['duplicates']} duplicates), "
                f"{counts['errors']} with errors."
            )
