"""The staff's side of inquiries: the list and spam folder, an inquiry's page with its
clock, replies and triage, and what inquiries add to My day, the digest and timelines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.views import ObjectDeleteView, ObjectDetailView, ObjectListView, redirect_to
from pocketworld.inquiries import filtersets, forms, services, tables
from pocketworld.inquiries.choices import Status
from pocketworld.inquiries.clock import working_hours_between
from pocketworld.inquiries.models import Attachment, Inquiry
from pocketworld.interactions.services import (
    Section,
    TimelineEntry,
    register_digest_section,
    register_timeline_kind,
)
from pocketworld.interactions.views import register_my_day_section
from pocketworld.projects.models import Project

MY_DAY_ROWS = 15


class InquiryListView(ObjectListView):
    template_name = "inquiries/object_list.html"
    model = Inquiry
    filterset_class = filtersets.InquiryFilterSet
    table_class = tables.InquiryTable

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("country", "desk")
        # The spam folder is a list of its own: asked for by its status alone.
        if Status.SPAM not in request.GET.getlist("status"):
            queryset = queryset.exclude(status=Status.SPAM)
        return queryset

    def get_extra_context(self, request):
        spam = Inquiry.objects.visible_to(request.user).filter(status=Status.SPAM)
        # Inquiries come through the public form and the API, nobody adds one by hand.
        return {"may_create": False, "spam_count": spam.count()}


class InquiryDetailView(ObjectDetailView):
    model = Inquiry

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "desk", "company", "person", "project", "partner")
        )

    def get_extra_context(self, request, instance):
        user = request.user
        may_change = permissions.may_change(user, instance)
        context = {
            # Nobody edits an inquiry: staff act on it (reply, triage) instead.
            "may_change": False,
            "may_work": may_change,
            "replies": instance.replies.select_related("sent_by"),
            "events": instance.events.select_related("by"),
            "attachment": Attachment.objects.filter(inquiry=instance)
            .only("pk", "name", "size", "content_type")
            .first(),
            "may_reassign": services.may_reassign(user, instance),
            "elapsed_hours": working_hours_between(
                instance.clock_started_at, instance.first_response_at or timezone.now()
            ),
        }
        if may_change and not instance.outcome and instance.status != Status.SPAM:
            context |= {
                "reply_form": forms.ReplyForm(),
                "record_form": forms.RecordReplyForm(),
                # Each form its own ids: five of them have a note.
                "lead_form": forms.LeadForm(
                    auto_id="id_lead_%s",
                    initial={
                        "title": instance.company_name,
                        "kind": services.PROJECT_KIND.get(instance.plan, "new_settlement"),
                    },
                ),
                "programme_form": forms.ProgrammeForm(user=user, auto_id="id_programme_%s"),
                "event_form": forms.EventForm(user=user, auto_id="id_event_%s"),
                "forward_form": forms.ForwardForm(user=user, auto_id="id_forward_%s"),
                "close_form": forms.CloseForm(auto_id="id_close_%s"),
                "known_companies": services.known_companies(instance, user),
            }
            context["people_by_email"], context["known_people"] = services.known_people(
                instance, user
            )
        elif may_change and instance.status != Status.SPAM:
            context["reply_form"] = forms.ReplyForm()
            context["record_form"] = forms.RecordReplyForm()
        if context["may_reassign"]:
            context["reassign_form"] = forms.ReassignForm()
        return context


class InquiryDeleteView(ObjectDeleteView):
    model = Inquiry


def inquiry_of(request, pk):
    inquiry = get_object_or_404(Inquiry.objects.visible_to(request.user), pk=pk)
    if not permissions.may_change(request.user, inquiry):
        raise PermissionDenied(_("You may not work on this inquiry."))
    return inquiry


def act(request, inquiry, action, success):
    """Run `action`; a refusal it raises is shown as a message on the inquiry's page."""
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect_to(request, inquiry.get_absolute_url())


