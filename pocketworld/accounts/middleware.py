"""The second factor, enforced on every request of a signed-in user.

- A user who has an authenticator app but whose session no device verified (a session
  from before they set it up, in another browser) is signed out.
- A user whose role `REQUIRE_2FA_FOR` names and who has no second factor yet reaches only
  the page that sets one up (and signing out, the language switch, static files); other
  pages send them there, the API answers 403.

Users signed in through single sign-on are exempt: their identity provider asks for their
second factor. API tokens are credentials of their own and not affected.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from pocketworld.accounts import oidc, services
from pocketworld.core.api import is_api_request

# What a user who must set up a second factor still reaches.
REACHABLE = {
    "accounts:authenticator_create",
    "accounts:second_factor",
    "accounts:logout",
    "set_language",
    "health",
}


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells whether a device verified the session
    (`request.user.is_verified()`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or signed_in_by_sso(request):
            return None
        if services.has_second_factor(user):
            logout(request)
            return refuse(
                request,
                _("Your session has ended: sign in again with your second factor."),
                redirect_to_login(request.get_full_path()).url,
            )
        if not services.requires_second_factor(user) or is_reachable(request):
            return None
        return refuse(
            request,
            _("Your role requires a second factor: set up an authenticator app under My settings."),
            reverse("accounts:authenticator_create"),
        )


def signed_in_by_sso(request):
    return request.session.get(BACKEND_SESSION_KEY) == oidc.BACKEND


def is_reachable(request):
    # Static files never get here: WhiteNoise (or the web server) answers them first.
    return request.resolver_match.view_name in REACHABLE


def refuse(request, message, url):
    """The API's answer in JSON, an htmx request's in its header, a page's a redirect."""
    if is_api_request(request):
        return JsonResponse({"detail": message}, status=403)
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
