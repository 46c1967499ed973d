"""What each KPI counts, which list shows the same records, and how it splits into bars.

docs/kpis.md explains every definition; this is its one implementation.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.filtersets import HOME_COUNTRY
from pocketworld.companies.models import Company
from pocketworld.core.models import Country, FocusArea, Municipality, Sector
from pocketworld.core.months import add_months
from pocketworld.desks.models import Desk
from pocketworld.events.choices import EventKind, MeetingStatus
from pocketworld.events.models import Event, Meeting
from pocketworld.inquiries.choices import Outcome
from pocketworld.inquiries.choices import Status as InquiryStatus
from pocketworld.inquiries.filtersets import InquiryFilterSet
from pocketworld.inquiries.models import ANSWERED_IN_TIME, Inquiry
from pocketworld.interactions.choices import InteractionKind
from pocketworld.interactions.models import Interaction
from pocketworld.interactions.services import AFTERCARE_STATUSES
from pocketworld.programmes.choices import CandidateStage, MembershipStage
from pocketworld.programmes.models import Candidate, CandidateMove, Membership, MembershipMove
from pocketworld.programmes.services import RECOGNISED
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project, StageChange
from pocketworld.projects.services import PIPELINE

# Aftercare coverage looks back this many months from the end of the period.
COVERAGE_MONTHS = 12
# Won projects of these kinds create jobs; a retention safeguards them.
CREATING_KINDS = tuple(kind for kind in ProjectKind if kind != ProjectKind.RETENTION)


@dataclass(frozen=True)
class Source:
    """A kind of record that figures count, the list page that shows such records (None:
    there is none), and the lookup from such a record to the desks it belongs to; with
    `filterset`, the list's filters, so that a figure links only to a list that knows all
    the filters selecting its records."""

    model: type
    list_url_name: str | None
    desk_lookup: str = "desk"
    filterset: type | None = None

    def lists(self, filters):
        """Whether the list selects its records by every one of `filters` (names): one
        it does not know it would ignore, and show more records than the figure counts."""
        return self.filterset is None or set(filters) <= set(self.filterset.base_filters)


PROJECTS = Source(Project, "projects:project_list")
INTERACTIONS = Source(Interaction, "interactions:interaction_list")
COMPANIES = Source(Company, "companies:company_list")
EVENTS = Source(Event, "events:event_list", desk_lookup="desks")
# Each event's matchmaking page lists its meetings; no page lists them across events.
MEETINGS = Source(Meeting, None, desk_lookup="event__desks")
STARTUPS = Source(Membership, "programmes:membership_list", desk_lookup="cohort__programme__desks")
CANDIDATES = Source(Candidate, "programmes:candidate_list", desk_lookup="cohort__programme__desks")
# A new list, whose filters for some figures are still to come: figures link to it once
# it has them.
INQUIRIES = Source(Inquiry, "inquiries:inquiry_list", filterset=InquiryFilterSet)


@dataclass(frozen=True)
class Scope:
    """What one user may see (the permission policy), narrowed to one desk if given."""

    user: object
    desk: object = None

    def records_of(self, source):
        queryset = source.model.objects.visible_to(self.user)
        if self.desk is not None:
            # An event of several desks is each one's: filtered by one desk, it is one row.
            queryset = queryset.filter(**{source.desk_lookup: self.desk})
        return queryset

    def sees(self, sources):
        """Whether the policy shows the user these kinds of record at all."""
        return all(
            not source.model.objects.visible_to(self.user).query.is_empty() for source in sources
        )


class Unit:
    """What a figure's number is; the API's `unit`."""

    COUNT = "count"
    JOBS = "jobs"
    EUR = "EUR"
    PERCENT = "percent"
    DAYS = "days"
    HOURS = "hours"


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def plain_number(value):
    """A sum as JSON carries it: nothing summed is 0, euros are whole euros."""
    if value is None:
        return 0
    return round(value) if isinstance(value, Decimal) else value


# --- Breakdowns: a figure split by one property of its records ---------------------------


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    url: str | None
    share: float | None = None  # the conversion's bars: percent of the stage before


@dataclass(frozen=True)
class BarChart:
    label: str
    bars: list

    def as_dict(self):
        return {
            "label": str(self.label),
            "bars": [
                {
                    "key": bar.key,
                    "label": bar.label,
                    "value": bar.value,
                    "share": bar.share,
                    "url": bar.url,
                }
                for bar in self.bars
            ],
        }


@dataclass(frozen=True)
class Breakdown:
    """Splits a figure's records by `group`; `name` is also the list filter for one key.

    A record with several values (a company's focus areas, its sites' municipalities) is
    counted once under each of them, so the bars may add up to more than the figure.
    """

    name: str
    label: Promise
    group: object  # what to group by: a field path or an expression
    matching: object  # key -> Q: the records of one bar, on the source's model
    labels: object  # keys -> {key: label}
    keys: tuple = ()  # every key in a fixed order (choices), bars of 0 included
    # Whether a record may fall under one key more than once (two sites in one
    # municipality): then it is counted once, at the cost of a distinct count.
    repeats: bool = True

    def condition(self, kpi, key, period):
        model = kpi.source.model
        return Q(pk__in=model._base_manager.filter(self.matching(key)).values("pk"))

    def filters(self, key):
        return {self.name: key}

    def bars(self, kpi, measurement):
        records = kpi.records(measurement.scope, measurement.period)
        # Records without a key are in no bar; leaving them out in the query lets the
        # database join only the records that have one.
        rows = (
            records.values(bar=self.group)
            .filter(bar__isnull=False)
            .annotate(count=Count("pk", distinct=self.repeats))
        )
        counts = {row["bar"]: row["count"] for row in rows.order_by()}
        labels = self.labels(list(self.keys or counts))
        order = self.keys or sorted(counts, key=lambda key: (-counts[key], str(labels[key])))
        url = measurement.urls(kpi)
        return [
            Bar(key, str(labels[key]), counts.get(key, 0), url(**{self.name: key})) for key in order
        ]


def labels_of(model, field_name="pk"):
    def labels(keys):
        return {
            key: str(obj) for key, obj in model.objects.in_bulk(keys, field_name=field_name).items()
        }

    return labels


def choice_labels(choices):
    def labels(keys):
        return {key: choices(key).label for key in keys}

    return labels


def by_kind(choices):
    """The records by their `kind`, every kind of `choices` a bar, in their order."""
    return Breakdown(
        "kind",
        _("by kind"),
        group=F("kind"),
        matching=lambda key: Q(kind=key),
        labels=choice_labels(choices),
        keys=tuple(choices.values),
        repeats=False,
    )


BY_PROJECT_KIND = by_kind(ProjectKind)
BY_EVENT_KIND = by_kind(EventKind)
BY_COUNTRY = Breakdown(
    "country",
    _("by country of origin"),
    group=F("country"),
    matching=lambda key: Q(country=key),
    labels=labels_of(Country),
    repeats=False,
)
# A company's sectors are NACE sections or divisions; each division counts for its section.
BY_SECTOR = Breakdown(
    "sector",
    _("by sector (NACE section)"),
    group=Coalesce("sectors__section__code", "sectors__code"),
    matching=lambda key: Q(sectors__code=key) | Q(sectors__section__code=key),
    labels=labels_of(Sector, "code"),
)
BY_FOCUS_AREA = Breakdown(
    "focus_area",
    _("by focus area"),
    group=F("focus_areas__slug"),
    matching=lambda key: Q(focus_areas__slug=key),
    labels=labels_of(FocusArea, "slug"),
)
BY_MUNICIPALITY = Breakdown(
    "municipality",
    _("by municipality"),
    group=F("sites__municipality"),
    matching=lambda key: Q(sites__municipality=key),
    labels=labels_of(Municipality),
)


def language_labels(keys):
    """The languages of the inquiry form by their name in the page's language."""
    return {key: get_language_info(key)["name_translated"] for key in keys}


