from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    STARTUP_ACCELERATION = "startup_acceleration", _("start-up acceleration")
    SOFT_LANDING = "soft_landing", _("soft landing")
    SKILLED_WORKERS = "skilled_workers", _("skilled workers")
    TRAINEE_EXCHANGE = "trainee_exchange", _("trainee exchange")
    OTHER = "other", _("other")


class GoalMeasure(models.TextChoices):
    """What a programme sets out to reach, counted as the reports count it."""

    APPLICATIONS = "applications", _("applications")
    SELECTED = "selected", _("start-ups selected")
    COMPLETED = "completed", _("start-ups that completed the programme")
    SETTLED = "settled", _("start-ups settled in the region")
    JOBS = "jobs", _("jobs created")
    NOMINATED = "nominated", _("skilled workers nominated")
    RECOGNISED = "recognised", _("qualifications recognised")
    PLACED = "placed", _("skilled workers placed")
    STILL_EMPLOYED = "still_employed", _("still employed after 12 months")


class MembershipStage(models.TextChoices):
    """Where a start-up is in a cohort, from its application to settling in the region."""

    APPLICATION = "application", _("application")
    SELECTED = "selected", _("selected")
    ONBOARDING = "onboarding", _("onboarding")
    IN_PROGRAMME = "in_programme", _("in the programme")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped")
    SETTLED = "settled", _("settled in the region")


class DropReason(models.TextChoices):
    NOT_SELECTED = "not_selected", _("not selected")
    WITHDREW = "withdrew", _("withdrew")
    NO_FIT = "no_fit", _("the programme did not fit")
    NO_FUNDING = "no_funding", _("no funding")
    OTHER = "other", _("other")


class FundingRound(models.TextChoices):
    BOOTSTRAPPED = "bootstrapped", _("own funds")
    PRE_SEED = "pre_seed", _("pre-seed")
    SEED = "seed", _("seed")
    SERIES_A = "series_a", _("series A")
    SERIES_B = "series_b", _("series B")
    LATER = "later", _("series C or later")


class MilestoneKind(models.TextChoices):
    """What a start-up sets out to reach in the region."""

    REGISTERED_COMPANY = "registered_company", _("registered a company here")
    OPENED_OFFICE = "opened_office", _("opened an office")
    FIRST_CUSTOMER = "first_customer", _("first customer")
    FIRST_HIRE = "first_hire", _("first hire")
    FUNDING_CLOSED = "funding_closed", _("funding closed")
    OTHER = "other", _("other")


class LanguageLevel(models.TextChoices):
    """The levels of the Common European Framework of Reference for Languages, in order."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Recognition(models.TextChoices):
    """How far the competent authority recognises a foreign qualification as equivalent."""

    APPLIED = "applied", _("applied for")
    PARTIAL = "partial", _("partial (with conditions)")
    FULL = "full", _("full")


class CandidateStage(models.TextChoices):
    """A skilled worker's way from the partner college to an employer here."""

    NOMINATED = "nominated", _("nominated by the college")
    LANGUAGE = "language", _("language certificate")
    RECOGNITION = "recognition", _("recognition of the qualification")
    MATCHED = "matched", _("matched with an employer")
    VISA = "visa", _("visa granted")
    ARRIVED = "arrived", _("arrived")
    PLACED = "placed", _("placed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class WithdrawalReason(models.TextChoices):
    LANGUAGE = "language", _("language level not reached")
    RECOGNITION = "recognition", _("qualification not recognised")
    VISA = "visa", _("visa refused")
    PERSONAL = "personal", _("personal reasons")
    OTHER_OFFER = "other_offer", _("took another offer")
    OTHER = "other", _("other")
