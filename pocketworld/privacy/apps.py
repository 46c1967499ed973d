from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "pocketworld.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # Actions on a person's page; My day and the digest.
        from pocketworld.privacy.views import people, retention  # noqa: F401
