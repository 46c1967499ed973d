from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pocketworld.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # What the log hears: the apps' announcements, sign-ins, token use, rights.
        from pocketworld.audit import signals  # noqa: F401
