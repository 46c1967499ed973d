"""Market monitoring: the news sources the desks follow, the items read from them, and
what each item is about (companies, countries, sectors, focus areas, signals).

An item is stored once however many sources carry it (same address or same headline).
The links to companies are suggestions until an officer confirms or removes them; what
they decide about a name is kept (`NameLesson`) and the linker asks for context next time.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.models import TimestampedModel
from pocketworld.core.permissions import AccessRule, ConfidentialLink
from pocketworld.core.querysets import PolicyManager
from pocketworld.core.validators import validate_no_control_characters
from pocketworld.monitoring.choices import (
    FeedKind,
    FeedStatus,
    FollowUpKind,
    LinkStatus,
    Signal,
)

# The fetch state a source keeps between passes: not part of its history.
FETCH_STATE_FIELDS = [
    "last_updated",
    "status",
    "etag",
    "modified",
    "last_fetched_at",
    "last_success_at",
    "next_fetch_at",
    "failures",
    "last_error",
    "last_status_code",
    "item_count",
]


class Feed(TimestampedModel):
    """A news source a desk follows: a feed, or a website's (news) sitemap."""

    url = models.URLField(
        _("address"), max_length=1000, unique=True, validators=[validate_no_control_characters]
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Taken from the source when left empty."),
        validators=[validate_no_control_characters],
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FeedKind.choices, default="feed")
    desks = models.ManyToManyField("desks.Desk", verbose_name=_("desks"), related_name="feeds")
    language = models.ForeignKey(
        "core.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The language of its items, when the source does not say."),
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The country the source reports from or about."),
    )
    fetch_every = models.PositiveIntegerField(
        _("fetch every (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(7 * 24 * 60)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    status = models.CharField(
        _("status"), max_length=10, choices=FeedStatus.choices, default=FeedStatus.NEW
    )
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last fetched successfully"), null=True, blank=True)
    next_fetch_at = models.DateTimeField(_("next fetch"), null=True, blank=True, db_index=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    item_count = models.PositiveIntegerField(_("items"), default=0)

    history = HistoricalRecords(excluded_fields=FETCH_STATE_FIELDS)
    objects = PolicyManager()
    # Shared while it has no desk: a new source's desks are only known once it is saved.
    access = AccessRule(desk_lookups=("desks",), internal=True, shared_when_deskless=True)
    _history_m2m_fields = ["desks"]

    class Meta:
        ordering = ["name", "url"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")

    def __str__(self):
        return self.name or self.url

    def get_absolute_url(self):
        return reverse("monitoring:feed_detail", args=[self.pk])

    def owning_desk_ids(self):
        return set(self.desks.values_list("pk", flat=True)) if self.pk else set()

    @property
    def is_due(self):
        return self.is_active and (
            self.next_fetch_at is None or self.next_fetch_at <= timezone.now()
        )


class NewsItem(TimestampedModel):
    """One piece of news, stored once whichever sources carry it."""

    feeds = models.ManyToManyField(Feed, verbose_name=_("sources"), related_name="items")
    url = models.URLField(_("link"), max_length=1000)
    # Hashes of the address and of the folded headline, by which a second source's copy is
    # recognised.
    url_key = models.CharField(_("address key"), max_length=64, unique=True)
    title_key = models.CharField(_("headline key"), max_length=64, db_index=True)
    title = models.CharField(_("headline"), max_length=500)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Sanitised HTML."))
    published = models.DateTimeField(_("published"), db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("feeds__desks",), internal=True)

    class Meta:
        ordering = ["-published", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:newsitem_detail", args=[self.pk])

    def owning_desk_ids(self):
        if not self.pk:
            return set()
        return set(self.feeds.values_list("desks", flat=True)) - {None}


class ItemSignal(models.Model):
    """A kind of business news an item reports, with the words that tell."""

    item = models.ForeignKey(
        NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="signals"
    )
    signal = models.CharField(_("signal"), max_length=20, choices=Signal.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("item__feeds__desks",), internal=True)

    class Meta:
        ordering = ["signal"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["item", "signal"], name="unique_item_signal")
        ]

    def __str__(self):
        return f"{self.item}: {self.get_signal_display()}"

    def owning_desk_ids(self):
        return self.item.owning_desk_ids()


class Link(models.Model):
    """What an item is about, why the linker thinks so, and what an officer said."""

    reason = models.CharField(_("reason"), max_length=250, blank=True)
    confidence = models.FloatField(
        _("confidence"), validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = PolicyManager()

    class Meta:
        abstract = True
        ordering = ["-confidence", "pk"]

    def __str__(self):
        return f"{self.item} → {self.target}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    def get_decide_url(self):
        return reverse(f"monitoring:{self._meta.model_name}_decide", args=[self.pk])

    @property
    def target(self):
        return getattr(self, self.target_field)


class ItemLink(Link):
    """A link decided by the desks of the item's sources (a country, sector or focus area
    is no desk's own)."""

    access = AccessRule(desk_lookups=("item__feeds__desks",), internal=True)

    class Meta(Link.Meta):
        abstract = True

    def owning_desk_ids(self):
        return self.item.owning_desk_ids()


class CompanyLink(Link):
    target_field = "company"

    item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="company_links",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="news_links",
    )
    # The name's key the item matched, which an officer's verdict is remembered by.
    matched_key = models.CharField(_("matched name"), max_length=200, blank=True)

    # The company's desk decides whether an item is about it.
    access = AccessRule(desk_lookups=("company__desk",), internal=True)

    class Meta(Link.Meta):
        verbose_name = _("company link")
        verbose_name_plural = _("company links")
        constraints = [
            models.UniqueConstraint(fields=["item", "company"], name="unique_item_company")
        ]
        indexes = [models.Index(fields=["company", "status"], name="monitoring_company_status")]

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()


class CountryLink(ItemLink):
    target_field = "country"

    item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="country_links",
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(ItemLink.Meta):
        verbose_name = _("country link")
        verbose_name_plural = _("country links")
        constraints = [
            models.UniqueConstraint(fields=["item", "country"], name="unique_item_country")
        ]


class SectorLink(ItemLink):
    target_field = "sector"

    item = models.ForeignKey(
        NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="sector_links"
    )
    sector = models.ForeignKey(
        "core.Sector", verbose_name=_("sector"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(ItemLink.Meta):
        verbose_name = _("sector link")
        verbose_name_plural = _("sector links")
        constraints = [
            models.UniqueConstraint(fields=["item", "sector"], name="unique_item_sector")
        ]


class FocusAreaLink(ItemLink):
    target_field = "focus_area"

    item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="focus_area_links",
    )
    focus_area = models.ForeignKey(
        "core.FocusArea", verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(ItemLink.Meta):
        verbose_name = _("focus area link")
        verbose_name_plural = _("focus area links")
        constraints = [
            models.UniqueConstraint(fields=["item", "focus_area"], name="unique_item_focus_area")
        ]


# The kinds of link by the name of what they point to, as URLs and the API name them.
LINK_MODELS = {
    "company": CompanyLink,
    "country": CountryLink,
    "sector": SectorLink,
    "focus_area": FocusAreaLink,
}


class NameLesson(models.Model):
    """What officers said about items that matched one of a company's names: a name whose
    links they removed more often than they confirmed needs context from then on (an
    "Apple" only beside its country or a legal form)."""

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="news_lessons",
    )
    key = models.CharField(_("name"), max_length=200)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("company__desk",), internal=True)

    class Meta:
        ordering = ["company", "key"]
        verbose_name = _("name lesson")
        verbose_name_plural = _("name lessons")
        constraints = [
            models.UniqueConstraint(fields=["company", "key"], name="unique_company_name_lesson")
        ]

    def __str__(self):
        return f"{self.company}: {self.key}"

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()

    @property
    def needs_context(self):
        return self.removed > self.confirmed


class Watch(TimestampedModel):
    """Something a user wants to hear of: a company, a country, or a keyword."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="news_watches",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    keyword = models.CharField(
        _("keyword"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )

    objects = PolicyManager()
    # A watch list is its user's own.
    access = AccessRule(readers=("user",), internal=True)

    class Meta:
        ordering = ["user", "pk"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(company__isnull=False, country__isnull=True, keyword="")
                    | models.Q(company__isnull=True, country__isnull=False, keyword="")
                    | (models.Q(company__isnull=True, country__isnull=True) & ~models.Q(keyword=""))
                ),
                name="watch_one_thing",
            )
        ]

    def __str__(self):
        return str(self.company or self.country or f"“{self.keyword}”")

    def owning_desk_ids(self):
        return set()

    def clean(self):
        super().clean()
        self.keyword = self.keyword.strip()
        chosen = [self.company_id, self.country_id, self.keyword]
        if sum(bool(value) for value in chosen) != 1:
            raise ValidationError(_("Watch one thing: a company, a country or a keyword."))
        same = Watch.objects.filter(
            user_id=self.user_id,
            company_id=self.company_id,
            country_id=self.country_id,
            keyword=self.keyword,
        ).exclude(pk=self.pk)
        if same.exists():
            raise ValidationError(_("You watch this already."))


class FollowUp(models.Model):
    """What an officer made of an item: a note on the company, a task, or a lead."""

    item = models.ForeignKey(
        NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("interaction"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    task = models.ForeignKey(
        "interactions.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="news_sources",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("interaction__desk", "task__desk", "project__desk"),
        internal=True,
        confidential_links=(ConfidentialLink("project"),),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return str(self.record)

    def get_absolute_url(self):
        record = self.record
        return record.get_absolute_url() if record else self.item.get_absolute_url()

    @property
    def record(self):
        return self.interaction or self.task or self.project

    def owning_desk_ids(self):
        record = self.record
        return record.owning_desk_ids() if record else set()
