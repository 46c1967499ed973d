import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import DateColumn
from pocketworld.events.models import Event


class EventTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"))
    starts_on = DateColumn(verbose_name=_("first day"), short=True)
    ends_on = DateColumn(verbose_name=_("last day"), short=True)
    country = tables.Column(verbose_name=_("country"), order_by=("country__name_en",))
    participants = tables.Column(
        verbose_name=_("participants"), accessor="participant_count", orderable=False
    )

    class Meta:
        model = Event
        fields = ["title", "kind", "starts_on", "ends_on", "venue", "country", "participants"]
        attrs = {"class": "table", "id": "event-table"}
        empty_text = _("No events match.")
