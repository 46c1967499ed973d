from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "pocketworld.companies"
    label = "companies"
    verbose_name = _("Companies")

    def ready(self):
        from pocketworld.companies import views  # noqa: F401  companies on desk pages
        from pocketworld.companies.models import follow_primary_desk
        from pocketworld.desks.models import coverage_changed

        coverage_changed.connect(follow_primary_desk, dispatch_uid="companies-follow-primary-desk")
