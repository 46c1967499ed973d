from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "pocketworld.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from pocketworld.search import checks, signals  # noqa: F401  checks registers itself
        from pocketworld.search.backends import SQLiteBackend

        # Each app's search.py declares its indexes or adds to others' (as admin.py does).
        autodiscover_modules("search")
        signals.connect()
        connection_created.connect(SQLiteBackend.register_functions)
        post_migrate.connect(signals.build_missing_index, sender=self)
