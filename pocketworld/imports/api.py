"""Imports, merges, change sets and LEI updates through the API, calling the same services
as the pages.

`POST companies/{id}/merge/` and `people/{id}/merge/` merge the posted duplicate into the
record of the URL; the model's rules answer with 400 and messages per field. Change sets
are listed as the pages list them (`changes.visible_change_sets`); `POST
change-sets/{id}/undo/` answers 409 when the undo would lose later work.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.api.parsers import JSONParser
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    PolicyModelSerializer,
    PolicySerializer,
)
from pocketworld.core.filtersets import LARGEST_INTEGER
from pocketworld.core.permissions import is_active_user
from pocketworld.imports import changes, merging, services, tasks
from pocketworld.imports.choices import ImportStatus, LeiProposalStatus, RowDecision
from pocketworld.imports.filtersets import LeiProposalFilterSet
from pocketworld.imports.forms import ColumnsForm
from pocketworld.imports.gleif import services as lei_services
from pocketworld.imports.gleif.files import LeiFileError, open_gleif
from pocketworld.imports.models import (
    ChangeSet,
    ColumnMapping,
    ImportRow,
    ImportRun,
    LeiProposal,
    LeiUpload,
)
from pocketworld.imports.reading.tables import UnreadableFile
from pocketworld.imports.uploads import limit_upload_size, validate_file_size


class VisibleRecordField(serializers.PrimaryKeyRelatedField):
    """An id among the records the user may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class MergeSerializer(PolicySerializer):
    choices = serializers.DictField(
        child=serializers.ChoiceField(choices=[merging.SURVIVOR, merging.DUPLICATE]),
        required=False,
        default=dict,
    )


class CompanyMergeSerializer(MergeSerializer):
    duplicate = VisibleRecordField(queryset=Company.objects.all())


class PersonMergeSerializer(MergeSerializer):
    duplicate = VisibleRecordField(queryset=Person.objects.all())


