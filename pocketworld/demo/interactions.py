"""What the desks did with companies from 2022 on: interactions, aftercare visits, follow-ups.

Every project's path brings its meetings, calls and e-mails on the days it moved. Around the
pipeline the desks look after the companies settled in the region: most had an aftercare
visit within the last twelve months, some were last seen longer ago (the aftercare gaps the
start page lists), a few never. One seeded random.Random draws it all in a fixed order.

Tasks are the one part dated from the day the demo is loaded (`due_in` days from then), so
that every team member has follow-ups overdue, due today and coming up. They are matched on
(assignee, title): a run on a later day keeps the existing tasks as they are.
"""

import random
from datetime import date, timedelta

from pocketworld.companies.choices import CompanyStatus
from pocketworld.core.choices import Role
from pocketworld.demo.dates import (
    AS_OF,
    DELEGATIONS,
    DESK_EVENTS,
    first_day,
    weekday,
)
from pocketworld.demo.named import DESKS, NAMED_COMPANIES, TEAM
from pocketworld.demo.pipeline import PARTNER_SHORT_NAMES, short_name
from pocketworld.demo.specs import InteractionSpec, TaskSpec
from pocketworld.interactions.choices import CompanyNeed, CompanyPlan, InteractionKind, TaskStatus
from pocketworld.projects.choices import OPEN_STAGES, ProjectSource, Stage

SEED = 20261125
KIND = InteractionKind
N = CompanyNeed
YEAR = timedelta(days=365)
CARED_FOR = (CompanyStatus.SETTLED, CompanyStatus.EXPANDING, CompanyStatus.AT_RISK)
# Named companies whose last aftercare visit is overdue, though the desk still talks to them.
VISIT_OVERDUE = ("Epson Deutschland GmbH",)

PLANS = {
    CompanyStatus.SETTLED: ((CompanyPlan.STAY, 68), (CompanyPlan.EXPAND, 24),
                            (CompanyPlan.REDUCE, 6), (CompanyPlan.RELOCATE, 2)),
    CompanyStatus.EXPANDING: ((CompanyPlan.EXPAND, 85), (CompanyPlan.STAY, 15)),
    CompanyStatus.AT_RISK: ((CompanyPlan.REDUCE, 45), (CompanyPlan.RELOCATE, 40),
                            (CompanyPlan.STAY, 15)),
}  # fmt: skip
SATISFACTION = {
    CompanyPlan.EXPAND: ((5, 40), (4, 45), (3, 15)),
    CompanyPlan.STAY: ((5, 25), (4, 50), (3, 20), (2, 5)),
    CompanyPlan.REDUCE: ((4, 15), (3, 45), (2, 30), (1, 10)),
    CompanyPlan.RELOCATE: ((3, 30), (2, 50), (1, 20)),
}
NEEDS = {
    CompanyPlan.EXPAND: (N.SPACE, N.SKILLED_WORKERS, N.PERMITS, N.FUNDING, N.SCHOOLS_HOUSING),
    CompanyPlan.STAY: (N.SKILLED_WORKERS, N.CONTACTS, N.PUBLIC_TRANSPORT,
                       N.DIGITAL_INFRASTRUCTURE, N.SCHOOLS_HOUSING),
    CompanyPlan.REDUCE: (N.FUNDING, N.SKILLED_WORKERS, N.CONTACTS),
    CompanyPlan.RELOCATE: (N.SPACE, N.FUNDING, N.PUBLIC_TRANSPORT),
}  # fmt: skip
PLAN_NOTES = {
    CompanyPlan.EXPAND: ("Wants to grow by about {jobs} jobs in the next two years.",
                         "Plant eine Erweiterung: about {jobs} more people by {year}.",
                         "The parent approved a bigger European team."),
    CompanyPlan.STAY: ("Business stable; no changes planned.",
                       "Läuft gut, Team bleibt wie es ist.",
                       "Focus on profitability this year; headcount stays."),
    CompanyPlan.REDUCE: ("The parent restructures Europe; some jobs may go.",
                         "Umsatz rückläufig, Stellenabbau wird geprüft."),
    CompanyPlan.RELOCATE: ("Lease ends; a move out of the city is under review.",
                           "The parent considers moving the European office abroad."),
}  # fmt: skip
MOODS = {5: "sehr zufrieden", 4: "zufrieden", 3: "neutral", 2: "unzufrieden", 1: "sehr unzufrieden"}
NEED_LABELS = {
    N.SPACE: "space", N.SKILLED_WORKERS: "skilled workers", N.PERMITS: "permits",
    N.FUNDING: "funding", N.CONTACTS: "contacts", N.PUBLIC_TRANSPORT: "public transport",
    N.DIGITAL_INFRASTRUCTURE: "fibre connection", N.SCHOOLS_HOUSING: "schools and housing",
}  # fmt: skip
# What the desk does about a need; also the title of the follow-up task.
NEXT_STEPS = {
    N.SPACE: "Send office and hall listings to {short}",
    N.SKILLED_WORKERS: "Introduce {short} to the Welcome Center for skilled workers",
    N.PERMITS: "Arrange a meeting of {short} with the building authority",
    N.FUNDING: "Check NRW.BANK funding programmes for {short}",
    N.CONTACTS: "Introduce {short} to the chamber's industry committee",
    N.PUBLIC_TRANSPORT: "Forward the bus-stop request of {short} to Rheinbahn",
    N.DIGITAL_INFRASTRUCTURE: "Ask the city's fibre team about the connection of {short}",
    N.SCHOOLS_HOUSING: "Send {short} the International School and relocation contacts",
}  # fmt: skip
CALLS = (
    "Call: skilled-worker visas", "Call: the lease ends next year", "Call: trade-tax questions",
    "Call: funding for new equipment", "Call: parking and public transport",
    "Call: contacts at the university",
)  # fmt: skip
EMAILS = (
    "E-mail: list of office spaces", "E-mail: Blue Card information",
    "E-mail: invitation to the desk's next event", "E-mail: contacts at the chamber",
    "E-mail: new funding programme of the state",
)  # fmt: skip
VISITS = ("Visit: new showroom opened", "Plant tour", "Visit with the mayor's office",
          "Visit: anniversary in the region")  # fmt: skip
