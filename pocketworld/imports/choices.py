from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeSetKind(models.TextChoices):
    IMPORT = "import", _("import")
    MERGE = "merge", _("merge")
    LEI_UPDATE = "lei_update", _("LEI updates")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")


class ImportKind(models.TextChoices):
    COMPANIES = "companies", _("companies")
    PEOPLE = "people", _("people")
    SITES = "sites", _("sites")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("columns to choose")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked")
    APPLYING = "applying", _("being applied")
    APPLIED = "applied", _("applied")
    FAILED = "failed", _("failed")
    UNDOING = "undoing", _("being undone")
    UNDONE = "undone", _("undone")


class RowDecision(models.TextChoices):
    CREATE = "create", _("create")
    MERGE = "merge", _("merge into")
    SKIP = "skip", _("skip")


class RowOutcome(models.TextChoices):
    CREATED = "created", _("created")
    MERGED = "merged", _("merged")
    SKIPPED = "skipped", _("skipped")
    INVALID = "invalid", _("not imported: errors")
    DUPLICATE = "duplicate", _("not imported: duplicate")


class LeiUploadStatus(models.TextChoices):
    WAITING = "waiting", _("waiting to be read")
    READING = "reading", _("being read")
    DONE = "done", _("read")
    FAILED = "failed", _("failed")


class LeiMatchedBy(models.TextChoices):
    LEI = "lei", _("LEI")
    NAME = "name", _("legal name and country")
    SEARCH = "search", _("name found by the search, and country")


class LeiProposalField(models.TextChoices):
    LEGAL_NAME = "legal_name", _("legal name")
    REGISTERED_ADDRESS = "registered_address", _("registered address")
    LEI = "lei", _("LEI")
    PARENT = "parent", _("parent company")
    NAME = "name", _("further name")


class LeiProposalStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DISMISSED = "dismissed", _("dismissed")
