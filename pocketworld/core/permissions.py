"""The one permission policy: who may see, change and delete which record, and which of
its fields and related records they may read and write.

Roles map to actions here and nowhere else. Views, forms, the API and exports reach it
through `Model.objects.visible_to(user)` / `.editable_by(user)`, `may_change` /
`may_delete` for a single instance, and `writable_choices` for what a field may point to.

- administrator, director: see and change everything;
- desk member: sees everything, people included; changes
  the records of their own desks (heads and officers also delete, assistants do not);
- partner viewer: sees companies, sites, partners, desks and events, never people nor the
  desks' internal work (projects, interactions, tasks, matchmaking); changes nothing.

A model may narrow this further: `own_desks_only` rows are read by their own desks alone
(a skilled-worker programme's candidates), as are the rows a higher app restricts so
(`restrict_to_own_desks`: a candidate's person record); `read_by_roles` names the only
roles that read it (the audit log: administrators), and an `append_only` model is changed
by no one.

Every model declares its `access` (an `AccessRule`): which desks own it, whether it is
internal work, which of its fields hold personal data or internal work, and which of its
rows are about a person alone. Everything else here is derived from those declarations:
what a partner viewer sees of a record (its hidden fields come back blank from
`visible_to`), which users, desks and records a field may be set to, and which relations
hand over a record to another desk.

A record says which desks own it through `owning_desk_ids()` (Python side) and
`AccessRule.desk_lookups` (database side); the two must agree.

A record may be confidential (`Confidentiality`, a confidential project): its members
(owner, team, directors, administrators) read it whole; everyone else receives it under its
codename with what identifies it blank (`visible_to` hands out such "withheld" instances),
may neither open nor change it (403, and its app records the refusal), and receives none
of the rows that hang on it (`ConfidentialLink`: its interactions, stage changes, tasks).
Filters and searches by what is withheld pass over the rows withheld from the reader.
"""

import copy
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.relations import related_rows


@dataclass(frozen=True)
class Confidentiality:
    """How a record is confidential: what makes it so, who its members are, and what the
    others may not know of it."""

    # The boolean field that makes a record confidential.
    flag: str
    # Lookups from the record to the users who are its members (owner, team); directors and
    # administrators are members of every confidential record.
    members: tuple[str, ...]
    # The field that names the record for everyone else, and the field it stands in for.
    codename: str
    title: str
    # Fields that identify it: blank for non-members, who never filter or search by them.
    identifying_fields: tuple[str, ...]
    # What non-members still learn, read before the fields are blanked, as (attribute,
    # lookup): the company's country, which alone does not identify it.
    disclosed: tuple[tuple[str, str], ...] = ()
    # A boolean field by which the owner withholds that too, with these fields.
    hide_flag: str = ""
    hide_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfidentialLink:
    """A relation to a model with a `Confidentiality`: rows that hang on a confidential
    record name what it hides (an interaction its company), so only the record's members
    receive them, and `readers` (a task's assignee), who receive them with the `blanked`
    fields blank and the record under its codename."""

    relation: str
    readers: tuple[str, ...] = ()
    blanked: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessRule:
    # Lookups from the model to a desk id; None means only directors may change it.
    desk_lookups: tuple[str, ...] | None = None
    # Not for partner viewers: people's personal data and the desks' internal work
    # (projects, interactions, tasks).
    internal: bool = False
    # A record owned by no desk (e.g. a chamber of commerce) is shared by all desk members.
    shared_when_deskless: bool = False
    # Fields that name a person or hold their data (also read by access export and erasure).
    personal_fields: tuple[str, ...] = ()
    # Fields of a record partner viewers see that hold the desks' internal work.
    internal_fields: tuple[str, ...] = ()
    # Lookups that pick the rows about a person alone (a person taking part without a
    # company): personal data as a whole, as (lookup, value) pairs.
    personal_rows: tuple[tuple[str, object], ...] = ()
    # A record that its members alone read whole (a confidential project).
    confidential: Confidentiality | None = None
    # Relations to such records, whose rows reach only the record's members.
    confidential_links: tuple[ConfidentialLink, ...] = ()
    # Lookups to the users who alone, with directors and administrators, read its rows (a
    # confidential project's access log: the project's owner).
    readers: tuple[str, ...] = ()
    # The roles whose users (and superusers) alone read its rows at all (the audit log:
    # administrators); empty: as the rest of the rule says.
    read_by_roles: tuple[str, ...] = ()
    # Rows its app only ever adds, which nobody changes or deletes through the policy and
    # which erasure leaves as they are: they name records by type and id, and go after a
    # retention period of their own (the audit log).
    append_only: bool = False
    # Rows that only the members of their own desks read (with directors and
    # administrators), not the other desks: a skilled-worker programme's candidates.
    own_desks_only: bool = False