def invalid(request, inquiry, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect_to(request, inquiry.get_absolute_url())


@login_required
@require_POST
def inquiry_reply(request, pk):
    inquiry = inquiry_of(request, pk)
    form = forms.ReplyForm(request.POST)
    if not form.is_valid():
        return invalid(request, inquiry, form)
    data = form.cleaned_data
    return act(
        request,
        inquiry,
        lambda: services.reply(inquiry, request.user, "email", data["subject"], data["body"]),
        _("The reply is being sent to %(email)s.") % {"email": inquiry.email},
    )


@login_required
@require_POST
def inquiry_record_reply(request, pk):
    inquiry = inquiry_of(request, pk)
    form = forms.RecordReplyForm(request.POST)
    if not form.is_valid():
        return invalid(request, inquiry, form)
    return act(
        request,
        inquiry,
        lambda: services.reply(inquiry, request.user, form.cleaned_data["channel"]),
        _("The reply is recorded."),
    )


@login_required
@require_POST
def inquiry_reassign(request, pk):
    inquiry = get_object_or_404(Inquiry.objects.visible_to(request.user), pk=pk)
    if not services.may_reassign(request.user, inquiry):
        raise PermissionDenied(_("Only the head of the inquiry's desk may reassign it."))
    form = forms.ReassignForm(request.POST)
    if not form.is_valid():
        return invalid(request, inquiry, form)
    desk = form.cleaned_data["desk"]
    return act(
        request,
        inquiry,
        lambda: services.reassign(inquiry, request.user, desk, form.cleaned_data["note"]),
        _("The inquiry is now with the %(desk)s desk.") % {"desk": desk},
    )


@login_required
@require_POST
def inquiry_link(request, pk):
    """Say the inquiry is from a company or person pocketworld knows."""
    inquiry = inquiry_of(request, pk)
    company = person = None
    if company_id := request.POST.get("company"):
        company = get_object_or_404(Company.objects.visible_to(request.user), pk=company_id)
    if person_id := request.POST.get("person"):
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    if company is None and person is None:
        messages.error(request, _("Choose a company or a person."))
        return redirect_to(request, inquiry.get_absolute_url())
    return act(
        request,
        inquiry,
        lambda: services.link(inquiry, request.user, company=company, person=person),
        _("Linked."),
    )


def outcome_view(form_class, run, success, needs_user=True):
    @login_required
    @require_POST
    def view(request, pk):
        inquiry = inquiry_of(request, pk)
        form = (
            form_class(request.POST, user=request.user) if needs_user else form_class(request.POST)
        )
        if not form.is_valid():
            return invalid(request, inquiry, form)
        return act(request, inquiry, lambda: run(inquiry, request.user, form.cleaned_data), success)

    return view


inquiry_lead = outcome_view(
    forms.LeadForm,
    lambda inquiry, user, data: services.turn_into_lead(
        inquiry, user, data["title"], data["kind"], data["note"]
    ),
    gettext_lazy("The inquiry is now a lead project."),
    needs_user=False,
)
inquiry_programme = outcome_view(
    forms.ProgrammeForm,
    lambda inquiry, user, data: services.add_to_programme(
        inquiry, user, data["cohort"], data["note"]
    ),
    gettext_lazy("The company has applied to the programme."),
)
inquiry_event = outcome_view(
    forms.EventForm,
    lambda inquiry, user, data: services.add_to_event(
        inquiry, user, data["event"], data["role"], data["note"]
    ),
    gettext_lazy("The inquirer is registered for the event."),
)
inquiry_forward = outcome_view(
    forms.ForwardForm,
    lambda inquiry, user, data: services.forward(inquiry, user, data["partner"], data["note"]),
    gettext_lazy("The inquiry is forwarded."),
)
inquiry_close = outcome_view(
    forms.CloseForm,
    lambda inquiry, user, data: services.close(inquiry, user, data["reason"], data["note"]),
    gettext_lazy("The inquiry is closed."),
    needs_user=False,
)


@login_required
@require_POST
def inquiry_release(request, pk):
    inquiry = inquiry_of(request, pk)
    return act(
        request,
        inquiry,
        lambda: services.release(inquiry, request.user),
        _("The inquiry is out of the spam folder and confirmed to the inquirer."),
    )


@login_required
@require_safe
def inquiry_attachment(request, pk):
    """The inquirer's file, as a download: never shown inline, whatever it claims to be."""
    inquiry = get_object_or_404(Inquiry.objects.visible_to(request.user), pk=pk)
    attachment = Attachment.objects.visible_to(request.user).filter(inquiry=inquiry).first()
    if attachment is None:
        raise Http404
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.name
    )
    return response


