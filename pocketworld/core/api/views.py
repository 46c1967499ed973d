"""The base viewset: permission querysets for reading, the policy for every write."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from pocketworld.core import permissions


class PolicyModelViewSet(viewsets.ModelViewSet):
    """CRUD on a model through `visible_to` and the policy; writes are atomic. A member's
    reading of a confidential record is recorded (`PolicyPermission` refuses everyone else)."""

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        permissions.note_opened(request.user, instance, via="api")
        return Response(self.get_serializer(instance).data)

    def _save_checked(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            if not permissions.may_change(self.request.user, instance):
                raise exceptions.PermissionDenied(_("You can only save records of your own desks."))

    def perform_create(self, serializer):
        self._save_checked(serializer)

    def perform_update(self, serializer):
        self._save_checked(serializer)


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data from the standards: read-only through the API."""

    # Codes and keys hold no NUL character (PostgreSQL could not even compare one).
    lookup_value_regex = "[^/.\x00]+"

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)
