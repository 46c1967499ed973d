"""The API's gate to the one permission policy of `pocketworld.core.permissions`."""

from rest_framework import permissions as drf_permissions

from pocketworld.core import permissions


class PolicyPermission(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        if not permissions.is_active_user(request.user):
            return False
        if request.method == "POST" and getattr(view, "queryset", None) is not None:
            return permissions.may_create(request.user, view.queryset.model)
        return True

    def has_object_permission(self, request, view, obj):
        # A confidential record is refused to whom is no member of it, whatever the action.
        permissions.refuse_withheld(request.user, obj, via="api")
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return permissions.may_delete(request.user, obj)
        return permissions.may_change(request.user, obj)