# Every language of the inquiry form a bar, in the form's order.
BY_LANGUAGE = Breakdown(
    "language",
    _("by language"),
    group=F("language"),
    matching=lambda key: Q(language=key),
    labels=language_labels,
    keys=tuple(code for code, _name in settings.INQUIRY_LANGUAGES),
    repeats=False,
)


class DeskBreakdown(Breakdown):
    """The records by their desk. Named apart from the desk a report is of (`desk` of
    `records` and `records_url`), it filters the list by the same `desk`."""

    def filters(self, key):
        return {"desk": key}


BY_DESK = DeskBreakdown(
    "responsible_desk",
    _("by desk"),
    group=F("desk"),
    matching=lambda key: Q(desk=key),
    labels=labels_of(Desk),
    repeats=False,
)


class StageBreakdown(Breakdown):
    """The funnel's stages: the projects that moved to a stage or a later one."""

    def __init__(self):
        super().__init__(
            "stage",
            _("by stage"),
            group=None,
            matching=None,
            labels=choice_labels(Stage),
            keys=tuple(stage.value for stage in PIPELINE),
        )

    @staticmethod
    def stages_from(key):
        return PIPELINE[PIPELINE.index(Stage(key)) :]

    def condition(self, kpi, key, period):
        return moved_to(self.stages_from(key), period)

    def filters(self, key):
        return {"reached": [stage.value for stage in self.stages_from(key)]}

    def bars(self, kpi, measurement):
        counts = measurement.funnel
        labels = self.labels(self.keys)
        bars, before, url = [], None, measurement.urls(kpi)
        for key in self.keys:
            count = counts[Stage(key)]
            share = percent(count, before) if before is not None else None
            bars.append(Bar(key, str(labels[key]), count, url(stage=key), share))
            before = count
        return bars


