"""`Authorization: Bearer <token>` against the hashed API tokens; a wrong token counts as
a failed sign-in of the address it comes from (accounts.lockout)."""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from pocketworld.accounts.lockout import lockout_minutes
from pocketworld.accounts.models import APIToken, hash_token
from pocketworld.accounts.signals import api_token_used

# Record use at most this often, so reads do not turn into writes on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give exactly one token after 'Bearer'."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("The token contains invalid characters.")
            ) from None
        credentials = {"api_token": key[:8]}
        if not AxesProxyHandler.is_allowed(request._request, credentials):
            raise exceptions.Throttled(
                wait=lockout_minutes() * 60,
                detail=str(_("Too many failed sign-ins from this address. Try again later.")),
            )
        token = APIToken.objects.select_related("user").filter(digest=hash_token(key)).first()
        if token is None or token.is_expired:
            user_login_failed.send(
                sender=type(self), credentials=credentials, request=request._request
            )
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token's user is inactive."))
        # Here, not in a permission class: every API view, whatever its permissions, is kept
        # from being changed with it.
        if token.read_only and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(
                _("This token is read-only: it may read through the API but change nothing.")
            )
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            APIToken.objects.filter(pk=token.pk).update(last_used=now)
            api_token_used.send(sender=APIToken, request=request._request, token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
