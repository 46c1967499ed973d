from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionsConfig(AppConfig):
    name = "pocketworld.interactions"
    label = "interactions"
    verbose_name = _("Interactions and tasks")