BY_STAGE = StageBreakdown()


class StepBreakdown(Breakdown):
    """The steps from an inquiry to a won project: each bar the records of one figure of
    `steps` ({key: (label, figure)}, each a part of the one before), with the share of the
    step before. The bars are those figures' totals: no query of their own."""

    def __init__(self, steps):
        super().__init__(
            "stage",
            _("by stage"),
            group=None,
            matching=None,
            labels=lambda keys: {key: steps[key][0] for key in keys},
            keys=tuple(steps),
        )
        object.__setattr__(self, "steps", steps)

    def condition(self, kpi, key, period):
        return self.steps[key][1].where or Q()

    def filters(self, key):
        return dict(self.steps[key][1].where_filters or {})

    def bars(self, kpi, measurement):
        labels = self.labels(self.keys)
        bars, before, url = [], None, measurement.urls(kpi)
        for key in self.keys:
            count = self.steps[key][1].value(measurement)
            share = percent(count, before) if before is not None else None
            bars.append(Bar(key, str(labels[key]), count, url(stage=key), share))
            before = count
        return bars


# --- The definitions ------------------------------------------------------------------


def changes_in(period):
    """The stage changes in the period."""
    return StageChange.objects.filter(period.moments("changed_at"))


def changes_to(stages, period):
    """The stage changes to one of `stages` in the period."""
    return changes_in(period).filter(to_stage__in=stages)


def moved_to(stages, period):
    """Projects with a stage change to one of `stages` in the period."""
    return Q(pk__in=changes_to(stages, period).values("project"))


@dataclass(frozen=True, kw_only=True)
class KPI:
    """One figure: which of its source's records it counts (`condition`), the list filters
    that select the same records (`filters`), and how they add up (`aggregate`)."""

    name: str
    label: Promise
    help_text: Promise
    unit: str = Unit.COUNT
    breakdowns: tuple = ()

    source = None
    # Counted in the one aggregate query per source; the others compute their own value.
    totalled = True

    @property
    def requires(self):
        """The kinds of record the user must see for this figure to be shown at all."""
        return (self.source,)

    @property
    def snapshot(self):
        """Today's state rather than the period's events: it has no previous value."""
        return False

    def condition(self, scope, period):
        raise NotImplementedError

    def among(self, scope, period):
        """Records that include all this figure counts, the same for every figure of its
        source: the aggregate query reads only these, which an index finds."""
        raise NotImplementedError

    def filters(self, period):
        raise NotImplementedError

    def aggregate(self, condition):
        return Count("pk", filter=condition)

    def value(self, measurement):
        return plain_number(measurement.totals[self.name])

    def breakdown(self, name):
        for breakdown in self.breakdowns:
            if breakdown.name == name:
                return breakdown
        raise LookupError(f"{self.name} has no breakdown {name!r}.")

    def records(self, scope, period, **breakdown):
        queryset = scope.records_of(self.source).filter(self.condition(scope, period))
        for name, key in breakdown.items():
            queryset = queryset.filter(self.breakdown(name).condition(self, key, period))
        return queryset

    def url(self, period, desk=None, **breakdown):
        return self.urls(period, desk)(**breakdown)

    def urls(self, period, desk=None):
        """url(**breakdown): the list of the records behind the figure or one of its bars
        (None where no page lists them, or the list lacks a filter that selects them); the
        list's address is looked up once for all the bars of a chart."""
        if self.source.list_url_name is None:
            return lambda **breakdown: None
        path = reverse(self.source.list_url_name)

        def url(**breakdown):
            filters = self.filters(period)
            for name, key in breakdown.items():
                filters |= self.breakdown(name).filters(key)
            if not self.source.lists(filters):
                return None
            if desk is not None:
                filters["desk"] = getattr(desk, "pk", desk)
            return f"{path}?{urlencode(filters, doseq=True)}"

        return url


@dataclass(frozen=True, kw_only=True)
class ProjectFigure(KPI):
    """A figure of the projects that had a stage change in the period; only those whose
    `source` (where the project came from) is one of `project_sources` if given."""

    project_sources: tuple = ()

    source = PROJECTS

    def among(self, scope, period):
        return Q(pk__in=changes_in(period).values("project"))

    def from_sources(self, condition):
        if not self.project_sources:
            return condition
        return condition & Q(source__in=self.project_sources)

    def filters_from_sources(self, filters):
        if not self.project_sources:
            return filters
        return filters | {"source": [source.value for source in self.project_sources]}


