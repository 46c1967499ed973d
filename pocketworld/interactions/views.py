from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    safe_next_url,
)
from pocketworld.desks.models import Desk
from pocketworld.interactions import filtersets, forms, tables
from pocketworld.interactions.choices import TaskStatus
from pocketworld.interactions.models import Interaction, Task
from pocketworld.interactions.services import aftercare_gaps, open_tasks_due
from pocketworld.projects.choices import OPEN_STAGES, Stage
from pocketworld.projects.models import Project

MY_DAY_ROWS = 15


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
    task.save()
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
    gaps = aftercare_gaps(desk_companies, today)
    desks = list(Desk.objects.visible_to(user).annotate(company_count=Count("companies")))
    context = {
        "today": today,
        "tasks": list(open_tasks_due(user, today)[:50]),
        "upcoming_tasks": Task.objects.filter(
            assignee=user, status=TaskStatus.OPEN, due_on__gt=today
        ).select_related("company", "project")[:MY_DAY_ROWS],
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
        "gaps": gaps[:MY_DAY_ROWS],
        "gap_count": gaps.count(),
        "own_desks": [desk for desk in desks if desk.pk in desk_ids],
        "other_desks": [desk for desk in desks if desk.pk not in desk_ids],
    }
    return render(request, "interactions/my_day.html", context)
