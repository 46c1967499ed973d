from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.models import Country, Occupation
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    extend_page,
    redirect_to,
)
from pocketworld.programmes import filtersets, forms, tables
from pocketworld.programmes.choices import GoalMeasure, ProgrammeKind
from pocketworld.programmes.models import (
    Candidate,
    Cohort,
    College,
    Course,
    Goal,
    Membership,
    Milestone,
    OpenPosition,
    Placement,
    Programme,
)
from pocketworld.programmes.services import (
    SEEKING,
    CandidateFigures,
    StartupFigures,
    candidate_figures,
    candidates_for,
    enrol,
    join_matchmaking,
    keep_on_consent,
    matches_of,
    move_candidate,
    move_membership,
    nominate,
    open_places,
    positions_for,
    startup_figures,
)

# The start-ups or candidates a programme's page lists, those that moved last first; its
# lists show them all.
SHOWN_ON_THE_PAGE = 20
# Programmes whose cohorts are of skilled workers, not of start-ups.
WORKER_KINDS = (ProgrammeKind.SKILLED_WORKERS, ProgrammeKind.TRAINEE_EXCHANGE)


class ProgrammeListView(ObjectListView):
    template_name = "programmes/object_list.html"
    model = Programme
    filterset_class = filtersets.ProgrammeFilterSet
    table_class = tables.ProgrammeTable

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cohort_count=Count("cohorts"))


class ProgrammeDetailView(ObjectDetailView):
    model = Programme

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("desks", "partners", "focus_areas")

    def get_extra_context(self, request, instance):
        user = request.user
        memberships = Membership.objects.visible_to(user).filter(cohort__programme=instance)
        candidates = Candidate.objects.visible_to(user).filter(cohort__programme=instance)
        startups = startup_figures(memberships)
        workers = candidate_figures(candidates)
        cohorts = list(
            Cohort.objects.visible_to(user).filter(programme=instance).select_related("event")
        )
        total, total_workers = StartupFigures(), CandidateFigures()
        for cohort in cohorts:
            cohort.figures = startups.get(cohort.pk, StartupFigures())
            cohort.worker_figures = workers.get(cohort.pk, CandidateFigures())
            total.add(cohort.figures)
            total_workers.add(cohort.worker_figures)
        # In the order of the measures: from applications to those still employed.
        goals = sorted(
            Goal.objects.visible_to(user).filter(programme=instance),
            key=lambda goal: GoalMeasure.values.index(goal.measure),
        )
        for goal in goals:
            reached = total.for_goal(goal.measure)
            goal.reached = reached if reached is not None else total_workers.for_goal(goal.measure)
        has_workers = instance.kind in WORKER_KINDS
        return {
            "cohorts": cohorts,
            "cohort_hidden": permissions.hidden_fields(user, Cohort),
            "goals": goals,
            # Start-ups are the desks' internal work: not shown to partner viewers.
            "sees_startups": permissions.sees(user, Membership) and not has_workers,
            "figures": total,
            "memberships": memberships.select_related("company", "cohort").order_by(
                "-stage_changed_on", "pk"
            )[:SHOWN_ON_THE_PAGE],
            "membership_count": sum(figure.applications for figure in startups.values()),
            # Candidates: for the programme's desks, directors and administrators alone.
            "sees_candidates": has_workers and permissions.may_change(user, instance),
            "worker_figures": total_workers,
            "by_occupation": figures_by(candidates, "occupation", Occupation),
            "by_country": figures_by(candidates, "country", Country),
            "candidates": candidates.select_related("person", "cohort", "occupation").order_by(
                "-stage_changed_on", "pk"
            )[:SHOWN_ON_THE_PAGE],
            "candidate_count": total_workers.nominated,
        }


def figures_by(candidates, field, model):
    """[(record, CandidateFigures)] of the candidates grouped by `field`, the largest
    group first."""
    figures = candidate_figures(candidates, by=field)
    records = model.objects.in_bulk(list(figures))
    return sorted(
        ((records[pk], figures[pk]) for pk in figures),
        key=lambda pair: (-pair[1].nominated, str(pair[0])),
    )


