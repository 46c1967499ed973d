"""The audit log's page: administrators filter it and download it as CSV or XLSX (which is
itself recorded, as every list's export is)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pocketworld.audit import filtersets, tables
from pocketworld.audit.models import AuditEvent
from pocketworld.core import permissions
from pocketworld.core.views import ObjectListView


class AuditEventListView(ObjectListView):
    model = AuditEvent
    filterset_class = filtersets.AuditEventFilterSet
    table_class = tables.AuditEventTable
    template_name = "audit/auditevent_list.html"
    per_page = 50

    def get_queryset(self, request):
        if not permissions.sees(request.user, AuditEvent):
            raise PermissionDenied(_("Only administrators see the audit log."))
        return super().get_queryset(request)

    def get_extra_context(self, request):
        return {"retention_days": settings.AUDIT_RETENTION_DAYS}
