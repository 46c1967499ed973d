from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "pocketworld.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from pocketworld.contacts.models import Person, Position
        from pocketworld.core.permissions import restrict_to_own_desks
        from pocketworld.programmes import views  # noqa: F401  start-ups on company pages

        # A candidate's person record, and any position of theirs, are read by the desks of
        # their programme alone, as the candidacy is.
        restrict_to_own_desks(Person, "candidacy__cohort__programme__desks")
        restrict_to_own_desks(Position, "person__candidacy__cohort__programme__desks")
