"""The audit log in the API, read-only and for administrators: `GET /api/v1/audit-events/`
with the page's filters."""

from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets

from pocketworld.audit.filtersets import AuditEventFilterSet
from pocketworld.audit.models import AuditEvent
from pocketworld.core import permissions
from pocketworld.core.api.serializers import BriefRelatedField, PolicyModelSerializer


class MayReadAuditLog(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        return permissions.sees(request.user, AuditEvent)


class AuditEventSerializer(PolicyModelSerializer):
    user = BriefRelatedField(read_only=True)
    target_label = serializers.CharField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "timestamp",
            "action",
            "user",
            "username",
            "ip_address",
            "user_agent",
            "path",
            "target_type",
            "target_id",
            "target_label",
            "details",
        ]
        read_only_fields = fields


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Who did what, when, from where; newest first. Written by pocketworld alone."""

    queryset = AuditEvent.objects.select_related("user")
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    permission_classes = [MayReadAuditLog]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)
