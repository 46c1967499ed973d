import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import DateColumn
from pocketworld.interactions.models import Interaction, Task


class InteractionTable(tables.Table):
    occurred_on = DateColumn(verbose_name=_("date"), short=True)
    subject = tables.Column(linkify=True, verbose_name=_("subject"))
    company = tables.Column(
        linkify=True, verbose_name=_("company"), order_by=("company__legal_name",)
    )
    desk = tables.Column(verbose_name=_("desk"), order_by=("desk__name",))

    class Meta:
        model = Interaction
        fields = ["occurred_on", "kind", "subject", "company", "desk"]
        attrs = {"class": "table", "id": "interaction-table"}
        empty_text = _("No interactions match.")


class TaskTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"))
    due_on = DateColumn(verbose_name=_("due on"), short=True)
    assignee = tables.Column(verbose_name=_("assignee"), order_by=("assignee__last_name",))
    company = tables.Column(
        linkify=True, verbose_name=_("company"), order_by=("company__legal_name",)
    )

    class Meta:
        model = Task
        fields = ["due_on", "title", "status", "assignee", "company"]
        attrs = {"class": "table", "id": "task-table"}
        empty_text = _("No tasks match.")