# {model: [lookup to desks]}: rows of a model that a higher app makes readable by some desks
# only (a person who is a programme's candidate: by the programme's desks).
_rows_of_own_desks = defaultdict(list)


def restrict_to_own_desks(model, desks_lookup):
    """Make the rows of `model` that reach desks through `desks_lookup` readable only by
    the members of those desks (and directors and administrators). The app whose records
    make them so registers this from its AppConfig.ready, as the desks alone cannot know."""
    if desks_lookup not in _rows_of_own_desks[model]:
        _rows_of_own_desks[model].append(desks_lookup)


def owned_by(model, lookup, desk_ids):
    """The condition that a record of `model` belongs to one of `desk_ids` through its desk
    `lookup` ("cohort__programme__desks"), as a list of the ids its first relation may
    hold (the cohorts of those desks' programmes) rather than a join for every row: a
    record of several desks comes once, and a list keeps its own order (an index)."""
    first, _, rest = lookup.partition("__")
    if not rest:
        return Q(**{f"{first}__in": desk_ids})
    target = model._meta.get_field(first).related_model
    return Q(**{f"{first}__in": target._base_manager.filter(**{f"{rest}__in": desk_ids})})


def of_own_desks_only(queryset, user):
    """`queryset` without the rows only other desks read (`own_desks_only`,
    `restrict_to_own_desks`)."""
    model = queryset.model
    restricted_rows = _rows_of_own_desks.get(model, ())
    if not (model.access.own_desks_only or restricted_rows):
        return queryset
    own = list(desk_roles(user))
    if model.access.own_desks_only:
        condition = Q(pk__in=[])
        for lookup in model.access.desk_lookups:
            condition |= owned_by(model, lookup, own)
        queryset = queryset.filter(condition)
    # Sets of the few restricted rows, each read once, not a subquery for every row: the
    # count of a list of 200,000 people would ask 200,000 times.
    for lookup in restricted_rows:
        restricted = keys_through(model, lookup, "isnull", False)
        readable = keys_through(model, lookup, "in", own)
        queryset = queryset.exclude(Q(pk__in=restricted) & ~Q(pk__in=readable))
    return queryset


def keys_through(model, lookup, condition, value):
    """The keys of the records of `model` whose `lookup` meets `condition` (`value`), read
    from the table the lookup reaches first that points back (a person's candidacies; a
    position's person's), rather than by joining every record of `model` to it."""
    if related := related_rows(model, lookup):
        rows, rest, column = related
        return rows.filter(**{f"{rest}__{condition}": value}).values(column)
    first, _, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    if rest and (field.many_to_one or field.one_to_one) and field.concrete:
        related = keys_through(field.related_model, rest, condition, value)
        return model._base_manager.filter(**{f"{field.attname}__in": related}).values("pk")
    return model._base_manager.filter(**{f"{lookup}__{condition}": value}).values("pk")


DELETING_DESK_ROLES = {DeskRole.HEAD, DeskRole.OFFICER}


def desk_roles(user):
    """{desk id: role} of the user's memberships, cached on the user for the request."""
    if not hasattr(user, "_desk_roles"):
        user._desk_roles = dict(user.desk_memberships.values_list("desk_id", "role"))
    return user._desk_roles