@dataclass(frozen=True, kw_only=True)
class ProjectsOpened(ProjectFigure):
    """Projects whose first stage change, the one that created them, is in the period."""

    def changes(self, period):
        """The stage changes that make a project count; `trend` places them in months."""
        return changes_in(period).filter(from_stage="")

    def condition(self, scope, period):
        return self.from_sources(Q(pk__in=self.changes(period).values("project")))

    def filters(self, period):
        filters = {"opened_after": period.start, "opened_before": period.end}
        return self.filters_from_sources(filters)


@dataclass(frozen=True, kw_only=True)
class ProjectsMovedTo(ProjectFigure):
    """Projects with a stage change to one of `stages` in the period, each counted once;
    only those of `kinds` if given; `total` sums that field of theirs instead."""

    stages: tuple
    kinds: tuple = ()
    total: str = ""

    def changes(self, period):
        """The stage changes that make a project count; `trend` places them in months."""
        return changes_to(self.stages, period)

    def condition(self, scope, period):
        condition = self.from_sources(moved_to(self.stages, period))
        return condition & Q(kind__in=self.kinds) if self.kinds else condition

    def filters(self, period):
        filters = self.filters_from_sources(
            {
                "reached": [stage.value for stage in self.stages],
                "reached_after": period.start,
                "reached_before": period.end,
            }
        )
        return filters | {"kind": [kind.value for kind in self.kinds]} if self.kinds else filters

    def aggregate(self, condition):
        return Sum(self.total, filter=condition) if self.total else super().aggregate(condition)


@dataclass(frozen=True, kw_only=True)
class Conversion(ProjectsMovedTo):
    """The funnel of `projects.services.funnel`: the projects that moved in the period, by
    the furthest stage they reached; the figure is the share of them won."""

    stages: tuple = tuple(PIPELINE)
    unit: str = Unit.PERCENT
    breakdowns: tuple = (BY_STAGE,)

    totalled = False

    def value(self, measurement):
        return percent(measurement.funnel[Stage.WON], measurement.funnel[Stage.LEAD])


@dataclass(frozen=True, kw_only=True)
class CycleTime(ProjectsMovedTo):
    """Days from a project's first stage change to its win (its first in the period), for
    the projects won in the period (`projects.services.cycle_time`)."""

    statistic: str  # median_days or mean_days
    stages: tuple = (Stage.WON,)
    unit: str = Unit.DAYS

    totalled = False

    def value(self, measurement):
        return getattr(measurement.cycle_time, self.statistic)


@dataclass(frozen=True, kw_only=True)
class InteractionsHeld(KPI):
    """Interactions of one kind dated in the period."""

    kind: str

    source = INTERACTIONS

    def condition(self, scope, period):
        return Q(kind=self.kind) & period.dates("occurred_on")

    def among(self, scope, period):
        # The visits of every counted kind in the period: one range of the index on
        # (kind, occurred_on, company) per kind, which the database reads alone.
        return Q(kind__in=HELD_KINDS) & period.dates("occurred_on")

    def filters(self, period):
        return {"kind": self.kind, "occurred_after": period.start, "occurred_before": period.end}

    def aggregate(self, condition):
        # Counts a column of that index rather than the key, so that PostgreSQL need not
        # read the rows; the date is never empty.
        return Count("occurred_on", filter=condition)


@dataclass(frozen=True, kw_only=True)
class CompaniesHere(KPI):
    """Companies in the region today (settled, expanding or at risk; not those that left);
    only foreign ones with `foreign`; with `visited` only those with an aftercare visit in
    the 12 months up to the period's end."""

    foreign: bool = False
    visited: bool = False

    source = COMPANIES

    @property
    def requires(self):
        return (COMPANIES, INTERACTIONS) if self.visited else (COMPANIES,)

    @property
    def snapshot(self):
        return not self.visited

    def among(self, scope, period):
        # Every figure of companies here counts among the companies in the region.
        return Q(status__in=AFTERCARE_STATUSES)

    def condition(self, scope, period):
        condition = Q(status__in=AFTERCARE_STATUSES)
        if self.foreign:
            condition &= ~Q(country=HOME_COUNTRY)
        if self.visited:
            window = period.months_to_end(COVERAGE_MONTHS)
            visits = Interaction.objects.visible_to(scope.user).filter(
                window.dates("occurred_on"), kind=InteractionKind.AFTERCARE_VISIT
            )
            condition &= Q(pk__in=visits.values("company"))
        return condition

    def filters(self, period):
        filters = {"status": [status.value for status in AFTERCARE_STATUSES]}
        if self.foreign:
            filters["foreign"] = "true"
        if self.visited:
            window = period.months_to_end(COVERAGE_MONTHS)
            filters |= {"aftercare_visit_after": window.start, "aftercare_visit_before": window.end}
        return filters


