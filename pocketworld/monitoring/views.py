import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    extend_page,
    redirect_to,
    safe_next_url,
)
from pocketworld.interactions.services import (
    Section,
    TimelineEntry,
    register_digest_section,
    register_timeline_kind,
)
from pocketworld.interactions.views import register_my_day_section
from pocketworld.monitoring import filtersets, forms, tables, tasks
from pocketworld.monitoring.choices import FollowUpKind
from pocketworld.monitoring.models import (
    LINK_MODELS,
    CompanyLink,
    Feed,
    ItemLink,
    NewsItem,
    Watch,
)
from pocketworld.monitoring.services import (
    LIVE,
    alerts_for,
    company_news,
    decide_link,
    turn_into,
    with_live_links,
)

# News of the last days on My day and in the digest, at most this many items.
MY_DAY_DAYS = 3
DIGEST_DAYS = 1
MY_DAY_ITEMS = 10


class FeedListView(ObjectListView):
    template_name = "monitoring/object_list.html"
    model = Feed
    filterset_class = filtersets.FeedFilterSet
    table_class = tables.FeedTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("language")


class FeedDetailView(ObjectDetailView):
    model = Feed

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("language", "country")

    def get_extra_context(self, request, instance):
        items = with_live_links(instance.items.visible_to(request.user)).order_by("-published")[:20]
        return {"items": items}


class FeedEditView(ObjectEditView):
    model = Feed
    form_class = forms.FeedForm


class FeedDeleteView(ObjectDeleteView):
    model = Feed


@login_required
@require_POST
def feed_fetch(request, pk):
    """Fetch a source now, through the background worker."""
    feed = get_object_or_404(Feed.objects.visible_to(request.user), pk=pk)
    if not permissions.may_change(request.user, feed):
        raise PermissionDenied(_("You may not fetch this source."))
    tasks.fetch_feed.enqueue(feed.pk)
    messages.success(request, _("%(feed)s is being fetched.") % {"feed": feed})
    return redirect_to(request, feed.get_absolute_url())


class NewsItemListView(ObjectListView):
    template_name = "monitoring/object_list.html"
    model = NewsItem
    filterset_class = filtersets.NewsItemFilterSet
    table_class = tables.NewsItemTable

    def get_queryset(self, request):
        return with_live_links(super().get_queryset(request))

    def get_extra_context(self, request):
        # Items come from the sources, nobody adds one by hand.
        return {"may_create": False}


class NewsItemDetailView(ObjectDetailView):
    model = NewsItem

    def get_extra_context(self, request, instance):
        user = request.user
        links = {
            kind: model.objects.visible_to(user)
            .filter(item=instance)
            .select_related(model.target_field)
            for kind, model in LINK_MODELS.items()
        }
        # The item's own links are all decided by the item's desks: asked once.
        decides_item_links = None
        for kind_links in links.values():
            for link in kind_links:
                if not isinstance(link, ItemLink):
                    link.may_decide = permissions.may_change(user, link)
                    continue
                if decides_item_links is None:
                    decides_item_links = permissions.may_change(user, link)
                link.may_decide = decides_item_links
        return {
            # Items are read, not edited; their links are confirmed or removed.
            "may_change": False,
            "links": links,
            "signals": instance.signals.all(),
            "sources": instance.feeds.visible_to(user),
            "follow_ups": instance.follow_ups.visible_to(user).select_related(
                "interaction", "task", "project"
            ),
            "may_follow_up": bool(permissions.desk_roles(user))
            or permissions.sees_and_changes_everything(user),
        }


class NewsItemDeleteView(ObjectDeleteView):
    model = NewsItem


@login_required
@require_POST
def link_decide(request, pk, kind):
    """Confirm or remove one link of an item (the buttons on the item's page)."""
    model = LINK_MODELS.get(kind)
    if model is None:
        raise Http404
    link = get_object_or_404(model.objects.visible_to(request.user).select_related("item"), pk=pk)
    if not permissions.may_change(request.user, link):
        raise PermissionDenied(
            _("Only the desk of %(target)s decides this link.") % {"target": link.target}
        )
    decision = request.POST.get("decision")
    if decision not in ("confirm", "remove"):
        return HttpResponseBadRequest(_("Choose whether to confirm or to remove the link."))
    confirmed = decision == "confirm"
    decide_link(link, request.user, confirmed)
    message = _("Confirmed: %(target)s.") if confirmed else _("Removed: %(target)s.")
    messages.success(request, message % {"target": link.target})
    return redirect_to(request, link.item.get_absolute_url())