def is_active_user(user):
    return bool(user and user.is_authenticated and user.is_active)


def sees_and_changes_everything(user):
    return is_active_user(user) and (
        user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.DIRECTOR)
    )


def is_partner_viewer(user):
    return user.role == Role.PARTNER_VIEWER and not user.is_superuser


def has_role_of(user, roles):
    """Whether the user is active and has one of `roles` (superusers have every role)."""
    return is_active_user(user) and (user.is_superuser or user.role in roles)


def sees(user, model):
    """Whether the user may see records of `model` at all (pages that only show them)."""
    rule = model.access
    if rule.read_by_roles and not has_role_of(user, rule.read_by_roles):
        return False
    return is_active_user(user) and not (rule.internal and is_partner_viewer(user))


def hidden_fields(user, model):
    """The fields of `model` the user may not read: blank in everything they receive."""
    if not is_active_user(user) or not is_partner_viewer(user):
        return frozenset()
    rule = model.access
    return frozenset(rule.personal_fields) | frozenset(rule.internal_fields)


def blank_value(field):
    """What a hidden field reads as: nothing, in the field's own type."""
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    return field.get_default()


def redact(instance, names):
    """Blank the fields `names` of a fetched instance (never saved: its reader may not write)."""
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
            cache[field.name] = field.related_model._default_manager.none()
        else:
            setattr(instance, field.attname, blank_value(field))
            instance._state.fields_cache.pop(field.name, None)
    return instance


def mark_withheld(instance, names):
    """Mark a fetched instance as one whose fields `names` are withheld from its reader: it
    must never be saved with them (`check_savable`)."""
    instance.withheld = True
    instance.withheld_fields = frozenset(getattr(instance, "withheld_fields", ())) | set(names)
    return instance


def check_savable(instance, update_fields=None):
    """Refuse to save fields an instance holds blank because they were withheld from its
    reader: that would overwrite what they hide. Models with confidential rows call it."""
    withheld = getattr(instance, "withheld_fields", frozenset())
    if withheld and (update_fields is None or withheld.intersection(update_fields)):
        raise ValueError(
            f"{type(instance).__name__} {instance.pk} was fetched with {sorted(withheld)} "
            "withheld from its reader and cannot be saved with them."
        )


# --- confidential records ---------------------------------------------------------------


def confidentiality(model):
    """The model's `Confidentiality`, or None."""
    rule = getattr(model, "access", None)
    return rule.confidential if rule is not None else None


@functools.cache
def confidential_models():
    return tuple(model for model in apps.get_models() if confidentiality(model) is not None)


def link_target(model, link):
    return model._meta.get_field(link.relation).related_model


def anyone_of(lookups, user):
    """Rows whose `lookups` (to users) lead to `user`."""
    return Q(*[(lookup, user) for lookup in lookups], _connector=Q.OR)


def withheld_ids(user, model):
    """Ids of the confidential records of `model` the user is no member of: they reach the
    user under their codename only. One query per model, cached on the user for the request."""
    rule = confidentiality(model)
    if rule is None or not is_active_user(user) or sees_and_changes_everything(user):
        return frozenset()
    cache = getattr(user, "_withheld_ids", None)
    if cache is None:
        cache = user._withheld_ids = {}
    if model not in cache:
        # Unordered: ordered, the database would walk every record in that order.
        confidential = model._base_manager.filter(**{rule.flag: True}).order_by()
        membership = confidential.filter(anyone_of(rule.members, user)).values("pk")
        cache[model] = frozenset(
            confidential.exclude(pk__in=membership).values_list("pk", flat=True)
        )
    return cache[model]


def is_confidential(instance):
    rule = confidentiality(type(instance))
    return bool(rule and getattr(instance, rule.flag))


def withholds(user, instance):
    """Whether `instance` reaches the user only under its codename."""
    return instance is not None and instance.pk in withheld_ids(user, type(instance))


