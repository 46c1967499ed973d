"""Signing in with a second factor, and setting one up under My settings.

A user with an authenticator app signs in in two steps: the password (Django's
`AuthenticationForm`, so that the lockout counts failures), then on a page of its own a
code of the app or a recovery code. Between the two the session holds only who gave the
password and when, signed, for five minutes; the user is signed in after the code alone.
"""

import segno
from django.contrib import admin, auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from pocketworld.accounts import services
from pocketworld.accounts.forms import AuthenticatorForm, SecondFactorOffForm, SignInCodeForm
from pocketworld.accounts.models import User

# Who gave their password and still owes a code: signed, with the time it was signed.
PENDING_SESSION = "second_factor_pending"
PENDING_SALT = "pocketworld.accounts.sign_in_code"
PENDING_SECONDS = 5 * 60
# New recovery codes wait here for the one page view that shows them.
RECOVERY_CODES_SESSION = "recovery_codes"


class SignInView(auth_views.LoginView):
    """The password step. Without a second factor it signs the user in; with one it notes
    who gave the password and asks for the code on the next page."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not services.has_second_factor(user):
            return super().form_valid(form)
        pending = {"user": user.pk, "backend": user.backend, "next": self.get_success_url()}
        self.request.session[PENDING_SESSION] = signing.dumps(pending, salt=PENDING_SALT)
        return HttpResponseRedirect(reverse("accounts:login_code"))


@sensitive_post_parameters("code")
@never_cache
def sign_in_code(request):
    """The code step: a code of the authenticator app or a recovery code, within five
    minutes of the password. Wrong codes make the next attempt wait (1, 2, 4 … seconds)."""
    pending = pending_sign_in(request)
    if pending is None:
        return HttpResponseRedirect(reverse("accounts:login"))
    user, backend, next_url = pending
    form = SignInCodeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        del request.session[PENDING_SESSION]
        auth.login(request, user, backend=backend)
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = services.recovery_codes_left(user)
            message = ngettext(
                "You signed in with a recovery code; %(count)s is left. Make new ones under "
                "My settings before you run out.",
                "You signed in with a recovery code; %(count)s are left. Make new ones under "
                "My settings before you run out.",
                left,
            )
            messages.warning(request, message % {"count": left})
        return HttpResponseRedirect(next_url)
    return render(request, "accounts/login_code.html", {"form": form})


def pending_sign_in(request):
    """(user, backend, where to go next) of the password given in this session in the last
    five minutes, or None; a sign-in that took too long is forgotten."""
    value = request.session.get(PENDING_SESSION)
    if value is None:
        return None
    try:
        pending = signing.loads(value, salt=PENDING_SALT, max_age=PENDING_SECONDS)
    except signing.BadSignature:  # SignatureExpired too
        del request.session[PENDING_SESSION]
        messages.info(request, _("Signing in took too long: give your password again."))
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        del request.session[PENDING_SESSION]
        return None
    return user, pending["backend"], pending["next"]


class AdminSignInView(SignInView):
    """The Django admin's sign-in page, which would ask for the password alone: ours
    instead (the lockout counting, the code asked for), back to the admin after it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not admin.site.has_permission(request):
            # Signed in, but no administrator: the admin sends such users here.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")


# --- under My settings -------------------------------------------------------------------


def second_factor_summary(user):
    """What My settings shows of the user's second factor."""
    authenticator = services.authenticator_of(user)
    return {
        "authenticator": authenticator,
        "recovery_codes_left": services.recovery_codes_left(user) if authenticator else 0,
        "second_factor_required": services.requires_second_factor(user),
    }


@sensitive_post_parameters("code")
@never_cache  # the page shows the secret key
@login_required
def authenticator_create(request):
    """Set up an authenticator app: it scans the QR code (or is given the secret) and the
    user confirms with the code it shows. A wrong code leaves it unconfirmed; the right one
    makes ten recovery codes, shown on the next page once."""
    device = services.start_authenticator(request.user)
    form = AuthenticatorForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        otp_login(request, device)  # this session has just shown the second factor
        request.session[RECOVERY_CODES_SESSION] = form.recovery_codes
        messages.success(request, _("Your authenticator app is set up."))
        return HttpResponseRedirect(reverse("accounts:second_factor") + "#recovery-codes")
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(
            scale=5, border=2, light="#fff"
        ),
        "secret": services.secret_of(device),
        **second_factor_summary(request.user),
    }
    return render(request, "accounts/authenticator_create.html", context)


@never_cache  # the page shows new recovery codes
@login_required
def second_factor(request):
    """The second factor: new recovery codes once, making new ones, switching it off."""
    if not services.has_second_factor(request.user):
        return HttpResponseRedirect(reverse("accounts:authenticator_create"))
    return render_second_factor(request, SecondFactorOffForm(request.user))


def render_second_factor(request, off_form, status=200):
    context = {
        "off_form": off_form,
        "recovery_codes": request.session.pop(RECOVERY_CODES_SESSION, None),
        **second_factor_summary(request.user),
    }
    return render(request, "accounts/second_factor.html", context, status=status)


@require_POST
@login_required
def recovery_codes_create(request):
    """Ten new recovery codes, shown on the next page once; the old ones stop working."""
    if not services.has_second_factor(request.user):
        return HttpResponseRedirect(reverse("accounts:authenticator_create"))
    request.session[RECOVERY_CODES_SESSION] = services.renew_recovery_codes(request.user)
    messages.success(request, _("New recovery codes are made; the old ones no longer work."))
    return HttpResponseRedirect(reverse("accounts:second_factor") + "#recovery-codes")


@sensitive_post_parameters("password_or_code")
@require_POST
@login_required
def second_factor_delete(request):
    """Switch the second factor off, after the password or a code; refused (403) while the
    user's role requires one."""
    if services.requires_second_factor(request.user):
        raise PermissionDenied(_("Your role requires a second factor: it cannot be switched off."))
    form = SecondFactorOffForm(request.user, request.POST)
    if not form.is_valid():
        return render_second_factor(request, form, status=400)
    services.switch_off_second_factor(request.user)
    messages.success(request, _("Your second factor is switched off."))
    return HttpResponseRedirect(reverse("accounts:settings") + "#second-factor")
