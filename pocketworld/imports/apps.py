from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "pocketworld.imports"
    label = "imports"
    verbose_name = _("Imports and merges")

    def ready(self):
        from pocketworld.imports.views import merges  # noqa: F401  merges on record pages
