"""What the public form asks an inquirer to choose, in the seven languages of the form."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.TextChoices):
    NEW_SETTLEMENT = "new_settlement", _("Set up a new business here")
    EXPANSION = "expansion", _("Expand our existing business here")
    STARTUP = "startup", _("Join the start-up programme")
    SKILLED_WORKERS = "skilled_workers", _("Recruit skilled workers")
    OTHER = "other", _("Something else")


class Sector(models.TextChoices):
    """Broad sectors an inquirer recognises; each stands for a NACE division (`NACE`)."""

    AUTOMOTIVE = "automotive", _("Automotive and mobility")
    MACHINERY = "machinery", _("Machinery and industrial equipment")
    CHEMICALS = "chemicals", _("Chemicals and materials")
    ELECTRONICS = "electronics", _("Electronics and semiconductors")
    LIFE_SCIENCES = "life_sciences", _("Life sciences and health")
    ENERGY = "energy", _("Energy and environmental technology")
    ICT = "ict", _("IT, software and telecommunications")
    LOGISTICS = "logistics", _("Logistics and trade")
    SERVICES = "services", _("Finance, consulting and business services")
    CONSUMER = "consumer", _("Food and consumer goods")
    OTHER = "other", _("Other")


# The NACE Rev. 2 division a lead's company gets for the sector the inquirer chose.
NACE = {
    Sector.AUTOMOTIVE: "29",
    Sector.MACHINERY: "28",
    Sector.CHEMICALS: "20",
    Sector.ELECTRONICS: "26",
    Sector.LIFE_SCIENCES: "21",
    Sector.ENERGY: "35",
    Sector.ICT: "62",
    Sector.LOGISTICS: "52",
    Sector.SERVICES: "70",
    Sector.CONSUMER: "10",
}


class CompanySize(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    VERY_LARGE = "1000+", _("1,000 employees or more")


class Timing(models.TextChoices):
    SOON = "6_months", _("Within 6 months")
    THIS_YEAR = "12_months", _("In 6 to 12 months")
    LATER = "later", _("In more than a year")
    OPEN = "open", _("Not decided yet")