def hangs_on_withheld(user, instance):
    """Whether `instance` hangs on a confidential record withheld from the user."""
    model = type(instance)
    for link in getattr(getattr(model, "access", None), "confidential_links", ()):
        attname = model._meta.get_field(link.relation).attname
        if getattr(instance, attname) in withheld_ids(user, link_target(model, link)):
            return True
    return False


def would_be_member(user, model, values):
    """Whether the user would be a member of a record of `model` holding `values` ({member
    lookup: a user or users}): only a member marks a record confidential, as anyone else
    would lock themselves out."""
    if sees_and_changes_everything(user):
        return True
    for lookup in confidentiality(model).members:
        value = values.get(lookup)
        found = value if isinstance(value, list | tuple | set | models.QuerySet) else [value]
        if any(getattr(item, "pk", item) == user.pk for item in found if item is not None):
            return True
    return False


def resolve(instance, lookup):
    """The value `lookup` leads to from a fetched instance; None where a step is empty."""
    value = instance
    for step in lookup.split("__"):
        value = getattr(value, step) if value is not None else None
    return value


def withhold(instance):
    """Blank what identifies a confidential record and name it by its codename; what the
    rule discloses (unless the owner hides it too) stays as attributes."""
    rule = confidentiality(type(instance))
    hide_more = bool(rule.hide_flag and getattr(instance, rule.hide_flag))
    for attribute, lookup in rule.disclosed:
        setattr(instance, attribute, None if hide_more else resolve(instance, lookup))
    names = (*rule.identifying_fields, *(rule.hide_fields if hide_more else ()))
    redact(instance, names)
    setattr(instance, rule.title, getattr(instance, rule.codename))
    return mark_withheld(instance, (*names, rule.title))


def withheld_copy(instance):
    """A copy of a confidential record as non-members receive it; `instance` stays whole."""
    copied = copy.copy(instance)  # with its own state and caches of related records
    copied._prefetched_objects_cache = dict(getattr(instance, "_prefetched_objects_cache", {}))
    return withhold(copied)


def withheld_fields(model):
    """Fields of `model` that a reader may receive blank because a confidential record is
    withheld from them: filtering or searching by them would give it away."""
    rule = model.access
    names = set()
    if rule.confidential is not None:
        names |= {*rule.confidential.identifying_fields, *rule.confidential.hide_fields}
        names.add(rule.confidential.title)
    for link in rule.confidential_links:
        names |= set(link.blanked)
    return frozenset(names)


def unidentified_rows(model, user):
    """A condition on `model` that leaves out the rows the user receives with fields
    withheld, and those that hang on withheld records (Q() when there are none)."""
    condition = Q()
    if withheld := withheld_ids(user, model):
        condition &= ~Q(pk__in=withheld)
    for link in model.access.confidential_links:
        if ids := withheld_ids(user, link_target(model, link)):
            condition &= ~Q(**{f"{link.relation}__in": ids})
    return condition


def unidentified(queryset, user):
    """`queryset` without the rows the user receives with fields withheld (and those that
    hang on withheld records): for filtering, searching or listing by what they withhold."""
    condition = unidentified_rows(queryset.model, user)
    return queryset.filter(condition) if condition else queryset


@dataclass(frozen=True)
class Redaction:
    """What a reader may not receive of the rows of a queryset."""

    hidden: frozenset = frozenset()  # fields blank in every row (a partner viewer's)
    withheld: frozenset = frozenset()  # ids of confidential rows withheld from the reader
    links: tuple = ()  # (link, withheld ids of its target) for the rows of its readers
    related: tuple = ()  # (model, withheld ids): records that rows may fetch along

    def redacts(self):
        return bool(self.hidden or self.withheld or self.links or self.related)

    def apply(self, instance):
        if self.hidden:
            redact(instance, self.hidden)
        if instance.pk in self.withheld:
            withhold(instance)
        for link, ids in self.links:
            if getattr(instance, instance._meta.get_field(link.relation).attname) in ids:
                target = getattr(instance, link.relation)
                redact(instance, link.blanked)
                mark_withheld(instance, link.blanked)
                instance._state.fields_cache[link.relation] = withheld_copy(target)
        if self.related:
            withhold_related(instance, dict(self.related), {id(instance)})
        return instance


