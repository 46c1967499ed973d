"""Which desk an inquiry goes to: the desk that covers its country (the primary one
first), else a desk that answers in its language, else the triage desk administrators
set (`RoutingSettings`)."""

from pocketworld.desks.models import Desk, DeskCoverage
from pocketworld.inquiries.choices import RoutedBy
from pocketworld.inquiries.models import RoutingSettings


def language_code(language):
    """The ISO 639-1 code of a form language ("zh-hans" → "zh")."""
    return language.split("-")[0].lower()


def route(country_code, language):
    """(desk or None, RoutedBy) for an inquiry from `country_code` in `language`."""
    coverage = (
        DeskCoverage.objects.filter(country_id=country_code)
        .select_related("desk")
        .order_by("-is_primary", "desk__name")
        .first()
    )
    if coverage is not None:
        return coverage.desk, RoutedBy.COUNTRY
    desk = Desk.objects.filter(languages__code=language_code(language)).order_by("name").first()
    if desk is not None:
        return desk, RoutedBy.LANGUAGE
    triage = RoutingSettings.current().triage_desk
    if triage is not None:
        return triage, RoutedBy.TRIAGE
    return None, RoutedBy.NONE
