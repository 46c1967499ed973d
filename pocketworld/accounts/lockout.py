"""Lockout after failed sign-ins, through django-axes with its state in the database, so
that every app server behind the load balancer counts the same failures.

An account is locked after a few failures; an address after many more, since a whole
office signs in from one address behind its router. Wrong API tokens count against the
address only: a guessed token names no account.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from pocketworld.core.api import is_api_request


def lockout_parameters(request_or_attempt, credentials=None):
    """What failures are counted by: the account and the address, or for a token the
    address alone."""
    if credentials is not None and "username" not in credentials:
        return ["ip_address"]
    return ["username", "ip_address"]


def client_address(request):
    """The address a request comes from: behind the load balancer (`BEHIND_PROXY`), the
    last one of X-Forwarded-For, which the balancer itself appended; anything before it is
    what the client claims."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if address := forwarded.rsplit(",", 1)[-1].strip():
            return address
    return request.META.get("REMOTE_ADDR")


class SignInLockout(AxesDatabaseHandler):
    """Axes counts every parameter against one limit; here the address has its own."""

    def get_failures(self, request, credentials=None):
        failures = {
            parameter: attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, attempts in zip(
                get_lockout_parameters(request, credentials),
                self.get_user_attempts(request, credentials),
                strict=True,
            )
        }
        by_account = failures.get("username", 0)
        if failures.get("ip_address", 0) >= settings.SIGNIN_FAILURES_PER_ADDRESS:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The answer to a sign-in while locked out: 429, and how long it lasts."""
    if is_api_request(request):
        return JsonResponse(
            {"detail": _("Too many failed sign-ins from this address. Try again later.")},
            status=429,
        )
    return render(
        request,
        "accounts/locked_out.html",
        {"lockout_minutes": lockout_minutes()},
        status=429,
    )
