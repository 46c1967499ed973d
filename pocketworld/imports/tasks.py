"""Checking and applying large imports in the background (django-tasks, Django 6 API)."""

import contextlib

from django.db import transaction
from django_tasks import task

from pocketworld.accounts.models import User
from pocketworld.imports import services
from pocketworld.imports.changes import UndoRefused
from pocketworld.imports.choices import ImportStatus
from pocketworld.imports.gleif import services as gleif
from pocketworld.imports.models import ImportRun, LeiUpload

# Files from this size on are checked and applied by the worker, not in the request.
BACKGROUND_BYTES = 512 * 1024
# From this many bytes of LEI files uploaded, the files are read in the background.
LEI_BACKGROUND_BYTES = 2 * 1024 * 1024


def in_background(run):
    return len(run.content) > BACKGROUND_BYTES


def check_soon(run, columns, save_as, user):
    """Set the columns and check the rows: now, or for a large file in the background."""
    services.set_columns(run, columns, save_as, user)
    if in_background(run):
        transaction.on_commit(lambda: check_import.enqueue(run.pk))
    else:
        services.check(run)


def apply_later(run, user):
    """Hand the run to the worker; it shows as being applied until the worker is done."""
    run.status = ImportStatus.APPLYING
    run.save(update_fields=["status"])
    transaction.on_commit(lambda: apply_import.enqueue(run.pk, user.pk))


def undo_soon(run, user):
    """Undo the import now, or a large one in the background: it may have created
    100,000 records, each deleted through its model. Raises UndoRefused when done now."""
    if not in_background(run):
        services.undo_import(run, user)
        return False
    run.status = ImportStatus.UNDOING
    run.save(update_fields=["status"])
    transaction.on_commit(lambda: undo_import.enqueue(run.pk, user.pk))
    return True


@task()
def check_import(run_id):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run:
        services.check(run)


@task()
def apply_import(run_id, user_id):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run:
        # A failure is kept on the run, with its message, for the user.
        with contextlib.suppress(services.ImportFailed):
            services.apply(run, User.objects.filter(pk=user_id).first())


def start_reading(upload):
    """Read a small LEI upload now, a large one in the background once it is committed."""
    if sum(file["size"] for file in upload.files) >= LEI_BACKGROUND_BYTES:
        transaction.on_commit(lambda: read_lei_upload.enqueue(upload.pk))
        return upload
    return gleif.read_upload(upload)


@task()
def read_lei_upload(upload_id):
    upload = LeiUpload.objects.filter(pk=upload_id).first()
    if upload:
        gleif.read_upload(upload)


@task()
def undo_import(run_id, user_id):
    run = ImportRun.objects.filter(pk=run_id, status=ImportStatus.UNDOING).first()
    if run is None:
        return
    try:
        services.undo_import(run, User.objects.filter(pk=user_id).first())
    except UndoRefused as error:
        run.status = ImportStatus.APPLIED
        run.error = str(error)
        run.save(update_fields=["status", "error"])
