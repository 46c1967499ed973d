from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pocketworld.monitoring"
    label = "monitoring"
    verbose_name = _("Market monitoring")

    def ready(self):
        from pocketworld.monitoring import views  # noqa: F401  news on My day and company pages
