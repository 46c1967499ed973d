"""Writing the demo world: rows matched on natural keys, bulk where it is large."""

from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from taggit.models import Tag

from pocketworld.accounts.models import User
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.contacts.models import Person, Position
from pocketworld.core.choices import Role
from pocketworld.core.models import FocusArea, Municipality, Sector
from pocketworld.core.scripts import detect_script
from pocketworld.demo.dates import at
from pocketworld.demo.named import DEMO_PASSWORD, DESKS, PARTNERS, TEAM
from pocketworld.demo.specs import TEAM_DOMAIN
from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership
from pocketworld.interactions.models import Interaction, Task
from pocketworld.projects.models import Project, StageChange
from pocketworld.projects.services import create_project, move_stage

CHANGE_REASON = "demo world"


class DemoPasswordCheck:
    """Whether a user's password is the demo password, hashing as little as possible.

    Hashing is slow on purpose. All demo users share one password and so one hash: each
    distinct hash is checked once, and new ones are all given the same hash.
    """

    def __init__(self):
        self.answers = {}
        self.hash = None

    def __call__(self, user):
        if user.password not in self.answers:
            self.answers[user.password] = check_password(DEMO_PASSWORD, user.password)
        return self.answers[user.password]

    def shared_hash(self):
        if self.hash is None:
            self.hash = make_password(DEMO_PASSWORD)
            self.answers[self.hash] = True
        return self.hash


