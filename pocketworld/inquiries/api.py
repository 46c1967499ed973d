"""The public endpoint, with the form's defences, and the staff's inquiries: read,
filtered, replied to, reassigned and triaged through the same services as the pages."""

import dataclasses
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pocketworld.accounts.lockout import client_address
from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.api.parsers import JSONParser
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    PolicyModelSerializer,
    PolicySerializer,
)
from pocketworld.core.models import Country
from pocketworld.core.validators import validate_no_control_characters
from pocketworld.desks.models import Desk
from pocketworld.events.choices import ParticipantRole
from pocketworld.events.models import Event
from pocketworld.inquiries import defences, services
from pocketworld.inquiries.choices import Channel, CloseReason, ReplyChannel, SpamReason
from pocketworld.inquiries.filtersets import InquiryFilterSet
from pocketworld.inquiries.models import Inquiry, Reply
from pocketworld.inquiries.public.choices import CompanySize, Plan, Sector, Timing
from pocketworld.inquiries.public.forms import read_attachment
from pocketworld.programmes.models import Cohort
from pocketworld.projects.choices import ProjectKind

FORM_LANGUAGES = [code for code, _name in settings.INQUIRY_LANGUAGES]
SUBMITTED = [field.name for field in dataclasses.fields(services.Submission)]


def form_language(code):
    """A form language of an ISO 639-1 code ("zh" → "zh-hans"), or None."""
    code = (code or "").lower()
    if code in FORM_LANGUAGES:
        return code
    return next((language for language in FORM_LANGUAGES if language.split("-")[0] == code), None)


