"""The staff's forms on an inquiry: reply, reassign, and the triage outcomes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.models import PartnerOrganisation
from pocketworld.desks.models import Desk
from pocketworld.events.choices import ParticipantRole
from pocketworld.events.models import Event
from pocketworld.inquiries.choices import CloseReason, ReplyChannel
from pocketworld.programmes.choices import ProgrammeKind
from pocketworld.programmes.models import Cohort, Programme
from pocketworld.projects.choices import ProjectKind

NOTE = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReplyForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class RecordReplyForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Answered by"),
        choices=[choice for choice in ReplyChannel.choices if choice[0] != ReplyChannel.EMAIL],
    )


class ReassignForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.all())
    note = NOTE


class LeadForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    note = NOTE


class ProgrammeForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    note = NOTE

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A start-up takes a place as a company; skilled workers come through colleges.
        programmes = Programme.objects.editable_by(user).filter(
            kind__in=[ProgrammeKind.STARTUP_ACCELERATION, ProgrammeKind.SOFT_LANDING]
        )
        self.fields["cohort"].queryset = Cohort.objects.filter(
            programme__in=programmes
        ).select_related("programme")


class EventForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial="visitor")
    note = NOTE

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.editable_by(user)


class ForwardForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=PartnerOrganisation.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganisation.objects.visible_to(user)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=CloseReason.choices)
    note = NOTE