class ProgrammeEditView(ObjectEditView):
    model = Programme
    form_class = forms.ProgrammeForm


class ProgrammeDeleteView(ObjectDeleteView):
    model = Programme


class CohortEditView(ObjectEditView):
    model = Cohort
    form_class = forms.CohortForm


class CohortDeleteView(ObjectDeleteView):
    model = Cohort
    parent_field = "programme"


class GoalEditView(ObjectEditView):
    model = Goal
    form_class = forms.GoalForm


class GoalDeleteView(ObjectDeleteView):
    model = Goal
    parent_field = "programme"


@login_required
@require_POST
def cohort_join_matchmaking(request, pk):
    """Register the cohort's start-ups at its matchmaking event."""
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)
    if not permissions.may_change(request.user, cohort):
        raise PermissionDenied(_("You may not change this cohort."))
    try:
        added = join_matchmaking(cohort, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)d start-ups of %(cohort)s now take part in %(event)s.")
            % {"count": added, "cohort": cohort, "event": cohort.event},
        )
    return redirect_to(request, cohort.get_absolute_url())


class MembershipListView(ObjectListView):
    template_name = "programmes/object_list.html"
    model = Membership
    filterset_class = filtersets.MembershipFilterSet
    table_class = tables.MembershipTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "cohort__programme")


class MembershipDetailView(ObjectDetailView):
    model = Membership

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company__country", "cohort__programme", "cohort__event", "project")
            .prefetch_related(
                Prefetch("mentors"),
                Prefetch("corporate_partners", queryset=Company.objects.only("pk", "legal_name")),
            )
        )

    def get_extra_context(self, request, instance):
        user = request.user
        return {
            "moves": instance.moves.visible_to(user).select_related("moved_by"),
            "milestones": instance.milestones.visible_to(user),
            "move_form": forms.MembershipMoveForm(record=instance, user=user),
            "matches": matches_of(instance, user),
            "may_read_people": permissions.may_read_personal_data(user),
            "project_visible": instance.project_id is not None
            and permissions.may_view(user, instance.project),
        }


class MembershipEditView(ObjectEditView):
    model = Membership
    form_class = forms.MembershipForm

    def save_object(self, request, obj, form, creating):
        if creating:
            enrol(obj, request.user)
        else:
            obj.save()
        form.save_m2m()


class MembershipDeleteView(ObjectDeleteView):
    model = Membership
    parent_field = "cohort"


def move_page(request, record, form_class, move):
    """The page that moves `record` (a start-up in a cohort, a candidate) to another stage:
    its form, and on POST the move through the service `move`, each error at its field."""
    template = f"programmes/{record._meta.model_name}_move.html"
    if request.method != "POST":
        initial = {"stage": request.GET.get("stage")}
        form = form_class(record=record, user=request.user, initial=initial)
        return render(request, template, {"object": record, "form": form})
    form = form_class(request.POST, record=record, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            move(
                record,
                data["stage"],
                request.user,
                on=data["moved_on"],
                note=data["note"],
                **form.move_values(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if form.is_valid():
        return redirect_to(request, record.get_absolute_url())
    return render(request, template, {"object": record, "form": form})


@login_required
def membership_move(request, pk):
    """Move a start-up to another stage, with the day and what the stage needs."""
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("cohort", "company"), pk=pk
    )
    if not permissions.may_change(request.user, membership):
        raise PermissionDenied(_("You may not change this start-up's way through the cohort."))
    return move_page(request, membership, forms.MembershipMoveForm, move_membership)


class MilestoneEditView(ObjectEditView):
    model = Milestone
    form_class = forms.MilestoneForm


class MilestoneDeleteView(ObjectDeleteView):
    model = Milestone
    parent_field = "membership"


@extend_page(Company, "detail")
def company_programmes(request, company):
    """A company's way through the programmes' cohorts, on its page (for those who see
    the desks' internal work)."""
    if not permissions.sees(request.user, Membership):
        return {}
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(company=company)
        .select_related("cohort__programme")
    )
    return {"programme_memberships": memberships}


# --- skilled workers ----------------------------------------------------------------------


class CollegeListView(ObjectListView):
    template_name = "programmes/object_list.html"
    model = College
    filterset_class = filtersets.CollegeFilterSet
    table_class = tables.CollegeTable

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("partner__country")
            .annotate(course_count=Count("courses"))
        )


