"""The desks' day: aftercare gaps, "My day", one timeline per record, the daily digest."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from pocketworld.companies.choices import CompanyStatus
from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.history import change_history
from pocketworld.interactions.choices import InteractionKind, TaskStatus
from pocketworld.interactions.models import Interaction, Task
from pocketworld.projects.choices import OPEN_STAGES
from pocketworld.projects.models import Project, StageChange

# Companies in the region that aftercare looks after.
AFTERCARE_STATUSES = [CompanyStatus.SETTLED, CompanyStatus.EXPANDING, CompanyStatus.AT_RISK]
AFTERCARE_INTERVAL = datetime.timedelta(days=365)
# An open project with no stage change for this long is stale.
STALE_AFTER = datetime.timedelta(days=60)


def aftercare_gaps(companies, today=None):
    """Companies here whose last contact is more than 12 months old, or that had none (a
    note for the record is no contact).

    Annotated with `last_interaction`; oldest contact first, never contacted first of all.
    """
    today = today or timezone.localdate()
    contacts = Interaction.objects.exclude(kind=InteractionKind.NOTE)
    recent = contacts.filter(company=OuterRef("pk"), occurred_on__gt=today - AFTERCARE_INTERVAL)
    # A subquery per company rides the (company, occurred_on) index; a join with GROUP BY
    # over all interactions would not.
    last = contacts.filter(company=OuterRef("pk")).order_by("-occurred_on")
    return (
        companies.filter(status__in=AFTERCARE_STATUSES)
        .filter(~Exists(recent))
        .annotate(last_interaction=Subquery(last.values("occurred_on")[:1]))
        .order_by(F("last_interaction").asc(nulls_first=True), "legal_name")
    )


def open_tasks_due(user, today=None):
    """The user's open tasks that are overdue or due today."""
    today = today or timezone.localdate()
    return (
        Task.objects.visible_to(user)
        .filter(assignee=user, status=TaskStatus.OPEN, due_on__lte=today)
        .select_related("company", "project")
        .order_by("due_on", "pk")
    )


def stale_projects(user, now=None):
    now = now or timezone.now()
    return (
        Project.objects.visible_to(user)
        .filter(owner=user, stage__in=OPEN_STAGES, stage_changed_at__lt=now - STALE_AFTER)
        .select_related("company")
        .order_by("stage_changed_at")
    )


@dataclass
class TimelineEntry:
    kind: str
    when: datetime.datetime
    title: str
    url: str = ""
    detail: str = ""
    user: object = None
    changes: list | None = None

    @property
    def kind_label(self):
        return TIMELINE_KIND_LABELS[self.kind]


TIMELINE_KINDS = {
    "interaction": gettext_lazy("interactions"),
    "stage": gettext_lazy("stage changes"),
    "task": gettext_lazy("tasks"),
    "change": gettext_lazy("field changes"),
}
TIMELINE_KIND_LABELS = {
    "interaction": gettext_lazy("interaction"),
    "stage": gettext_lazy("stage"),
    "task": gettext_lazy("task"),
    "change": gettext_lazy("change"),
}


# {kind: function(record, user, limit) -> [TimelineEntry]}: what higher apps add to the
# timeline of a company or project (the news about a company).
_timeline_sources = {}


