from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.core import permissions
from pocketworld.core.pdf import pdf_download
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    redirect_to,
)
from pocketworld.events import documents, filtersets, forms, services, tables, tasks
from pocketworld.events.choices import MeetingStatus
from pocketworld.events.models import (
    Event,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    Participant,
    ProgrammeItem,
)
from pocketworld.interactions.views import calendar_response


class EventListView(ObjectListView):
    model = Event
    filterset_class = filtersets.EventFilterSet
    table_class = tables.EventTable

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .annotate(participant_count=Count("participants"))
        )


class EventDetailView(ObjectDetailView):
    model = Event

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "municipality", "origin_country", "leader")
            .prefetch_related("desks", "partners", "focus_areas", "tags")
        )

    def get_extra_context(self, request, instance):
        matchmaking = permissions.sees(request.user, Meeting)
        participants = Participant.objects.visible_to(request.user).filter(event=instance)
        return {
            "participants": participants.select_related("company", "person", "profile"),
            "programme": documents.programme_of(instance, request.user),
            "matchmaking": matchmaking,
            "results": services.results(instance) if matchmaking else None,
        }


class EventEditView(ObjectEditView):
    model = Event
    form_class = forms.EventForm


class EventDeleteView(ObjectDeleteView):
    model = Event


class ParticipantEditView(ObjectEditView):
    model = Participant
    form_class = forms.ParticipantForm


class ParticipantDeleteView(ObjectDeleteView):
    model = Participant
    parent_field = "event"


class ProgrammeItemEditView(ObjectEditView):
    model = ProgrammeItem
    form_class = forms.ProgrammeItemForm


class ProgrammeItemDeleteView(ObjectDeleteView):
    model = ProgrammeItem
    parent_field = "event"


@login_required
def profile_edit(request, pk):
    """A participant's matchmaking profile: what they offer and seek."""
    if not permissions.sees(request.user, MatchProfile):
        raise Http404
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("event"), pk=pk
    )
    if not permissions.may_change(request.user, participant):
        raise PermissionDenied(_("You may not change this record."))
    profile = MatchProfile.objects.filter(participant=participant).first() or MatchProfile(
        participant=participant
    )
    form = forms.MatchProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect_to(request, participant.event.get_absolute_url())
    return render(
        request,
        "events/profile_edit.html",
        {"form": form, "participant": participant, "event": participant.event},
    )


# --- matchmaking ------------------------------------------------------------------------


def event_for(request, pk, change=False):
    """The event if the user sees it (404 otherwise); with `change`, may change it (403)."""
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if change and not permissions.may_change(request.user, event):
        raise PermissionDenied(_("You may not change this record."))
    return event


def matchmaking_event_for(request, pk, change=False):
    """The event for its matchmaking, which is internal work (404 for whom may not see it)."""
    if not permissions.sees(request.user, MatchSuggestion):
        raise Http404
    return event_for(request, pk, change)


def matchmaking_context(request, event, **extra):
    suggestions = event.suggestions.select_related(
        "first__company", "first__person", "second__company", "second__person", "meeting"
    )
    meetings = list(
        # Through the policy: a confidential project a meeting led to comes withheld.
        event.meetings.visible_to(request.user)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(
            "suggestion__first__company",
            "suggestion__first__person",
            "suggestion__second__company",
            "suggestion__second__person",
            "project",
        )
    )
    by_place = {
        (meeting.slot, meeting.table): meeting
        for meeting in meetings
        if meeting.status == MeetingStatus.PLANNED
    }
    grid = [
        (
            slot,
            services.meeting_start(event, slot),
            slot in event.breaks,
            [by_place.get((slot, table)) for table in range(1, event.tables + 1)],
        )
        for slot in range(1, event.slots + 1)
    ]
    return {
        "event": event,
        "may_change": permissions.may_change(request.user, event),
        "suggestions": [
            (suggestion, [services.describe_reason(reason) for reason in suggestion.reasons])
            for suggestion in suggestions
        ],
        "grid": grid,
        "tables": range(1, event.tables + 1),
        "participants": Participant.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("company", "person"),
        "pair_form": forms.PairForm(event=event),
        "matchmaking_state": services.matchmaking_state(event),
        "results": services.results(event),
        "held": meetings,
        **extra,
    }


@login_required
def matchmaking(request, pk):
    """An event's suggestions, approved pairs, meeting plan and what came of it. Its htmx
    requests poll the state of the suggestions' run."""
    event = matchmaking_event_for(request, pk)
    if request.htmx and not request.htmx.boosted:
        return matchmaking_status(request, event)
    return render(request, "events/matchmaking.html", matchmaking_context(request, event))


def matchmaking_status(request, event):
    """The state of the suggestions' run while the worker has it; once it is over, the page
    is loaded again with the suggestions (or tells that the run failed)."""
    context = {"event": event, "matchmaking_state": services.matchmaking_state(event)}
    response = render(request, "events/partials/matchmaking_status.html", context)
    if not context["matchmaking_state"].in_progress:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def suggestions_compute(request, pk):
    """Have the background worker compute the suggestions; the page follows its run."""
    event = matchmaking_event_for(request, pk, change=True)
    if tasks.suggest_later(event) is None:
        messages.info(request, _("The suggestions are being computed already."))
    return redirect_to(request, reverse("events:matchmaking", args=[event.pk]))


