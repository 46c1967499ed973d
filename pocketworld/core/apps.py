from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pocketworld.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # The `one_of` lookup, and date columns that replace django-tables2's for every
        # table made after this.
        from pocketworld.core import lookups, tables  # noqa: F401
        from pocketworld.core.filtersets import forget_reference_choices

        post_save.connect(forget_reference_choices, dispatch_uid="forget_reference_choices")
        post_delete.connect(forget_reference_choices, dispatch_uid="forget_reference_choices")
