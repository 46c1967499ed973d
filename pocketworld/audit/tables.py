import json

import django_tables2 as tables
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

from pocketworld.audit.models import AuditEvent
from pocketworld.core.tables import DateTimeColumn


def plain(value):
    """A detail as one line of text: "rows: 12; filters: q: Sony"."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {plain(inner)}" for key, inner in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(plain(inner) for inner in value)
    return "—" if value is None or value == "" else str(value)


def changes(value):
    """{"role": ["staff", "director"]} as "role: staff → director"."""
    return "; ".join(f"{name}: {plain(old)} → {plain(new)}" for name, (old, new) in value.items())


def details_text(details):
    parts = []
    for key, value in details.items():
        if key == "changes" and isinstance(value, dict):
            parts.append(changes(value))
        else:
            parts.append(f"{key}: {plain(value)}")
    return "; ".join(parts)


class AuditEventTable(tables.Table):
    timestamp = DateTimeColumn(verbose_name=_("when"), format="Y-m-d H:i:s")
    action = tables.Column(verbose_name=_("action"))
    username = tables.Column(verbose_name=_("user"))
    ip_address = tables.Column(verbose_name=_("IP address"))
    target = tables.Column(accessor="target_label", verbose_name=_("record"), orderable=False)
    details = tables.Column(verbose_name=_("details"), orderable=False)
    # In the exported file only.
    path = tables.Column(verbose_name=_("address"), visible=False)
    user_agent = tables.Column(verbose_name=_("browser"), visible=False)
    target_type = tables.Column(verbose_name=_("record type"), visible=False)
    target_id = tables.Column(verbose_name=_("record id"), visible=False)

    class Meta:
        model = AuditEvent
        fields = [
            "timestamp",
            "action",
            "username",
            "ip_address",
            "target",
            "details",
            "path",
            "user_agent",
            "target_type",
            "target_id",
        ]
        attrs = {"class": "table", "id": "auditevent-table"}
        empty_text = _("No events match.")

    def render_details(self, value):
        return details_text(value)

    def value_details(self, value):
        """The file has the details as JSON, for a program to read."""
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
