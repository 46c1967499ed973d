from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What the audit log records. The apps below announce theirs by these values
    (`core.audit.announce`); the audit app hears the rest from signals."""

    # Signing in and out (Django's and axes' signals).
    SIGN_IN = "sign_in", _("signed in")
    SSO_SIGN_IN = "sso_sign_in", _("signed in through single sign-on")
    SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
    LOCKED_OUT = "locked_out", _("sign-in refused: locked out")
    SIGN_OUT = "sign_out", _("signed out")
    # A request signed with an API token (at most every few minutes per token).
    TOKEN_USED = "token_used", _("API token used")
    # A user's own credentials: password, second factor, API tokens.
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET = "password_reset", _("password reset by e-mail")
    SECOND_FACTOR_SET_UP = "second_factor_set_up", _("second factor set up")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("recovery codes renewed")
    SECOND_FACTOR_SWITCHED_OFF = "second_factor_switched_off", _("second factor switched off")
    SECOND_FACTOR_RESET = "second_factor_reset", _("second factor reset by an administrator")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    # Permissions: a user's role, activity and administrator rights, desk memberships.
    USER_CREATED = "user_created", _("user created")
    ROLE_CHANGED = "role_changed", _("role or rights changed")
    USER_DELETED = "user_deleted", _("user deleted")
    DESK_MEMBERSHIP_CHANGED = "desk_membership_changed", _("desk membership changed")
    # Data leaving pocketworld, and personal data removed.
    LIST_EXPORTED = "list_exported", _("list exported")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported")
    PERSON_ERASED = "person_erased", _("person erased")
    # Imports, merges and LEI updates, and their undoing.
    IMPORT_APPLIED = "import_applied", _("import applied")
    IMPORT_UNDONE = "import_undone", _("import undone")
    MERGED = "merged", _("records merged")
    MERGE_UNDONE = "merge_undone", _("merge undone")
    LEI_UPDATES_APPLIED = "lei_updates_applied", _("LEI updates applied")
    LEI_UPDATES_UNDONE = "lei_updates_undone", _("LEI updates undone")
    # The audit log's own retention.
    AUDIT_LOG_PURGED = "audit_log_purged", _("audit log purged")
