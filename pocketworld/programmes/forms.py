from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.programmes.choices import (
    CandidateStage,
    DropReason,
    LanguageLevel,
    MembershipStage,
    Recognition,
    WithdrawalReason,
)
from pocketworld.programmes.models import (
    COLLEGE_KINDS,
    MAX_GOAL,
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
    PERSON_FIELDS,
    S,
    allowed_candidate_stages,
    allowed_stages,
    candidate_person,
)
from pocketworld.projects.choices import ProjectKind


class ProgrammeForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = Programme
        fields = [
            "kind",
            "name",
            "starts_on",
            "ends_on",
            "desks",
            "partners",
            "focus_areas",
            "budget",
            "retention_months",
            "description",
            "tags",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "desks": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 5}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class CohortForm(PolicyModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "starts_on", "ends_on", "places", "event", "notes"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class GoalForm(PolicyModelForm):
    class Meta:
        model = Goal
        fields = ["programme", "measure", "target"]


class MembershipForm(PolicyModelForm):
    class Meta:
        model = Membership
        fields = [
            "cohort",
            "company",
            "applied_on",
            "startup_stage",
            "founded_in",
            "funding_round",
            "team_size",
            "mentors",
            "corporate_partners",
            "project",
            "notes",
        ]
        widgets = {
            "applied_on": DATE_WIDGET,
            "mentors": forms.SelectMultiple(attrs={"size": 5}),
            "corporate_partners": forms.SelectMultiple(attrs={"size": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("company", "corporate_partners"):
            field = self.fields[name]
            field.queryset = field.queryset.only("pk", "legal_name")
        company = self.instance.company_id if self.instance.pk else None
        projects = self.fields["project"].queryset.filter(kind=ProjectKind.SOFT_LANDING)
        self.fields["project"].queryset = projects.filter(company=company) if company else projects

    def clean_founded_in(self):
        year = self.cleaned_data.get("founded_in")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("That year is still to come."))
        return year


class MembershipMoveForm(forms.Form):
    """Moving a start-up on: the stage, the day, and what the stage needs."""

    stage = forms.ChoiceField(label=_("new stage"), choices=MembershipStage.choices)
    moved_on = forms.DateField(label=_("on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), max_length=250, required=False)
    drop_reason = forms.ChoiceField(
        label=_("reason for dropping out"),
        choices=[("", "---------"), *DropReason.choices],
        required=False,
    )
    drop_note = forms.CharField(label=_("about dropping out"), max_length=250, required=False)
    realised_jobs = forms.IntegerField(
        label=_("jobs created here"), min_value=0, max_value=MAX_GOAL, required=False
    )
    realised_investment = forms.DecimalField(
        label=_("investment here (EUR)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, record, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = allowed_stages(record)
        self.fields["stage"].choices = [(s, label) for s, label in S.choices if s in allowed]
        self.initial.setdefault("moved_on", timezone.localdate())

    def move_values(self):
        """What the target stage takes, for services.move_membership."""
        data = self.cleaned_data
        if data["stage"] == S.DROPPED:
            return {"drop_reason": data["drop_reason"], "drop_note": data["drop_note"]}
        if data["stage"] == S.SETTLED:
            return {
                "realised_jobs": data["realised_jobs"],
                "realised_investment": data["realised_investment"],
            }
        return {}


class MilestoneForm(PolicyModelForm):
    class Meta:
        model = Milestone
        fields = ["membership", "kind", "title", "due_on", "reached_on", "note"]
        widgets = {"due_on": DATE_WIDGET, "reached_on": DATE_WIDGET}


class CollegeForm(PolicyModelForm):
    class Meta:
        model = College
        fields = ["partner", "partner_colleges", "notes"]
        widgets = {
            "partner_colleges": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = self.fields["partner"].queryset
        self.fields["partner"].queryset = partners.filter(kind__in=COLLEGE_KINDS)
        if self.instance.pk:
            colleges = self.fields["partner_colleges"].queryset
            self.fields["partner_colleges"].queryset = colleges.exclude(pk=self.instance.pk)


class CourseForm(PolicyModelForm):
    class Meta:
        model = Course
        fields = [
            "college",
            "name",
            "occupation",
            "qualification",
            "duration_months",
            "german_level",
        ]


class OpenPositionForm(PolicyModelForm):
    class Meta:
        model = OpenPosition
        fields = [
            "company", "occupation", "title", "places", "german_level", "starts_on", "programme",
            "notes",
        ]  # fmt: skip
        widgets = {"starts_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["company"]
        field.queryset = field.queryset.only("pk", "legal_name")


class CandidateForm(PolicyModelForm):
    """A candidate with who they are: the fields of their person record, kept on consent."""

    given_name = forms.CharField(label=_("given name"), max_length=100)
    family_name = forms.CharField(label=_("family name"), max_length=100)
    native_name = forms.CharField(label=_("name in native script"), max_length=200, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    consent_given_on = forms.DateField(
        label=_("consent given on"),
        widget=DATE_WIDGET,
        help_text=_("Candidates are kept on their consent (Art. 6(1)(a) GDPR)."),
    )
    legal_basis_note = forms.CharField(label=_("about the consent"), max_length=250, required=False)

    class Meta:
        model = Candidate
        fields = [
            "cohort", "college", "course", "occupation", "country", "nominated_on", "notes",
        ]  # fmt: skip
        widgets = {"nominated_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    field_order = [*PERSON_FIELDS, *Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            person = self.instance.person
            for name in PERSON_FIELDS:
                self.initial.setdefault(name, getattr(person, name))

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) or "" for name in PERSON_FIELDS}
        values["consent_given_on"] = cleaned.get("consent_given_on")
        try:
            self.person = candidate_person(self.instance, values)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:  # a field's own error says it already
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


class CandidateMoveForm(forms.Form):
    """Moving a candidate on: the stage, the day, and what the stage needs."""

    stage = forms.ChoiceField(label=_("new stage"), choices=CandidateStage.choices)
    moved_on = forms.DateField(label=_("on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), max_length=250, required=False)
    german_level = forms.ChoiceField(
        label=_("German level"), choices=[("", "---------"), *LanguageLevel.choices], required=False
    )
    german_certified_on = forms.DateField(
        label=_("certificate of"), widget=DATE_WIDGET, required=False
    )
    recognition = forms.ChoiceField(
        label=_("recognition"), choices=[("", "---------"), *Recognition.choices], required=False
    )
    recognition_authority = forms.CharField(
        label=_("competent authority"), max_length=200, required=False
    )
    position = forms.ModelChoiceField(
        label=_("matched with"), queryset=OpenPosition.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("start date"), widget=DATE_WIDGET, required=False)
    withdrawal_reason = forms.ChoiceField(
        label=_("reason for withdrawing"),
        choices=[("", "---------"), *WithdrawalReason.choices],
        required=False,
    )
    withdrawal_note = forms.CharField(label=_("about withdrawing"), max_length=250, required=False)

    # What each stage takes besides the day and the note.
    STAGE_FIELDS = {
        CandidateStage.LANGUAGE: ("german_level", "german_certified_on"),
        CandidateStage.RECOGNITION: ("recognition", "recognition_authority"),
        CandidateStage.MATCHED: ("position",),
        CandidateStage.PLACED: ("starts_on",),
        CandidateStage.WITHDRAWN: ("withdrawal_reason", "withdrawal_note"),
    }

    def __init__(self, *args, record, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = allowed_candidate_stages(record)
        self.fields["stage"].choices = [
            (s, label) for s, label in CandidateStage.choices if s in allowed
        ]
        self.fields["position"].queryset = OpenPosition.objects.visible_to(user).select_related(
            "company", "occupation"
        )
        self.initial.setdefault("moved_on", timezone.localdate())

    def move_values(self):
        """What the target stage takes, for services.move_candidate."""
        data = self.cleaned_data
        return {name: data[name] for name in self.STAGE_FIELDS.get(data["stage"], ())}


class PlacementForm(PolicyModelForm):
    """The follow-ups of a placement: still employed after 6 and 12 months, or the day the
    candidate left."""

    class Meta:
        model = Placement
        fields = ["employed_after_6_months", "employed_after_12_months", "ended_on"]
        widgets = {
            "employed_after_6_months": forms.NullBooleanSelect,
            "employed_after_12_months": forms.NullBooleanSelect,
            "ended_on": DATE_WIDGET,
        }
