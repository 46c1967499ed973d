from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("awaiting reply")
    ANSWERED = "answered", _("answered")
    DONE = "done", _("done")
    SPAM = "spam", _("spam")


OPEN_STATUSES = [Status.NEW, Status.ANSWERED]


class Outcome(models.TextChoices):
    LEAD = "lead", _("lead project")
    PROGRAMME = "programme", _("added to a programme")
    EVENT = "event", _("added to an event")
    PARTNER = "partner", _("forwarded to a partner")
    CLOSED = "closed", _("closed")


class CloseReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")
    ANSWERED_ONLY = "answered_only", _("answered, nothing more to do")
    DUPLICATE = "duplicate", _("duplicate of another inquiry")
    NO_RESPONSE = "no_response", _("no response from the inquirer")
    SPAM = "spam", _("spam")


class RoutedBy(models.TextChoices):
    COUNTRY = "country", _("country's primary desk")
    LANGUAGE = "language", _("desk of the language")
    TRIAGE = "triage", _("triage desk")
    HAND = "hand", _("reassigned by hand")
    NONE = "none", _("no desk found")


class Channel(models.TextChoices):
    FORM = "form", _("public form")
    API = "api", _("API")


class ReplyChannel(models.TextChoices):
    EMAIL = "email", _("e-mail from pocketworld")
    OTHER_EMAIL = "other_email", _("e-mail sent elsewhere")
    PHONE = "phone", _("phone call")
    MEETING = "meeting", _("meeting or video call")


class SpamReason(models.TextChoices):
    HONEYPOT = "honeypot", _("filled the hidden field")
    TOO_FAST = "too_fast", _("sent too soon after the form was shown")
    NO_TOKEN = "no_token", _("form token missing or forged")
    ADDRESS_LIMIT = "address_limit", _("too many from one address")
    EMAIL_LIMIT = "email_limit", _("too many from one e-mail address")
    LINKS = "links", _("too many links")
    MARKED = "marked", _("marked as spam by staff")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("received")
    CONFIRMED = "confirmed", _("confirmation sent")
    REASSIGNED = "reassigned", _("reassigned")
    REPLIED = "replied", _("replied")
    ESCALATED = "escalated", _("escalated to the desk head")
    LINKED = "linked", _("linked")
    OUTCOME = "outcome", _("outcome")
    SPAM = "spam", _("spam")
    RELEASED = "released", _("not spam")