def withhold_related(instance, withheld_by_model, seen):
    """Put withheld copies in place of the confidential records fetched along with
    `instance` (select_related) that the reader is no member of."""
    cache = instance._state.fields_cache
    for name, related in list(cache.items()):
        if related is None or id(related) in seen or getattr(related, "withheld", False):
            continue
        seen.add(id(related))
        if related.pk in withheld_by_model.get(type(related), ()):
            cache[name] = withheld_copy(related)
        else:
            withhold_related(related, withheld_by_model, seen)


@functools.lru_cache(maxsize=256)
def redacting_iterable(redaction):
    """A queryset iterable that hands out instances as `redaction` says."""

    class RedactingIterable(ModelIterable):
        def __iter__(self):
            for instance in super().__iter__():
                yield redaction.apply(instance)

    return RedactingIterable


def redaction_for(user, model):
    rule = model.access
    links = []
    for link in rule.confidential_links:
        ids = withheld_ids(user, link_target(model, link))
        if ids and link.readers:
            links.append((link, ids))
    related = []
    for confidential_model in confidential_models():
        if ids := withheld_ids(user, confidential_model):
            related.append((confidential_model, ids))
    return Redaction(
        hidden=hidden_fields(user, model),
        withheld=withheld_ids(user, model),
        links=tuple(links),
        related=tuple(related),
    )


def visible(queryset, user):
    model = queryset.model
    rule = model.access
    if not is_active_user(user):
        return queryset.none()
    if rule.read_by_roles and not has_role_of(user, rule.read_by_roles):
        return queryset.none()
    partner = is_partner_viewer(user)
    if partner and rule.internal:
        return queryset.none()
    if partner and rule.personal_rows:
        queryset = queryset.exclude(Q(*rule.personal_rows, _connector=Q.OR))
    if not sees_and_changes_everything(user):
        queryset = of_own_desks_only(queryset, user)
    if rule.readers and not sees_and_changes_everything(user):
        readers = model._base_manager.filter(anyone_of(rule.readers, user)).values("pk")
        queryset = queryset.filter(pk__in=readers)
    for link in rule.confidential_links:
        if ids := withheld_ids(user, link_target(model, link)):
            hanging = Q(**{f"{link.relation}__in": ids})
            if link.readers:
                hanging &= ~anyone_of(link.readers, user)
            queryset = queryset.exclude(hanging)
    redaction = redaction_for(user, model)
    if redaction.redacts() and queryset._iterable_class is ModelIterable:
        queryset = queryset.all()
        queryset._iterable_class = redacting_iterable(redaction)
    return queryset


def of_desks(model, desk_ids, via=""):
    """The condition that a record of `model`, reached through `via` (e.g. "person__"),
    belongs to one of `desk_ids` by its rule's desk lookups."""
    condition = Q(pk__in=[])
    for lookup in model.access.desk_lookups or ():
        condition |= Q(**{f"{via}{lookup}__in": desk_ids})
    return condition


def readable(model, user):
    """The records of `model` the user may read: through the policy where the model has one
    (`visible_to`), all of them where it has none (a link table, tags)."""
    manager = model._default_manager
    return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()


def editable(queryset, user, roles=None):
    """The records of `queryset` the user may change (or, with `roles`, act on in that role)."""
    rule = queryset.model.access
    if rule.append_only:
        return queryset.none()
    if sees_and_changes_everything(user):
        return queryset
    if not is_active_user(user) or is_partner_viewer(user) or rule.desk_lookups is None:
        return queryset.none()
    desk_ids = [
        desk_id for desk_id, role in desk_roles(user).items() if roles is None or role in roles
    ]
    if not desk_ids:
        return queryset.none()
    condition = of_desks(queryset.model, desk_ids)
    if rule.shared_when_deskless:
        for lookup in rule.desk_lookups:
            condition |= Q(**{f"{lookup}__isnull": True})
    # A subquery instead of distinct(): owning desks may be many-valued.
    matching = queryset.model._base_manager.filter(condition).values("pk")
    # Only its members change a confidential record and what hangs on it.
    return unidentified(queryset.filter(pk__in=matching), user)


