from django.db import models
from django.utils.translation import gettext_lazy as _

from pocketworld.core import permissions


class ProjectKind(models.TextChoices):
    NEW_SETTLEMENT = "new_settlement", _("new settlement")
    EXPANSION = "expansion", _("expansion")
    RELOCATION_INTO = "relocation_into", _("relocation into the region")
    RELOCATION_WITHIN = "relocation_within", _("relocation within the region")
    RESEARCH_CENTRE = "research_centre", _("R&D centre")
    SOFT_LANDING = "soft_landing", _("start-up soft landing")
    RETENTION = "retention", _("retention")


class Stage(models.TextChoices):
    LEAD = "lead", _("lead")
    QUALIFIED = "qualified", _("qualified")
    SITE_SEARCH = "site_search", _("site search / visit")
    PROPOSAL = "proposal", _("support / proposal")
    DECISION = "decision", _("decision")
    WON = "won", _("won")
    LOST = "lost", _("lost")
    ON_HOLD = "on_hold", _("on hold")


OPEN_STAGES = [Stage.LEAD, Stage.QUALIFIED, Stage.SITE_SEARCH, Stage.PROPOSAL, Stage.DECISION]
CLOSED_STAGES = [Stage.WON, Stage.LOST]


class ProjectSource(models.TextChoices):
    INQUIRY = "inquiry", _("inquiry")
    EVENT = "event", _("event or delegation")
    PARTNER_REFERRAL = "partner_referral", _("partner referral")
    OWN_RESEARCH = "own_research", _("own research")
    EXISTING_COMPANY = "existing_company", _("existing company")
    PROGRAMME = "programme", _("programme (start-up acceleration)")
    MONITORING = "monitoring", _("market monitoring (news)")


class SpaceKind(models.TextChoices):
    OFFICE = "office", _("office")
    PRODUCTION = "production", _("production")
    LAB = "lab", _("laboratory")
    WAREHOUSE = "warehouse", _("warehouse")


class LossReason(models.TextChoices):
    OTHER_LOCATION = "other_location", _("chose another location")
    COSTS = "costs", _("costs")
    NO_SPACE = "no_space", _("no suitable space")
    SKILLED_WORKERS = "skilled_workers", _("skilled workers")
    PERMITS = "permits", _("permits and authorities")
    FUNDING = "funding", _("funding")
    PROJECT_CANCELLED = "project_cancelled", _("the company dropped the project")
    NO_CONTACT = "no_contact", _("no response from the company")
    OTHER = "other", _("other")


class AccessAction(models.TextChoices):
    """What the access log of a confidential project records."""

    OPENED = permissions.OPENED, _("opened")
    EXPORTED = permissions.EXPORTED, _("exported")
    REFUSED = permissions.REFUSED, _("refused")
    MARKED = "marked", _("marked confidential")
    LIFTED = "lifted", _("confidentiality lifted")


class AccessChannel(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("API")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("XLSX")
    PDF = "pdf", _("PDF")
