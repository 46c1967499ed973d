from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pocketworld.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from pocketworld.reports import views  # noqa: F401  segments on the company list