MEETINGS = ("Meeting: expansion plans", "Meeting at the town hall", "Business breakfast")
SUBJECTS = {
    KIND.CALL: CALLS, KIND.EMAIL: EMAILS, KIND.COMPANY_VISIT: VISITS, KIND.MEETING: MEETINGS,
}  # fmt: skip
CARE_NOTES = (
    "- {point}\n- Ansprechpartner: {contact}\n\nNo follow-up needed.",
    "**Thema:** {point}\n\n- Gespräch mit {contact}\n- Info per E-Mail nachgereicht",
    "{point}\n\n- Spoke with {contact}\n- Next contact at the next aftercare visit",
)
POINTS = (
    "Asked about visas for two engineers from the parent company",
    "Fragen zur Gewerbesteuer und zu Förderprogrammen",
    "Invitation to the desk's next networking event accepted",
    "Looking for trainees; we sent the chamber's contacts",
    "Parking at the office is short; asked about Jobtickets",
    "The new managing director introduced himself",
    "Die neue Geschäftsführerin stellt sich vor",
    "Thanked us for the help with the residence permits",
)
STAGE_TOUCHES = {
    Stage.QUALIFIED: ((KIND.CALL, "Requirements call"), (KIND.MEETING, "Kick-off meeting")),
    Stage.SITE_SEARCH: ((KIND.MEETING, "Site tour"), (KIND.MEETING, "Site visits")),
    Stage.PROPOSAL: ((KIND.EMAIL, "Offer sent"), (KIND.MEETING, "Offer presented")),
    Stage.DECISION: ((KIND.MEETING, "Decision meeting"), (KIND.CALL, "Call before the decision")),
    Stage.WON: ((KIND.MEETING, "Contract signed"), (KIND.EMAIL, "Congratulations")),
    Stage.LOST: ((KIND.CALL, "Debrief"), (KIND.EMAIL, "Closing e-mail")),
    Stage.ON_HOLD: ((KIND.CALL, "Project paused"), (KIND.EMAIL, "Project paused")),
    Stage.LEAD: ((KIND.EMAIL, "Back in touch"), (KIND.CALL, "Back in touch")),
}  # fmt: skip
# Stage names in the notes, the same whatever language is active while the demo loads.
STAGE_NAMES = {
    Stage.LEAD: "Lead", Stage.QUALIFIED: "Qualified", Stage.SITE_SEARCH: "Site search",
    Stage.PROPOSAL: "Proposal", Stage.DECISION: "Decision", Stage.WON: "Won",
    Stage.LOST: "Lost", Stage.ON_HOLD: "On hold",
}  # fmt: skip
FIRST_TOUCH = {
    ProjectSource.EVENT: KIND.EVENT_MEETING, ProjectSource.INQUIRY: KIND.EMAIL,
    ProjectSource.PARTNER_REFERRAL: KIND.MEETING, ProjectSource.OWN_RESEARCH: KIND.CALL,
    ProjectSource.EXISTING_COMPANY: KIND.COMPANY_VISIT,
}  # fmt: skip
NEXT_IN_STAGE = {
    Stage.LEAD: "Qualify: jobs, space, timing",
    Stage.QUALIFIED: "Nächster Schritt: Flächen suchen, short list in two weeks",
    Stage.SITE_SEARCH: "Offers from the real-estate partners by the end of the month",
    Stage.PROPOSAL: "Wait for questions on the offer; call in two weeks",
    Stage.DECISION: "Board decides; stay close to the managing director",
    Stage.WON: "Hand over to aftercare: welcome package, first aftercare visit in six months",
    Stage.LOST: "Keep in the newsletter; ask again in a year",
    Stage.ON_HOLD: "Wiedervorlage in drei Monaten",
}
PROJECT_TASKS = {
    Stage.LEAD: "Qualify the project of {short}: jobs, space, timing",
    Stage.QUALIFIED: "Short-list sites for {short}",
    Stage.SITE_SEARCH: "Send site offers to {short}",
    Stage.PROPOSAL: "Follow up on the offer to {short}",
    Stage.DECISION: "Call {short} about the board decision",
    Stage.ON_HOLD: "Check with {short} whether the project is back on",
}
COMPANY_TASKS = (
    "Invite {short} to the desk's next event",
    "Update the contacts of {short}",
    "Plan the aftercare visit at {short}",
    "Send {short} the new funding brochure",
)


