import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import DateTimeColumn
from pocketworld.inquiries.models import Inquiry


class InquiryTable(tables.Table):
    reference = tables.Column(verbose_name=_("reference"), linkify=True)
    company_name = tables.Column(verbose_name=_("company"))
    country = tables.Column(verbose_name=_("country"), order_by=("country__name_en",))
    language = tables.Column(verbose_name=_("language"))
    desk = tables.Column(verbose_name=_("desk"))
    received_at = DateTimeColumn(verbose_name=_("received"), short=True)
    due_at = DateTimeColumn(verbose_name=_("reply due"), short=True)
    status = tables.Column(verbose_name=_("status"))
    outcome = tables.Column(verbose_name=_("outcome"))

    class Meta:
        model = Inquiry
        fields = [
            "reference", "company_name", "country", "language", "desk", "received_at",
            "due_at", "status", "outcome",
        ]  # fmt: skip
        attrs = {"class": "table", "id": "inquiry-table"}
        empty_text = _("No inquiries match.")

    def render_status(self, record):
        text = record.get_status_display()
        if record.status == "new" and record.due_at < timezone.now():
            return format_html('<span class="overdue">{} ({})</span>', text, _("overdue"))
        if record.spam_reason:
            return f"{text}: {record.get_spam_reason_display()}"
        return text
