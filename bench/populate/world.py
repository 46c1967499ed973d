"""The bench world: every row it holds, drawn from one seeded generator."""

import bisect
import datetime
import itertools
import random
import time
from array import array

from bench.populate.parameters import (
    AFTERCARE_STATUSES,
    BENCH_DESK,
    BENCH_PASSWORD,
    BENCH_USERNAME,
    COMPANY_NEEDS,
    COMPANY_STATUSES,
    DEFAULT_LEGAL_FORMS,
    DESK_STAFF,
    DESKS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INTERACTION_KINDS,
    JAPANESE_TRADES,
    JAPANESE_WORDS,
    JOB_TITLES,
    LEGAL_FORMS,
    LONG_TIMELINE_CHANGES,
    LONG_TIMELINE_COMPANY,
    LONG_TIMELINE_PROJECTS,
    LOSS_REASONS,
    NAME_STEMS,
    NAME_WORDS,
    NOTES,
    OPEN_PIPELINE,
    PROJECT_KINDS,
    PROJECT_SOURCES,
    PROJECT_TITLES,
    SPACE_KINDS,
    SUBJECT_TOPICS,
    TASK_TITLES,
)
from bench.populate.rows import Clock, insert, power_law, reset_sequences, weighted


class World:
    """Generates the bench world; every random choice comes from one seeded generator."""

    def __init__(self, options, report):
        from django.utils import timezone

        self.options = options
        self.report = report
        self.rng = random.Random(options.seed)
        self.clock = Clock(timezone.localdate())
        self.stamp = self.clock.moment(self.clock.latest)

    def build(self):
        from django.db import connection, transaction

        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MB while filling
        with transaction.atomic():
            self.step("desks and users", self.make_desks_and_users)
            self.step("companies", self.make_companies)
            self.step("names, sectors and sites", self.make_company_details)
            self.step("people and positions", self.make_people)
            self.step("projects and stage changes", self.make_projects)
            self.step("interactions", self.make_interactions)
            self.step("tasks", self.make_tasks)
            self.step("sequences", self.reset_sequences)
            self.step("long timeline company", self.make_long_timeline)
        if connection.vendor == "postgresql":
            self.step("VACUUM ANALYZE", self.analyze)

    def step(self, label, function):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        detail = f" ({result})" if result else ""
        self.report(f"  {label}: {elapsed:.1f} s{detail}")

    # desks, coverage, users and memberships, through the ORM (small)

    def make_desks_and_users(self):
        from django.contrib.auth.hashers import make_password

        from pocketworld.accounts.models import User
        from pocketworld.core.choices import DeskRole, Role
        from pocketworld.core.models import Country
        from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership

        countries = list(Country.objects.order_by("code").values_list("code", flat=True))
        listed = {code for *_rest, codes in DESKS for code in codes}
        rest = [code for code in countries if code not in listed and code != "DE"]
        self.desks = []  # (desk id, slug, share, countries)
        coverage = []
        for slug, name, share, codes in DESKS:
            desk = Desk.objects.create(
                name=name,
                slug=slug,
                email=f"{slug}@bench.invalid",
                description=f"Country desk for {name} (benchmark data).",
            )
            codes = [code for code in codes if code in countries] or rest
            self.desks.append((desk.pk, slug, share, codes))
            coverage += [DeskCoverage(desk=desk, country_id=code) for code in codes]
        DeskCoverage.objects.bulk_create(coverage)

        password = make_password(BENCH_PASSWORD)
        users, memberships = [], []

        def add_user(username, first, last, role=Role.STAFF, desk=None, desk_role=None):
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@bench.invalid",
                role=role,
                password=password,
            )
            users.append(user)
            if desk is not None:
                memberships.append((user, desk, desk_role))

        add_user("bench.director", "Dana", "Director", Role.DIRECTOR)
        add_user("bench.admin", "Alex", "Admin", Role.ADMINISTRATOR)
        names = itertools.cycle(zip(GIVEN_NAMES, FAMILY_NAMES, strict=False))
        for desk_id, slug, _share, _codes in self.desks:
            officers, assistants = DESK_STAFF[slug]
            first, last = next(names)
            add_user(f"{slug}.head", first, last, desk=desk_id, desk_role=DeskRole.HEAD)
            for number in range(1, officers + 1):
                first, last = next(names)
                username = f"{slug}.officer{number}"
                if slug == BENCH_DESK and number == 1:
                    username, first, last = BENCH_USERNAME, "Benedikt", "Bench"
                add_user(username, first, last, desk=desk_id, desk_role=DeskRole.OFFICER)
            for number in range(1, assistants + 1):
                first, last = next(names)
                add_user(
                    f"{slug}.assistant{number}",
                    first,
                    last,
                    desk=desk_id,
                    desk_role=DeskRole.ASSISTANT,
                )
        User.objects.bulk_create(users)
        saved = {user.username: user.pk for user in User.objects.all()}
        DeskMembership.objects.bulk_create(
            DeskMembership(desk_id=desk, user_id=saved[user.username], role=role)
            for user, desk, role in memberships
        )
        # Per desk: owners of projects (heads, officers) and assignees of tasks (weighted).
        self.owners, self.assignees = {}, {}
        for user, desk, role in memberships:
            user_id = saved[user.username]
            if role != DeskRole.ASSISTANT:
                self.owners.setdefault(desk, []).append(user_id)
            weight = {DeskRole.HEAD: 1, DeskRole.OFFICER: 3, DeskRole.ASSISTANT: 2}[role]
            self.assignees.setdefault(desk, []).extend([user_id] * weight)
        self.bench_user = saved[BENCH_USERNAME]
        return f"{len(self.desks)} desks, {len(users)} users, {len(memberships)} memberships"

    # companies: the long timeline company first (through the ORM, with its history), then
    # the bulk with explicit ids

    def make_companies(self):
        from pocketworld.companies.models import Company

        rng, clock = self.rng, self.clock
        japan = next(desk for desk in self.desks if desk[1] == BENCH_DESK)
        long_company = Company(
            legal_name=LONG_TIMELINE_COMPANY,
            country_id="JP",
            status="settled",
            employees_region=420,
            employees_worldwide=18_500,
            website="https://www.kobayashi-seimitsu.example",
            description="Precision parts; European headquarters in Düsseldorf since 2004.",
        )
        long_company._history_date = clock.start - datetime.timedelta(days=400)
        long_company._history_user = None
        long_company.save()
        self.long_company = long_company.pk

        desk_ids = [desk_id for desk_id, *_rest in self.desks]
        desk_cumulative = list(itertools.accumulate(share for _id, _slug, share, _c in self.desks))
        country_choices = {
            desk_id: (codes, power_law(len(codes), 1))
            for desk_id, _slug, _share, codes in self.desks
        }
        statuses, status_weights = weighted(COMPANY_STATUSES)
        count = self.options.companies
        first_id = self.long_company + 1
        # Per company id (index 0 unused): desk, status, country, short name.
        self.company_desk = array("l", [0]) * (first_id + count)
        self.company_status = [""] * (first_id + count)
        self.company_country = [""] * (first_id + count)
        self.company_label = [""] * (first_id + count)
        self.company_desk[self.long_company] = japan[0]
        self.company_status[self.long_company] = "settled"
        self.company_country[self.long_company] = "JP"
        self.company_label[self.long_company] = "Kobayashi"
        self.company_ids = [self.long_company]

        def rows():
            for company_id in range(first_id, first_id + count - 1):
                pick = rng.random() * desk_cumulative[-1]
                desk_id = desk_ids[min(bisect.bisect(desk_cumulative, pick), len(desk_ids) - 1)]
                codes, code_weights = country_choices[desk_id]
                country = rng.choices(codes, cum_weights=code_weights)[0]
                status = rng.choices(statuses, cum_weights=status_weights)[0]
                stem = rng.choice(NAME_STEMS)
                name = (
                    f"{stem} {rng.choice(NAME_WORDS)} "
                    f"{rng.choice(LEGAL_FORMS.get(country, DEFAULT_LEGAL_FORMS))}"
                )
                worldwide = int(rng.lognormvariate(5.5, 1.8)) + 3
                region = None if status == "prospect" else min(worldwide, rng.randint(1, 400))
                parent = (
                    rng.randrange(first_id, company_id)
                    if company_id > first_id + 100 and rng.random() < 0.02
                    else None
                )
                created = clock.moment(rng.uniform(0, clock.latest))
                self.company_desk[company_id] = desk_id
                self.company_status[company_id] = status
                self.company_country[company_id] = country
                self.company_label[company_id] = stem
                self.company_ids.append(company_id)
                yield (
                    company_id,
                    name,
                    country,
                    parent,
                    region,
                    worldwide,
                    f"https://www.{stem.lower()}-{company_id}.example",
                    None,
                    status,
                    desk_id,
                    None,
                    "",
                    created,
                    created,
                )

        written = insert(
            Company,
            (
                "id legal_name country_id parent_id employees_region employees_worldwide website "
                "lei status desk_id desk_override_id description created last_updated"
            ),
            rows(),
        )
        # The power law's ranks: the long timeline company first, the others shuffled.
        ranking = self.company_ids[1:]
        rng.shuffle(ranking)
        self.company_ranking = [self.long_company, *ranking]
        return f"{written + 1:,} rows"

    def make_company_details(self):
        from pocketworld.companies.models import Company, CompanyName, Site
        from pocketworld.core.models import FocusArea, Municipality, Sector

        rng, clock, stamp = self.rng, self.clock, self.stamp
        divisions = list(
            Sector.objects.filter(level="division").order_by("pk").values_list("pk", flat=True)
        )
        focus_areas = list(FocusArea.objects.order_by("pk").values_list("pk", flat=True))
        municipalities = list(Municipality.objects.order_by("key").values_list("key", flat=True))
        duesseldorf = "051110000" if "051110000" in municipalities else municipalities[0]
        self.municipalities = municipalities

        def sector_rows():
            for company_id in self.company_ids:
                first = rng.choice(divisions)
                yield (company_id, first)
                if rng.random() < 0.3:
                    second = rng.choice(divisions)
                    if second != first:
                        yield (company_id, second)

        sectors = insert(Company.sectors.through, "company_id sector_id", sector_rows())
        focus = insert(
            Company.focus_areas.through,
            "company_id focusarea_id",
            (
                (company_id, rng.choice(focus_areas))
                for company_id in self.company_ids
                if rng.random() < 0.1
            ),
        )

        def name_rows():
            for company_id in self.company_ids:
                if self.company_country[company_id] == "JP" and rng.random() < 0.5:
                    native = rng.choice(JAPANESE_WORDS) + rng.choice(JAPANESE_TRADES) + "株式会社"
                    yield (company_id, native, "native", "ja", "Jpan", None, stamp, stamp)
                if rng.random() < 0.1:
                    alias = f"{self.company_label[company_id][:3].upper()}-{company_id}"
                    yield (company_id, alias, "alias", None, "Latn", None, stamp, stamp)

        names = insert(
            CompanyName,
            "company_id name kind language_id script valid_until created last_updated",
            name_rows(),
        )

        def site_rows():
            for company_id in self.company_ids:
                status = self.company_status[company_id]
                if status == "prospect":
                    continue
                for number in range(2 if rng.random() < 0.25 else 1):
                    opened = rng.randrange(0, clock.today)
                    closed = None
                    if status == "left":
                        closed = clock.days[rng.randrange(opened, clock.today + 1)]
                    yield (
                        company_id,
                        "" if number == 0 else "Branch office",
                        rng.choice(["german_hq", "european_hq", "sales"])
                        if number == 0
                        else rng.choice(["branch", "production", "research", "lab"]),
                        f"Königsallee {rng.randint(1, 120)}",
                        f"40{rng.randint(210, 629)}",
                        duesseldorf if rng.random() < 0.4 else rng.choice(municipalities),
                        None,
                        clock.days[opened],
                        closed,
                        rng.randint(1, 300),
                        stamp,
                        stamp,
                    )

        sites = insert(
            Site,
            (
                "company_id name kind street postcode municipality_id relocated_from_id opened_on "
                "closed_on employees created last_updated"
            ),
            site_rows(),
        )
        return f"{sectors:,} sector links, {focus:,} focus links, {names:,} names, {sites:,} sites"

    def make_people(self):
        from pocketworld.contacts.models import Person, Position

        rng, clock, stamp = self.rng, self.clock, self.stamp
        count = len(self.company_ids) // 2
        employers = []

        def person_rows():
            for person_id in range(1, count + 1):
                company_id = rng.choice(self.company_ids)
                employers.append(company_id)
                given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
                basis = rng.choices(
                    ["legitimate_interest", "consent", "public_task"], weights=[80, 15, 5]
                )[0]
                consent = clock.days[rng.randrange(clock.today)] if basis == "consent" else None
                # Records last changed any time in the five years: the retention review finds
                # those without a later contact due, as it would in a registry of that age.
                changed = clock.moment(rng.uniform(0, clock.latest))
                yield (
                    person_id,
                    given,
                    family,
                    "",
                    "",
                    "",
                    f"{given.lower()}.{family.lower()}.{person_id}@example.com",
                    "",
                    "",
                    self.company_desk[company_id],
                    basis,
                    consent,
                    "",
                    "",
                    changed,
                    changed,
                )

        people = insert(
            Person,
            (
                "id given_name family_name native_name native_script salutation email phone "
                "mobile desk_id legal_basis consent_given_on legal_basis_note notes created "
                "last_updated"
            ),
            person_rows(),
        )
        positions = insert(
            Position,
            "person_id company_id job_title started_on created last_updated",
            (
                (
                    person_id,
                    company_id,
                    rng.choice(JOB_TITLES),
                    clock.days[rng.randrange(clock.today)],
                    stamp,
                    stamp,
                )
                for person_id, company_id in enumerate(employers, start=1)
            ),
        )
        return f"{people:,} people, {positions:,} positions"

    # projects: each walks the pipeline from its start until now, writing a StageChange
    # per move; the project keeps its last stage and the moment it got there

    def walk_pipeline(self, started):
        """[(from stage, to stage, day offset)] of one project, started at day `started`."""
        rng, latest = self.rng, self.clock.latest
        stage = "lead" if rng.random() < 0.8 else "qualified"
        moves = [("", stage, started)]
        when = started
        resume = None
        while stage not in ("won", "lost"):
            when += rng.expovariate(1 / (150 if stage == "on_hold" else 35))
            if when >= latest:
                break
            if stage == "on_hold":
                following = resume if rng.random() < 0.5 else "lost"
            elif stage == "decision":
                following = rng.choices(["won", "lost", "on_hold"], weights=[55, 40, 5])[0]
            else:
                roll = rng.random()
                position = OPEN_PIPELINE.index(stage)
                if roll < 0.28:
                    following = "lost"
                elif roll < 0.33:
                    following = "on_hold"
                else:
                    step = 2 if roll > 0.93 and position < 3 else 1
                    following = OPEN_PIPELINE[position + step]
            if following == "on_hold":
                resume = stage
            moves.append((stage, following, when))
            stage = following
        return moves

    def make_projects(self):
        from pocketworld.projects.models import Project, StageChange

        rng, clock = self.rng, self.clock
        kinds, kind_weights = weighted(PROJECT_KINDS)
        sources, source_weights = weighted(PROJECT_SOURCES)
        ranking = self.company_ranking
        flatter = power_law(len(ranking), 200)
        desk_ids = [desk_id for desk_id, *_rest in self.desks]
        desk_shares = [share for _id, _slug, share, _codes in self.desks]
        count = self.options.projects
        # Per project: company (0 for prospects), desk, first and last day.
        self.project_company = array("l")
        self.project_desk = array("l")
        self.project_span = []
        changes = []
        team = []

        def rows():
            for project_id in range(1, count + 1):
                if project_id <= LONG_TIMELINE_PROJECTS:
                    company_id = self.long_company
                elif rng.random() < 0.9:
                    company_id = rng.choices(ranking, cum_weights=flatter)[0]
                else:
                    company_id = None
                desk_id = (
                    self.company_desk[company_id]
                    if company_id
                    else rng.choices(desk_ids, weights=desk_shares)[0]
                )
                owner = rng.choice(self.owners[desk_id])
                kind = rng.choices(kinds, cum_weights=kind_weights)[0]
                started = clock.latest * rng.random() ** 0.8  # more projects lately
                moves = self.walk_pipeline(started)
                stage = moves[-1][1]
                changed_at = clock.moment(moves[-1][2])
                for from_stage, to_stage, when in moves:
                    changes.append((project_id, from_stage, to_stage, clock.moment(when), owner))
                if rng.random() < 0.25:
                    colleague = rng.choice(self.owners[desk_id] + self.assignees[desk_id])
                    if colleague != owner:
                        team.append((project_id, colleague))
                self.project_company.append(company_id or 0)
                self.project_desk.append(desk_id)
                self.project_span.append((int(started), int(moves[-1][2])))
                label = self.company_label[company_id] if company_id else "Prospect"
                jobs = rng.choice([5, 10, 20, 25, 40, 50, 80, 120, 250])
                won = stage == "won"
                lost = stage == "lost"
                created = clock.moment(started)
                yield (
                    project_id,
                    f"{label}: {PROJECT_TITLES[kind]} {project_id}",
                    kind,
                    company_id,
                    "" if company_id else f"Prospect {project_id} {rng.choice(NAME_WORDS)}",
                    desk_id,
                    owner,
                    rng.choices(sources, cum_weights=source_weights)[0],
                    "",
                    jobs,
                    jobs * rng.choice([50_000, 100_000, 200_000]),
                    jobs * rng.choice([15, 25, 40]),
                    rng.choice(SPACE_KINDS),
                    clock.days[min(int(started) + rng.randint(90, 720), len(clock.days) - 1)],
                    rng.choice([10, 25, 50, 75, 90]),
                    self.company_country[company_id]
                    if company_id and kind == "relocation_into"
                    else None,
                    rng.choice(self.municipalities),
                    stage,
                    changed_at,
                    rng.choice(LOSS_REASONS) if lost else "",
                    "",
                    max(1, int(jobs * rng.uniform(0.5, 1.3))) if won else None,
                    jobs * 90_000 if won else None,
                    "",
                    created,
                    changed_at,
                )

        projects = insert(
            Project,
            (
                "id title kind company_id prospect_name desk_id owner_id source source_note "
                "expected_jobs expected_investment space_needed space_kind target_date "
                "probability origin_country_id destination_municipality_id stage stage_changed_at "
                "loss_reason loss_note realised_jobs realised_investment description created "
                "last_updated"
            ),
            rows(),
        )
        stage_changes = insert(
            StageChange,
            "project_id from_stage to_stage changed_at changed_by_id note",
            ((*change, "") for change in changes),
        )
        team_links = insert(Project.team.through, "project_id user_id", team)
        return f"{projects:,} projects, {stage_changes:,} stage changes, {team_links:,} team links"

    def make_interactions(self):
        from pocketworld.interactions.models import Interaction

        rng, clock = self.rng, self.clock
        kinds, kind_weights = weighted(INTERACTION_KINDS)
        kind_labels = dict(Interaction._meta.get_field("kind").flatchoices)
        subjects = {
            kind: [f"{kind_labels[kind]}: {topic}" for topic in SUBJECT_TOPICS] for kind in kinds
        }
        steep = power_law(len(self.company_ranking), 20)
        count = self.options.interactions
        # Per interaction id (index 0 unused): company (0 if none), desk, day.
        self.interaction_company = array("l", [0])
        self.interaction_desk = array("l", [0])
        self.interaction_day = array("l", [0])
        today = clock.today
        projects = len(self.project_company)

        def rows():
            interaction_id = 0
            while interaction_id < count:
                chunk = min(50_000, count - interaction_id)
                companies = rng.choices(self.company_ranking, cum_weights=steep, k=chunk)
                chosen_kinds = rng.choices(kinds, cum_weights=kind_weights, k=chunk)
                for company_id, kind in zip(companies, chosen_kinds, strict=True):
                    interaction_id += 1
                    project_id = None
                    if rng.random() < 0.12:
                        index = rng.randrange(projects)
                        project_id = index + 1
                        company_id = self.project_company[index] or None
                        desk_id = self.project_desk[index]
                        first, last = self.project_span[index]
                        day = min(today, rng.randint(first, max(first, last)))
                    else:
                        desk_id = self.company_desk[company_id]
                        day = int(today * rng.random() ** 0.5)  # busier lately
                    plan, needs, satisfaction = "", "[]", None
                    if kind == "aftercare_visit":
                        if company_id and self.company_status[company_id] in AFTERCARE_STATUSES:
                            plan = rng.choice(["expand", "stay", "stay", "reduce", "relocate"])
                            needs = (
                                "["
                                + ", ".join(f'"{need}"' for need in rng.sample(COMPANY_NEEDS, 2))
                                + "]"
                            )
                            satisfaction = rng.randint(2, 5)
                        else:
                            kind = "meeting"
                    self.interaction_company.append(company_id or 0)
                    self.interaction_desk.append(desk_id)
                    self.interaction_day.append(day)
                    moment = f"{clock.days[day]} 10:00:00"
                    yield (
                        interaction_id,
                        kind,
                        clock.days[day],
                        rng.choice(subjects[kind]),
                        desk_id,
                        company_id,
                        project_id,
                        rng.choice(NOTES),
                        plan,
                        needs,
                        satisfaction,
                        moment,
                        moment,
                    )

        written = insert(
            Interaction,
            (
                "id kind occurred_on subject desk_id company_id project_id notes company_plan "
                "needs satisfaction created last_updated"
            ),
            rows(),
        )
        return f"{written:,} rows"

    def make_tasks(self):
        from pocketworld.interactions.models import Task

        rng, clock = self.rng, self.clock
        steep = power_law(len(self.company_ranking), 20)
        interactions = len(self.interaction_company) - 1
        projects = len(self.project_company)
        today = clock.today
        horizon = today + 60
        overdue = {"open": 0}

        def rows():
            for task_id in range(1, self.options.tasks + 1):
                roll = rng.random()
                company_id = project_id = interaction_id = None
                if roll < 0.55:
                    company_id = rng.choices(self.company_ranking, cum_weights=steep)[0]
                    desk_id = self.company_desk[company_id]
                    due = int(horizon * rng.random() ** 0.7)
                elif roll < 0.8:
                    index = rng.randrange(projects)
                    project_id = index + 1
                    desk_id = self.project_desk[index]
                    first, last = self.project_span[index]
                    due = min(horizon, rng.randint(first, last + 30))
                else:
                    interaction_id = rng.randint(1, interactions)
                    company_id = self.interaction_company[interaction_id] or None
                    desk_id = self.interaction_desk[interaction_id]
                    due = min(horizon, self.interaction_day[interaction_id] + rng.randint(3, 30))
                if due < today - 60:
                    status = rng.choices(["done", "cancelled", "open"], weights=[89, 10, 1])[0]
                elif due <= today:
                    status = rng.choices(["done", "cancelled", "open"], weights=[60, 5, 35])[0]
                else:
                    status = rng.choices(["open", "done"], weights=[95, 5])[0]
                assignee = rng.choice(self.assignees[desk_id])
                if assignee == self.bench_user and status == "open" and due < today:
                    overdue["open"] += 1
                done_day = min(today, due + rng.randint(-5, 3))
                completed = clock.working_moment(done_day, rng) if status == "done" else None
                created = clock.working_moment(max(0, due - rng.randint(3, 40)), rng)
                yield (
                    task_id,
                    rng.choice(TASK_TITLES),
                    clock.days[due],
                    assignee,
                    status,
                    desk_id,
                    company_id,
                    project_id,
                    interaction_id,
                    "",
                    completed,
                    created,
                    completed or created,
                )

        written = insert(
            Task,
            (
                "id title due_on assignee_id status desk_id company_id project_id interaction_id "
                "description completed_at created last_updated"
            ),
            rows(),
        )
        return f"{written:,} rows, {overdue['open']} overdue for {BENCH_USERNAME}"

    def make_long_timeline(self):
        """Names, sites, people and a few hundred dated field changes (history rows) for the
        company with the long timeline, saved through the ORM like the app does."""
        from django.contrib.auth import get_user_model

        from pocketworld.companies.models import Company, CompanyName, Site
        from pocketworld.contacts.models import Person, Position
        from pocketworld.core.models import FocusArea, Sector

        rng, clock = self.rng, self.clock
        company = Company.objects.get(pk=self.long_company)
        CompanyName.objects.create(company=company, name="小林精密工業株式会社", language_id="ja")
        CompanyName.objects.create(company=company, name="KSK", kind="alias")
        Site.objects.create(
            company=company,
            kind="european_hq",
            street="Königsallee 92",
            postcode="40212",
            municipality_id="051110000",
            employees=380,
        )
        Site.objects.create(company=company, kind="lab", municipality_id="051110000", employees=40)
        for number, (given, family) in enumerate([("Kenji", "Kobayashi"), ("Mei", "Sato")]):
            person = Person.objects.create(
                given_name=given,
                family_name=family,
                legal_basis="legitimate_interest",
                desk_id=company.desk_id,
            )
            Position.objects.create(person=person, company=company, job_title=JOB_TITLES[number])

        users = {user.pk: user for user in get_user_model().objects.all()}
        editors = [users[pk] for pk in set(self.owners[company.desk_id])]
        divisions = list(Sector.objects.filter(level="division").order_by("pk"))
        focus_areas = list(FocusArea.objects.order_by("pk"))
        moments = sorted(rng.uniform(0, clock.latest) for _ in range(LONG_TIMELINE_CHANGES))
        for number, offset in enumerate(moments):
            when = clock.start + datetime.timedelta(days=offset)
            company._history_date = when
            company._history_user = rng.choice(editors)
            if number % 25 == 24:
                company.sectors.set(rng.sample(divisions, 2))
                continue
            if number % 40 == 39:
                company.focus_areas.set(rng.sample(focus_areas, 1))
                continue
            field = rng.choice(["employees_region", "employees_worldwide", "description", "status"])
            if field == "employees_region":
                company.employees_region = rng.randint(300, 500)
            elif field == "employees_worldwide":
                company.employees_worldwide = rng.randint(17_000, 20_000)
            elif field == "description":
                company.description = f"Precision parts; noted {when:%B %Y}."
            else:
                company.status = rng.choice(["settled", "expanding", "at_risk"])
            company.save()
        return f"{company.history.count()} history rows"

    def reset_sequences(self):
        from django.apps import apps

        reset_sequences(apps.get_models(include_auto_created=True))

    def analyze(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
