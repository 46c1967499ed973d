from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from pocketworld.accounts.models import CalendarToken
from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    extend_page,
    safe_next_url,
)
from pocketworld.desks.models import Desk
from pocketworld.interactions import calendars, filtersets, forms, tables
from pocketworld.interactions.choices import TaskStatus
from pocketworld.interactions.models import Interaction, Task
from pocketworld.interactions.services import aftercare_gaps, open_tasks_due, timeline_context
from pocketworld.projects.choices import OPEN_STAGES, Stage
from pocketworld.projects.models import Project

MY_DAY_ROWS = 15

# [function(request, today) -> services.Section | None]: panels higher apps add to My day.
_my_day_sections = []


def register_my_day_section(function):
    """Register `function(request, today)` returning a `Section`, a panel of My day, or None
    to leave it out. A higher app adds to My day this way from its AppConfig.ready, as
    `core.views.extend_page` adds to record pages."""
    _my_day_sections.append(function)
    return function


class InteractionListView(ObjectListView):
    model = Interaction
    filterset_class = filtersets.InteractionFilterSet
    table_class = tables.InteractionTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "desk")


class InteractionDetailView(ObjectDetailView):
    model = Interaction

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company", "project", "desk")
            .prefetch_related("team_members", "tags")
        )

    def get_extra_context(self, request, instance):
        return {
            "people": instance.people.visible_to(request.user),
            "follow_ups": instance.follow_ups.select_related("assignee"),
        }


class InteractionEditView(ObjectEditView):
    model = Interaction
    form_class = forms.InteractionForm

    def save_object(self, request, obj, form, creating):
        obj.save()
        form.save_m2m()
        if follow_up := form.follow_up():
            follow_up.interaction = obj
            follow_up.full_clean()
            follow_up.save()


class InteractionDeleteView(ObjectDeleteView):
    model = Interaction


class TaskListView(ObjectListView):
    model = Task
    filterset_class = filtersets.TaskFilterSet
    table_class = tables.TaskTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee", "company")

    def get_extra_context(self, request):
        return {"extra_exports": [(_("Export iCalendar"), reverse("interactions:task_calendar"))]}


class TaskDetailView(ObjectDetailView):
    model = Task

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("assignee", "company", "project", "interaction", "desk")
            .prefetch_related("tags")
        )


class TaskEditView(ObjectEditView):
    model = Task
    form_class = forms.TaskForm


class TaskDeleteView(ObjectDeleteView):
    model = Task


@require_POST
@login_required
def task_complete(request, pk):
    """Tick a task off (from "My day" or the task's page)."""
    task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
    if not (task.assignee_id == request.user.pk or permissions.may_change(request.user, task)):
        raise PermissionDenied(_("You may not change this task."))
    task.status = TaskStatus.DONE
    # Only what ticking off changes: a task about a confidential project reaches its
    # assignee with fields withheld, which must stay as they are.
    task.save(update_fields=["status", "completed_at", "last_updated"])
    if request.htmx:
        return render(request, "interactions/partials/task_done.html", {"task": task})
    return HttpResponseRedirect(safe_next_url(request, task.get_absolute_url()))


@login_required
def my_day(request):
    """The start page: my due tasks, my projects by stage, my desks' recent activity and
    their aftercare gaps."""
    user = request.user
    today = timezone.localdate()
    desk_ids = list(permissions.desk_roles(user))
    desk_companies = Company.objects.visible_to(user).filter(desk__in=desk_ids)
    my_projects = Project.objects.visible_to(user).filter(
        Q(owner=user) | Q(team=user), stage__in=[*OPEN_STAGES, Stage.ON_HOLD]
    )
    counts = dict(
        my_projects.values_list("stage").annotate(count=Count("pk", distinct=True)).order_by()
    )
    gap_ids = list(aftercare_gaps(desk_companies, today).values_list("pk", flat=True))
    desks = list(Desk.objects.visible_to(user).annotate(company_count=Count("companies")))
    context = {
        "today": today,
        "tasks": list(open_tasks_due(user, today)[:50]),
        "upcoming_tasks": Task.objects.visible_to(user)
        .filter(assignee=user, status=TaskStatus.OPEN, due_on__gt=today)
        .select_related("company", "project")[:MY_DAY_ROWS],
        "project_stages": [
            (stage, stage.label, counts.get(stage, 0)) for stage in [*OPEN_STAGES, Stage.ON_HOLD]
        ],
        "projects": my_projects.select_related("company")
        .order_by("stage_changed_at")
        .distinct()[:MY_DAY_ROWS],
        "recent": Interaction.objects.visible_to(user)
        .filter(desk__in=desk_ids)
        .select_related("company", "desk")
        .order_by("-occurred_on", "-pk")[:MY_DAY_ROWS],
        # One pass over the desks' companies gives the count and the first, which are then
        # read again alone (a second pass over 12,000 companies took 16 ms).
        "gaps": aftercare_gaps(Company.objects.filter(pk__in=gap_ids[:MY_DAY_ROWS]), today),
        "gap_count": len(gap_ids),
        "own_desks": [desk for desk in desks if desk.pk in desk_ids],
        "other_desks": [desk for desk in desks if desk.pk not in desk_ids],
        "sections": [
            section for function in _my_day_sections if (section := function(request, today))
        ],
    }
    return render(request, "interactions/my_day.html", context)


def calendar_response(calendar, filename=None):
    """The calendar as an .ics file; with `filename`, as a download."""
    response = HttpResponse(calendar.to_ical(), content_type=calendars.CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{filename}.ics"
        )
    return response


@login_required
def task_calendar(request):
    """The tasks the task list shows with the same filters, as one .ics file."""
    filterset = filtersets.TaskFilterSet(
        request.GET, queryset=Task.objects.visible_to(request.user), request=request
    )
    tasks = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    calendar = calendars.calendar(_("pocketworld: tasks"), tasks=tasks.select_related("company"))
    return calendar_response(calendar, filename="tasks")


@login_required
def my_calendar(request):
    """The user's open tasks and recent and coming meetings as one .ics file."""
    return calendar_response(calendars.user_calendar(request.user), filename="calendar")


@require_safe
@never_cache
def calendar_feed(request, key):
    """What `my_calendar` gives, for calendar apps that subscribe with the secret URL
    instead of a session; an unknown or reset key is a 404."""
    user = CalendarToken.owner(key)
    if user is None:
        raise Http404
    return calendar_response(calendars.user_calendar(user))


@extend_page(Company, "detail")
@extend_page(Project, "detail")
def record_timeline(request, record):
    """A company's or project's page shows its timeline of interactions, tasks and changes."""
    return timeline_context(record, request.user, request.GET.getlist("kind"))
