from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyStatus(models.TextChoices):
    PROSPECT = "prospect", _("prospect")
    SETTLED = "settled", _("settled")
    EXPANDING = "expanding", _("expanding")
    AT_RISK = "at_risk", _("at risk")
    LEFT = "left", _("left")


class NameKind(models.TextChoices):
    NATIVE = "native", _("name in the home language")
    TRADE = "trade", _("trade name / brand")
    ALIAS = "alias", _("alias / abbreviation")
    FORMER = "former", _("former name")


class SiteKind(models.TextChoices):
    EUROPEAN_HQ = "european_hq", _("European headquarters")
    GERMAN_HQ = "german_hq", _("German headquarters")
    BRANCH = "branch", _("branch")
    RESEARCH = "research", _("R&D centre")
    PRODUCTION = "production", _("production")
    SALES = "sales", _("sales office")
    LAB = "lab", _("laboratory")


class PartnerKind(models.TextChoices):
    CHAMBER = "chamber", _("chamber of industry and commerce")
    TRADE_FAIR = "trade_fair", _("trade fair company")
    PROMOTION_AGENCY = "promotion_agency", _("foreign trade and investment agency")
    GOVERNMENT = "government", _("government body or consulate")
    ASSOCIATION = "association", _("business association or network")
    UNIVERSITY = "university", _("university or research institute")
    COLLEGE = "college", _("college or vocational school")
    SERVICE_PROVIDER = "service_provider", _("service provider (law, tax, real estate, banking)")
    OTHER = "other", _("other")


class PartnershipKind(models.TextChoices):
    STRATEGIC = "strategic", _("strategic partner")
    JOINT_VENTURE = "joint_venture", _("joint venture project")
    AGREEMENT = "agreement", _("cooperation agreement")
    REFERRAL = "referral", _("referral network")
    EDUCATION = "education", _("education and skilled-worker partnership")
    INFORMAL = "informal", _("informal contact")


class PartnerLinkRole(models.TextChoices):
    REFERRED_BY = "referred_by", _("referred by the partner")
    SUPPORTED_BY = "supported_by", _("supported by the partner")
    MEMBER = "member", _("member of the partner")
    COOPERATION = "cooperation", _("cooperates with the partner")