@dataclass(frozen=True, kw_only=True)
class Coverage(KPI):
    """The share of `whole` that is `part`; its records are those of `part`."""

    part: KPI
    whole: KPI
    unit: str = Unit.PERCENT

    source = COMPANIES
    totalled = False

    @property
    def requires(self):
        return self.part.requires

    def condition(self, scope, period):
        return self.part.condition(scope, period)

    def filters(self, period):
        return self.part.filters(period)

    def value(self, measurement):
        return percent(self.part.value(measurement), self.whole.value(measurement))


@dataclass(frozen=True, kw_only=True)
class EventsHeld(KPI):
    """Events with at least one of their days in the period; only those of `kinds` if
    given."""

    kinds: tuple = ()

    source = EVENTS

    def among(self, scope, period):
        return period.overlaps("starts_on", "ends_on")

    def condition(self, scope, period):
        condition = self.among(scope, period)
        return condition & Q(kind__in=self.kinds) if self.kinds else condition

    def filters(self, period):
        # The event list's dates select the events that share a day with them.
        filters = {"starts_after": period.start, "starts_before": period.end}
        return filters | {"kind": [kind.value for kind in self.kinds]} if self.kinds else filters


@dataclass(frozen=True, kw_only=True)
class MeetingsHeld(KPI):
    """Matchmaking meetings that took place (status held) at the events held in the period;
    no list page shows meetings across events."""

    source = MEETINGS

    def among(self, scope, period):
        return Q(status=MeetingStatus.HELD) & period.overlaps("event__starts_on", "event__ends_on")

    def condition(self, scope, period):
        return self.among(scope, period)


@dataclass(frozen=True, kw_only=True)
class MovedInProgramme(KPI):
    """Records of a programme (start-ups in cohorts, candidates) with a move to one of
    `stages` in the period, each once; only those matching `where` (their list's
    `where_filters`) if given; `total` sums that field of theirs instead."""

    stages: tuple
    where: Q = None
    where_filters: dict = None
    total: str = ""

    move_model = None  # the model of their moves
    moved = ""  # the moves' relation to the record

    def changes(self, period):
        """The moves that make a record count; `trend` places them in months."""
        return self.move_model.objects.filter(period.dates("moved_on"), to_stage__in=self.stages)

    def among(self, scope, period):
        moves = self.move_model.objects.filter(period.dates("moved_on"))
        return Q(pk__in=moves.values(self.moved))

    def condition(self, scope, period):
        condition = Q(pk__in=self.changes(period).values(self.moved))
        return condition & self.where if self.where is not None else condition

    def filters(self, period):
        return {
            "reached": [stage.value for stage in self.stages],
            "reached_after": period.start,
            "reached_before": period.end,
            **(self.where_filters or {}),
        }

    def aggregate(self, condition):
        return Sum(self.total, filter=condition) if self.total else super().aggregate(condition)


@dataclass(frozen=True, kw_only=True)
class StartupsMovedTo(MovedInProgramme):
    source = STARTUPS
    move_model = MembershipMove
    moved = "membership"


def placed_a_year_before(period):
    """The start days of the placements whose first 12 months end in `period`."""
    return add_months(period.start, -12), add_months(period.end, -12)


def candidates_among(period):
    """The candidates every figure of candidates counts among: moved in the period, or
    with their first 12 months at an employer ending in it."""
    moved = CandidateMove.objects.filter(period.dates("moved_on")).values("candidate")
    return Q(pk__in=moved) | Q(placement__starts_on__range=placed_a_year_before(period))


@dataclass(frozen=True, kw_only=True)
class CandidatesMovedTo(MovedInProgramme):
    source = CANDIDATES
    move_model = CandidateMove
    moved = "candidate"

    def among(self, scope, period):
        return candidates_among(period)


@dataclass(frozen=True, kw_only=True)
class CandidatesStillEmployed(KPI):
    """Candidates answered "still employed" 12 months after they started, whose 12 months
    were up in the period: placed from 12 months before its first day to 12 months before
    its last."""

    source = CANDIDATES

    def among(self, scope, period):
        return candidates_among(period)

    def condition(self, scope, period):
        first, last = placed_a_year_before(period)
        return Q(
            placement__starts_on__range=(first, last), placement__employed_after_12_months=True
        )

    def filters(self, period):
        first, last = placed_a_year_before(period)
        return {
            "employed_after_12_months": "true",
            "placed_after": first,
            "placed_before": last,
        }


def received_in(period):
    """Inquiries received on one of the period's (local) days; spam never counts."""
    return period.moments("received_at") & ~Q(status=InquiryStatus.SPAM)


# Inquiries with a first reply; turned into a lead; whose lead project has been won (its
# stage history has a change to "won", whenever, whatever its stage today).
ANSWERED = Q(first_response_at__isnull=False)
TURNED_INTO_LEAD = Q(outcome=Outcome.LEAD)
LEAD_WON = TURNED_INTO_LEAD & Q(
    project__in=StageChange.objects.filter(to_stage=Stage.WON).values("project")
)


