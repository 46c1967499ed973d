from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.events.choices import MeetingOutcome
from pocketworld.events.models import Event, MatchProfile, Participant, ProgrammeItem

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MOMENT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SlotListField(forms.CharField):
    """Slots of a matchmaking day written as "6, 12" (from 1), kept as a list of numbers."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(slot) for slot in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        slots = []
        for part in text.replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                slots.append(int(part))
            except ValueError:
                raise ValidationError(
                    _("%(value)s is not a slot number."), params={"value": part.strip()}
                ) from None
        return sorted(set(slots))


class WordListField(forms.CharField):
    """Words separated by commas, kept as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [word.strip() for word in text.split(",") if word.strip()]


class EventForm(PolicyModelForm):
    breaks = SlotListField(label=_("breaks"), required=False, help_text=_("Slots, e.g. 6, 12."))
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "municipality",
            "country",
            "desks",
            "partners",
            "focus_areas",
            "budget",
            "origin_country",
            "origin_region",
            "leader",
            "first_slot_at",
            "slot_minutes",
            "slots",
            "breaks",
            "tables",
            "max_meetings",
            "description",
            "tags",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "first_slot_at": TIME_WIDGET,
            "desks": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 5}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Person.objects.visible_to(self.user)


class ParticipantForm(PolicyModelForm):
    available_slots = SlotListField(
        label=_("available in slots"),
        required=False,
        help_text=_("Empty: all day. Slots, e.g. 1, 2, 3."),
    )

    class Meta:
        model = Participant
        fields = [
            "event",
            "company",
            "person",
            "role",
            "status",
            "available_slots",
            "max_meetings",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.visible_to(self.user).only(
            "pk", "legal_name"
        )
        self.fields["person"].queryset = Person.objects.visible_to(self.user)


class MatchProfileForm(PolicyModelForm):
    technologies = WordListField(
        label=_("technologies"), required=False, help_text=_("Separate them with commas.")
    )

    class Meta:
        model = MatchProfile
        fields = [
            "offers",
            "seeks",
            "sectors",
            "focus_areas",
            "technologies",
            "target_markets",
            "stage",
        ]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
            "sectors": forms.SelectMultiple(attrs={"size": 6}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "target_markets": forms.SelectMultiple(attrs={"size": 6}),
        }


class ProgrammeItemForm(PolicyModelForm):
    class Meta:
        model = ProgrammeItem
        fields = [
            "event",
            "starts_at",
            "ends_at",
            "title",
            "place",
            "host_company",
            "host_partner",
            "host_person",
            "notes",
        ]
        widgets = {
            "starts_at": MOMENT_WIDGET,
            "ends_at": MOMENT_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_company"].queryset = Company.objects.visible_to(self.user).only(
            "pk", "legal_name"
        )
        self.fields["host_person"].queryset = Person.objects.visible_to(self.user)


class PairForm(forms.Form):
    """Two participants of the event an officer wants to meet."""

    first = forms.ModelChoiceField(queryset=Participant.objects.none(), label=_("Participant"))
    second = forms.ModelChoiceField(queryset=Participant.objects.none(), label=_("Meets"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        participants = event.participants.select_related("company", "person")
        self.fields["first"].queryset = participants
        self.fields["second"].queryset = participants


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=MeetingOutcome.choices, label=_("Outcome"))
    note = forms.CharField(
        label=_("About the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
