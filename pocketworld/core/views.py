"""Small generic views for every model's list, detail, create, edit and delete pages.

Each view is configured with a model, filterset, form and table. All of them read through
`visible_to(user)` and act through the permission policy, so a record outside the user's
scope is a 404 and a forbidden action a 403, on every model alike. A confidential record
that the user is no member of is a 403 too; a member's opening or export of one is recorded
(`permissions.refuse_withheld`, `note_opened`, `note_exported`). Every export of a list is
announced to the audit log (`core.audit`).
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect
from django_tables2 import DateColumn, DateTimeColumn, RequestConfig
from django_tables2.rows import BoundRow

from pocketworld.core import permissions
from pocketworld.core.audit import announce, exported_filters
from pocketworld.core.exports import EXPORT_FORMATS, export_response
from pocketworld.core.history import change_history
from pocketworld.core.tables import paginate

# An export reads its records in chunks of this many, never the whole list at once.
EXPORT_CHUNK_SIZE = 2000


def table_export_cell(row, bound_column):
    """The cell's value for a spreadsheet; dates stay dates (django-tables2 gives text)."""
    if isinstance(bound_column.column, DateColumn | DateTimeColumn):
        return bound_column.accessor.resolve(row.record, quiet=True)
    return row.get_cell_value(bound_column.name)


def table_export(table):
    """(header, rows) of all the table's records, in its order, for `core.exports`."""
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]

    def rows():
        for record in table.data.data.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            row = BoundRow(record, table=table)
            yield [table_export_cell(row, column) for column in columns]

    return [column.header for column in columns], rows()


