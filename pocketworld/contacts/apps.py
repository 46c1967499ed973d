from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "pocketworld.contacts"
    label = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from pocketworld.contacts import views  # noqa: F401  people on company pages