def register_timeline_kind(kind, label_plural, label, function):
    """Register entries of `kind` on timelines: `function(record, user, limit)` returns
    them, newest first. A higher app adds to the timeline this way from its
    AppConfig.ready, as `register_digest_section` adds to the digest."""
    TIMELINE_KINDS[kind] = label_plural
    TIMELINE_KIND_LABELS[kind] = label
    _timeline_sources[kind] = function


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def timeline(record, user, kinds=None, limit=50, history=None):
    """Interactions, stage changes, tasks and field changes of a company or project, newest
    first, as far as `user` may see them: a company's timeline shows nothing of a
    confidential project the user is no member of. Each source reads at most `limit` rows,
    so a long history costs no more."""
    kinds = set(kinds or TIMELINE_KINDS)
    is_company = isinstance(record, Company)
    scope = Q(company=record) if is_company else Q(project=record)

    def readable(model):
        # No link from the company to a project withheld from the user, in any row.
        return permissions.unidentified(model.objects.visible_to(user), user)

    entries = []
    if "interaction" in kinds:
        for interaction in (
            readable(Interaction).filter(scope).order_by("-occurred_on", "-pk")[:limit]
        ):
            entries.append(
                TimelineEntry(
                    "interaction",
                    _start_of(interaction.occurred_on),
                    str(interaction),
                    interaction.get_absolute_url(),
                )
            )
    if "stage" in kinds:
        stage_scope = Q(project__company=record) if is_company else Q(project=record)
        for change in (
            readable(StageChange)
            .filter(stage_scope)
            .select_related("project", "changed_by")
            .order_by("-changed_at", "-pk")[:limit]
        ):
            entries.append(
                TimelineEntry(
                    "stage",
                    change.changed_at,
                    str(change),
                    change.project.get_absolute_url(),
                    change.note,
                    change.changed_by,
                )
            )
    if "task" in kinds:
        task_scope = scope
        if is_company:
            # A subquery, not a join: an OR across the join would scan every task.
            task_scope |= Q(project__in=Project.objects.filter(company=record).values("pk"))
        for task in (
            readable(Task)
            .filter(task_scope)
            .select_related("assignee")
            .order_by("-due_on", "-pk")[:limit]
        ):
            entries.append(
                TimelineEntry(
                    "task",
                    _start_of(task.due_on),
                    f"{task.title} ({task.get_status_display()})",
                    task.get_absolute_url(),
                    user=task.assignee,
                )
            )
    if "change" in kinds:
        for entry in history if history is not None else change_history(record, limit=limit):
            if entry["changes"] or entry["type"] != "~":
                entries.append(
                    TimelineEntry(
                        "change",
                        entry["date"],
                        str(entry["kind"]),
                        user=entry["user"],
                        changes=entry["changes"],
                    )
                )
    for kind, function in _timeline_sources.items():
        if kind in kinds:
            entries += function(record, user, limit)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def timeline_context(record, user, requested_kinds):
    """A record page's history and timeline, the history read once for both."""
    kinds = [kind for kind in requested_kinds if kind in TIMELINE_KINDS]
    history = change_history(record)
    return {
        "history": history,
        "timeline": timeline(record, user, kinds=kinds or None, history=history),
        "timeline_kinds": TIMELINE_KINDS,
        "timeline_selected": kinds,
    }


@dataclass
class Section:
    """A part a higher app adds to My day or the digest: its template and the template's
    context (as `panel`); in the digest also a few words for the subject (`summary`)."""

    template: str
    context: dict
    summary: str = ""
    # Comes before everything else: what is overdue (unanswered inquiries).
    heads: bool = False


# [function(user, today) -> Section | None]: what higher apps add to the daily digest.
_digest_sections = []


def register_digest_section(function):
    """Register `function(user, today)` returning a `Section` of the user's digest, or None
    when it has nothing to say. A higher app adds to the digest this way from its
    AppConfig.ready, as `core.views.extend_page` adds to record pages."""
    _digest_sections.append(function)
    return function


def digest_for(user, today=None):
    """What the user's morning e-mail says, or None when there is nothing to say."""
    tasks = list(open_tasks_due(user, today))
    projects = list(stale_projects(user))
    sections = [
        section
        for function in _digest_sections
        if (section := function(user, today or timezone.localdate()))
    ]
    if not tasks and not projects and not sections:
        return None
    today = today or timezone.localdate()
    return {
        "user": user,
        "today": today,
        "overdue": [task for task in tasks if task.due_on < today],
        "due_today": [task for task in tasks if task.due_on == today],
        "stale_projects": projects,
        "sections": sections,
        "base_url": settings.SITE_URL,
    }


def send_digest(user, today=None):
    """Send the user's daily digest; returns whether one was sent."""
    if not (user.is_active and user.receives_digest and user.email):
        return False
    context = digest_for(user, today)
    if context is None:
        return False
    with override(settings.LANGUAGE_CODE):
        tasks = len(context["overdue"]) + len(context["due_today"])
        projects = len(context["stale_projects"])
        # Only what there is: "0 tasks due" would be noise in an inbox.
        parts = []
        if tasks:
            parts.append(
                ngettext("%(count)d task due", "%(count)d tasks due", tasks) % {"count": tasks}
            )
        if projects:
            parts.append(
                ngettext("%(count)d stale project", "%(count)d stale projects", projects)
                % {"count": projects}
            )
        summaries = [section for section in context["sections"] if section.summary]
        parts = [
            *[str(section.summary) for section in summaries if section.heads],
            *parts,
            *[str(section.summary) for section in summaries if not section.heads],
        ]
        subject = _("pocketworld: %(summary)s") % {"summary": ", ".join(parts)}
        body = render_to_string("interactions/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
