import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import DateTimeColumn
from pocketworld.monitoring.models import Feed, NewsItem


class FeedTable(tables.Table):
    name = tables.Column(
        verbose_name=_("source"), accessor="pk", linkify=True, order_by=("name", "url")
    )
    kind = tables.Column(verbose_name=_("kind"))
    language = tables.Column(verbose_name=_("language"))
    status = tables.Column(verbose_name=_("status"))
    last_fetched_at = DateTimeColumn(verbose_name=_("last fetched"), short=True)
    item_count = tables.Column(verbose_name=_("items"), attrs={"td": {"class": "number"}})

    class Meta:
        model = Feed
        fields = ["name", "kind", "language", "status", "last_fetched_at", "item_count"]
        attrs = {"class": "table", "id": "feed-table"}
        empty_text = _("No news sources match.")

    def render_name(self, record):
        return str(record)

    def render_status(self, record):
        text = record.get_status_display()
        if record.last_error:
            return format_html('<span title="{}">{}</span>', record.last_error, text)
        return text


class NewsItemTable(tables.Table):
    title = tables.Column(verbose_name=_("headline"), linkify=True)
    published = DateTimeColumn(verbose_name=_("published"), short=True)
    companies = tables.Column(verbose_name=_("companies"), accessor="pk", orderable=False)
    signals = tables.Column(verbose_name=_("signals"), accessor="pk", orderable=False)

    class Meta:
        model = NewsItem
        fields = ["title", "published", "companies", "signals"]
        attrs = {"class": "table", "id": "newsitem-table"}
        empty_text = _("No news items match.")

    def render_title(self, record, value):
        return format_html('<span lang="{}">{}</span>', record.language, value)

    def render_companies(self, record):
        return (
            format_html_join(", ", "{}", ((link.company,) for link in record.live_company_links))
            or "—"
        )

    def render_signals(self, record):
        return ", ".join(signal.get_signal_display() for signal in record.signals.all()) or "—"

    def value_companies(self, record):
        return ", ".join(str(link.company) for link in record.live_company_links)

    def value_signals(self, record):
        return ", ".join(signal.get_signal_display() for signal in record.signals.all())
