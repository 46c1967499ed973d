from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedKind(models.TextChoices):
    FEED = "feed", _("news feed (RSS, Atom or JSON Feed)")
    SITEMAP = "sitemap", _("website sitemap")


class FeedStatus(models.TextChoices):
    NEW = "new", _("not fetched yet")
    OK = "ok", _("working")
    FAILING = "failing", _("failing")


class Signal(models.TextChoices):
    EXPANSION = "expansion", _("expansion or new site")
    INVESTMENT = "investment", _("investment or funding")
    MERGER = "merger", _("merger or acquisition")
    RESTRUCTURING = "restructuring", _("restructuring or job cuts")
    INSOLVENCY = "insolvency", _("insolvency")
    MANAGEMENT = "management", _("management change")
    TRADE_POLICY = "trade_policy", _("trade policy")


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    REMOVED = "removed", _("removed")


class FollowUpKind(models.TextChoices):
    NOTE = "note", _("interaction note")
    TASK = "task", _("task")
    LEAD = "lead", _("lead project")
