"""The demo world's investment pipeline: the interview's projects and each desk's own.

Each project is a `ProjectSpec` whose `path` is its dated way through the stages. The writer
creates it with `create_project` and replays the path with `move_stage`, so the stage history
is what the services would have written. Paths run from January 2022 to `AS_OF`, so that
funnels and cycle times tell a story: a wave of relocations from the region's towns into the
state capital, careful Japanese R&D decisions, Chinese energy-transition companies at the top
of the China funnel, and K-Speed at the Korea Desk, which opened in autumn 2024 and closes its
cases in about half the usual time. One seeded random.Random draws the generated projects in
a fixed order, so every call returns the same pipeline.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from pocketworld.companies.choices import CompanyStatus, SiteKind
from pocketworld.demo.dates import AS_OF, DESK_EVENTS, at, first_day, weekday
from pocketworld.demo.named import (
    BANGALORE_COLLEGE,
    BUSINESS_FRANCE,
    DESKS,
    HEINRICH_HERTZ,
    IGCC,
    IHK,
    JETRO,
    KOTRA,
    LIFE_SCIENCE_CENTER,
    MESSE,
    NAMED_COMPANIES,
    NRW_GLOBAL,
    US_COMMERCIAL_SERVICE,
)
from pocketworld.demo.named_projects import NAMED_PROJECTS
from pocketworld.demo.specs import MoveSpec, ProjectSpec
from pocketworld.projects.choices import (
    OPEN_STAGES,
    LossReason,
    ProjectKind,
    ProjectSource,
    SpaceKind,
    Stage,
)

SEED = 20261124
JIHK = "Japanese Chamber of Commerce and Industry in Düsseldorf"
AMCHAM = "American Chamber of Commerce in Germany"
KGCCI = "Korean-German Chamber of Commerce and Industry"
GTAI = "Germany Trade & Invest"

K = ProjectKind
S = Stage


# --- The generated pipeline -------------------------------------------------------------


@dataclass(frozen=True)
class DeskPlan:
    """How a desk's generated projects are drawn."""

    desk: str
    owners: tuple[str, ...]  # who owns the desk's projects, the head first
    helpers: tuple[str, ...]  # who else joins them now and then
    count: int
    pace: float  # how long stages take; 1 is usual
    partners: tuple[str, ...]
    kinds: tuple[tuple[str, int], ...]
    prospects: tuple[tuple[str, str], ...]  # (name, focus area) not yet in the registry
    countries: tuple[str, ...] = ()  # whose companies; default: the desk's primary countries


