import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from pocketworld.core.tables import DateColumn
from pocketworld.programmes.models import Candidate, College, Membership, OpenPosition, Programme


class ProgrammeTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    starts_on = DateColumn(verbose_name=_("first day"), short=True)
    ends_on = DateColumn(verbose_name=_("last day"), short=True)
    cohorts = tables.Column(verbose_name=_("cohorts"), accessor="cohort_count", orderable=False)

    class Meta:
        model = Programme
        fields = ["name", "kind", "starts_on", "ends_on", "cohorts"]
        attrs = {"class": "table", "id": "programme-table"}
        empty_text = _("No programmes match.")


class MembershipTable(tables.Table):
    company = tables.Column(
        verbose_name=_("start-up"),
        linkify=lambda record: record.get_absolute_url(),
        order_by="company__legal_name",
    )
    programme = tables.Column(
        verbose_name=_("programme"), accessor="cohort__programme", linkify=True, orderable=False
    )
    cohort = tables.Column(verbose_name=_("cohort"))
    stage_changed_on = DateColumn(verbose_name=_("in this stage since"), short=True)
    applied_on = DateColumn(verbose_name=_("applied on"), short=True)

    class Meta:
        model = Membership
        fields = ["company", "programme", "cohort", "stage", "stage_changed_on", "applied_on"]
        order_by = ["company"]
        attrs = {"class": "table", "id": "membership-table"}
        empty_text = _("No start-ups match.")


class CollegeTable(tables.Table):
    partner = tables.Column(
        verbose_name=_("college"),
        linkify=lambda record: record.get_absolute_url(),
        order_by="partner__name",
    )
    country = tables.Column(verbose_name=_("country"), accessor="partner__country")
    courses = tables.Column(verbose_name=_("courses"), accessor="course_count", orderable=False)

    class Meta:
        model = College
        fields = ["partner", "country", "courses"]
        attrs = {"class": "table", "id": "college-table"}
        empty_text = _("No colleges match.")


class OpenPositionTable(tables.Table):
    position = tables.Column(
        verbose_name=_("position"),
        accessor="pk",
        linkify=lambda record: record.get_absolute_url(),
        order_by="title",
    )
    company = tables.Column(
        verbose_name=_("employer"), linkify=True, order_by="company__legal_name"
    )
    occupation = tables.Column(verbose_name=_("occupation (ISCO-08)"), order_by="occupation__code")
    starts_on = DateColumn(verbose_name=_("from"), short=True)

    class Meta:
        model = OpenPosition
        fields = ["position", "company", "occupation", "places", "german_level", "starts_on"]
        attrs = {"class": "table", "id": "position-table"}
        empty_text = _("No open positions match.")

    def render_position(self, record):
        return record.title or record.occupation.title


class CandidateTable(tables.Table):
    person = tables.Column(
        verbose_name=_("candidate"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("person__family_name", "person__given_name"),
    )
    cohort = tables.Column(verbose_name=_("cohort"))
    occupation = tables.Column(verbose_name=_("occupation (ISCO-08)"), order_by="occupation__code")
    stage_changed_on = DateColumn(verbose_name=_("in this stage since"), short=True)

    class Meta:
        model = Candidate
        # The country is a filter of the list and on each candidate's page.
        fields = ["person", "cohort", "occupation", "german_level", "stage", "stage_changed_on"]
        order_by = ["-stage_changed_on"]
        attrs = {"class": "table", "id": "candidate-table"}
        empty_text = _("No candidates match.")