def deletable(queryset, user):
    return editable(queryset, user, roles=DELETING_DESK_ROLES)


def may_view(user, instance):
    return visible(type(instance)._default_manager.filter(pk=instance.pk), user).exists()


def may_create(user, model):
    if model.access.append_only:
        return False
    if sees_and_changes_everything(user):
        return True
    if not is_active_user(user) or is_partner_viewer(user) or model.access.desk_lookups is None:
        return False
    return bool(desk_roles(user))


def may_change(user, instance, roles=None):
    """Whether the user may save `instance` as it is now (also before its first save)."""
    rule = type(instance).access
    if rule.append_only:
        return False
    if sees_and_changes_everything(user):
        return True
    if not is_active_user(user) or is_partner_viewer(user) or rule.desk_lookups is None:
        return False
    if withholds(user, instance) or hangs_on_withheld(user, instance):
        return False
    own = {desk_id for desk_id, role in desk_roles(user).items() if roles is None or role in roles}
    owners = instance.owning_desk_ids()
    if not owners and rule.shared_when_deskless:
        return bool(own)
    return bool(owners & own)


def may_delete(user, instance):
    return may_change(user, instance, roles=DELETING_DESK_ROLES)


def may_read_personal_data(user):
    return is_active_user(user) and not is_partner_viewer(user)


def may_export_personal_data(user, person):
    """An access export (GDPR Art. 15) hands out everything held about a person: directors,
    administrators and the members of the person's desks."""
    return may_read_personal_data(user) and may_change(user, person)


def may_erase(user, person):
    """Erasure (Art. 17) cannot be undone: directors, administrators, and heads and officers
    of the person's desks, as for deleting; assistants not."""
    return may_delete(user, person)


def may_review_erasures(user):
    """The tombstones of erased people are the directors' and administrators' record."""
    return sees_and_changes_everything(user)


# --- opening and exporting confidential records ----------------------------------------

OPENED, EXPORTED, REFUSED = "opened", "exported", "refused"

# {model: function(user, ids, action, via)}: how the app of a model with confidential records
# records who opened, exported or was refused them (the projects app's access log).
_access_recorders = {}


def records_access(model):
    """Register `function(user, ids, action, via)` that records `action` (OPENED, EXPORTED,
    REFUSED) on the confidential records `ids` of `model`, read `via` a page, the API or a
    file; the model's app registers it from its AppConfig.ready."""

    def register(function):
        _access_recorders[model] = function
        return function

    return register


def note_access(user, model, ids, action, via):
    if ids and model in _access_recorders:
        _access_recorders[model](user, list(ids), action, via)


def refuse_withheld(user, instance, via):
    """Opening a confidential record as no member of it: refused (403), and recorded."""
    if withholds(user, instance):
        note_access(user, type(instance), [instance.pk], REFUSED, via)
        raise PermissionDenied(
            _(
                "%(record)s is confidential: only its team, the directors and the "
                "administrators may open it."
            )
            % {"record": withheld_copy(instance)}
        )


def note_opened(user, instance, via):
    """A member opened a confidential record: recorded."""
    if is_confidential(instance) and not withholds(user, instance):
        note_access(user, type(instance), [instance.pk], OPENED, via)