DESK_PLANS = (
    DeskPlan(
        "japan", ("neu", "leonhardt"), ("klerks",), 32, 1.15, (JETRO, JIHK, NRW_GLOBAL),
        ((K.NEW_SETTLEMENT, 3), (K.EXPANSION, 4), (K.RESEARCH_CENTRE, 1),
         (K.RELOCATION_INTO, 1), (K.RETENTION, 1), (K.SOFT_LANDING, 1)),
        (("Hoshizora Materials Co., Ltd.", "greentech"), ("Kawanami Precision Co., Ltd.", ""),
         ("Midori Battery Systems K.K.", "greentech"), ("Ginrei Medical Devices Co., Ltd.",
         "life-sciences"), ("Sakuraba Logistics Co., Ltd.", "mobility-logistics")),
    ),
    DeskPlan(
        "china", ("menshausen", "xia"), (), 30, 1.0, (IHK, MESSE, NRW_GLOBAL),
        ((K.NEW_SETTLEMENT, 5), (K.EXPANSION, 2), (K.RELOCATION_INTO, 1), (K.RETENTION, 1)),
        (("Shenzhen Lanhai Energy Storage Co., Ltd.", "greentech"),
         ("Ningbo Xinyuan Smart Home Co., Ltd.", "digitalisation"),
         ("Hefei Guangrui PV Technology Co., Ltd.", "greentech"),
         ("Changzhou Heneng Battery Co., Ltd.", "greentech"),
         ("Suzhou Mingtai Heat Pump Co., Ltd.", "greentech"),
         ("Xiamen Yuantong Inverter Co., Ltd.", "greentech")),
    ),
    DeskPlan(
        "india", ("froehlich",), ("loehr",), 20, 1.0, (IGCC, NRW_GLOBAL),
        ((K.NEW_SETTLEMENT, 4), (K.EXPANSION, 3), (K.RESEARCH_CENTRE, 1),
         (K.SOFT_LANDING, 1), (K.RETENTION, 1)),
        (("Nexora Software Pvt. Ltd.", "digitalisation"), ("Veda Engineering Services Ltd.",
         ""), ("Sahyadri Pharma Ltd.", "life-sciences"), ("Kaveri Green Hydrogen Pvt. Ltd.",
         "greentech")),
    ),
    DeskPlan(
        "asean", ("froehlich",), (), 10, 1.0, (NRW_GLOBAL, IHK),
        ((K.NEW_SETTLEMENT, 4), (K.EXPANSION, 2), (K.RELOCATION_INTO, 1)),
        (("Lion City Logistics Pte. Ltd.", "mobility-logistics"), ("Saigon Agritech JSC", ""),
         ("Chao Phraya Foods Co., Ltd.", ""), ("Penang Microsystems Sdn. Bhd.",
         "connectivity")),
    ),
    DeskPlan(
        "korea", ("scheler", "ly"), (), 18, 0.55, (KOTRA, KGCCI, LIFE_SCIENCE_CENTER),
        ((K.NEW_SETTLEMENT, 4), (K.EXPANSION, 3), (K.SOFT_LANDING, 1), (K.RESEARCH_CENTRE, 1)),
        (("Saebyeok Bio Co., Ltd.", "life-sciences"), ("Gaon Mobility Co., Ltd.",
         "mobility-logistics"), ("Haneul Robotics Co., Ltd.", "robotics"),
         ("Purun Energy Co., Ltd.", "greentech")),
    ),
    DeskPlan(
        "eastern-europe", ("scheler",), (), 12, 0.9, (IHK, GTAI),
        ((K.NEW_SETTLEMENT, 4), (K.EXPANSION, 2), (K.RELOCATION_INTO, 1)),
        (("Wisłoka Software Sp. z o.o.", "digitalisation"), ("Vltava Automotive s.r.o.",
         "mobility-logistics"), ("Dunărea Logistics S.R.L.", "mobility-logistics")),
    ),
    DeskPlan(
        "international-specialists", ("ly",), ("froehlich",), 9, 1.0,
        (HEINRICH_HERTZ, BANGALORE_COLLEGE, IGCC), ((K.NEW_SETTLEMENT, 3), (K.EXPANSION, 2)),
        (("Manila Care Professionals Inc.", "life-sciences"), ("Karnataka Skills Academy Pvt. "
         "Ltd.", ""), ("Mysore Engineering Talent Pvt. Ltd.", "digitalisation"),
         ("Cebu Nursing Partners Inc.", "life-sciences")),
        countries=("IN", "PH"),
    ),
    DeskPlan(
        "western-europe-turkey-israel", ("bosbach", "inhester"), (), 28, 0.95,
        (BUSINESS_FRANCE, IHK, GTAI),
        ((K.NEW_SETTLEMENT, 3), (K.EXPANSION, 3), (K.RELOCATION_INTO, 2), (K.RETENTION, 1),
         (K.RESEARCH_CENTRE, 1)),
        (("Atelier Lumière SAS", ""), ("Noordzee Hydrogen B.V.", "greentech"),
         ("Anatolia Tekstil A.Ş.", ""), ("Negev Water Technologies Ltd.", "greentech"),
         ("Kastell Medical AB", "life-sciences")),
    ),
    DeskPlan(
        "usa", ("mahmoud",), ("klerks",), 42, 1.0, (US_COMMERCIAL_SERVICE, AMCHAM, IHK),
        ((K.NEW_SETTLEMENT, 4), (K.EXPANSION, 4), (K.RELOCATION_WITHIN, 1),
         (K.RELOCATION_INTO, 2), (K.RETENTION, 1), (K.SOFT_LANDING, 1)),
        (("Harborline Analytics Inc.", "digitalisation"), ("Redmont Biosystems Inc.",
         "life-sciences"), ("Tallgrass Energy Storage LLC", "greentech"),
         ("Copperfield Robotics Inc.", "robotics"), ("Bluewater Medical Devices Inc.",
         "life-sciences"), ("Prairie Cloud Systems Inc.", "digitalisation")),
    ),
)  # fmt: skip

