from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "pocketworld.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from pocketworld.api import schema  # noqa: F401  registers the OpenAPI extension