def safe_next_url(request, fallback):
    """The `next` the form names, if it stays on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_to(request, url):
    if request.htmx and not request.htmx.boosted:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class NotOwnDesk(Exception):
    """Raised inside the save transaction to undo a save the user may not make."""


# {(model, "list" | "detail"): [function]}: what higher apps add to a lower app's pages.
_page_extensions = defaultdict(list)


def extend_page(model, page):
    """Register `function(request)` (a list page) or `function(request, instance)` (a detail
    page) whose dict adds to the context of `model`'s `page`.

    A higher app shows its part on a lower app's page this way (the interactions app puts its
    timeline on a company's page, the reports app offers to keep a company list as a
    segment), from its AppConfig.ready, so that the lower app's views never import it.
    """

    def register(function):
        _page_extensions[model, page].append(function)
        return function

    return register


def page_extensions(model, page, *arguments):
    context = {}
    for function in _page_extensions[model, page]:
        context.update(function(*arguments))
    return context


class ObjectViewMixin(LoginRequiredMixin):
    model = None

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def get_object(self, request, pk):
        instance = get_object_or_404(self.get_queryset(request), pk=pk)
        permissions.refuse_withheld(request.user, instance, via="page")
        return instance

    def model_context(self):
        meta = self.model._meta
        return {
            "model": self.model,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "url_prefix": f"{meta.app_label}:{meta.model_name}",
        }


class ObjectListView(ObjectViewMixin, View):
    filterset_class = None
    table_class = None
    template_name = "generic/object_list.html"
    partial_template_name = "generic/partials/object_table.html"
    per_page = 25

    def get(self, request):
        filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(request), request=request
        )
        queryset = (
            filterset.qs
            if filterset.is_bound and filterset.is_valid()
            else (filterset.queryset.none() if filterset.is_bound else filterset.queryset)
        )
        table = self.table_class(queryset)
        export_format = request.GET.get("export")
        if export_format in EXPORT_FORMATS:
            # All rows, in the order the list shows them.
            RequestConfig(request, paginate=False).configure(table)
            filename = slugify(str(self.model._meta.verbose_name_plural)) or "export"
            response = export_response(export_format, filename, *table_export(table))
            permissions.note_exported(request.user, queryset, via=export_format)
            announce(
                "list_exported",
                request=request,
                list=self.model._meta.label_lower,
                format=export_format,
                rows=queryset.count(),
                filters=exported_filters(request),
            )
            return response
        paginate(request, table, self.per_page)
        context = {
            **self.model_context(),
            "filterset": filterset,
            "table": table,
            "may_create": permissions.may_create(request.user, self.model),
            **self.get_extra_context(request),
            **page_extensions(self.model, "list", request),
        }
        if request.htmx and not request.htmx.boosted:
            return render(request, self.partial_template_name, context)
        return render(request, self.template_name, context)

    def get_extra_context(self, request):
        return {}


class ObjectDetailView(ObjectViewMixin, View):
    template_name = None

    def get_extra_context(self, request, instance):
        return {}

    def get(self, request, pk):
        instance = self.get_object(request, pk)
        permissions.note_opened(request.user, instance, via="page")
        context = {
            **self.model_context(),
            "object": instance,
            "may_change": permissions.may_change(request.user, instance),
            "may_delete": permissions.may_delete(request.user, instance),
            "hidden": permissions.hidden_fields(request.user, self.model),
            **self.get_extra_context(request, instance),
            **page_extensions(self.model, "detail", request, instance),
        }
        if "history" not in context:
            # The history of a record received with fields withheld would tell them.
            withheld = getattr(instance, "withheld", False)
            context["history"] = [] if withheld else change_history(instance)
        meta = self.model._meta
        return render(
            request,
            self.template_name or f"{meta.app_label}/{meta.model_name}_detail.html",
            context,
        )


class ObjectEditView(ObjectViewMixin, View):
    """Create (no pk) or edit (pk) a record; the saved result must still be the user's."""

    form_class = None
    template_name = "generic/object_edit.html"

    def get_instance(self, request, pk):
        if pk is None:
            if not permissions.may_create(request.user, self.model):
                raise PermissionDenied(_("You may not create this kind of record."))
            return self.model()
        instance = self.get_object(request, pk)
        if not permissions.may_change(request.user, instance):
            raise PermissionDenied(_("You may not change this record."))
        return instance

    def get_initial(self, request):
        return {
            key: value for key, value in request.GET.items() if key in self.form_class.base_fields
        }

    def render_form(self, request, form, instance):
        context = {**self.model_context(), "form": form, "object": instance}
        return render(request, self.template_name, context)

    def get(self, request, pk=None):
        instance = self.get_instance(request, pk)
        form = self.form_class(
            instance=instance,
            user=request.user,
            initial=self.get_initial(request) if pk is None else None,
        )
        return self.render_form(request, form, instance)

    def post(self, request, pk=None):
        instance = self.get_instance(request, pk)
        creating = instance.pk is None
        form = self.form_class(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = form.save(commit=False)
                    if not permissions.may_change(request.user, obj):
                        raise NotOwnDesk
                    self.save_object(request, obj, form, creating)
                    # Many-to-many ownership (a partner's desks) is only known now.
                    if not permissions.may_change(request.user, obj):
                        raise NotOwnDesk
            except NotOwnDesk:
                if creating:
                    instance.pk = None
                form.add_error(None, self.not_own_desk_message(request.user, obj))
                return self.render_form(request, form, instance)
            message = _("Created %(object)s.") if creating else _("Saved %(object)s.")
            messages.success(request, message % {"object": obj})
            return redirect_to(request, self.get_success_url(obj))
        return self.render_form(request, form, instance)

    def save_object(self, request, obj, form, creating):
        """Save the record and its many-to-many fields; a model with a service overrides."""
        obj.save()
        form.save_m2m()

    def get_success_url(self, obj):
        return obj.get_absolute_url()

    def not_own_desk_message(self, user, obj):
        def names(ids):
            return ", ".join(
                permissions.desk_model().objects.filter(pk__in=ids).values_list("name", flat=True)
            )

        return _(
            "You can only save records of your own desks (%(own)s); this one would belong "
            "to: %(owners)s."
        ) % {
            "own": names(permissions.desk_roles(user)) or "—",
            "owners": names(obj.owning_desk_ids()) or _("no desk"),
        }


class ObjectDeleteView(ObjectViewMixin, View):
    template_name = "generic/object_delete.html"
    # A part of another record (a company's name) returns to that record after deletion.
    parent_field = None

    def get_instance(self, request, pk):
        instance = self.get_object(request, pk)
        if not permissions.may_delete(request.user, instance):
            raise PermissionDenied(_("You may not delete this record."))
        return instance

    def get(self, request, pk):
        instance = self.get_instance(request, pk)
        return render(request, self.template_name, {**self.model_context(), "object": instance})

    def post(self, request, pk):
        instance = self.get_instance(request, pk)
        label = str(instance)
        try:
            instance.delete()
        except ProtectedError as error:
            blocking = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            messages.error(
                request,
                _("%(object)s cannot be deleted while these refer to it: %(blocking)s")
                % {"object": label, "blocking": blocking},
            )
            return redirect_to(request, instance.get_absolute_url())
        messages.success(request, _("Deleted %(object)s.") % {"object": label})
        if self.parent_field:
            return redirect_to(request, getattr(instance, self.parent_field).get_absolute_url())
        meta = self.model._meta
        return redirect_to(request, reverse(f"{meta.app_label}:{meta.model_name}_list"))


def health(request):
    """For load balancers: 200 when this app server can reach its database, else 503."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
