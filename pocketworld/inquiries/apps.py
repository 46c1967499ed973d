from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "pocketworld.inquiries"
    label = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self):
        from pocketworld.inquiries import views  # noqa: F401  inquiries on My day, digest, timelines
