"""Changing which countries a desk covers: the companies of those countries follow."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pocketworld.desks.models import DeskCoverage


def primary_desk_conflicts(desk, countries):
    """Messages for each of `countries` whose primary desk is another desk than `desk`."""
    taken = (
        DeskCoverage.objects.filter(country__in=countries, is_primary=True)
        .exclude(desk=desk.pk)
        .select_related("country", "desk")
    )
    return [
        _("%(country)s has %(desk)s as its primary desk already.")
        % {"country": coverage.country, "desk": coverage.desk}
        for coverage in taken
    ]


@transaction.atomic
def set_desk_countries(desk, primary, secondary):
    """Make `desk` cover exactly `primary` (as their primary desk) and `secondary`.

    A country has one primary desk: taking one that another desk holds is an error, not
    a silent move. Each coverage row is saved or deleted on its own, so the companies of
    the affected countries are reassigned (DeskCoverage.save/delete).
    """
    primary, secondary = set(primary), set(secondary) - set(primary)
    if conflicts := primary_desk_conflicts(desk, primary):
        raise ValidationError({"primary_countries": conflicts})
    wanted = {country.pk: True for country in primary} | {
        country.pk: False for country in secondary
    }
    for coverage in list(desk.coverage.all()):
        if coverage.country_id not in wanted:
            coverage.delete()
        elif coverage.is_primary != wanted[coverage.country_id]:
            coverage.is_primary = wanted.pop(coverage.country_id)
            coverage.save()
        else:
            wanted.pop(coverage.country_id)
    for country_id, is_primary in wanted.items():
        DeskCoverage.objects.create(desk=desk, country_id=country_id, is_primary=is_primary)