# How many days a project takes to reach a stage from the one before: (least, most).
STAGE_DAYS = {
    S.QUALIFIED: (10, 50), S.SITE_SEARCH: (20, 80), S.PROPOSAL: (20, 90),
    S.DECISION: (20, 80), S.WON: (15, 75), S.LOST: (20, 150), S.ON_HOLD: (20, 120),
    S.LEAD: (120, 300),  # reopened after a loss
}  # fmt: skip
RESUMED_AFTER = (60, 240)  # days on hold
KIND_PACE = {
    K.NEW_SETTLEMENT: 1.0, K.EXPANSION: 0.9, K.RELOCATION_INTO: 1.2,
    K.RELOCATION_WITHIN: 1.15, K.RESEARCH_CENTRE: 1.45, K.SOFT_LANDING: 0.6, K.RETENTION: 0.8,
}  # fmt: skip
FINAL_STAGES = (
    (S.WON, 33), (S.LOST, 13), (S.ON_HOLD, 7), (S.LEAD, 12), (S.QUALIFIED, 12),
    (S.SITE_SEARCH, 11), (S.PROPOSAL, 10), (S.DECISION, 9),
)  # fmt: skip
PROBABILITY = {
    S.LEAD: (10, 20), S.QUALIFIED: (20, 35), S.SITE_SEARCH: (35, 50), S.PROPOSAL: (50, 65),
    S.DECISION: (65, 85), S.WON: (100, 100), S.LOST: (0, 0), S.ON_HOLD: (10, 30),
}  # fmt: skip
# Kinds that court a company not yet here; the others need one in the registry.
NEW_KINDS = (K.NEW_SETTLEMENT, K.RELOCATION_INTO, K.RESEARCH_CENTRE, K.SOFT_LANDING)
IN_THE_REGION = (CompanyStatus.SETTLED, CompanyStatus.EXPANDING)
NEIGHBOURS = ("Neuss", "Ratingen", "Meerbusch", "Hilden", "Erkrath", "Langenfeld (Rheinland)")
HUBS = (
    ("NL", "Amsterdam"), ("BE", "Brussels"), ("GB", "London"), ("FR", "Paris"),
    ("DE", "Frankfurt am Main"), ("DE", "Munich"), ("DE", "Hamburg"), ("CH", "Zurich"),
)  # fmt: skip
RIVALS = ("Frankfurt", "Munich", "Amsterdam", "Cologne", "Hamburg", "Berlin", "Brussels")
LOSS_REASONS = (
    (LossReason.OTHER_LOCATION, 30), (LossReason.COSTS, 12), (LossReason.NO_SPACE, 7),
    (LossReason.SKILLED_WORKERS, 7), (LossReason.PERMITS, 4), (LossReason.FUNDING, 6),
    (LossReason.PROJECT_CANCELLED, 15), (LossReason.NO_CONTACT, 12), (LossReason.OTHER, 4),
)  # fmt: skip
LOSS_NOTES = {
    LossReason.COSTS: ("Office rents above budget", "Wage costs decided it"),
    LossReason.NO_SPACE: ("No production space of that size available in time",),
    LossReason.SKILLED_WORKERS: ("Feared not to find the engineers in time",),
    LossReason.PERMITS: ("Emission permit would have taken too long",),
    LossReason.FUNDING: ("Expected funding the state could not give",),
    LossReason.PROJECT_CANCELLED: ("The parent stopped its European plans",
                                   "Budget cut at the group"),
    LossReason.NO_CONTACT: ("No answer since the last meeting",),
    LossReason.OTHER: ("Merger: the new parent already has a German office",
                       "Sanctions made the project impossible"),
}  # fmt: skip
INQUIRIES = (
    "E-mail to the desk", "Contact form on the website", "Call from the group's European "
    "office", "Request through the consulate general",
)  # fmt: skip
RESEARCH = (
    "Trade-fair exhibitor list", "Press report on European expansion plans",
    "LinkedIn research", "Market study of the desk",
)  # fmt: skip
EXISTING = ("Aftercare visit", "Call from the managing director", "Annual management meeting")
STAGE_NOTES = {
    S.LEAD: ("First contact: {what}", "Lead from {source}"),
    S.QUALIFIED: ("Requirements clear: {jobs} jobs, {space} m²", "Budget and timing confirmed",
                  "Needs: {space} m² {space_kind}, start within a year"),
    S.SITE_SEARCH: ("Site tours in {destination}", "Three sites short-listed",
                    "Visited offices and halls with the real-estate partners"),
    S.PROPOSAL: ("Offer sent: sites, funding advice, recruiting support",
                 "Support package presented to the management", "Second round of offers"),
    S.DECISION: ("Decision by the board expected", "Shortlist: {destination} and one rival",
                 "Waiting for the parent's approval"),
    S.WON: ("Decision for {destination}: {jobs} jobs", "Lease signed", "Contract signed"),
    S.LOST: ("Decided against the region", "Project ended"),
    S.ON_HOLD: ("Paused by the company", "Parent freezes investments for now",
                "Waiting for the budget of the next year"),
}  # fmt: skip
SPACE_LABELS = {
    SpaceKind.OFFICE: "office", SpaceKind.PRODUCTION: "production space",
    SpaceKind.LAB: "laboratory", SpaceKind.WAREHOUSE: "warehouse",
}  # fmt: skip
WHAT = {
    K.NEW_SETTLEMENT: ("German subsidiary", "European sales office", "first office in Germany",
                       "sales and service hub for Europe", "European headquarters"),
    K.RELOCATION_INTO: ("European headquarters from {origin}", "German office from {origin}"),
    K.RELOCATION_WITHIN: ("move from {origin} to {destination}",),
    K.RESEARCH_CENTRE: ("R&D centre", "application lab", "innovation lab"),
    K.SOFT_LANDING: ("soft landing", "pilot office"),
    K.RETENTION: ("keeping the site in {municipality}", "lease renewal and consolidation",
                  "securing the German headquarters"),
}  # fmt: skip
EXPANSION_WHAT = {
    SpaceKind.OFFICE: ("more office space", "second office in the region",
                       "expansion of the engineering team", "showroom and training centre"),
    SpaceKind.PRODUCTION: ("new production line", "second production hall"),
    SpaceKind.LAB: ("larger laboratory", "new test lab"),
    SpaceKind.WAREHOUSE: ("larger warehouse", "European distribution centre"),
}  # fmt: skip
DESCRIPTIONS = {
    K.NEW_SETTLEMENT: "{short} wants a base for its European customers: about {jobs} jobs in "
    "three years, {space} m² of {space_label}.",
    K.EXPANSION: "{short} is growing in {municipality} and needs room for about {jobs} more "
    "jobs: {space} m² of {space_label}.",
    K.RELOCATION_INTO: "{short} moves its European business from {origin} to the Rhineland; "
    "{jobs} jobs.",
    K.RELOCATION_WITHIN: "{short} moves from {origin} to {destination}; {jobs} jobs move with it.",
    K.RESEARCH_CENTRE: "{short} sets up research close to its customers and the region's "
    "universities: {jobs} researchers.",
    K.SOFT_LANDING: "Start-up {short} tests the European market from a desk in {destination}.",
    K.RETENTION: "{short} reviews its German footprint; {jobs} jobs in {municipality} are at "
    "stake.",
}
LEGAL_FORMS = (
    " (Germany) GmbH", " Deutschland GmbH", " Germany GmbH", " Europe GmbH", " GmbH",
    " Co., Ltd.", " Pvt. Ltd.", " Ltd.", " Inc.", " LLC", " K.K.", " Pte. Ltd.", " JSC",
    " Sdn. Bhd.", " Sp. z o.o.", " s.r.o.", " S.R.L.", " SAS", " B.V.", " A.Ş.", " AB",
)  # fmt: skip
PARTNER_SHORT_NAMES = {
    IHK: "IHK Düsseldorf", MESSE: "Messe Düsseldorf", JETRO: "JETRO", KOTRA: "KOTRA",
    US_COMMERCIAL_SERVICE: "US Commercial Service", NRW_GLOBAL: "NRW.Global Business",
    IGCC: "IGCC", JIHK: "JIHK", AMCHAM: "AmCham Germany", KGCCI: "KGCCI", GTAI: "GTAI",
    BUSINESS_FRANCE: "Business France", HEINRICH_HERTZ: "Heinrich-Hertz-Berufskolleg",
    BANGALORE_COLLEGE: "Bengaluru Technical Training College",
    LIFE_SCIENCE_CENTER: "LSC Düsseldorf",
}  # fmt: skip


