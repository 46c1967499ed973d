from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionsConfig(AppConfig):
    name = "pocketworld.interactions"
    label = "interactions"
    verbose_name = _("Interactions and tasks")

    def ready(self):
        from pocketworld.companies.filtersets import CompanyFilterSet
        from pocketworld.interactions import views  # noqa: F401  timelines on record pages
        from pocketworld.interactions.filtersets import AftercareVisitFilter

        CompanyFilterSet.extend(aftercare_visit=AftercareVisitFilter())