class _InteractionGenerator:
    """Draws the interactions from one seeded random.Random, in a fixed order."""

    def __init__(self, companies, people, projects):
        self.random = random.Random(SEED)
        self.companies, self.projects = companies, projects
        self.desk_of = {country: desk.slug for desk in DESKS for country in desk.countries}
        self.members = {}
        for member in TEAM:
            for slug, _role in member.desks:
                self.members.setdefault(slug, []).append(member.username)
        # Current contacts at each employer: (e-mail, name, job title).
        self.people_at = {}
        for spec in people:
            position = spec.positions[0]
            if position.ended_on is None:
                name = " ".join(filter(None, (spec.salutation, spec.given_name, spec.family_name)))
                self.people_at.setdefault(position.employer, []).append(
                    (spec.email, name, position.job_title)
                )
        self.keys, self.interactions = set(), []

    def pick(self, weighted):
        choices, weights = zip(*weighted, strict=True)
        return self.random.choices(choices, weights)[0]

    def day_between(self, start, end):
        day = start + timedelta(days=self.random.randint(0, max(0, (end - start).days)))
        return min(max(weekday(day), start), end)

    def add(self, spec):
        """Keep `spec` unless an interaction with the same natural key is there already."""
        if spec.key not in self.keys and spec.occurred_on <= AS_OF:
            self.keys.add(spec.key)
            self.interactions.append(spec)

    def contact(self, employer):
        people = self.people_at.get(employer, [])
        return people[0] if people else None

    def generate(self):
        for project in self.projects:
            self.project_touches(project)
        named = {spec.legal_name for spec in NAMED_COMPANIES}
        for company in self.companies:
            desk = self.desk_of.get(company.country)
            if not desk or company.status not in CARED_FOR:
                continue
            if not company.sites:
                self.group_talks(company, desk)
            elif company.legal_name in named:
                self.named_care(company, desk)
            else:
                self.care(company, desk)
        self.interactions.sort(key=lambda spec: (spec.occurred_on, spec.desk, spec.subject))
        return self.interactions

    # --- along the projects

    def project_touches(self, project):
        topic = project.title.split(": ", 1)[1] if project.company else project.title
        contact = self.contact(project.company)
        partner_people = [
            self.people_at[partner][0][0]
            for partner in project.partners
            if partner in self.people_at
        ]
        moves = project.path
        for number, move in enumerate(moves):
            day = move.at.date()
            if number == 0:
                kind = FIRST_TOUCH[project.source]
                subject = self.first_subject(kind, project, topic)
            else:
                kind, label = self.random.choice(STAGE_TOUCHES[move.stage])
                subject = f"{label}: {topic}"
            team = [move.by]
            if project.team and self.random.random() < 0.35:
                team.append(self.random.choice(project.team))
            people = [contact[0]] if contact else []
            if partner_people and (number == 0 or move.stage == Stage.SITE_SEARCH):
                people.append(partner_people[0])
            notes = self.move_notes(project, move, contact)
            self.add(self.touch(kind, day, subject, project, team, people, notes))
            following = moves[number + 1].at.date() if number + 1 < len(moves) else AS_OF
            if (following - day).days > 75 and self.random.random() < 0.5:
                middle = self.day_between(day + timedelta(days=20), following - timedelta(days=20))
                kind = self.random.choice((KIND.CALL, KIND.EMAIL, KIND.MEETING))
                subject = f"Status {'call' if kind == KIND.CALL else 'update'}: {topic}"
                notes = f"- Stand: {move.note}\n- {NEXT_IN_STAGE[move.stage]}"
                self.add(self.touch(kind, middle, subject, project, [project.owner], people, notes))

    @staticmethod
    def first_subject(kind, project, topic):
        if kind == KIND.EVENT_MEETING:
            return f"First talk at {project.source_note}: {topic}"
        if kind == KIND.MEETING and project.partners:
            return f"Introduction by {PARTNER_SHORT_NAMES[project.partners[0]]}: {topic}"
        return {
            KIND.EMAIL: "Inquiry",
            KIND.MEETING: "Introduction",
            KIND.CALL: "First call",
            KIND.COMPANY_VISIT: "Plans discussed",
        }[kind] + f": {topic}"

    def touch(self, kind, day, subject, project, team, people, notes):
        return InteractionSpec(
            kind,
            day,
            subject[:200],
            project.desk,
            company=project.company,
            project=project.title,
            team=tuple(dict.fromkeys(team)),
            people=tuple(dict.fromkeys(people)),
            notes=notes,
        )

    def move_notes(self, project, move, contact):
        lines = [f"**{STAGE_NAMES[move.stage]}:** {move.note}", ""]
        if contact:
            lines.append(f"- Ansprechpartner: {contact[1]} ({contact[2]})")
        if project.expected_jobs:
            lines.append(f"- Jobs: {project.expected_jobs}, space: {project.space_needed} m²")
        lines.append(f"- Next: {NEXT_IN_STAGE[move.stage]}")
        return "\n".join(lines)

    # --- looking after the companies in the region

    def care(self, company, desk):
        """Most were visited within a year; some were last seen longer ago; a few never."""
        earliest = max(first_day(desk), self.opened(company))
        profile = self.pick((("cared", 62), ("gap", 28), ("never", 10)))
        if profile == "gap" and earliest > AS_OF - YEAR - timedelta(days=30):
            profile = "cared"
        if profile == "cared":
            recent = AS_OF - timedelta(days=self.random.randint(3, 350))
            self.add(self.aftercare(company, desk, max(weekday(recent), earliest)))
            if self.random.random() < 0.3 and earliest < recent - YEAR:
                self.add(self.aftercare(company, desk, self.day_between(earliest, recent - YEAR)))
            if self.random.random() < 0.45:
                self.add(self.contact_touch(company, desk, earliest, AS_OF))
        elif profile == "gap":
            last = self.day_between(earliest, AS_OF - YEAR - timedelta(days=15))
            if self.random.random() < 0.5:
                self.add(self.aftercare(company, desk, last))
            else:
                self.add(self.contact_touch(company, desk, last, last))
            if self.random.random() < 0.3 and earliest < last - timedelta(days=60):
                self.add(self.contact_touch(company, desk, earliest, last))

    def named_care(self, company, desk):
        """The interview's companies: a visit every year, and talks in between."""
        earliest = max(first_day(desk), self.opened(company))
        for year in range(earliest.year, AS_OF.year + 1):
            start = max(earliest, date(year, 1, 10))
            end = min(AS_OF - timedelta(days=3), date(year, 11, 30))
            if start > end:
                continue
            if year < AS_OF.year or company.legal_name not in VISIT_OVERDUE:
                self.add(self.aftercare(company, desk, self.day_between(start, end)))
            for _number in range(self.random.randint(1, 3)):
                self.add(self.contact_touch(company, desk, start, end))

    def group_talks(self, company, desk):
        """Groups abroad whose subsidiaries are here: a talk with headquarters each year."""
        for year in range(first_day(desk).year, AS_OF.year + 1):
            start = max(first_day(desk), date(year, 2, 1))
            day = self.day_between(start, min(AS_OF, date(year, 11, 20)))
            self.add(
                InteractionSpec(
                    self.random.choice((KIND.MEETING, KIND.CALL)),
                    day,
                    f"Talk with the group's headquarters {year}",
                    desk,
                    company=company.legal_name,
                    team=tuple(self.members.get(desk, ["klerks"])[:1]),
                    notes="- Plans of the group for Europe and for its company in the region\n"
                    "- Invitation to the desk's events",
                )
            )

    def opened(self, company):
        return company.sites[0].opened_on or date(2000, 1, 1) if company.sites else date(2000, 1, 1)

    def team_for(self, company, desk):
        members = self.members.get(desk, [])
        team = [self.random.choice(members)] if members else ["klerks"]
        if len(members) > 1 and self.random.random() < 0.25:
            team = list(dict.fromkeys([*team, *members[:2]]))
        big = company.employees_region and company.employees_region >= 400
        if big and self.random.random() < 0.3:
            team.append("klerks")
        return tuple(team)

    def aftercare(self, company, desk, day):
        plan = self.pick(PLANS[company.status])
        needs = tuple(
            need
            for need in NEEDS[plan]
            if self.random.random() < (0.5 if plan == CompanyPlan.EXPAND else 0.25)
        )
        needs = tuple(need for need in N.values if need in needs)  # in the usual order
        satisfaction = self.pick(SATISFACTION[plan])
        contact = self.contact(company.legal_name)
        short = short_name(company.legal_name)
        jobs = max(2, round((company.employees_region or 20) * self.random.uniform(0.05, 0.2)))
        plan_note = self.random.choice(PLAN_NOTES[plan]).format(jobs=jobs, year=day.year + 1)
        lines = [
            f"**Aftercare visit** bei {short}"
            + (f" mit {contact[1]} ({contact[2]})." if contact else "."),
            "",
            f"- Employees in the region: {company.employees_region or 'n/a'}",
            f"- Plans: {plan_note}",
            f"- Needs: {', '.join(NEED_LABELS[need] for need in needs) or 'keine'}",
            f"- Standortzufriedenheit: {satisfaction}/5 ({MOODS[satisfaction]})",
            "",
            "**Next steps:** "
            + ("; ".join(NEXT_STEPS[need].format(short=short) for need in needs) or "Next "
               "aftercare visit in a year."),
        ]  # fmt: skip
        return InteractionSpec(
            KIND.AFTERCARE_VISIT,
            day,
            f"Aftercare visit {day.year}",
            desk,
            company=company.legal_name,
            team=self.team_for(company, desk),
            people=(contact[0],) if contact else (),
            notes="\n".join(lines),
            company_plan=plan,
            needs=needs,
            satisfaction=satisfaction,
        )

    def contact_touch(self, company, desk, earliest, latest):
        """A call, an e-mail, a talk at an event, a visit or a delegation between two days."""
        day = self.day_between(earliest, latest)
        kind = self.pick(
            (
                (KIND.CALL, 30),
                (KIND.EMAIL, 25),
                (KIND.EVENT_MEETING, 18),
                (KIND.COMPANY_VISIT, 10),
                (KIND.MEETING, 10),
                (KIND.DELEGATION_VISIT, 7),
            )
        )
        contact = self.contact(company.legal_name)
        people = [contact[0]] if contact else []
        team = self.team_for(company, desk)
        occasions = []
        if kind == KIND.EVENT_MEETING:
            occasions = [
                (weekday(date(year, month, day_of_month)), f"Talk at {name} {year}")
                for name, month, day_of_month in DESK_EVENTS[desk]
                for year in range(earliest.year, latest.year + 1)
            ]
        elif kind == KIND.DELEGATION_VISIT:
            occasions = [
                (day, f"{name} visits {short_name(company.legal_name)}")
                for name, day in DELEGATIONS.get(desk, ())
            ]
        occasions = [pair for pair in occasions if earliest <= pair[0] <= latest]
        if occasions:
            day, subject = self.random.choice(occasions)
        else:
            kind = KIND.CALL if kind in (KIND.EVENT_MEETING, KIND.DELEGATION_VISIT) else kind
            subject = self.random.choice(SUBJECTS[kind])
        if desk == "india" and self.random.random() < 0.15:
            desk, team = "international-specialists", ("ly",)  # skilled workers from India
            kind, subject = KIND.CALL, "Call: recognition of qualifications"
        notes = self.random.choice(CARE_NOTES).format(
            point=self.random.choice(POINTS),
            contact=contact[1] if contact else "der Geschäftsführung",
        )
        return InteractionSpec(
            kind,
            day,
            subject,
            desk,
            company=company.legal_name,
            team=team,
            people=tuple(people),
            notes=notes,
        )


