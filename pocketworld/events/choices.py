from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    TRADE_FAIR = "trade_fair", _("trade fair")
    CONFERENCE = "conference", _("conference or festival")
    INCOMING_DELEGATION = "incoming_delegation", _("incoming delegation")
    OUTGOING_DELEGATION = "outgoing_delegation", _("outgoing delegation or trip")
    ROADSHOW = "roadshow", _("roadshow")
    WEBINAR = "webinar", _("webinar")
    MATCHMAKING_DAY = "matchmaking_day", _("matchmaking day")


class ParticipantRole(models.TextChoices):
    VISITOR = "visitor", _("visitor")
    EXHIBITOR = "exhibitor", _("exhibitor")
    DELEGATE = "delegate", _("delegate")
    SPEAKER = "speaker", _("speaker")
    HOST = "host", _("host")


class RegistrationStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    REGISTERED = "registered", _("registered")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")
    ATTENDED = "attended", _("attended")


class StartupStage(models.TextChoices):
    IDEA = "idea", _("idea")
    SEED = "seed", _("seed")
    GROWTH = "growth", _("growth")
    ESTABLISHED = "established", _("established")


class SuggestionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")
    HELD = "held", _("held")


class MeetingOutcome(models.TextChoices):
    NO_INTEREST = "no_interest", _("no interest")
    FOLLOW_UP = "follow_up", _("follow-up")
    LEAD = "lead", _("lead")


class MatchmakingRunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")