@login_required
@require_POST
def suggestion_decide(request, pk):
    suggestion = get_object_or_404(
        MatchSuggestion.objects.visible_to(request.user).select_related("event"), pk=pk
    )
    if not permissions.may_change(request.user, suggestion.event):
        raise PermissionDenied(_("You may not change this record."))
    try:
        services.decide(suggestion, request.POST.get("status", ""), request.user)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return redirect_to(request, reverse("events:matchmaking", args=[suggestion.event_id]))


@login_required
@require_POST
def pair_add(request, pk):
    event = matchmaking_event_for(request, pk, change=True)
    form = forms.PairForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.add_pair(
                event, form.cleaned_data["first"], form.cleaned_data["second"], request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect_to(request, reverse("events:matchmaking", args=[event.pk]))
    context = matchmaking_context(request, event, pair_form=form)
    return render(request, "events/matchmaking.html", context, status=400)


@login_required
@require_POST
def meetings_plan(request, pk):
    """Plan the approved pairs; the page then lists the pairs left out and why."""
    event = matchmaking_event_for(request, pk, change=True)
    try:
        new, left_out, _optimal = services.plan_meetings(event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_to(request, reverse("events:matchmaking", args=[event.pk]))
    messages.success(request, _("%(count)d meetings planned.") % {"count": len(new)})
    context = matchmaking_context(request, event, left_out=left_out.items())
    return render(request, "events/matchmaking.html", context)


@login_required
@require_POST
def participant_cancel(request, pk):
    """The participant cancels: their meetings are cancelled, the freed places re-planned,
    nobody else's meeting moves."""
    participant = participant_for(request, pk)
    event = participant.event
    if not permissions.may_change(request.user, event):
        raise PermissionDenied(_("You may not change this record."))
    services.cancel_participation(participant)
    messages.success(request, _("%(participant)s cancelled.") % {"participant": participant})
    return redirect_to(request, reverse("events:matchmaking", args=[event.pk]))


def participant_for(request, pk):
    return get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("event", "company", "person"),
        pk=pk,
    )


def agenda_participant_for(request, pk):
    """A participant for their agenda of meetings, which are internal work."""
    if not permissions.sees(request.user, Meeting):
        raise Http404
    return participant_for(request, pk)


@login_required
def agenda(request, pk):
    participant = agenda_participant_for(request, pk)
    return render(request, "events/agenda.html", documents.agenda_context(participant))


@login_required
def agenda_pdf(request, pk):
    participant = agenda_participant_for(request, pk)
    language = request.GET.get("language") or get_language()[:2]
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    return pdf_download(documents.agenda_pdf(participant, language), f"agenda-{participant.pk}.pdf")


@login_required
def agenda_ics(request, pk):
    participant = agenda_participant_for(request, pk)
    return calendar_response(
        documents.agenda_calendar(participant), filename=f"agenda-{participant.pk}"
    )


@login_required
def programme(request, pk):
    event = event_for(request, pk)
    context = {
        "event": event,
        "programme": documents.programme_of(event, request.user),
    }
    return render(request, "events/programme.html", context)


@login_required
def programme_pdf(request, pk):
    event = event_for(request, pk)
    return pdf_download(
        documents.programme_pdf(event, get_language()[:2], request.user),
        f"programme-{event.pk}.pdf",
    )


@login_required
def programme_ics(request, pk):
    event = event_for(request, pk)
    return calendar_response(
        documents.programme_calendar(event, request.user), filename=f"programme-{event.pk}"
    )


@login_required
def meeting_outcome(request, pk):
    """After the event: what came of a meeting (an interaction; a lead, a project)."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(
            "event", "suggestion__first", "suggestion__second"
        ),
        pk=pk,
    )
    if not permissions.may_change(request.user, meeting.event):
        raise PermissionDenied(_("You may not change this record."))
    form = forms.OutcomeForm(
        request.POST or None,
        initial={"outcome": meeting.outcome, "note": meeting.outcome_note},
    )
    if request.method == "POST" and form.is_valid():
        services.record_outcome(
            meeting, form.cleaned_data["outcome"], form.cleaned_data["note"], request.user
        )
        return redirect_to(request, reverse("events:matchmaking", args=[meeting.event_id]))
    return render(request, "events/meeting_outcome.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def invitations_send(request, pk):
    """E-mail the invitations (with each one's agenda) in the background."""
    event = event_for(request, pk, change=True)
    participant_ids = list(services.invitees(event).values_list("pk", flat=True))
    transaction.on_commit(lambda: tasks.send_invitations.enqueue(participant_ids))
    messages.success(
        request,
        ngettext(
            "The invitation to %(count)d participant is being sent.",
            "The invitations to %(count)d participants are being sent.",
            len(participant_ids),
        )
        % {"count": len(participant_ids)},
    )
    return redirect_to(request, event.get_absolute_url())
