from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "pocketworld.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from pocketworld.projects import services  # noqa: F401  the confidential access log