def note_exported(user, records, via):
    """The confidential records among `records` (a queryset, or instances fetched through
    `visible_to`) that the user exported whole: recorded."""
    if isinstance(records, models.QuerySet):
        model, rule = records.model, confidentiality(records.model)
        if rule is None or model not in _access_recorders:
            return
        exported = (
            records.filter(**{rule.flag: True}).exclude(pk__in=withheld_ids(user, model)).order_by()
        )
        ids = list(exported.values_list("pk", flat=True))
    else:
        records = [record for record in records if is_confidential(record)]
        model = type(records[0]) if records else None
        ids = [record.pk for record in records if not getattr(record, "withheld", False)]
    note_access(user, model, ids, EXPORTED, via)


# --- what a field may point to -------------------------------------------------------------


def desk_model():
    """The desk model, as the users' desk memberships name it."""
    membership = get_user_model()._meta.get_field("desk_memberships").related_model
    return membership._meta.get_field("desk").related_model


@functools.cache
def handing_over_fields():
    """Relations that make their target a record of the holder's desks.

    A person belongs to the desks of the companies they hold positions at
    (`positions__company__desk`): setting a position's person hands the person over, so
    only a person the writer may change can be set there. Read off every model's
    `desk_lookups` that start with a reverse relation.
    """
    fields = set()
    for model in apps.get_models():
        rule = getattr(model, "access", None)
        for lookup in (rule.desk_lookups or ()) if rule else ():
            first = model._meta.get_field(lookup.split("__")[0])
            if first.auto_created and not first.concrete:
                fields.add(first.remote_field)
    return frozenset(fields)


def relation_named(model, name):
    """The model's own stored relation called `name` (a foreign key or many-to-many), or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.is_relation and field.concrete else None


def is_parent_field(field):
    """Whether `field` names the one record that owns this one (a company's name → company)."""
    lookups = field.model.access.desk_lookups or ()
    return len(lookups) == 1 and lookups[0].startswith(f"{field.name}__")


def current_ids(field, instance):
    if instance is None or instance.pk is None:
        return set()
    if field.many_to_many:
        return set(getattr(instance, field.name).values_list("pk", flat=True))
    value = getattr(instance, field.attname)
    return {value} if value is not None else set()


def writable_choices(user, field, instance=None):
    """The records the user may set the relation `field` (a model field) to.

    Users: active ones who may see the record (no partner viewer is handed internal work).
    Desks: the user's own, and those the record has already (directors: all). A record's
    owner and a record that the relation hands over: those the user may change. Anything
    else: what the user sees, but no confidential record withheld from them (what points
    to it would hang on it). `instance`'s current values stay valid.
    """
    target = field.related_model
    manager = target._default_manager
    if not is_active_user(user):
        return manager.none()
    if target is get_user_model():
        users = manager.filter(is_active=True)
        model_hidden = field.model.access.internal or field.name in (
            field.model.access.personal_fields + field.model.access.internal_fields
        )
        if model_hidden:
            users = users.exclude(role=Role.PARTNER_VIEWER, is_superuser=False)
        return users
    keep = current_ids(field, instance)
    if target is desk_model():
        if sees_and_changes_everything(user):
            return manager.all()
        return manager.filter(pk__in=set(desk_roles(user)) | keep)
    if field in handing_over_fields() or is_parent_field(field):
        choices = manager.editable_by(user)
        return manager.filter(Q(pk__in=choices.values("pk")) | Q(pk__in=keep)) if keep else choices
    if hasattr(manager, "visible_to"):
        choices = manager.visible_to(user)
        withheld = withheld_ids(user, target) - keep
        return choices.exclude(pk__in=withheld) if withheld else choices
    return manager.all()


def is_desk_set(field):
    """Whether `field` is a many-to-many relation to desks (a record several desks share)."""
    return field is not None and field.many_to_many and field.related_model is desk_model()


def merged_desks(user, field, instance, requested):
    """The desks a many-to-many desk field holds after the user's change: a desk member
    adds and removes their own desks; other desks that share the record stay."""
    if sees_and_changes_everything(user) or instance is None or instance.pk is None:
        return list(requested)
    own = set(desk_roles(user))
    kept = getattr(instance, field.name).exclude(pk__in=own)
    return list({desk.pk: desk for desk in [*requested, *kept]}.values())
