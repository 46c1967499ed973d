"""The one permission policy: who may see, change and delete which record.

Roles map to actions here and nowhere else. Views, forms, the API and exports reach it
through `Model.objects.visible_to(user)` / `.editable_by(user)` and `may_change` /
`may_delete` for a single instance.

- administrator, director: see and change everything;
- desk member: sees everything, people included; changes
  the records of their own desks (heads and officers also delete, assistants do not);
- partner viewer: sees companies, sites, partners and desks, never people nor the desks'
  internal work (projects, interactions, tasks); changes nothing.

A record says which desks own it through `owning_desk_ids()` (Python side) and
`AccessRule.desk_lookups` (database side); the two must agree.
"""

from dataclasses import dataclass

from django.db.models import Q

from pocketworld.accounts.choices import DeskRole, Role


@dataclass(frozen=True)
class AccessRule:
    # Lookups from the model to a desk id; None means only directors may change it.
    desk_lookups: tuple[str, ...] | None = None
    # Not for partner viewers: people's personal data and the desks' internal work
    # (projects, interactions, tasks).
    internal: bool = False
    # A record owned by no desk (e.g. a chamber of commerce) is shared by all desk members.
    shared_when_deskless: bool = False


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


def visible(queryset, user):
    rule = queryset.model.access
    if not is_active_user(user):
        return queryset.none()
    if rule.internal and is_partner_viewer(user):
        return queryset.none()
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
