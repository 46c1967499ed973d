"""A person's access export and erasure in the API: the same services as the pages.

`GET /api/v1/people/{id}/data-export/` answers the ZIP of the access export (Art. 15);
`POST /api/v1/people/{id}/erase/` with `{"reason": "…"}` erases the person (Art. 17) and
answers the tombstone. A person the user does not see is a 404, a user who may not a 403.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    PolicyModelSerializer,
    PolicySerializer,
)
from pocketworld.privacy.erasure import erase_person
from pocketworld.privacy.exports import export_language, make_access_export
from pocketworld.privacy.forms import REASON_LENGTH
from pocketworld.privacy.models import Erasure

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class AccessExportParametersSerializer(PolicySerializer):
    language = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text=_("Language of the PDF; the request's by default."),
    )


class ErasureRequestSerializer(PolicySerializer):
    reason = serializers.CharField(
        max_length=REASON_LENGTH,
        help_text=_(
            "The request and its reference; kept after the erasure, so no name, e-mail or "
            "phone number of the person."
        ),
    )


class ErasureSerializer(PolicyModelSerializer):
    erased_by = BriefRelatedField(read_only=True)
    removed = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_("Rows removed or rewritten, by place of the footprint."),
    )

    class Meta:
        model = Erasure
        fields = ["id", "erased_at", "erased_by", "reason", "by_retention", "removed"]
        read_only_fields = fields


def person_for(request, pk, allowed, refusal):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    if not allowed(request.user, person):
        raise PermissionDenied(refusal)
    return person


class PersonDataExportView(APIView):
    @extend_schema(
        operation_id="people_data_export",
        parameters=[
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                enum=LANGUAGE_CODES,
                description=_("Language of the PDF; the request's by default."),
            )
        ],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("A ZIP of the export as JSON and PDF.")
            ),
            400: OpenApiResponse(description=_("An unknown language.")),
            403: OpenApiResponse(description=_("The user may not export this person's data.")),
            404: OpenApiResponse(description=_("No such person, or not one the user sees.")),
        },
        tags=["people"],
    )
    def get(self, request, pk):
        """Everything held about the person (GDPR Art. 15); each export is logged."""
        person = person_for(
            request,
            pk,
            permissions.may_export_personal_data,
            _("You may not export this person's data."),
        )
        parameters = AccessExportParametersSerializer(
            data=request.query_params, context={"request": request}
        )
        parameters.is_valid(raise_exception=True)
        language = export_language(parameters.validated_data.get("language", ""))
        export = make_access_export(person, user=request.user, language=language)
        response = HttpResponse(export.content, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, export.name)
        return response


class PersonEraseView(APIView):
    @extend_schema(
        operation_id="people_erase",
        request=ErasureRequestSerializer,
        responses={
            200: ErasureSerializer,
            400: OpenApiResponse(description=_("No reason, or one that names the person.")),
            403: OpenApiResponse(description=_("The user may not erase this person.")),
            404: OpenApiResponse(description=_("No such person, or not one the user sees.")),
        },
        tags=["people"],
    )
    def post(self, request, pk):
        """Erase the person everywhere for good (GDPR Art. 17); answers the tombstone."""
        person = person_for(request, pk, permissions.may_erase, _("You may not erase this person."))
        erasure_request = ErasureRequestSerializer(data=request.data, context={"request": request})
        erasure_request.is_valid(raise_exception=True)
        try:
            erasure = erase_person(
                person,
                erased_by=request.user,
                reason=erasure_request.validated_data["reason"],
            )
        except Person.DoesNotExist:
            raise NotFound(_("This person no longer exists.")) from None
        return Response(ErasureSerializer(erasure, context={"request": request}).data)