def short_name(legal_name):
    """The name people use: the legal name without its legal form."""
    for form in LEGAL_FORMS:
        if legal_name.endswith(form):
            return legal_name.removesuffix(form)
    return legal_name


def _manufacturer(company):
    return any("10" <= sector <= "33" for sector in company.sectors) if company else False


class _PipelineGenerator:
    """Draws each desk's projects from one seeded random.Random, in a fixed order."""

    def __init__(self, companies):
        self.random = random.Random(SEED)
        named = {spec.legal_name for spec in NAMED_COMPANIES}
        self.generated = [spec for spec in companies if spec.legal_name not in named]
        self.desk_of = {country: desk.slug for desk in DESKS for country in desk.countries}
        self.titles = {spec.title for spec in NAMED_PROJECTS}
        self.used = {spec.company for spec in NAMED_PROJECTS}

    def pick(self, weighted):
        choices, weights = zip(*weighted, strict=True)
        return self.random.choices(choices, weights)[0]

    def between(self, low, high):
        return self.random.randint(low, high)

    def generate(self):
        projects = []
        for plan in DESK_PLANS:
            countries = plan.countries or tuple(
                country for country, desk in self.desk_of.items() if desk == plan.desk
            )
            pool = [spec for spec in self.generated if spec.country in countries]
            finals = list(Stage) + [
                self.pick(FINAL_STAGES) for _number in range(plan.count - len(Stage))
            ]
            # Wins first: they claim the companies that opened a site lately.
            order = [S.WON, S.LOST, S.ON_HOLD, *OPEN_STAGES]
            finals.sort(key=order.index)
            prospects = list(plan.prospects)
            for final in finals:
                projects.append(self.project(plan, pool, prospects, final))
        return projects

    # --- which company, which kind

    def earliest(self, plan):
        return first_day(plan.desk)

    def candidates(self, plan, pool, kind, final):
        """[(company, anchor)]: who could be the project's company, and the date its path
        must end near (a site opened, a site closed), if any."""
        unused = [spec for spec in pool if spec.legal_name not in self.used]
        soon = self.earliest(plan) + timedelta(days=150)
        if kind in NEW_KINDS and final == S.WON:
            openers = [
                (spec, spec.sites[0].opened_on)
                for spec in unused
                if spec.status in IN_THE_REGION
                and spec.sites
                and spec.sites[0].opened_on >= soon
                and not spec.sites[0].relocated_from
                and (kind != K.SOFT_LANDING or "start-up" in spec.tags)
            ]
            if kind == K.RESEARCH_CENTRE:
                labs = [
                    pair
                    for pair in openers
                    if pair[0].sites[0].kind in (SiteKind.RESEARCH, SiteKind.LAB)
                ]
                openers = labs or openers
            return openers
        if kind in NEW_KINDS:
            return [(spec, None) for spec in unused if spec.status == CompanyStatus.PROSPECT]
        if kind == K.RELOCATION_WITHIN:
            if final == S.WON:
                return [
                    (spec, site.opened_on)
                    for spec in unused
                    for site in spec.sites[:1]
                    if site.relocated_from and site.opened_on and site.opened_on >= soon
                ]
            return [
                (spec, None)
                for spec in unused
                if spec.status in IN_THE_REGION
                and spec.sites
                and spec.sites[0].municipality != "Düsseldorf"
            ]
        if kind == K.RETENTION:
            if final == S.LOST:
                return [
                    (spec, spec.sites[0].closed_on)
                    for spec in unused
                    if spec.status == CompanyStatus.LEFT
                    and spec.sites
                    and spec.sites[0].closed_on >= self.earliest(plan) + timedelta(days=200)
                ]
            return [(spec, None) for spec in unused if spec.status == CompanyStatus.AT_RISK]
        wanted = (CompanyStatus.EXPANDING,) if self.random.random() < 0.5 else IN_THE_REGION
        growing = [(spec, None) for spec in unused if spec.status in wanted]
        return growing or [(spec, None) for spec in unused if spec.status in IN_THE_REGION]

    def choose(self, plan, pool, prospects, final):
        """(kind, company spec or None, prospect (name, focus) or None, anchor)."""
        for _attempt in range(8):
            kind = self.pick(plan.kinds)
            candidates = self.candidates(plan, pool, kind, final)
            may_be_unregistered = kind in NEW_KINDS and final != S.WON and prospects
            if may_be_unregistered and (not candidates or self.random.random() < 0.3):
                return kind, None, prospects.pop(0), None
            if candidates:
                company, anchor = self.random.choice(candidates)
                self.used.add(company.legal_name)
                return kind, company, None, anchor
        company, anchor = self.random.choice(self.candidates(plan, pool, K.EXPANSION, final))
        self.used.add(company.legal_name)
        return K.EXPANSION, company, None, None

    # --- the path

    def stages(self, final, kind):
        """The stages a project goes through to `final`, detours included."""
        if final in OPEN_STAGES:
            top = OPEN_STAGES.index(final)
        elif final == S.WON:
            top = len(OPEN_STAGES) - 1
        elif final == S.LOST:
            top = self.pick(((0, 30), (1, 25), (2, 20), (3, 15), (4, 10)))
        else:
            top = self.pick(((0, 10), (1, 25), (2, 30), (3, 25), (4, 10)))
        skip = {S.QUALIFIED: 0.08, S.PROPOSAL: 0.05}
        skip[S.SITE_SEARCH] = 0.45 if kind in (K.EXPANSION, K.RETENTION) else 0.12
        stages = [S.LEAD]
        for index in range(1, top + 1):
            stage = OPEN_STAGES[index]
            if index == top or self.random.random() >= skip.get(stage, 0):
                stages.append(stage)
        if S.PROPOSAL in stages and self.random.random() < 0.08:
            at_proposal = stages.index(S.PROPOSAL) + 1
            stages[at_proposal:at_proposal] = [S.SITE_SEARCH, S.PROPOSAL]  # a second round
        if final != S.ON_HOLD and len(stages) > 1 and self.random.random() < 0.07:
            paused = self.between(1, len(stages) - 1)
            stages[paused + 1 : paused + 1] = [S.ON_HOLD, stages[paused]]
        if final not in OPEN_STAGES:
            stages.append(final)
        if final != S.LOST and self.random.random() < 0.03:
            stages[1:1] = [S.LOST, S.LEAD]  # given up early, then back
        return stages

    def dates(self, plan, kind, stages, anchor):
        """A weekday for each stage, in order, ending before AS_OF."""
        pace = plan.pace * KIND_PACE[kind]
        gaps = []
        for before, stage in zip(stages, stages[1:], strict=False):
            low, high = (
                RESUMED_AFTER if before == S.ON_HOLD and stage != S.LOST else (STAGE_DAYS[stage])
            )
            gaps.append(max(1, round(self.between(low, high) * pace)))
        total, earliest, final = sum(gaps), self.earliest(plan), stages[-1]
        if anchor is not None:
            end = anchor - timedelta(days=self.between(20, 110) if final == S.WON else 30)
        elif final in OPEN_STAGES or (final == S.ON_HOLD and self.random.random() < 0.5):
            quiet_for = self.pick((((0, 60), 50), ((60, 200), 30), ((200, 450), 20)))
            end = AS_OF - timedelta(days=self.between(*quiet_for))
        else:
            first_end = earliest + timedelta(days=total)
            end = first_end + timedelta(days=self.between(0, max(0, (AS_OF - first_end).days)))
        end = min(max(end, earliest + timedelta(days=len(gaps))), AS_OF)
        room = (end - earliest).days
        if total > room:
            gaps = [gap * room // total for gap in gaps]
        days = [end - timedelta(days=sum(gaps))]
        for gap in gaps:
            days.append(days[-1] + timedelta(days=gap))
        moments = []
        for day in days:
            if day.isoweekday() > 5:  # to a working day nearby
                day = weekday(day + timedelta(days=self.random.choice((-2, -1, 1, 2))))
            day = min(day, AS_OF)
            moment = at(day, self.between(8, 17), self.random.choice((0, 15, 30, 45)))
            if moments and moment <= moments[-1]:
                moment = moments[-1] + timedelta(minutes=20)
            moments.append(moment)
        return moments

    # --- the project

    def project(self, plan, pool, prospects, final):
        kind, company, prospect, anchor = self.choose(plan, pool, prospects, final)
        stages = self.stages(final, kind)
        moments = self.dates(plan, kind, stages, anchor)
        name = company.legal_name if company else prospect[0]
        short = short_name(name)
        site = company.sites[0] if company and company.sites else None
        municipality = site.municipality if site else "Düsseldorf"
        focus = company.focus_areas if company else ((prospect[1],) if prospect[1] else ())
        space_kind = self.space_kind(kind, company, focus)
        jobs = self.jobs(kind, company, anchor)
        space = self.space(space_kind, jobs, kind)
        origin_country, origin, origin_municipality = "", "", ""
        destination = municipality
        if kind == K.RELOCATION_WITHIN:
            origin = site.relocated_from if anchor else site.municipality
            origin_municipality = origin
            destination = site.municipality if anchor else "Düsseldorf"
        elif kind == K.RELOCATION_INTO:
            origin_country, origin = self.random.choice(HUBS)
        elif kind in NEW_KINDS:
            origin_country = company.country if company else ""
            if not site and self.random.random() < 0.15:
                destination = self.random.choice(NEIGHBOURS)
        words = {
            "short": short, "jobs": jobs, "space": f"{space:,}", "origin": origin,
            "destination": destination, "municipality": municipality,
            "space_kind": SPACE_LABELS[space_kind], "space_label": SPACE_LABELS[space_kind],
        }  # fmt: skip
        source, source_note, partners = self.source(plan, kind, moments[0].year)
        words["source"] = source_note or "the desk's research"
        team = self.team(plan, jobs)
        owner = (
            self.random.choice(plan.owners)
            if len(plan.owners) == 1
            else self.pick(tuple(zip(plan.owners, (55, 45)[: len(plan.owners)], strict=True)))
        )
        team = tuple(member for member in team if member != owner)
        investment = self.investment(space_kind, jobs, kind)
        title = self.title(kind, space_kind, words, moments[0].year)
        path = self.path(stages, moments, owner, team, words, kind, (jobs, investment))
        low, high = PROBABILITY[final]
        return ProjectSpec(
            title,
            kind,
            plan.desk,
            owner,
            path,
            company=company.legal_name if company else "",
            prospect_name="" if company else name,
            team=team,
            partners=partners,
            source=source,
            source_note=source_note,
            focus_areas=tuple(focus),
            expected_jobs=jobs,
            expected_investment=investment,
            space_needed=space,
            space_kind=space_kind,
            target_date=self.target_date(final, moments, anchor),
            probability=self.between(low // 5, high // 5) * 5,
            origin_country=origin_country,
            origin_municipality=origin_municipality,
            destination_municipality=destination,
            description=DESCRIPTIONS[kind].format(**words),
        )

    def path(self, stages, moments, owner, team, words, kind, figures):
        jobs, investment = figures
        moves = []
        for number, (stage, moment) in enumerate(zip(stages, moments, strict=True)):
            final = number == len(stages) - 1
            by = owner if not team or self.random.random() < 0.85 else self.random.choice(team)
            if by == "klerks":
                by = owner
            note = self.random.choice(STAGE_NOTES[stage]).format(**words)
            values = {}
            if stage == S.WON:
                values = {
                    "realised_jobs": max(1, round(jobs * self.random.uniform(0.75, 1.2))),
                    "realised_investment": Decimal(
                        int(round(float(investment) * self.random.uniform(0.8, 1.15), -4))
                    ),
                }
            elif stage == S.LOST and final:
                reason = self.pick(LOSS_REASONS)
                if kind == K.RETENTION and reason == LossReason.NO_CONTACT:
                    reason = LossReason.COSTS
                if reason == LossReason.OTHER_LOCATION:
                    rival = self.random.choice(RIVALS)
                    note, loss_note = f"Chose {rival}", f"Chose {rival}"
                else:
                    loss_note = self.random.choice(LOSS_NOTES[reason])
                    note = loss_note
                values = {"loss_reason": reason, "loss_note": loss_note}
            elif stage == S.LOST:
                values = {"loss_reason": LossReason.NO_CONTACT, "loss_note": ""}
                note = "No answer for months: closed"
            elif stage == S.LEAD and number:
                note = "Back in touch: the plans are on again"
            moves.append(MoveSpec(stage, moment, by, note[:250], **values))
        return tuple(moves)

    def title(self, kind, space_kind, words, year):
        what = self.random.choice(
            EXPANSION_WHAT[space_kind] if kind == K.EXPANSION else WHAT[kind]
        ).format(**words)
        words["what"] = what
        title = f"{words['short']}: {what}"
        if title in self.titles:
            title = f"{title} ({year})"
        number = 2
        while title in self.titles:
            title, number = f"{words['short']}: {what} ({year}, {number})", number + 1
        self.titles.add(title)
        return title

    def source(self, plan, kind, year):
        """(source, source note, partners involved)."""
        partners = []
        if kind in (K.EXPANSION, K.RETENTION, K.RELOCATION_WITHIN):
            if self.random.random() < 0.75:
                source = ProjectSource.EXISTING_COMPANY, self.random.choice(EXISTING)
            else:
                source = ProjectSource.OWN_RESEARCH, self.random.choice(RESEARCH)
        else:
            source = self.pick(
                (
                    (ProjectSource.INQUIRY, 28),
                    (ProjectSource.EVENT, 27),
                    (ProjectSource.PARTNER_REFERRAL, 30),
                    (ProjectSource.OWN_RESEARCH, 15),
                )
            )
            note = {
                ProjectSource.INQUIRY: lambda: self.random.choice(INQUIRIES),
                ProjectSource.EVENT: lambda: (
                    f"{self.random.choice(DESK_EVENTS[plan.desk])[0]} {year}"
                ),
                ProjectSource.OWN_RESEARCH: lambda: self.random.choice(RESEARCH),
                ProjectSource.PARTNER_REFERRAL: lambda: self.random.choice(plan.partners),
            }[source]()
            if source == ProjectSource.PARTNER_REFERRAL:
                partners.append(note)
                note = PARTNER_SHORT_NAMES[note]
            source = source, note
        if self.random.random() < 0.35:
            partner = self.random.choice(plan.partners)
            if partner not in partners:
                partners.append(partner)
        return (*source, tuple(partners))

    def team(self, plan, jobs):
        team = [member for member in plan.owners + plan.helpers if self.random.random() < 0.4]
        if jobs >= 150 and "klerks" not in team:
            team.append("klerks")
        if jobs >= 40 and "ly" not in team and self.random.random() < 0.15:
            team.append("ly")  # international specialists help to recruit
        return tuple(team)

    # --- the figures

    def space_kind(self, kind, company, focus):
        if kind == K.SOFT_LANDING:
            return SpaceKind.OFFICE
        if "life-sciences" in focus and (kind == K.RESEARCH_CENTRE or self.random.random() < 0.4):
            return SpaceKind.LAB
        if kind == K.RESEARCH_CENTRE:
            return SpaceKind.LAB if self.random.random() < 0.6 else SpaceKind.OFFICE
        sectors = company.sectors if company else ()
        if any(sector in ("46", "52") for sector in sectors) and self.random.random() < 0.5:
            return SpaceKind.WAREHOUSE
        if _manufacturer(company) and self.random.random() < 0.35:
            return SpaceKind.PRODUCTION
        return SpaceKind.OFFICE

    def jobs(self, kind, company, anchor):
        region = company.employees_region if company else None
        if kind == K.SOFT_LANDING:
            return self.between(1, 6)
        if kind in (K.RETENTION, K.RELOCATION_WITHIN) and region:
            return region
        if kind == K.EXPANSION:
            return max(3, round((region or 40) * self.random.uniform(0.08, 0.35)))
        if kind == K.RESEARCH_CENTRE:
            return self.between(8, 60)
        if anchor and region:
            return max(2, round(region * self.random.uniform(0.6, 0.95)))
        low, high = self.pick((((5, 20), 50), ((20, 60), 35), ((60, 200), 15)))
        return self.between(low, high)

    def space(self, space_kind, jobs, kind):
        if kind == K.SOFT_LANDING:
            return 20 * jobs + 20
        per_job = {
            SpaceKind.OFFICE: 22, SpaceKind.LAB: 45, SpaceKind.PRODUCTION: 120,
            SpaceKind.WAREHOUSE: 250,
        }[space_kind]  # fmt: skip
        return max(50, int(round(jobs * per_job * self.random.uniform(0.8, 1.3), -1)))

    def investment(self, space_kind, jobs, kind):
        if kind == K.RETENTION:
            per_job = 15000
        elif kind == K.SOFT_LANDING:
            per_job = 80000
        else:
            per_job = {
                SpaceKind.OFFICE: 60000, SpaceKind.LAB: 200000, SpaceKind.PRODUCTION: 300000,
                SpaceKind.WAREHOUSE: 120000,
            }[space_kind]  # fmt: skip
        return Decimal(max(10000, int(round(jobs * per_job * self.random.uniform(0.7, 1.4), -4))))

    def target_date(self, final, moments, anchor):
        last = moments[-1].date()
        if final == S.WON:
            return anchor or last + timedelta(days=self.between(30, 200))
        if final in OPEN_STAGES:
            return AS_OF + timedelta(days=self.between(60, 540))
        return moments[0].date() + timedelta(days=self.between(180, 600))


def build_pipeline(companies):
    """The interview's projects, then each desk's generated ones; the same on every call."""
    return list(NAMED_PROJECTS) + _PipelineGenerator(companies).generate()
