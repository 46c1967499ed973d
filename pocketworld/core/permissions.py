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

Every model declares its `access` (an `AccessRule`): which desks own it, whether it is
internal work, which of its fields hold personal data or internal work, and which of its
rows are about a person alone. Everything else here is derived from those declarations:
what a partner viewer sees of a record (its hidden fields come back blank from
`visible_to`), which users, desks and records a field may be set to, and which relations
hand over a record to another desk.

A record says which desks own it through `owning_desk_ids()` (Python side) and
`AccessRule.desk_lookups` (database side); the two must agree.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable

from pocketworld.core.choices import DeskRole, Role


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


def sees(user, model):
    """Whether the user may see records of `model` at all (pages that only show them)."""
    return is_active_user(user) and not (model.access.internal and is_partner_viewer(user))


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


@functools.cache
def redacting_iterable(names):
    """A queryset iterable that hands out instances with the fields `names` blanked."""

    class RedactingIterable(ModelIterable):
        def __iter__(self):
            for instance in super().__iter__():
                yield redact(instance, names)

    return RedactingIterable


def visible(queryset, user):
    rule = queryset.model.access
    if not is_active_user(user):
        return queryset.none()
    if not is_partner_viewer(user):
        return queryset
    if rule.internal:
        return queryset.none()
    if rule.personal_rows:
        queryset = queryset.exclude(Q(*rule.personal_rows, _connector=Q.OR))
    hidden = hidden_fields(user, queryset.model)
    if hidden and queryset._iterable_class is ModelIterable:
        queryset = queryset.all()
        queryset._iterable_class = redacting_iterable(hidden)
    return queryset


def editable(queryset, user, roles=None):
    """The records of `queryset` the user may change (or, with `roles`, act on in that role)."""
    rule = queryset.model.access
    if sees_and_changes_everything(user):
        return queryset
    if not is_active_user(user) or is_partner_viewer(user) or rule.desk_lookups is None:
        return queryset.none()
    desk_ids = [
        desk_id for desk_id, role in desk_roles(user).items() if roles is None or role in roles
    ]
    if not desk_ids:
        return queryset.none()
    condition = Q()
    for lookup in rule.desk_lookups:
        condition |= Q(**{f"{lookup}__in": desk_ids})
        if rule.shared_when_deskless:
            condition |= Q(**{f"{lookup}__isnull": True})
    # A subquery instead of distinct(): owning desks may be many-valued.
    matching = queryset.model._base_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=matching)


def deletable(queryset, user):
    return editable(queryset, user, roles=DELETING_DESK_ROLES)


def may_view(user, instance):
    return visible(type(instance)._default_manager.filter(pk=instance.pk), user).exists()


def may_create(user, model):
    if sees_and_changes_everything(user):
        return True
    if not is_active_user(user) or is_partner_viewer(user) or model.access.desk_lookups is None:
        return False
    return bool(desk_roles(user))


def may_change(user, instance, roles=None):
    """Whether the user may save `instance` as it is now (also before its first save)."""
    rule = type(instance).access
    if sees_and_changes_everything(user):
        return True
    if not is_active_user(user) or is_partner_viewer(user) or rule.desk_lookups is None:
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
    else: what the user sees. `instance`'s current values stay valid.
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
        return manager.visible_to(user)
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