def build_interactions(companies, people, projects):
    """Every interaction of the demo world, oldest first; the same on every call."""
    interactions = _InteractionGenerator(companies, people, projects).generate()
    return interactions + list(_special_occasions(interactions))


def _special_occasions(interactions):
    """The meetings the interview tells of, on top of the drawn ones."""
    taken = {spec.key for spec in interactions}
    ran = "Rakuten Symphony: Open RAN platform and integration team for 1&1"
    occasions = (
        InteractionSpec(
            KIND.MEETING, date(2022, 6, 14), "Trinational Open RAN steering meeting", "japan",
            company="Rakuten Symphony Germany GmbH", project=ran, team=("neu", "froehlich"),
            people=("takeshi.watanabe@rakuten-symphony.example",
                    "priya.sharma@techmahindra.example", "stefan.krueger@1und1-versatel.example"),
            notes="**1&1, Rakuten Symphony, Tech Mahindra**\n\n- Europe's first fully "
            "virtualised, cloud-native Open RAN 5G network, built from Düsseldorf\n- Rakuten "
            "Symphony: platform and system integration; Tech Mahindra: integration services\n"
            "- Offices for both teams near 1&1 Versatel; visas for engineers from Tokyo and "
            "Pune",
        ),
        InteractionSpec(
            KIND.EVENT_MEETING, date(2025, 10, 16), "Matchmaking: Japanese start-ups meet the "
            "region's start-ups", "japan", company="MiraiCell Inc.", team=("leonhardt", "neu"),
            people=("sho.ishikawa@miraicell.example", "aiko.yamamoto@jetro.example"),
            notes="Future Tech Fest: first matchmaking of the seven JETRO start-ups with "
            "start-ups from the region.\n\n- 14 meetings arranged\n- MiraiCell, Tsunagu "
            "Robotics and MediLinks want to come back",
        ),
        InteractionSpec(
            KIND.DELEGATION_VISIT, date(2025, 7, 3), "Delegation from Bangalore (Karnataka) "
            "meets the Heinrich Hertz college", "international-specialists",
            company="Tech Mahindra GmbH", team=("ly", "froehlich", "loehr"),
            people=("ramesh.gowda@bengaluru-training.example",
                    "andreas.wolff@heinrich-hertz-berufskolleg.example",
                    "priya.sharma@techmahindra.example"),
            notes="Delegation from Bangalore (Karnataka): the training college and the "
            "Heinrich Hertz Vocational College agree to work together.\n\n- Nursing and "
            "technical training\n- Tech Mahindra hosts the visit and offers internships",
        ),
    )  # fmt: skip
    return [spec for spec in occasions if spec.key not in taken]


