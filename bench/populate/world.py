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
    EVENT_KINDS,
    EVENT_TOPICS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INTERACTION_KINDS,
    JAPANESE_TRADES,
    JAPANESE_WORDS,
    JOB_TITLES,
    LEGAL_FORMS,
    LONG_TIMELINE_CHANGES,
    LONG_TIMELINE_COMPANY,
    LONG_TIMELINE_PEOPLE,
    LONG_TIMELINE_PROJECTS,
    LOSS_REASONS,
    NAME_STEMS,
    NAME_WORDS,
    NOTES,
    OPEN_PIPELINE,
    PARTNER_KINDS,
    PARTNERSHIP_KINDS,
    PROJECT_KINDS,
    PROJECT_SOURCES,
    PROJECT_TITLES,
    SPACE_KINDS,
    SUBJECT_TOPICS,
    TAGGED_SHARE,
    TAGS,
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

    def generator(self, part):
        """A seeded generator of `part`'s own: parts added to the world later draw from
        it, so that the parts before and after them draw what they always drew."""
        return random.Random(f"{self.options.seed}:{part}")

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
            self.step("partner organisations", self.make_partners)
            self.step("events", self.make_events)
            self.step("focus areas of projects", self.make_project_focus_areas)
            self.step("tags", self.make_tags)
            self.step("sequences", self.reset_sequences)
            self.step("long timeline company", self.make_long_timeline)
            self.step("search index", self.make_search_index)
        label = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        self.step(label, self.analyze)

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
        self.municipality_names = list(
            Municipality.objects.order_by("key").values_list("key", "name")
        )
        municipalities = [key for key, _name in self.municipality_names]
        duesseldorf = "051110000" if "051110000" in municipalities else municipalities[0]
        self.municipalities, self.duesseldorf = municipalities, duesseldorf

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
        """`--people` people in all (with the two of the long timeline company), each with
        a position at a company. The first half as many as there are companies draw from
        the world's generator, as they always did; the others from one of their own."""
        from pocketworld.contacts.models import Person, Position

        rng, clock, stamp = self.rng, self.clock, self.stamp
        count = max(0, self.options.people - len(LONG_TIMELINE_PEOPLE))
        drawn_before = min(count, len(self.company_ids) // 2)
        further = self.generator("people")
        employers = []

        def person_rows():
            for person_id in range(1, count + 1):
                draw = rng if person_id <= drawn_before else further
                company_id = draw.choice(self.company_ids)
                employers.append(company_id)
                given, family = draw.choice(GIVEN_NAMES), draw.choice(FAMILY_NAMES)
                basis = draw.choices(
                    ["legitimate_interest", "consent", "public_task"], weights=[80, 15, 5]
                )[0]
                consent = clock.days[draw.randrange(clock.today)] if basis == "consent" else None
                # Records last changed any time in the five years: the retention review finds
                # those without a later contact due, as it would in a registry of that age.
                changed = clock.moment(draw.uniform(0, clock.latest))
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

        def position_rows():
            for person_id, company_id in enumerate(employers, start=1):
                draw = rng if person_id <= drawn_before else further
                yield (
                    person_id,
                    company_id,
                    draw.choice(JOB_TITLES),
                    clock.days[draw.randrange(clock.today)],
                    stamp,
                    stamp,
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
            position_rows(),
        )
        self.people = people
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
        for number, (given, family) in enumerate(LONG_TIMELINE_PEOPLE):
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

    # partner organisations, events and tags: parts added later, each drawing from a
    # generator of its own

    def foreign_country(self, rng):
        """(desk id, country) of a record abroad: desks by their shares, then the desk's
        countries, the first ones most often."""
        desk_id, _slug, _share, codes = rng.choices(
            self.desks, weights=[share for _id, _slug, share, _codes in self.desks]
        )[0]
        return desk_id, codes[min(int(rng.expovariate(1.0)), len(codes) - 1)]

    def regional_municipality(self, rng):
        return self.duesseldorf if rng.random() < 0.4 else rng.choice(self.municipalities)

    def make_partners(self):
        """Chambers, agencies, universities …: half in the region (Germany, a
        municipality, shared by all desks or working with one or two), the others abroad
        with the desk of their country."""
        from pocketworld.companies.models import PartnerOrganisation
        from pocketworld.core.models import FocusArea

        rng, stamp = self.generator("partners"), self.stamp
        kinds = [kind for kind, *_rest in PARTNER_KINDS]
        kind_weights = [weight for _kind, weight, *_rest in PARTNER_KINDS]
        endings = {kind: ending for kind, _weight, ending, _home in PARTNER_KINDS}
        at_home = {kind: share for kind, _weight, _ending, share in PARTNER_KINDS}
        partnerships, partnership_weights = weighted(PARTNERSHIP_KINDS)
        focus_areas = list(FocusArea.objects.order_by("pk").values_list("pk", flat=True))
        desk_ids = [desk_id for desk_id, *_rest in self.desks]
        names = set()
        desks, focus = [], []
        self.partner_ids = []

        def rows():
            for partner_id in range(1, self.options.partners + 1):
                kind = rng.choices(kinds, weights=kind_weights)[0]
                if rng.random() < at_home[kind]:
                    country, municipality = "DE", self.regional_municipality(rng)
                    chosen = [] if rng.random() < 0.3 else rng.sample(desk_ids, rng.randint(1, 2))
                else:
                    desk_id, country = self.foreign_country(rng)
                    municipality = None
                    chosen = [desk_id]
                stem = rng.choice(NAME_STEMS)
                name = f"{stem} {endings[kind]}"
                for candidate in (name, f"{name} {country}", f"{name} {country} {partner_id}"):
                    if candidate not in names:
                        name = candidate
                        break
                names.add(name)
                desks.extend((partner_id, desk_id) for desk_id in chosen)
                if rng.random() < 0.3:
                    focus.extend(
                        (partner_id, focus_area)
                        for focus_area in rng.sample(focus_areas, rng.randint(1, 2))
                    )
                self.partner_ids.append(partner_id)
                yield (
                    partner_id,
                    name,
                    "".join(word[0] for word in name.split()[:4]).upper()
                    if rng.random() < 0.3
                    else "",
                    kind,
                    rng.choices(partnerships, cum_weights=partnership_weights)[0],
                    country,
                    municipality,
                    f"https://www.{stem.lower()}-partner-{partner_id}.example",
                    None,
                    "",
                    stamp,
                    stamp,
                )

        partners = insert(
            PartnerOrganisation,
            (
                "id name short_name kind partnership country_id municipality_id website "
                "company_id description created last_updated"
            ),
            rows(),
        )
        desk_links = insert(
            PartnerOrganisation.desks.through, "partnerorganisation_id desk_id", desks
        )
        focus_links = insert(
            PartnerOrganisation.focus_areas.through, "partnerorganisation_id focusarea_id", focus
        )
        return f"{partners:,} partners, {desk_links:,} desk links, {focus_links:,} focus links"

    def make_events(self):
        """Trade fairs, delegations, webinars … over the five years and the next months, on
        one desk (sometimes two), in the region or in a country of the desk."""
        from pocketworld.core.models import Country, FocusArea
        from pocketworld.events.models import Event

        rng, clock, stamp = self.generator("events"), self.clock, self.stamp
        kinds = [kind for kind, *_rest in EVENT_KINDS]
        kind_weights = [weight for _kind, weight, *_rest in EVENT_KINDS]
        details = {kind: rest for kind, _weight, *rest in EVENT_KINDS}
        focus_areas = list(FocusArea.objects.order_by("pk").values_list("pk", flat=True))
        countries = dict(Country.objects.values_list("code", "name_en"))
        places = dict(self.municipality_names)
        desk_ids = [desk_id for desk_id, *_rest in self.desks]
        partner_ids = getattr(self, "partner_ids", [])
        desks, partners, focus = [], [], []

        def rows():
            for event_id in range(1, self.options.events + 1):
                kind = rng.choices(kinds, weights=kind_weights)[0]
                label, longest, abroad = details[kind]
                desk_id, country = self.foreign_country(rng)
                origin = None
                if rng.random() < abroad:
                    municipality, place = None, countries.get(country, country)
                else:
                    if kind == "incoming_delegation":
                        origin = country
                    country = "DE"
                    municipality = self.regional_municipality(rng)
                    place = places.get(municipality, "")
                # Most in the five years, one in ten still to come.
                if rng.random() < 0.9:
                    starts = rng.randrange(clock.today)
                else:
                    starts = clock.today + rng.randrange(1, 365)
                ends = starts + rng.randint(1, longest) - 1
                topic = rng.choice(EVENT_TOPICS)
                desks.append((event_id, desk_id))
                if rng.random() < 0.15:
                    other = rng.choice(desk_ids)
                    if other != desk_id:
                        desks.append((event_id, other))
                if partner_ids and rng.random() < 0.3:
                    partners.extend(
                        (event_id, partner)
                        for partner in rng.sample(partner_ids, min(len(partner_ids), 2))
                    )
                if rng.random() < 0.5:
                    focus.extend(
                        (event_id, focus_area)
                        for focus_area in rng.sample(focus_areas, rng.randint(1, 2))
                    )
                matchmaking = kind == "matchmaking_day"
                yield (
                    event_id,
                    kind,
                    f"{label} {topic}, {place} {clock.days[starts][:4]}",
                    clock.days[starts],
                    clock.days[ends],
                    f"{rng.choice(NAME_STEMS)} Convention Center" if kind != "webinar" else "",
                    municipality,
                    country,
                    rng.choice([5_000, 12_000, 25_000, 60_000]) if rng.random() < 0.4 else None,
                    "",
                    origin,
                    "",
                    None,
                    "09:00:00" if matchmaking else None,
                    20,
                    16 if matchmaking else 0,
                    "[]",
                    20 if matchmaking else 0,
                    8,
                    stamp,
                    stamp,
                )

        events = insert(
            Event,
            (
                "id kind title starts_on ends_on venue municipality_id country_id budget "
                "description origin_country_id origin_region leader_id first_slot_at "
                "slot_minutes slots breaks tables max_meetings created last_updated"
            ),
            rows(),
        )
        desk_links = insert(Event.desks.through, "event_id desk_id", desks)
        partner_links = insert(Event.partners.through, "event_id partnerorganisation_id", partners)
        focus_links = insert(Event.focus_areas.through, "event_id focusarea_id", focus)
        return (
            f"{events:,} events, {desk_links:,} desk links, {partner_links:,} partner links, "
            f"{focus_links:,} focus links"
        )

    def make_project_focus_areas(self):
        """One project in five on one or two focus areas (the company list has one in ten)."""
        from pocketworld.core.models import FocusArea
        from pocketworld.projects.models import Project

        rng = self.generator("project focus areas")
        focus_areas = list(FocusArea.objects.order_by("pk").values_list("pk", flat=True))
        links = insert(
            Project.focus_areas.through,
            "project_id focusarea_id",
            (
                (project_id, focus_area)
                for project_id in range(1, self.options.projects + 1)
                if rng.random() < 0.2
                for focus_area in rng.sample(focus_areas, rng.randint(1, 2))
            ),
        )
        return f"{links:,} focus links"

    def make_tags(self):
        """`TAGS` on about one record in twenty of every kind a list shows, one or two each;
        the first tags most often."""
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag, TaggedItem

        from pocketworld.companies.models import Company, PartnerOrganisation, Site
        from pocketworld.contacts.models import Person
        from pocketworld.events.models import Event
        from pocketworld.interactions.models import Interaction, Task
        from pocketworld.projects.models import Project

        rng = self.generator("tags")
        Tag.objects.bulk_create(Tag(name=name, slug=name) for name in TAGS)
        tag_ids = list(
            Tag.objects.filter(slug__in=TAGS).order_by("pk").values_list("pk", flat=True)
        )
        tag_weights = power_law(len(tag_ids), 2)
        tagged = [
            ("companies", Company, self.company_ids),
            ("people", Person, range(1, self.people + 1)),
            ("sites", Site, list(Site.objects.order_by("pk").values_list("pk", flat=True))),
            ("partners", PartnerOrganisation, range(1, self.options.partners + 1)),
            ("projects", Project, range(1, self.options.projects + 1)),
            ("interactions", Interaction, range(1, self.options.interactions + 1)),
            ("tasks", Task, range(1, self.options.tasks + 1)),
            ("events", Event, range(1, self.options.events + 1)),
        ]
        # Read before the rows are written: COPY holds the connection until it ends.
        content_types = {
            label: ContentType.objects.get_for_model(model).pk for label, model, _ids in tagged
        }
        counts = {}

        def rows():
            for label, _model, ids in tagged:
                content_type = content_types[label]
                records = 0
                for object_id in ids:
                    if rng.random() >= TAGGED_SHARE:
                        continue
                    records += 1
                    chosen = set(
                        rng.choices(tag_ids, cum_weights=tag_weights, k=rng.choice([1, 1, 2]))
                    )
                    for tag_id in sorted(chosen):
                        yield (tag_id, content_type, object_id)
                counts[label] = records

        written = insert(TaggedItem, "tag_id content_type_id object_id", rows())
        return f"{written:,} tags on " + ", ".join(
            f"{records:,} {name}" for name, records in counts.items()
        )

    def make_search_index(self):
        """The whole index, written by the product's `rebuild_index`."""
        from pocketworld.search.services import rebuild_index

        lap = [time.perf_counter()]

        def report(kind, written):
            now = time.perf_counter()
            self.report(f"    {kind}: {written:,} entries in {now - lap[0]:.1f} s")
            lap[0] = now

        written = rebuild_index(report=report)
        return f"{sum(written.values()):,} entries"

    def reset_sequences(self):
        from django.apps import apps

        reset_sequences(apps.get_models(include_auto_created=True))

    def analyze(self):
        """Statistics for the planner: PostgreSQL's autovacuum would gather them shortly
        after such a load; SQLite's `ANALYZE` is what a maintained installation runs."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
