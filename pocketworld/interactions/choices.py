from django.db import models
from django.utils.translation import gettext_lazy as _


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    CALL = "call", _("call")
    EMAIL = "email", _("e-mail")
    COMPANY_VISIT = "company_visit", _("company visit")
    AFTERCARE_VISIT = "aftercare_visit", _("aftercare visit")
    EVENT_MEETING = "event_meeting", _("meeting at an event")
    DELEGATION_VISIT = "delegation_visit", _("delegation visit")
    # A note for the record (news about the company): no contact with anybody.
    NOTE = "note", _("note")


class CompanyPlan(models.TextChoices):
    EXPAND = "expand", _("expand")
    STAY = "stay", _("stay as it is")
    REDUCE = "reduce", _("reduce")
    RELOCATE = "relocate", _("relocate")


class CompanyNeed(models.TextChoices):
    SPACE = "space", _("space")
    SKILLED_WORKERS = "skilled_workers", _("skilled workers")
    PERMITS = "permits", _("permits")
    FUNDING = "funding", _("funding")
    CONTACTS = "contacts", _("contacts and networks")
    PUBLIC_TRANSPORT = "public_transport", _("public transport")
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure", _("digital infrastructure")
    SCHOOLS_HOUSING = "schools_housing", _("international schools and housing")


class Satisfaction(models.IntegerChoices):
    VERY_LOW = 1, _("very dissatisfied")
    LOW = 2, _("dissatisfied")
    NEUTRAL = 3, _("neutral")
    HIGH = 4, _("satisfied")
    VERY_HIGH = 5, _("very satisfied")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