# --- Tasks ----------------------------------------------------------------------------


class _TaskGenerator:
    """Each team member's follow-ups: overdue, due today, coming up, done, a cancelled one."""

    def __init__(self, interactions, projects):
        self.random = random.Random(SEED + 1)
        self.interactions, self.projects = interactions, projects
        self.company_desks = {}
        for spec in interactions:
            if spec.company:
                self.company_desks.setdefault(spec.company, spec.desk)

    def generate(self):
        tasks = []
        for member in TEAM:
            if member.login_only:
                continue
            if member.role == Role.DIRECTOR or member.desks:
                tasks += self.tasks_of(member.username)
        return tasks

    def tasks_of(self, username):
        # (days from the day of loading, status); follow-ups are picked as if that day were
        # the day after AS_OF, so that each comes after the visit it follows up.
        plan = []
        for low, high, status, how_many in (
            (-35, -1, TaskStatus.OPEN, (2, 4)),  # overdue
            (0, 0, TaskStatus.OPEN, (1, 2)),  # due today
            (1, 60, TaskStatus.OPEN, (3, 5)),
            (-200, -3, TaskStatus.DONE, (5, 8)),
            (-120, -10, TaskStatus.CANCELLED, (0, 1)),
        ):
            plan += [
                (self.random.randint(low, high), status)
                for _number in range(self.random.randint(*how_many))
            ]
        visits = [
            spec
            for spec in self.interactions
            if username in spec.team and spec.kind == KIND.AFTERCARE_VISIT and spec.needs
        ]
        projects = [
            spec
            for spec in self.projects
            if ((spec.owner == username or username in spec.team) and spec.stage in OPEN_STAGES)
            or (spec.stage == Stage.ON_HOLD and spec.owner == username)
        ]
        companies = sorted(
            {spec.company for spec in self.interactions if username in spec.team and spec.company}
        )
        tasks, titles = [], set()
        for due_in, status in plan:
            for _attempt in range(6):
                task = self.task(username, due_in, status, visits, projects, companies)
                if task and task.title not in titles:
                    titles.add(task.title)
                    tasks.append(task)
                    break
        return tasks

    def task(self, username, due_in, status, visits, projects, companies):
        due = AS_OF + timedelta(days=1 + due_in)
        completed_in = None
        if status == TaskStatus.DONE:
            completed_in = min(-1, due_in + self.random.randint(-4, 3))
        source = self.pick((("visit", 45), ("project", 35), ("company", 20)))
        if source == "visit":
            fitting = [
                v
                for v in visits
                if due - timedelta(days=60) <= v.occurred_on <= due - timedelta(days=5)
            ]
            if fitting:
                visit = self.random.choice(fitting)
                short = short_name(visit.company)
                need = self.random.choice(visit.needs)
                return TaskSpec(
                    username,
                    NEXT_STEPS[need].format(short=short),
                    due_in,
                    visit.desk,
                    status,
                    completed_in,
                    company=visit.company,
                    interaction=visit.key,
                    description=f"Follow-up of the aftercare visit on "
                    f"{visit.occurred_on:%d.%m.%Y}: {short} needs {NEED_LABELS[need]}.",
                )
        if source == "project" and projects:
            project = self.random.choice(projects)
            short = project.title.split(": ", 1)[0]
            return TaskSpec(
                username,
                PROJECT_TASKS[project.stage].format(short=short),
                due_in,
                project.desk,
                status,
                completed_in,
                company=project.company,
                project=project.title,
                description=f"Project: {project.title}.",
            )
        if companies:
            company = self.random.choice(companies)
            return TaskSpec(
                username,
                self.random.choice(COMPANY_TASKS).format(short=short_name(company)),
                due_in,
                self.company_desks[company],
                status,
                completed_in,
                company=company,
            )
        return None

    def pick(self, weighted):
        choices, weights = zip(*weighted, strict=True)
        return self.random.choices(choices, weights)[0]


def build_tasks(interactions, projects):
    """Every team member's tasks, dated in days from the day of loading."""
    return _TaskGenerator(interactions, projects).generate()