class ChangeSetSerializer(PolicyModelSerializer):
    created_by = BriefRelatedField(read_only=True)
    undone_by = BriefRelatedField(read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = ChangeSet
        fields = [
            "id",
            "kind",
            "description",
            "created",
            "created_by",
            "finished_at",
            "undone_at",
            "undone_by",
            "counts",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    )
    def get_counts(self, change_set):
        """{model label: {action: count}}, e.g. {"companies.site": {"created": 3}}."""
        counts = self.context.get("counts")
        if counts is None:
            counts = changes.change_counts([change_set])
        return {
            model._meta.label_lower: dict(actions)
            for model, actions in counts.get(change_set.pk, {}).items()
        }


class MergeView(APIView):
    """Merge the posted duplicate into the record of the URL; `choices` maps field to side."""

    model = None
    serializer_class = None
    service = None

    def post(self, request, pk):
        survivor = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        self.check_object_permissions(request, survivor)
        merge = self.serializer_class(data=request.data, context={"request": request})
        merge.is_valid(raise_exception=True)
        data = merge.validated_data
        change_set = self.service(survivor, data["duplicate"], data["choices"], request.user)
        return Response(ChangeSetSerializer(change_set).data, status=status.HTTP_201_CREATED)


class CompanyMergeView(MergeView):
    model = Company
    serializer_class = CompanyMergeSerializer
    service = staticmethod(merging.merge_companies)

    @extend_schema(
        request=CompanyMergeSerializer, responses={201: ChangeSetSerializer}, tags=["companies"]
    )
    def post(self, request, pk):
        """Merge another company into this one; it is deleted, the merge can be undone."""
        return super().post(request, pk)


class PersonMergeView(MergeView):
    model = Person
    serializer_class = PersonMergeSerializer
    service = staticmethod(merging.merge_people)

    @extend_schema(
        request=PersonMergeSerializer, responses={201: ChangeSetSerializer}, tags=["people"]
    )
    def post(self, request, pk):
        """Merge another person into this one; they are deleted, the merge can be undone."""
        return super().post(request, pk)


class ActiveUserPermission(permissions.BasePermission):
    """Which change sets a user sees, and so undoes, is `changes.visible_change_sets`'."""

    def has_permission(self, request, view):
        return is_active_user(request.user)


class ChangeSetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ChangeSet.objects.all()
    serializer_class = ChangeSetSerializer
    permission_classes = [ActiveUserPermission]
    filterset_fields = ["kind"]

    def get_queryset(self):
        return changes.visible_change_sets(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "counts": changes.change_counts(page)}
        return self.get_paginated_response(
            ChangeSetSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        request=None,
        responses={200: ChangeSetSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """Undo the change set as a whole; 409 when that would lose later work."""
        change_set = self.get_object()
        try:
            changes.undo(change_set, request.user)
        except changes.UndoRefused as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        change_set.refresh_from_db()
        return Response(self.get_serializer(change_set).data)


# --- imports ------------------------------------------------------------------------------


class MayImport(permissions.BasePermission):
    """Who may create companies may import; a run is seen by its uploader and directors."""

    def has_permission(self, request, view):
        return services.may_import(request.user)


class ImportRunSerializer(PolicyModelSerializer):
    file = serializers.FileField(write_only=True, validators=[validate_file_size])
    mapping = serializers.SlugRelatedField(
        slug_field="name", queryset=ColumnMapping.objects.all(), write_only=True, required=False
    )
    created_by = BriefRelatedField(read_only=True)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "file",
            "mapping",
            "file_name",
            "file_format",
            "encoding",
            "delimiter",
            "headers",
            "columns",
            "mapping_name",
            "status",
            "rows_total",
            "rows_done",
            "counts",
            "error",
            "change_set",
            "created",
            "created_by",
            "applied_at",
        ]
        read_only_fields = [
            "file_name",
            "file_format",
            "encoding",
            "delimiter",
            "headers",
            "mapping_name",
            "status",
            "rows_total",
            "rows_done",
            "counts",
            "error",
            "change_set",
            "created",
            "created_by",
            "applied_at",
        ]

    def validate(self, data):
        mapping = data.get("mapping")
        if mapping and mapping.kind != data.get("kind"):
            raise serializers.ValidationError({"mapping": _("This mapping is for another kind.")})
        return data

    def create(self, validated_data):
        upload = validated_data["file"]
        mapping = validated_data.get("mapping")
        try:
            return services.upload(
                validated_data["kind"],
                upload.name,
                upload.read(),
                self.context["request"].user,
                mapping_name=mapping.name if mapping else "",
            )
        except UnreadableFile as error:
            raise serializers.ValidationError({"file": [str(error)]}) from None


class ColumnsSerializer(PolicySerializer):
    """The run's columns: {header: field}; checking starts again with them."""

    columns = serializers.DictField(child=serializers.CharField(allow_blank=True))
    save_as = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def validate_columns(self, columns):
        run = self.context["run"]
        form = ColumnsForm(
            {name: columns.get(header, "") for header, name in ColumnsForm(run=run).header_fields},
            run=run,
        )
        unknown = set(columns) - set(run.headers)
        if unknown:
            raise serializers.ValidationError(
                _("Not a column of the file: %(headers)s.")
                % {"headers": ", ".join(sorted(unknown))}
            )
        if not form.is_valid():
            raise serializers.ValidationError(
                [str(error) for errors in form.errors.values() for error in errors]
            )
        return form.columns


class ImportRowSerializer(PolicyModelSerializer):
    class Meta:
        model = ImportRow
        fields = [
            "number",
            "values",
            "problems",
            "candidates",
            "decision",
            "target_id",
            "target_row",
            "outcome",
            "object_id",
        ]
        read_only_fields = fields


class DecisionSerializer(PolicySerializer):
    number = serializers.IntegerField(min_value=1)
    decision = serializers.ChoiceField(choices=RowDecision.choices)
    target_id = serializers.IntegerField(required=False, allow_null=True)
    target_row = serializers.IntegerField(required=False, allow_null=True)


class ImportRunViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Upload, columns, check, rows and decisions, apply (or dry run) and undo: the wizard's
    steps, through the same services."""

    queryset = ImportRun.objects.all()
    serializer_class = ImportRunSerializer
    permission_classes = [MayImport]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["kind", "status"]

    def initialize_request(self, request, *args, **kwargs):
        # Before authentication, whose CSRF check may read the body.
        limit_upload_size(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self):
        return services.runs_of(self.request.user).defer("content")

    def checked_run(self):
        run = self.get_object()
        if run.status != ImportStatus.CHECKED:
            raise serializers.ValidationError({"status": _("Only a checked import can do this.")})
        return run

    @extend_schema(request=ColumnsSerializer, responses={200: ImportRunSerializer})
    @action(detail=True, methods=["post"])
    def columns(self, request, pk=None):
        """Set the columns and check every row (in the background for large files)."""
        run = ImportRun.objects.get(pk=self.get_object().pk)
        if run.status not in services.COLUMNS_CHANGEABLE:
            raise serializers.ValidationError({"status": _("The import is busy or applied.")})
        data = ColumnsSerializer(data=request.data, context={"run": run})
        data.is_valid(raise_exception=True)
        tasks.check_soon(
            run,
            data.validated_data["columns"],
            data.validated_data.get("save_as", ""),
            request.user,
        )
        run.refresh_from_db()
        return Response(self.get_serializer(run).data)

    @extend_schema(
        parameters=[OpenApiParameter("rows", str, enum=list(services.ROW_FILTERS))],
        responses={200: ImportRowSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        """The checked rows, with problems, candidates, decisions and outcomes."""
        rows = self.get_object().rows.all()
        if request.query_params.get("rows") in services.ROW_FILTERS:
            rows = services.ROW_FILTERS[request.query_params["rows"]](rows)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ImportRowSerializer(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={200: ImportRowSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Set a row's decision: create, skip, or merge into a record or an earlier row."""
        run = self.checked_run()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = data.validated_data
        if decision.get("target_id") and not services.may_merge_into(
            run, decision["target_id"], request.user
        ):
            raise serializers.ValidationError({"target_id": _("You may not change that record.")})
        try:
            row = services.decide(
                run,
                decision["number"],
                decision["decision"],
                decision.get("target_id"),
                decision.get("target_row"),
            )
        except ImportRow.DoesNotExist:
            raise serializers.ValidationError({"number": _("No such row.")}) from None
        except ValueError as error:
            raise serializers.ValidationError({"decision": [str(error)]}) from None
        return Response(ImportRowSerializer(row).data)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("dry_run", bool)],
        responses={200: ImportRunSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Apply the decisions in one transaction; with dry_run=true roll back and report."""
        run = ImportRun.objects.get(pk=self.checked_run().pk)
        dry_run = request.query_params.get("dry_run") in ("1", "true")
        try:
            with transaction.atomic():
                services.apply(run, request.user)
                data = self.get_serializer(run).data
                if dry_run:
                    transaction.set_rollback(True)
        except services.ImportFailed as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(data)

    @extend_schema(request=None, responses={200: ImportRunSerializer, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """Undo an applied import as a whole; 409 when that would lose later work."""
        run = self.get_object()
        if run.status != ImportStatus.APPLIED:
            raise serializers.ValidationError(
                {"status": _("Only an applied import can be undone.")}
            )
        try:
            tasks.undo_soon(run, request.user)
        except changes.UndoRefused as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        run.refresh_from_db()
        return Response(self.get_serializer(run).data)


# --- LEI updates ---------------------------------------------------------------------------


# Proposals one decision may name, at most.
MAX_DECIDED = 1000


class MayUpdateCompanies(permissions.BasePermission):
    """Desk staff and directors: who may change companies may have them checked at GLEIF."""

    def has_permission(self, request, view):
        return services.may_import(request.user)


class LeiProposalSerializer(PolicyModelSerializer):
    company = BriefRelatedField(read_only=True)
    proposed_parent = BriefRelatedField(read_only=True)
    name_language = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = LeiProposal
        fields = [
            "id",
            "company",
            "lei",
            "matched_by",
            "field",
            "current_text",
            "proposed_text",
            "proposed_parent",
            "name_kind",
            "name_language",
            "source_file",
            "upload",
            "status",
            "created",
            "decided_at",
            "change_set",
        ]
        read_only_fields = fields


class LeiDecisionSerializer(PolicySerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=LARGEST_INTEGER),
        allow_empty=False,
        max_length=MAX_DECIDED,
    )


class LeiUploadSerializer(PolicyModelSerializer):
    lei_records = serializers.FileField(write_only=True, required=False)
    relationships = serializers.FileField(write_only=True, required=False)
    levels = {"lei_records": 1, "relationships": 2}

    class Meta:
        model = LeiUpload
        fields = [
            "id",
            "lei_records",
            "relationships",
            "files",
            "status",
            "counts",
            "problems",
            "error",
            "created",
            "finished_at",
        ]
        read_only_fields = ["files", "status", "counts", "problems", "error", "finished_at"]

    def validate(self, attrs):
        errors = {}
        for name, level in self.levels.items():
            if name not in attrs:
                continue
            try:
                _content, file_format = open_gleif(attrs[name])
            except LeiFileError as error:
                errors[name] = [str(error)]
                continue
            if file_format.level != level:
                errors[name] = [
                    _("This file holds relationship records (level 2).")
                    if level == 1
                    else _("This file holds LEI records (level 1).")
                ]
        if errors:
            raise serializers.ValidationError(errors)
        if not attrs:
            raise serializers.ValidationError(
                _("Send a file of LEI records, of relationships, or both.")
            )
        return attrs

    def create(self, validated_data):
        files = [validated_data[name] for name in self.levels if name in validated_data]
        upload = lei_services.store_upload(files, self.context["request"].user)
        return tasks.start_reading(upload)


class LeiUploadViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """GLEIF files uploaded for LEI updates, and what reading them found."""

    queryset = LeiUpload.objects.all()
    serializer_class = LeiUploadSerializer
    permission_classes = [MayUpdateCompanies]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.status_code = status.HTTP_202_ACCEPTED
        return response


DECISION_RESPONSE = inline_serializer(
    "LeiDecision",
    {
        "change_set": serializers.IntegerField(allow_null=True),
        "accepted": serializers.ListField(child=serializers.IntegerField()),
        "refused": serializers.ListField(child=serializers.DictField()),
    },
)


class LeiProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Updates that GLEIF's records suggest; accepted together, they are one change set."""

    queryset = LeiProposal.objects.select_related("company", "proposed_parent", "name_language")
    serializer_class = LeiProposalSerializer
    filterset_class = LeiProposalFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def chosen(self, request):
        decision = LeiDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        ids = set(decision.validated_data["ids"])
        proposals = list(self.get_queryset().filter(pk__in=ids))
        if len(proposals) != len(ids):
            raise exceptions.NotFound(_("Some of these proposals do not exist."))
        decided = [
            proposal.pk for proposal in proposals if proposal.status != LeiProposalStatus.PENDING
        ]
        if decided:
            raise serializers.ValidationError(
                {"ids": [_("Decided already: %(ids)s") % {"ids": ", ".join(map(str, decided))}]}
            )
        return proposals

    @extend_schema(request=LeiDecisionSerializer, responses=DECISION_RESPONSE)
    @action(detail=False, methods=["post"])
    def accept(self, request):
        """Apply the proposals as one change set; those the company's rules refuse stay
        pending and are listed with the reason."""
        decision = lei_services.accept_proposals(self.chosen(request), request.user)
        return Response(
            {
                "change_set": decision.change_set.pk if decision.change_set else None,
                "accepted": [proposal.pk for proposal in decision.accepted],
                "refused": [
                    {"id": proposal.pk, "message": message}
                    for proposal, message in decision.refused
                ],
            }
        )

    @extend_schema(
        request=LeiDecisionSerializer,
        responses=inline_serializer(
            "LeiDismissal", {"dismissed": serializers.ListField(child=serializers.IntegerField())}
        ),
    )
    @action(detail=False, methods=["post"])
    def dismiss(self, request):
        dismissed = lei_services.dismiss_proposals(self.chosen(request), request.user)
        return Response({"dismissed": [proposal.pk for proposal in dismissed]})