class CollegeDetailView(ObjectDetailView):
    model = College

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("partner__country")
            .prefetch_related("partner_colleges__partner")
        )

    def get_extra_context(self, request, instance):
        return {"courses": instance.courses.visible_to(request.user).select_related("occupation")}


class CollegeEditView(ObjectEditView):
    model = College
    form_class = forms.CollegeForm


class CollegeDeleteView(ObjectDeleteView):
    model = College


class CourseEditView(ObjectEditView):
    model = Course
    form_class = forms.CourseForm


class CourseDeleteView(ObjectDeleteView):
    model = Course
    parent_field = "college"


class OpenPositionListView(ObjectListView):
    template_name = "programmes/object_list.html"
    model = OpenPosition
    filterset_class = filtersets.OpenPositionFilterSet
    table_class = tables.OpenPositionTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "occupation")


class OpenPositionDetailView(ObjectDetailView):
    model = OpenPosition

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "occupation", "programme")

    def get_extra_context(self, request, instance):
        candidates = Candidate.objects.visible_to(request.user)
        return {
            "open_places": open_places(instance),
            "placements": Placement.objects.visible_to(request.user)
            .filter(position=instance)
            .select_related("candidate__person"),
            # Only the desks of a skilled-worker programme see its candidates.
            "matches": candidates_for(instance, candidates)
            if permissions.sees(request.user, Candidate)
            else [],
        }


class OpenPositionEditView(ObjectEditView):
    model = OpenPosition
    form_class = forms.OpenPositionForm


class OpenPositionDeleteView(ObjectDeleteView):
    model = OpenPosition


class CandidateListView(ObjectListView):
    template_name = "programmes/object_list.html"
    model = Candidate
    filterset_class = filtersets.CandidateFilterSet
    table_class = tables.CandidateTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "cohort", "occupation")


class CandidateDetailView(ObjectDetailView):
    model = Candidate

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "person",
                "cohort__programme",
                "college__partner",
                "course",
                "occupation",
                "country",
                "position__company",
                "placement__position__company",
            )  # fmt: skip
        )

    def get_extra_context(self, request, instance):
        user = request.user
        placement = getattr(instance, "placement", None)
        seeking = instance.stage in SEEKING
        return {
            "moves": instance.moves.visible_to(user).select_related("moved_by"),
            "move_form": forms.CandidateMoveForm(record=instance, user=user),
            "placement": placement,
            "matches": positions_for(instance, OpenPosition.objects.visible_to(user))
            if seeking
            else [],
        }


class CandidateEditView(ObjectEditView):
    model = Candidate
    form_class = forms.CandidateForm

    def save_object(self, request, obj, form, creating):
        person = form.person
        if creating:
            nominate(obj, person, request.user)
        else:
            keep_on_consent(person, obj.cohort.programme)
            obj.save()
        form.save_m2m()


class CandidateDeleteView(ObjectDeleteView):
    model = Candidate
    parent_field = "cohort"


@login_required
def candidate_move(request, pk):
    """Move a candidate to another stage, with the day and what the stage needs."""
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("person", "cohort"), pk=pk
    )
    if not permissions.may_change(request.user, candidate):
        raise PermissionDenied(_("You may not change this candidate's way."))
    return move_page(request, candidate, forms.CandidateMoveForm, move_candidate)


class PlacementEditView(ObjectEditView):
    """The follow-ups of a placement; placements are made by placing a candidate."""

    model = Placement
    form_class = forms.PlacementForm

    def get_instance(self, request, pk):
        if pk is None:
            raise PermissionDenied(_("A placement is made by placing a candidate."))
        return super().get_instance(request, pk)
