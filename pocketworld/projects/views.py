from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    safe_next_url,
)
from pocketworld.desks.models import Desk
from pocketworld.projects import filtersets, forms, tables
from pocketworld.projects.choices import OPEN_STAGES, Stage
from pocketworld.projects.models import AccessLogEntry, Project
from pocketworld.projects.services import (
    create_project,
    cycle_time,
    funnel,
    move_stage,
    record_confidentiality,
)

# Won and lost projects stay on the board this long; the list shows them all.
BOARD_CLOSED_DAYS = 90
BOARD_CARDS_PER_COLUMN = 20
BOARD_STAGES = [*OPEN_STAGES, Stage.ON_HOLD, Stage.WON, Stage.LOST]
# The newest entries of a confidential project's access log on its page.
ACCESS_LOG_ROWS = 50


class ProjectListView(ObjectListView):
    model = Project
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable

    def get_queryset(self, request):
        # The company's country too: a project withheld from the reader shows it.
        return super().get_queryset(request).select_related("company__country", "desk", "owner")


class ProjectDetailView(ObjectDetailView):
    model = Project

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "company",
                "desk",
                "owner",
                "origin_country",
                "origin_municipality",
                "destination_municipality",
            )
            .prefetch_related("team", "partners", "focus_areas", "tags")
        )

    def get_extra_context(self, request, instance):
        access_log = AccessLogEntry.objects.visible_to(request.user).filter(project=instance)
        return {
            "stage_changes": instance.stage_changes.select_related("changed_by"),
            "move_form": forms.StageMoveForm(project=instance),
            # Its owner's and the directors' (the policy's `readers`): empty for the others.
            "access_log": list(access_log.select_related("user")[:ACCESS_LOG_ROWS]),
        }


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = forms.ProjectForm

    def save_object(self, request, obj, form, creating):
        if creating:
            create_project(obj, request.user)
        else:
            obj.save()
            record_confidentiality(obj, request.user, form.initial.get("confidential", False))
        form.save_m2m()


class ProjectDeleteView(ObjectDeleteView):
    model = Project


def board_context(user, query):
    """The board's columns for the chosen desk (or all), each with its count and cards."""
    projects = Project.objects.visible_to(user)
    desks = Desk.objects.visible_to(user)
    desk = None
    if desk_id := query.get("desk"):
        desk = get_object_or_404(desks, pk=desk_id) if desk_id.isdigit() else None
        if desk is None:
            raise PermissionDenied(_("Unknown desk."))
        projects = projects.filter(desk=desk)
    since = timezone.now() - timezone.timedelta(days=BOARD_CLOSED_DAYS)
    on_board = projects.exclude(stage__in=[Stage.WON, Stage.LOST], stage_changed_at__lt=since)
    counts = dict(on_board.values_list("stage").annotate(count=Count("pk")).order_by())
    columns = []
    for stage in BOARD_STAGES:
        cards = (
            on_board.filter(stage=stage)
            .select_related("company", "owner")
            .order_by("stage_changed_at")[:BOARD_CARDS_PER_COLUMN]
        )
        columns.append(
            {"stage": stage, "label": stage.label, "count": counts.get(stage, 0), "cards": cards}
        )
    year_ago = timezone.now() - timezone.timedelta(days=365)
    return {
        "funnel": [
            (Stage(stage).label, count) for stage, count in funnel(projects, since=year_ago).items()
        ],
        "median_cycle_days": cycle_time(projects, since=year_ago).median_days,
        "columns": columns,
        "desks": desks,
        "desk": desk,
        "board_url": reverse("projects:project_board") + (f"?{query.urlencode()}" if query else ""),
        "closed_days": BOARD_CLOSED_DAYS,
        "cards_per_column": BOARD_CARDS_PER_COLUMN,
    }


@login_required
def project_board(request):
    context = board_context(request.user, request.GET)
    if request.htmx and not request.htmx.boosted:
        return render(request, "projects/partials/board.html", context)
    return render(request, "projects/project_board.html", context)


@login_required
def project_move(request, pk):
    """Move a project to another stage: from the board (htmx) or the project's move form."""
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    permissions.refuse_withheld(request.user, project, via="page")
    if not permissions.may_change(request.user, project):
        raise PermissionDenied(_("You may not change this project."))
    move_url = reverse("projects:project_move", args=[project.pk])
    if request.method != "POST":
        form = forms.StageMoveForm(project=project, initial={"stage": request.GET.get("stage")})
        return render(request, "projects/project_move.html", {"object": project, "form": form})
    form = forms.StageMoveForm(request.POST, project=project)
    if form.is_valid():
        try:
            move_stage(
                project,
                form.cleaned_data["stage"],
                request.user,
                note=form.cleaned_data["note"],
                **form.move_values(),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
    if form.is_valid():
        if request.htmx and request.POST.get("board_url") is not None:
            board_url = request.POST["board_url"]
            query = QueryDict(board_url.split("?", 1)[1] if "?" in board_url else "")
            return render(
                request, "projects/partials/board.html", board_context(request.user, query)
            )
        return HttpResponseRedirect(safe_next_url(request, project.get_absolute_url()))
    if request.htmx:
        # The stage needs more than a drop: the reason for a loss, the realised figures.
        stage = request.POST.get("stage", "")
        return HttpResponseClientRedirect(f"{move_url}?stage={stage}")
    return render(request, "projects/project_move.html", {"object": project, "form": form})