class Writer:
    """Writes specs as rows matched on natural keys; rows already as specified stay untouched."""

    def __init__(self):
        self.counts, self.created = {}, {}
        self.changed_models = set()  # models with new or changed rows
        self.municipalities = dict(Municipality.objects.values_list("name", "key"))
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        # Administrators edit focus areas: one renamed or deleted is left out, not recreated.
        self.focus_areas = dict(FocusArea.objects.values_list("slug", "pk"))

    def count(self, label, total, created):
        self.counts[label] = self.counts.get(label, 0) + total
        self.created[label] = self.created.get(label, 0) + created

    def sync(self, label, model, key, rows, one_by_one=False, prepare=None):
        """Create missing rows and update changed ones; returns {key: object}.

        `rows` are (values by attribute name, validate) pairs. New and changed rows get
        history through simple_history's bulk helpers, or through save() `one_by_one` for
        a model whose save() keeps a rule; unchanged rows are not written. `prepare(obj)`
        may set attributes on each new object, such as the `_history_date` of its history.
        """
        existing = {}
        for obj in model.objects.order_by("-pk"):  # of duplicates, the oldest wins
            existing[tuple(getattr(obj, name) for name in key)] = obj
        objects, new, changed, changed_fields = {}, [], [], set()
        for values, validate in rows:
            row_key = tuple(values[name] for name in key)
            if row_key in objects:
                raise ValueError(f"The demo world defines {model.__name__} {row_key} twice.")
            obj = existing.get(row_key)
            if obj is None:
                obj = model(**values)
                if prepare:
                    prepare(obj)
                new.append(obj)
            else:
                fields = [name for name, value in values.items() if getattr(obj, name) != value]
                if not fields:
                    objects[row_key] = obj
                    continue
                for name in fields:
                    setattr(obj, name, values[name])
                changed.append(obj)
                changed_fields.update(fields)
            if validate:
                obj.full_clean()
            objects[row_key] = obj
        if new or changed:
            self.changed_models.add(model)
        if one_by_one:
            for obj in new + changed:
                obj.save()
        else:
            self.bulk_create(model, key, new, objects)
            self.bulk_update(model, changed, changed_fields)
        self.count(label, len(objects), len(new))
        self.last_created = new
        return objects

    @staticmethod
    def bulk_create(model, key, new, objects):
        """Insert `new` and put the saved objects into `objects` under their key."""
        if new:
            for obj in bulk_create_with_history(new, model, default_change_reason=CHANGE_REASON):
                objects[tuple(getattr(obj, name) for name in key)] = obj

    @staticmethod
    def bulk_update(model, changed, fields):
        if not changed:
            return
        now = timezone.now()
        for obj in changed:
            obj.last_updated = now  # auto_now does not fire in bulk_update
        bulk_update_with_history(
            changed, model, sorted(fields | {"last_updated"}), default_change_reason=CHANGE_REASON
        )

    def sync_many(self, model, field_name, targets_by_owner):
        """Make each owner's many-to-many links exactly the given targets."""
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        self.replace_links(
            through,
            through.objects.filter(**{f"{owner}__in": list(targets_by_owner)}),
            owner,
            target,
            targets_by_owner,
            {},
        )

    def sync_tags(self, model, tags_by_owner):
        """Make each owner's tags exactly the given names (taggit's generic through table)."""
        names = sorted({name for tags in tags_by_owner.values() for name in tags})
        tag_ids = {name: self.tag_id(name) for name in names}
        content_type = ContentType.objects.get_for_model(model)
        through = model._meta.get_field("tags").through
        self.replace_links(
            through,
            through.objects.filter(content_type=content_type, object_id__in=list(tags_by_owner)),
            "object_id",
            "tag_id",
            {owner: [tag_ids[name] for name in tags] for owner, tags in tags_by_owner.items()},
            {"content_type": content_type},
        )

    @staticmethod
    def replace_links(through, current, owner, target, targets_by_owner, constant):
        """Delete the `current` through rows nobody wants and add the missing ones."""
        wanted = {(key, value) for key, values in targets_by_owner.items() for value in values}
        existing = {(key, value): pk for pk, key, value in current.values_list("pk", owner, target)}
        through.objects.filter(
            pk__in=[pk for pair, pk in existing.items() if pair not in wanted]
        ).delete()
        through.objects.bulk_create(
            through(**constant, **{owner: key, target: value})
            for key, value in sorted(wanted - existing.keys())
        )

    @staticmethod
    def tag_id(name):
        tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
        return (tag or Tag.objects.create(name=name)).pk

    def desks(self):
        rows = [
            (
                {
                    "slug": desk.slug,
                    "name": desk.name,
                    "description": desk.description,
                    "email": f"{desk.slug}@ibs.{TEAM_DOMAIN}",
                },
                True,
            )
            for desk in DESKS
        ]
        desk_ids = {
            slug: desk.pk for (slug,), desk in self.sync("desks", Desk, ("slug",), rows).items()
        }
        self.desk_ids = desk_ids
        coverage = [
            ({"desk_id": desk_ids[desk.slug], "country_id": country, "is_primary": primary}, True)
            for desk in DESKS
            for countries, primary in ((desk.countries, True), (desk.also_covers, False))
            for country in countries
        ]
        # One by one: DeskCoverage.save() moves the country's companies to its primary desk.
        self.sync(
            "desk coverage", DeskCoverage, ("desk_id", "country_id"), coverage, one_by_one=True
        )
        # What Company.resolve_desk() would find; bulk_create does not call save().
        self.primary_desks = dict(
            DeskCoverage.objects.filter(is_primary=True).values_list("country_id", "desk_id")
        )
        return desk_ids

    def team(self, create_users, desk_ids):
        """The team's users: all with the demo password, or none with it.

        Without `create_users` new users get no usable password, the sign-in-only users
        are not created, and a demo password left from an earlier demo run stops working.
        """
        existing = User.objects.in_bulk([member.username for member in TEAM], field_name="username")
        has_demo_password = DemoPasswordCheck()
        if not create_users:
            for user in existing.values():
                if has_demo_password(user):
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
        members = [member for member in TEAM if create_users or not member.login_only]
        users, sign_ins = {}, []
        for member in members:
            user = existing.get(member.username) or User(username=member.username)
            values = {
                "first_name": member.given_name,
                "last_name": member.family_name,
                "email": member.email,
                "role": member.role,
                "is_staff": member.role == Role.ADMINISTRATOR,
                "is_superuser": member.role == Role.ADMINISTRATOR,
                "is_active": True,
            }
            changed = user.pk is None or any(
                getattr(user, name) != value for name, value in values.items()
            )
            for name, value in values.items():
                setattr(user, name, value)
            if create_users:
                if not has_demo_password(user):
                    user.password, changed = has_demo_password.shared_hash(), True
                sign_ins.append((member.username, str(member.role), DEMO_PASSWORD))
            elif user.pk is None:
                user.set_unusable_password()
            if changed:
                user.full_clean()
                user.save()
            users[member.username] = user
        self.count("users", len(users), len(set(users) - set(existing)))
        self.users = users
        self.sync_many(User, "languages", {users[m.username].pk: m.languages for m in members})
        memberships = [
            ({"desk_id": desk_ids[slug], "user_id": users[member.username].pk, "role": role}, True)
            for member in members
            for slug, role in member.desks
        ]
        self.sync("desk memberships", DeskMembership, ("desk_id", "user_id"), memberships)
        return sign_ins

    def partners(self, desk_ids):
        rows = [
            (
                {
                    "name": partner.name,
                    "short_name": partner.short_name,
                    "kind": partner.kind,
                    "partnership": partner.partnership,
                    "country_id": partner.country,
                    "municipality_id": self.municipalities[partner.municipality]
                    if partner.municipality
                    else None,
                    "website": partner.website,
                    "description": partner.description,
                },
                True,
            )
            for partner in PARTNERS
        ]
        objects = self.sync("partners", PartnerOrganisation, ("name",), rows)
        partners = {name: partner for (name,), partner in objects.items()}
        self.sync_many(
            PartnerOrganisation,
            "desks",
            {partners[spec.name].pk: [desk_ids[slug] for slug in spec.desks] for spec in PARTNERS},
        )
        self.sync_many(
            PartnerOrganisation,
            "focus_areas",
            {partners[spec.name].pk: self.focus_area_ids(spec.focus_areas) for spec in PARTNERS},
        )
        # A contact at a partner that works with one desk belongs to that desk.
        self.partner_desks = {
            spec.name: desk_ids[spec.desks[0]] if len(spec.desks) == 1 else None
            for spec in PARTNERS
        }
        return partners

    def focus_area_ids(self, slugs):
        return [self.focus_areas[slug] for slug in slugs if slug in self.focus_areas]

    def companies(self, specs, partners):
        """Groups first, so that their subsidiaries can name them as parent."""
        companies = self._sync_companies([spec for spec in specs if not spec.parent], {})
        companies |= self._sync_companies([spec for spec in specs if spec.parent], companies)
        ids = {spec.legal_name: companies[spec.legal_name].pk for spec in specs}
        self.sync_many(
            Company,
            "sectors",
            {ids[spec.legal_name]: [self.sectors[code] for code in spec.sectors] for spec in specs},
        )
        self.sync_many(
            Company,
            "focus_areas",
            {ids[spec.legal_name]: self.focus_area_ids(spec.focus_areas) for spec in specs},
        )
        self.sync_tags(Company, {ids[spec.legal_name]: spec.tags for spec in specs})
        names = [
            (
                {
                    "company_id": ids[spec.legal_name],
                    "name": name,
                    "kind": kind,
                    "language_id": language,
                    "script": detect_script(name, language),  # as CompanyName.save() does
                    "valid_until": None,
                },
                spec.validate,
            )
            for spec in specs
            for name, language, kind in spec.names
        ]
        self.sync("company names", CompanyName, ("company_id", "name"), names)
        sites = [
            (
                {
                    "company_id": ids[spec.legal_name],
                    "kind": site.kind,
                    "municipality_id": self.municipalities[site.municipality],
                    "name": site.name,
                    "street": site.street,
                    "postcode": site.postcode,
                    "relocated_from_id": self.municipalities[site.relocated_from]
                    if site.relocated_from
                    else None,
                    "opened_on": site.opened_on,
                    "closed_on": site.closed_on,
                    "employees": site.employees,
                },
                spec.validate,
            )
            for spec in specs
            for site in spec.sites
        ]
        self.sync("sites", Site, ("company_id", "kind", "municipality_id"), sites)
        links = [
            (
                {
                    "company_id": ids[spec.legal_name],
                    "partner_id": partners[partner].pk,
                    "role": role,
                    "note": note,
                },
                spec.validate,
            )
            for spec in specs
            for partner, role, note in spec.partners
        ]
        self.sync("partner links", PartnerLink, ("company_id", "partner_id", "role"), links)
        return companies

    def _sync_companies(self, specs, parents):
        rows = [
            (
                {
                    "legal_name": spec.legal_name,
                    "country_id": spec.country,
                    "parent_id": parents[spec.parent].pk if spec.parent else None,
                    "status": spec.status,
                    "website": spec.website,
                    "employees_region": spec.employees_region,
                    "employees_worldwide": spec.employees_worldwide,
                    "description": spec.description,
                    "desk_override_id": None,
                    "desk_id": self.primary_desks.get(spec.country),
                },
                spec.validate,
            )
            for spec in specs
        ]
        objects = self.sync("companies", Company, ("legal_name",), rows)
        return {legal_name: company for (legal_name,), company in objects.items()}

    def people(self, specs, companies, partners):
        def desk_of(employer):
            if employer in companies:
                return companies[employer].desk_id
            return self.partner_desks[employer]

        rows = [
            (
                {
                    "email": spec.email,
                    "given_name": spec.given_name,
                    "family_name": spec.family_name,
                    "native_name": spec.native_name,
                    # What Person.save() would detect.
                    "native_script": detect_script(spec.native_name) if spec.native_name else "",
                    "salutation": spec.salutation,
                    "desk_id": desk_of(spec.positions[0].employer),
                    "legal_basis": spec.legal_basis,
                    "consent_given_on": spec.consent_given_on,
                    "legal_basis_note": spec.legal_basis_note,
                },
                spec.validate,
            )
            for spec in specs
        ]
        people = self.sync("people", Person, ("email",), rows)
        ids = {spec.email: people[(spec.email,)].pk for spec in specs}
        self.person_ids = ids
        self.sync_many(Person, "languages", {ids[spec.email]: spec.languages for spec in specs})
        positions = [
            (
                {
                    "person_id": ids[spec.email],
                    "company_id": companies[position.employer].pk
                    if position.employer in companies
                    else None,
                    "partner_id": None
                    if position.employer in companies
                    else partners[position.employer].pk,
                    "job_title": position.job_title,
                    "started_on": position.started_on,
                    "ended_on": position.ended_on,
                },
                spec.validate,
            )
            for spec in specs
            for position in spec.positions
        ]
        self.sync(
            "positions", Position, ("person_id", "company_id", "partner_id", "job_title"), positions
        )

    # --- The pipeline, the interactions and the tasks

    def projects(self, specs, companies, partners):
        """Create the projects new to the demo through the services and replay their paths.

        A project found by its title is left as it is: its stage only moves forward, through
        the services, and the team may have moved it since. New projects get their links
        before their first move, so that every history record shows them, and their history
        and timestamps get the dates of their path.
        """
        existing = {}
        for project in Project.objects.order_by("-pk"):  # of duplicates, the oldest wins
            existing[project.title] = project
        objects, new = {}, []
        for spec in specs:
            if spec.title in objects:
                raise ValueError(f"The demo world defines the project {spec.title!r} twice.")
            project = existing.get(spec.title)
            if project is None:
                project = self._create_project(spec, companies)
                new.append((spec, project))
            objects[spec.title] = project
        links = {
            "team": {p.pk: [self.users[name].pk for name in s.team] for s, p in new},
            "partners": {p.pk: [partners[name].pk for name in s.partners] for s, p in new},
            "focus_areas": {p.pk: self.focus_area_ids(s.focus_areas) for s, p in new},
        }
        for field_name, targets in links.items():
            self.sync_many(Project, field_name, targets)
        self.sync_tags(Project, {project.pk: spec.tags for spec, project in new})
        self.snapshot_links(Project, [project.pk for _spec, project in new])
        for spec, project in new:
            for move in spec.path[1:]:
                project = move_stage(
                    project, move.stage, self.users[move.by], move.note, move.at, **move.values()
                )
            project.created, project.last_updated = spec.path[0].at, spec.path[-1].at
            objects[spec.title] = project
        Project.objects.bulk_update(
            [objects[spec.title] for spec, _project in new], ["created", "last_updated"]
        )
        self.date_history(
            Project,
            {
                objects[spec.title].pk: [(move.at, self.users[move.by]) for move in spec.path]
                for spec, _project in new
            },
        )
        self.count("projects", len(objects), len(new))
        self.count(
            "stage changes",
            StageChange.objects.filter(project__in=list(objects.values())).count(),
            sum(len(spec.path) for spec, _project in new),
        )
        return objects

    def _create_project(self, spec, companies):
        first = spec.path[0]
        project = Project(
            title=spec.title,
            kind=spec.kind,
            company=companies[spec.company] if spec.company else None,
            prospect_name=spec.prospect_name,
            desk_id=self.desk_ids[spec.desk],
            owner=self.users[spec.owner],
            source=spec.source,
            source_note=spec.source_note,
            expected_jobs=spec.expected_jobs,
            expected_investment=spec.expected_investment,
            space_needed=spec.space_needed,
            space_kind=spec.space_kind,
            target_date=spec.target_date,
            probability=spec.probability,
            origin_country_id=spec.origin_country or None,
            origin_municipality_id=self.municipalities.get(spec.origin_municipality),
            destination_municipality_id=self.municipalities.get(spec.destination_municipality),
            description=spec.description,
            confidential=spec.confidential,
            codename=spec.codename,
            hide_country=spec.hide_country,
            stage=first.stage,
        )
        return create_project(project, self.users[first.by], note=first.note, when=first.at)

    def interactions(self, specs, companies, projects):
        """Interactions matched on (company, date, subject); valid by construction."""
        rows, team, people = [], {}, {}
        for spec in specs:
            values = {
                "kind": spec.kind,
                "occurred_on": spec.occurred_on,
                "subject": spec.subject,
                "desk_id": self.desk_ids[spec.desk],
                "company_id": companies[spec.company].pk if spec.company else None,
                "project_id": projects[spec.project].pk if spec.project else None,
                "notes": spec.notes,
                "company_plan": spec.company_plan,
                "needs": list(spec.needs),
                "satisfaction": spec.satisfaction,
            }
            rows.append((values, False))
            key = (values["company_id"], spec.occurred_on, spec.subject)
            team[key] = [self.users[name] for name in spec.team]
            people[key] = [self.person_ids[email] for email in spec.people]
        key_fields = ("company_id", "occurred_on", "subject")

        def dated(interaction):  # its history starts on the evening of the day it happened
            members = team[tuple(getattr(interaction, name) for name in key_fields)]
            interaction._history_date = at(interaction.occurred_on, 18)
            interaction._history_user = members[0] if members else None

        objects = self.sync("interactions", Interaction, key_fields, rows, prepare=dated)
        new = self.last_created
        self.sync_many(
            Interaction, "team_members", {o.pk: [u.pk for u in team[k]] for k, o in objects.items()}
        )
        self.sync_many(Interaction, "people", {o.pk: people[k] for k, o in objects.items()})
        self.snapshot_links(Interaction, [obj.pk for obj in new])
        by_day = {}
        for obj in new:
            by_day.setdefault(obj.occurred_on, []).append(obj.pk)
        for day, pks in by_day.items():  # auto_now(_add) leaves no other way
            moment = at(day, 18)
            Interaction.objects.filter(pk__in=pks).update(created=moment, last_updated=moment)
        return objects

    def tasks(self, specs, companies, projects, interactions, today):
        """Tasks dated from `today`, matched on (assignee, title): existing ones stay as they are,
        so a run on a later day changes none of them."""
        existing = set(Task.objects.values_list("assignee_id", "title"))
        new, keys = [], set()
        for spec in specs:
            assignee = self.users[spec.assignee]
            key = (assignee.pk, spec.title)
            if key in keys:
                raise ValueError(f"The demo world defines the task {key} twice.")
            keys.add(key)
            if key in existing:
                continue
            interaction = None
            if spec.interaction:
                company, occurred_on, subject = spec.interaction
                company_id = companies[company].pk if company else None
                interaction = interactions[(company_id, occurred_on, subject)]
            completed_at = None
            if spec.completed_in is not None:
                completed_at = at(today + timedelta(days=spec.completed_in), 16)
            new.append(
                Task(
                    title=spec.title,
                    due_on=today + timedelta(days=spec.due_in),
                    assignee=assignee,
                    status=spec.status,
                    desk_id=self.desk_ids[spec.desk],
                    company=companies[spec.company] if spec.company else None,
                    project=projects[spec.project] if spec.project else None,
                    interaction=interaction,
                    description=spec.description,
                    completed_at=completed_at,
                )
            )
        if new:
            bulk_create_with_history(new, Task, default_change_reason=CHANGE_REASON)
        self.count("tasks", len(keys), len(new))

    @staticmethod
    def snapshot_links(model, pks):
        """Copy the many-to-many links of new records into their latest history record.

        Links are written in bulk, which sends no signal: without the copy, the first change
        made in the app would show them as just added.
        """
        history = model.history.model
        latest = dict(
            history.objects.filter(id__in=pks)
            .values("id")
            .annotate(last=Max("history_id"))
            .values_list("id", "last")
        )
        link_models = {
            relation.related_model._meta.object_name: relation.related_model
            for relation in history._meta.related_objects
        }
        for name in model._history_m2m_fields:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            link_history = link_models[f"{history._meta.object_name}_{name}"]
            owner = f"{field.m2m_field_name()}_id"
            link_history.objects.bulk_create(
                link_history(
                    history_id=latest[getattr(row, owner)],
                    **{
                        column.attname: getattr(row, column.attname)
                        for column in through._meta.fields
                    },
                )
                for row in through.objects.filter(**{f"{owner}__in": pks}).order_by("pk")
                if getattr(row, owner) in latest
            )

    @staticmethod
    def date_history(model, moments):
        """Date the history records of new records as the world has it: {pk: [(when, user)]}
        for each record's history, oldest first."""
        history = model.history.model
        records = history.objects.filter(id__in=list(moments)).order_by("id", "history_id")
        by_record = {}
        for record in records:
            by_record.setdefault(record.id, []).append(record)
        changed = []
        for pk, rows in by_record.items():
            for record, (when, user) in zip(rows, moments[pk], strict=False):
                record.history_date, record.history_user = when, user
                changed.append(record)
        history.objects.bulk_update(changed, ["history_date", "history_user"], batch_size=500)