class PublicInquirySerializer(PolicySerializer):
    company_name = serializers.CharField(
        max_length=200, validators=[validate_no_control_characters]
    )
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    contact_name = serializers.CharField(
        max_length=200, validators=[validate_no_control_characters]
    )
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    language = serializers.CharField(help_text="ISO 639-1: de, en, ja, zh, ko, hi or tr.")
    plan = serializers.ChoiceField(Plan.choices, required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(Sector.choices, required=False, allow_blank=True, default="")
    size = serializers.ChoiceField(
        CompanySize.choices, required=False, allow_blank=True, default=""
    )
    timing = serializers.ChoiceField(Timing.choices, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=Inquiry._meta.get_field("message").max_length)
    consent = serializers.BooleanField(
        help_text="The inquirer agreed to the privacy text of their language (must be true)."
    )
    attachment = serializers.FileField(required=False, allow_null=True)
    website = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Leave empty."
    )

    def validate_language(self, value):
        if (language := form_language(value)) is None:
            raise serializers.ValidationError(
                _("Not a language of the form: %(codes)s.")
                % {"codes": ", ".join(code.split("-")[0] for code in FORM_LANGUAGES)}
            )
        return language

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(_("We can only answer if you agree."))
        return value

    def validate_attachment(self, upload):
        if upload is None:
            return None
        try:
            return read_attachment(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class PublicInquiryView(APIView):
    """An inquiry from the public, without sign-in, under the form's defences (rate limits,
    links, a hidden field). An `Idempotency-Key` header makes a retried request store
    nothing new. 201 with the reference; 202 when it is held for review; 429 over a limit."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=PublicInquirySerializer,
        responses={201: dict, 202: dict, 400: dict, 429: dict},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        auth=[],
    )
    def post(self, request):
        data = PublicInquirySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        address = defences.address_hash(client_address(request))
        key = request.headers.get("Idempotency-Key", "")
        # A key is the sender's own: someone else's same key finds nothing of theirs.
        nonce = None
        if key:
            nonce = "api:" + hashlib.sha256(f"{address}:{key}".encode()).hexdigest()[:56]
        reason = defences.spam_reason(
            honeypot=values["website"],
            token=False,
            texts=[values["message"], values["company_name"], values["contact_name"]],
        )
        # A retry is answered as the first time, whatever the limits say now.
        inquiry, created = services.receive(
            services.Submission(**{name: values[name] for name in SUBMITTED}),
            channel=Channel.API,
            spam_reason=reason,
            address_hash=address,
            nonce=nonce,
            file=values.get("attachment"),
        )
        return self.answer(inquiry, created)

    @staticmethod
    def answer(inquiry, created):
        """201 (200 for a retry) with the reference; 202 when held for review; 429 over a
        limit."""
        reason = inquiry.spam_reason
        if reason in (SpamReason.ADDRESS_LIMIT, SpamReason.EMAIL_LIMIT):
            return Response(
                {"detail": _("Too many inquiries within the hour; this one is kept for review.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if reason:
            return Response({"status": "held"}, status=status.HTTP_202_ACCEPTED)
        return Response(
            {"reference": inquiry.reference, "status": "received"},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReplySerializer(PolicyModelSerializer):
    sent_by = serializers.StringRelatedField()

    class Meta:
        model = Reply
        fields = [
            "id", "channel", "subject", "body", "sent_by", "sent_at", "delivered_at",
            "delivery_error",
        ]  # fmt: skip


class InquirySerializer(PolicyModelSerializer):
    desk = BriefRelatedField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    company = BriefRelatedField(read_only=True)
    person = BriefRelatedField(read_only=True)
    project = BriefRelatedField(read_only=True)
    partner = BriefRelatedField(read_only=True)
    overdue = serializers.SerializerMethodField()
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = Inquiry
        fields = [
            "id", "reference", "channel", "language", "company_name", "country",
            "contact_name", "email", "phone", "plan", "sector", "size", "timing", "message",
            "consent_at", "received_at", "clock_started_at", "due_at", "escalate_at",
            "escalated_at", "first_response_at", "response_hours", "overdue", "desk",
            "routed_by", "status", "spam_reason", "outcome", "close_reason", "outcome_note",
            "outcome_at", "company", "person", "project", "partner", "replies", "created",
            "last_updated",
        ]  # fmt: skip

    def get_overdue(self, inquiry) -> bool:
        return inquiry.is_overdue


class ReplyRequestSerializer(PolicySerializer):
    channel = serializers.ChoiceField(ReplyChannel.choices, default=ReplyChannel.EMAIL)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ReassignSerializer(PolicySerializer):
    desk = serializers.PrimaryKeyRelatedField(queryset=Desk.objects.all())
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LinkRequestSerializer(PolicySerializer):
    company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), required=False, allow_null=True
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs):
        if not attrs.get("company") and not attrs.get("person"):
            raise serializers.ValidationError(_("Choose a company or a person."))
        return attrs


class NoteSerializer(PolicySerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LeadRequestSerializer(NoteSerializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(ProjectKind.choices, required=False)


class ProgrammeRequestSerializer(NoteSerializer):
    cohort = serializers.PrimaryKeyRelatedField(queryset=Cohort.objects.all())


class EventRequestSerializer(NoteSerializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all())
    role = serializers.ChoiceField(ParticipantRole.choices, default=ParticipantRole.VISITOR)


class ForwardRequestSerializer(PolicySerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=PartnerOrganisation.objects.all())
    note = serializers.CharField(max_length=500)


class CloseRequestSerializer(NoteSerializer):
    reason = serializers.ChoiceField(CloseReason.choices)


class InquiryViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inquiries as the staff see them; they arrive through the public endpoint, and the
    actions reply, reassign, link and triage."""

    queryset = Inquiry.objects.select_related(
        "country", "desk", "company", "person", "project", "partner"
    ).prefetch_related("replies__sent_by")
    serializer_class = InquirySerializer
    filterset_class = InquiryFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def perform_destroy(self, instance):
        if not permissions.may_delete(self.request.user, instance):
            raise exceptions.PermissionDenied()
        instance.delete()

    def run(self, request, serializer_class, action_function, success=status.HTTP_200_OK):
        inquiry = self.get_object()
        data = serializer_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            action_function(inquiry, request.user, data.validated_data)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise exceptions.ValidationError(serializers.as_serializer_error(error)) from error
        inquiry = self.get_queryset().get(pk=inquiry.pk)
        return Response(self.get_serializer(inquiry).data, status=success)

    @extend_schema(request=ReplyRequestSerializer, responses={201: InquirySerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Reply by e-mail from pocketworld (`channel` email, with `body`), or record a reply
        given elsewhere."""
        return self.run(
            request,
            ReplyRequestSerializer,
            lambda inquiry, user, data: services.reply(
                inquiry, user, data["channel"], data["subject"], data["body"]
            ),
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=ReassignSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Move the inquiry to another desk (its desk's head, directors)."""
        return self.run(
            request,
            ReassignSerializer,
            lambda inquiry, user, data: services.reassign(
                inquiry, user, data["desk"], data["note"]
            ),
        )

    @extend_schema(request=LinkRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Say which known company or person sent it; nothing is merged."""
        return self.run(
            request,
            LinkRequestSerializer,
            lambda inquiry, user, data: services.link(
                inquiry, user, company=data.get("company"), person=data.get("person")
            ),
        )

    @extend_schema(request=LeadRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def lead(self, request, pk=None):
        """Turn it into a lead project, with its company and person."""
        return self.run(
            request,
            LeadRequestSerializer,
            lambda inquiry, user, data: services.turn_into_lead(
                inquiry, user, data["title"], data.get("kind"), data["note"]
            ),
        )

    @extend_schema(request=ProgrammeRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def programme(self, request, pk=None):
        """Add its company to a start-up programme's cohort."""
        return self.run(
            request,
            ProgrammeRequestSerializer,
            lambda inquiry, user, data: services.add_to_programme(
                inquiry, user, data["cohort"], data["note"]
            ),
        )

    @extend_schema(request=EventRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def event(self, request, pk=None):
        """Register its company and person for an event."""
        return self.run(
            request,
            EventRequestSerializer,
            lambda inquiry, user, data: services.add_to_event(
                inquiry, user, data["event"], data["role"], data["note"]
            ),
        )

    @extend_schema(request=ForwardRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Forward it to a partner organisation, with a note."""
        return self.run(
            request,
            ForwardRequestSerializer,
            lambda inquiry, user, data: services.forward(
                inquiry, user, data["partner"], data["note"]
            ),
        )

    @extend_schema(request=CloseRequestSerializer, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close it with a reason (spam moves it to the spam folder)."""
        return self.run(
            request,
            CloseRequestSerializer,
            lambda inquiry, user, data: services.close(inquiry, user, data["reason"], data["note"]),
        )

    @extend_schema(request=None, responses={200: InquirySerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Not spam: route it, restart its clock and confirm it to the inquirer."""
        return self.run(
            request, NoteSerializer, lambda inquiry, user, data: services.release(inquiry, user)
        )