@login_required
def newsitem_follow_up(request, pk):
    """Turn an item into an interaction note, a task or a lead project."""
    item = get_object_or_404(NewsItem.objects.visible_to(request.user), pk=pk)
    company_links = CompanyLink.objects.filter(item=item, status__in=LIVE).select_related("company")
    first = company_links.first()
    initial = {"kind": request.GET.get("kind", FollowUpKind.NOTE)}
    if first:
        initial["company"] = first.company_id
        if first.company.desk_id in permissions.desk_roles(request.user):
            initial["desk"] = first.company.desk_id
    form = forms.FollowUpForm(request.POST or None, user=request.user, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        company = data["company"]
        try:
            follow_up = turn_into(
                item,
                data["kind"],
                request.user,
                company,
                data["desk"],
                data["title"],
                due_on=data.get("due_on"),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, field_errors in errors.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request,
                _("Made %(kind)s: %(record)s.")
                % {"kind": follow_up.get_kind_display(), "record": follow_up.record},
            )
            return redirect_to(request, follow_up.record.get_absolute_url())
    return render(request, "monitoring/newsitem_follow_up.html", {"object": item, "form": form})


# --- watch list ------------------------------------------------------------------------------


@login_required
def watch_list(request):
    """The user's own watch list: companies, countries and keywords they want news of."""
    if not permissions.sees(request.user, Watch):
        raise Http404
    form = forms.WatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        watch = form.save()
        messages.success(request, _("Watching %(watch)s.") % {"watch": watch})
        return redirect_to(request, safe_next_url(request, request.path))
    watches = Watch.objects.filter(user=request.user).select_related("company", "country")
    return render(request, "monitoring/watch_list.html", {"form": form, "watches": watches})


@login_required
@require_POST
def watch_delete(request, pk):
    if not permissions.sees(request.user, Watch):
        raise Http404
    watch = get_object_or_404(Watch.objects.filter(user=request.user), pk=pk)
    watch.delete()
    messages.success(request, _("No longer watching %(watch)s.") % {"watch": watch})
    return redirect_to(request, reverse("monitoring:watch_list"))


# --- on other pages ---------------------------------------------------------------------------


def alerts_since(user, days):
    if not permissions.sees(user, NewsItem):
        return None
    since = timezone.now() - datetime.timedelta(days=days)
    return with_live_links(alerts_for(user, since))


@register_my_day_section
def my_day_news(request, today):
    items = alerts_since(request.user, MY_DAY_DAYS)
    if items is None:
        return None
    shown = list(items[:MY_DAY_ITEMS])
    return shown and Section("monitoring/my_day.html", {"items": shown})


@register_digest_section
def digest_news(user, today):
    items = alerts_since(user, DIGEST_DAYS)
    if items is None:
        return None
    shown = list(items[:MY_DAY_ITEMS])
    if not shown:
        return None
    summary = ngettext("%(count)d news item", "%(count)d news items", len(shown)) % {
        "count": len(shown)
    }
    return Section("monitoring/digest.txt", {"items": shown}, summary=summary)


@extend_page(Company, "detail")
def company_news_panel(request, company):
    if not permissions.sees(request.user, NewsItem):
        return {}
    return {
        "company_news": with_live_links(company_news(company, request.user)),
        "shows_news": True,
        "watching": Watch.objects.filter(user=request.user, company=company).exists(),
    }


def news_timeline(record, user, limit):
    if not isinstance(record, Company) or not permissions.sees(user, NewsItem):
        return []
    return [
        TimelineEntry(
            "news",
            item.published,
            item.title,
            item.get_absolute_url(),
            ", ".join(signal.get_signal_display() for signal in item.signals.all()),
        )
        for item in company_news(record, user, limit=limit)
    ]


register_timeline_kind("news", gettext_lazy("news"), gettext_lazy("news"), news_timeline)