# --- on other pages ---------------------------------------------------------------------------


def awaiting_reply(user):
    """The inquiries of the user's desks awaiting their first reply, the longest waiting
    first; for directors, every desk's."""
    if not permissions.sees(user, Inquiry):
        return None
    inquiries = Inquiry.objects.visible_to(user).awaiting_reply()
    if not permissions.sees_and_changes_everything(user):
        inquiries = inquiries.filter(
            Q(desk__in=list(permissions.desk_roles(user))) | Q(desk__isnull=True)
        )
    return inquiries.select_related("country", "desk").order_by("due_at", "pk")


@register_my_day_section
def my_day_inquiries(request, today):
    inquiries = awaiting_reply(request.user)
    if inquiries is None:
        return None
    shown = list(inquiries[:MY_DAY_ROWS])
    if not shown:
        return None
    now = timezone.now()
    for inquiry in shown:
        inquiry.hours_left = working_hours_between(now, inquiry.due_at)
        inquiry.hours_over = working_hours_between(inquiry.due_at, now)
    overdue = [inquiry for inquiry in shown if inquiry.due_at < now]
    return Section(
        "inquiries/my_day.html",
        {"inquiries": shown, "overdue": len(overdue), "total": inquiries.count()},
        heads=bool(overdue),
    )


@register_digest_section
def digest_inquiries(user, today):
    inquiries = awaiting_reply(user)
    if inquiries is None:
        return None
    shown = list(inquiries[:MY_DAY_ROWS])
    if not shown:
        return None
    overdue = sum(inquiry.is_overdue for inquiry in shown)
    if overdue:
        summary = ngettext("%(count)d inquiry overdue", "%(count)d inquiries overdue", overdue) % {
            "count": overdue
        }
    else:
        summary = ngettext(
            "%(count)d inquiry to answer", "%(count)d inquiries to answer", len(shown)
        ) % {"count": len(shown)}
    return Section(
        "inquiries/digest.txt", {"inquiries": shown}, summary=summary, heads=bool(overdue)
    )


def inquiry_timeline(record, user, limit):
    """An inquiry on the timeline of its company or lead project: when it came and what
    became of it."""
    if not permissions.sees(user, Inquiry):
        return []
    if isinstance(record, Company):
        inquiries = Inquiry.objects.filter(company=record)
    elif isinstance(record, Project):
        inquiries = Inquiry.objects.filter(project=record)
    else:
        return []
    entries = []
    for inquiry in inquiries.visible_to(user).order_by("-received_at")[:limit]:
        entries.append(
            TimelineEntry(
                "inquiry",
                inquiry.received_at,
                _("Inquiry %(reference)s received") % {"reference": inquiry.reference},
                inquiry.get_absolute_url(),
                inquiry.message[:200],
            )
        )
        if inquiry.outcome:
            entries.append(
                TimelineEntry(
                    "inquiry",
                    inquiry.outcome_at,
                    _("Inquiry %(reference)s: %(outcome)s")
                    % {"reference": inquiry.reference, "outcome": inquiry.get_outcome_display()},
                    inquiry.get_absolute_url(),
                    inquiry.outcome_note,
                )
            )
    return entries


register_timeline_kind(
    "inquiry", gettext_lazy("inquiries"), gettext_lazy("inquiry"), inquiry_timeline
)
