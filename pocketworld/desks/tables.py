import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import NumberColumn
from pocketworld.desks.models import Desk


class DeskTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    company_count = NumberColumn(verbose_name=_("companies"))
    member_count = NumberColumn(verbose_name=_("members"))

    class Meta:
        model = Desk
        fields = ["name", "email", "company_count", "member_count"]
        attrs = {"class": "table", "id": "desk-table"}
        empty_text = _("No desks match.")
