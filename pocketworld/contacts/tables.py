import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.models import Person


class PersonTable(tables.Table):
    family_name = tables.Column(linkify=True, verbose_name=_("family name"))
    given_name = tables.Column(linkify=True, verbose_name=_("given name"))
    native_name = tables.Column(verbose_name=_("name in native script"))
    desk = tables.Column(verbose_name=_("desk"), order_by=("desk__name",))

    class Meta:
        model = Person
        fields = ["family_name", "given_name", "native_name", "email", "phone", "desk"]
        attrs = {"class": "table", "id": "person-table"}
        empty_text = _("No people match.")