def response_hours(inquiries, period):
    """The working hours to the first reply of `inquiries` received in the period, in
    order: one number per inquiry answered, for Python to take their median and
    percentile (a few thousand a year at most)."""
    hours = inquiries.filter(received_in(period), ANSWERED, response_hours__isnull=False)
    return sorted(hours.values_list("response_hours", flat=True).order_by())


def percentile(values, fraction):
    """The value that `fraction` of the ordered `values` are at or below, between the two
    nearest linearly (as PERCENTILE.INC of a spreadsheet; 0.5 is the median), to one
    decimal; None without values."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(values) - 1)
    return round(values[lower] + (values[upper] - values[lower]) * (position - lower), 1)


@dataclass(frozen=True, kw_only=True)
class InquiriesReceived(KPI):
    """Inquiries received in the period, never spam; only those matching `where` (their
    list's `where_filters`) if given; with `reads_projects`, the figure reads the stage
    history of their lead projects."""

    where: Q = None
    where_filters: dict = None
    reads_projects: bool = False

    source = INQUIRIES

    @property
    def requires(self):
        return (INQUIRIES, PROJECTS) if self.reads_projects else (INQUIRIES,)

    def among(self, scope, period):
        return received_in(period)

    def condition(self, scope, period):
        condition = received_in(period)
        return condition & self.where if self.where is not None else condition

    def filters(self, period):
        # The list leaves spam out unless it is asked for by its status.
        return {
            "received_after": period.start,
            "received_before": period.end,
            **(self.where_filters or {}),
        }


@dataclass(frozen=True, kw_only=True)
class InquiriesShare(InquiriesReceived):
    """The inquiries of `where` as a percent of `whole`, all inquiries received in the
    period; counted in the one aggregate query, its records are those of `where`."""

    whole: KPI
    unit: str = Unit.PERCENT

    def value(self, measurement):
        return percent(plain_number(measurement.totals[self.name]), self.whole.value(measurement))


@dataclass(frozen=True, kw_only=True)
class InquiryConversion(InquiriesReceived):
    """`part` as a percent of `whole`, from the figures' totals; its records are all the
    inquiries received in the period, its bars the steps between (`StepBreakdown`)."""

    part: KPI
    whole: KPI
    unit: str = Unit.PERCENT

    totalled = False

    @property
    def requires(self):
        return self.part.requires

    def value(self, measurement):
        return percent(self.part.value(measurement), self.whole.value(measurement))


@dataclass(frozen=True, kw_only=True)
class ResponseTime(InquiriesReceived):
    """Working hours from receipt to the first reply, of the inquiries received in the
    period that have one: `fraction` 0.5 is the median, 0.9 the 90th percentile."""

    fraction: float
    unit: str = Unit.HOURS
    where: Q = ANSWERED

    totalled = False

    def filters(self, period):
        return super().filters(period) | {"answered": "true"}

    def value(self, measurement):
        return percentile(measurement.response_hours, self.fraction)


WON_STAGE = (Stage.WON,)
AFTERCARE_COMPANIES = CompaniesHere(
    name="aftercare_companies",
    label=_("companies in the region"),
    help_text=_("Companies settled, expanding or at risk today."),
)
AFTERCARE_COMPANIES_VISITED = CompaniesHere(
    name="aftercare_companies_visited",
    label=_("companies with an aftercare visit"),
    help_text=_(
        "Companies in the region with an aftercare visit in the 12 months up to the period's end."
    ),
    visited=True,
)
INQUIRIES_RECEIVED = InquiriesReceived(
    name="inquiries",
    label=_("inquiries"),
    help_text=_("Inquiries received in the period, spam excepted."),
    breakdowns=(BY_COUNTRY, BY_LANGUAGE, BY_DESK),
)
INQUIRY_LEADS = InquiriesReceived(
    name="inquiry_leads",
    label=_("inquiries turned into leads"),
    help_text=_("Inquiries received in the period that became a lead project."),
    where=TURNED_INTO_LEAD,
    where_filters={"outcome": Outcome.LEAD.value},
)
INQUIRY_LEADS_WON = InquiriesReceived(
    name="inquiry_leads_won",
    label=_("inquiries whose lead was won"),
    help_text=_("Inquiries received in the period whose lead project has been won, then or later."),
    where=LEAD_WON,
    where_filters={"outcome": Outcome.LEAD.value, "project_reached": Stage.WON.value},
    reads_projects=True,
)
DEFINITIONS = [
    ProjectsOpened(
        name="leads",
        label=_("leads"),
        help_text=_("Projects opened in the period."),
    ),
    ProjectsMovedTo(
        name="qualified",
        label=_("qualified projects"),
        help_text=_("Projects moved to the stage 'qualified' in the period."),
        stages=(Stage.QUALIFIED,),
    ),
    ProjectsMovedTo(
        name="site_visits",
        label=_("projects with site visits"),
        help_text=_("Projects moved to the stage 'site search / visit' in the period."),
        stages=(Stage.SITE_SEARCH,),
    ),
    ProjectsMovedTo(
        name="won",
        label=_("projects won"),
        help_text=_("Projects won in the period, whatever their stage today."),
        stages=WON_STAGE,
        breakdowns=(BY_PROJECT_KIND,),
    ),
    Conversion(
        name="conversion",
        label=_("conversion lead → won"),
        help_text=_(
            "Of the projects that moved in the period, the share won; by stage, how many "
            "reached it and the share of the stage before."
        ),
    ),
    CycleTime(
        name="cycle_time_median",
        label=_("median days lead → won"),
        help_text=_("For the projects won in the period: days from opening to the win."),
        statistic="median_days",
    ),
    CycleTime(
        name="cycle_time_mean",
        label=_("mean days lead → won"),
        help_text=_("For the projects won in the period: days from opening to the win."),
        statistic="mean_days",
    ),
    ProjectsMovedTo(
        name="jobs_created_expected",
        label=_("jobs created, expected"),
        help_text=_("Expected jobs of the projects won in the period, retentions excepted."),
        unit=Unit.JOBS,
        stages=WON_STAGE,
        kinds=CREATING_KINDS,
        total="expected_jobs",
    ),
    ProjectsMovedTo(
        name="jobs_created_realised",
        label=_("jobs created, realised"),
        help_text=_("Realised jobs of the projects won in the period, retentions excepted."),
        unit=Unit.JOBS,
        stages=WON_STAGE,
        kinds=CREATING_KINDS,
        total="realised_jobs",
    ),
    ProjectsMovedTo(
        name="jobs_safeguarded_expected",
        label=_("jobs safeguarded, expected"),
        help_text=_("Expected jobs of the retentions won in the period."),
        unit=Unit.JOBS,
        stages=WON_STAGE,
        kinds=(ProjectKind.RETENTION,),
        total="expected_jobs",
    ),
    ProjectsMovedTo(
        name="jobs_safeguarded_realised",
        label=_("jobs safeguarded, realised"),
        help_text=_("Realised jobs of the retentions won in the period."),
        unit=Unit.JOBS,
        stages=WON_STAGE,
        kinds=(ProjectKind.RETENTION,),
        total="realised_jobs",
    ),
    ProjectsMovedTo(
        name="investment_expected",
        label=_("investment, expected"),
        help_text=_("Expected investment (EUR) of the projects won in the period."),
        unit=Unit.EUR,
        stages=WON_STAGE,
        total="expected_investment",
    ),
    ProjectsMovedTo(
        name="investment_realised",
        label=_("investment, realised"),
        help_text=_("Realised investment (capex, EUR) of the projects won in the period."),
        unit=Unit.EUR,
        stages=WON_STAGE,
        total="realised_investment",
    ),
    InteractionsHeld(
        name="aftercare_visits",
        label=_("aftercare visits"),
        help_text=_("Aftercare visits in the period."),
        kind=InteractionKind.AFTERCARE_VISIT,
    ),
    AFTERCARE_COMPANIES,
    AFTERCARE_COMPANIES_VISITED,
    Coverage(
        name="aftercare_coverage",
        label=_("aftercare coverage"),
        help_text=_(
            "Share of the companies in the region with an aftercare visit in the 12 months "
            "up to the period's end."
        ),
        part=AFTERCARE_COMPANIES_VISITED,
        whole=AFTERCARE_COMPANIES,
    ),
    CompaniesHere(
        name="foreign_companies",
        label=_("foreign companies"),
        help_text=_("Foreign companies settled, expanding or at risk in the region today."),
        foreign=True,
        breakdowns=(BY_COUNTRY, BY_SECTOR, BY_FOCUS_AREA, BY_MUNICIPALITY),
    ),
    InteractionsHeld(
        name="delegations",
        label=_("delegation visits"),
        help_text=_("Delegation visits in the period."),
        kind=InteractionKind.DELEGATION_VISIT,
    ),
    EventsHeld(
        name="events",
        label=_("events held"),
        help_text=_("Events of the desks with at least one of their days in the period."),
        breakdowns=(BY_EVENT_KIND,),
    ),
    EventsHeld(
        name="delegations_received",
        label=_("delegations received"),
        help_text=_("Incoming delegations with at least one of their days in the period."),
        kinds=(EventKind.INCOMING_DELEGATION,),
    ),
    MeetingsHeld(
        name="matches",
        label=_("matchmaking meetings held"),
        help_text=_("Matchmaking meetings that took place at the events of the period."),
    ),
    ProjectsOpened(
        name="leads_from_events",
        label=_("leads from events"),
        help_text=_("Projects opened in the period whose source is an event or delegation."),
        project_sources=(ProjectSource.EVENT,),
    ),
    ProjectsMovedTo(
        name="won_from_events",
        label=_("projects won from events"),
        help_text=_("Projects won in the period whose source is an event or delegation."),
        stages=WON_STAGE,
        project_sources=(ProjectSource.EVENT,),
    ),
    StartupsMovedTo(
        name="startup_applications",
        label=_("start-up applications"),
        help_text=_("Start-ups that applied to a cohort in the period."),
        stages=(MembershipStage.APPLICATION,),
    ),
    StartupsMovedTo(
        name="startups_selected",
        label=_("start-ups selected"),
        help_text=_("Start-ups selected for a cohort in the period."),
        stages=(MembershipStage.SELECTED,),
    ),
    StartupsMovedTo(
        name="startups_completed",
        label=_("start-ups that completed a programme"),
        help_text=_("Start-ups that completed their cohort in the period."),
        stages=(MembershipStage.COMPLETED,),
    ),
    StartupsMovedTo(
        name="startups_settled",
        label=_("start-ups settled"),
        help_text=_("Start-ups of a cohort that settled in the region in the period."),
        stages=(MembershipStage.SETTLED,),
    ),
    StartupsMovedTo(
        name="startup_jobs",
        label=_("jobs of settled start-ups"),
        help_text=_("Realised jobs of the soft landings of the start-ups settled in the period."),
        unit=Unit.JOBS,
        stages=(MembershipStage.SETTLED,),
        total="project__realised_jobs",
    ),
    CandidatesMovedTo(
        name="candidates_nominated",
        label=_("skilled workers nominated"),
        help_text=_("Candidates nominated by a partner college in the period."),
        stages=(CandidateStage.NOMINATED,),
    ),
    CandidatesMovedTo(
        name="candidates_recognised",
        label=_("qualifications recognised"),
        help_text=_(
            "Candidates whose recognition was recorded in the period, partly or fully granted."
        ),
        stages=(CandidateStage.RECOGNITION,),
        where=Q(recognition__in=RECOGNISED),
        where_filters={"recognition": list(RECOGNISED)},
    ),
    CandidatesMovedTo(
        name="candidates_placed",
        label=_("skilled workers placed"),
        help_text=_("Candidates placed with an employer in the period."),
        stages=(CandidateStage.PLACED,),
    ),
    CandidatesStillEmployed(
        name="candidates_still_employed",
        label=_("still employed after 12 months"),
        help_text=_(
            "Candidates whose first 12 months at their employer ended in the period and who "
            "were still employed there."
        ),
    ),
    INQUIRIES_RECEIVED,
    InquiriesShare(
        name="inquiries_answered_in_time",
        label=_("inquiries answered in time"),
        help_text=_(
            "Of the inquiries received in the period, the share answered by the time the "
            "reply was due (one working day by default)."
        ),
        where=ANSWERED_IN_TIME,
        where_filters={"answered_in_time": "true"},
        whole=INQUIRIES_RECEIVED,
    ),
    ResponseTime(
        name="response_time_median",
        label=_("median working hours to the first reply"),
        help_text=_(
            "For the inquiries received in the period that have a reply: working hours from "
            "receipt to the first reply."
        ),
        fraction=0.5,
    ),
    ResponseTime(
        name="response_time_p90",
        label=_("90th percentile of working hours to the first reply"),
        help_text=_(
            "For the inquiries received in the period that have a reply: working hours from "
            "receipt to the first reply."
        ),
        fraction=0.9,
    ),
    INQUIRY_LEADS,
    INQUIRY_LEADS_WON,
    InquiryConversion(
        name="inquiry_conversion",
        label=_("conversion inquiry → lead → won"),
        help_text=_(
            "Of the inquiries received in the period, the share whose lead project has been "
            "won; by stage, how many got there and the share of the stage before."
        ),
        part=INQUIRY_LEADS_WON,
        whole=INQUIRIES_RECEIVED,
        breakdowns=(
            StepBreakdown(
                {
                    "received": (_("received"), INQUIRIES_RECEIVED),
                    Stage.LEAD.value: (Stage.LEAD.label, INQUIRY_LEADS),
                    Stage.WON.value: (Stage.WON.label, INQUIRY_LEADS_WON),
                }
            ),
        ),
    ),
]
KPIS = {kpi.name: kpi for kpi in DEFINITIONS}
# The kinds of interaction that figures count.
HELD_KINDS = tuple(kpi.kind for kpi in DEFINITIONS if isinstance(kpi, InteractionsHeld))
