"""My settings (language, digest, calendar subscription, API tokens, second factor), the
sign-in with its second step, and the password's change and reset.

A user with an authenticator app signs in in two steps: the password (Django's
`AuthenticationForm`, so that the lockout counts failures), then on a page of its own a
code of the app or a recovery code. Between the two the session holds only who gave the
password and when, signed, for five minutes; the user is signed in after the code alone.
"""

import segno
from django.conf import settings
from django.contrib import admin, auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from pocketworld.accounts import services
from pocketworld.accounts.forms import (
    APITokenForm,
    AuthenticatorForm,
    SecondFactorOffForm,
    SignInCodeForm,
    UserSettingsForm,
)
from pocketworld.accounts.models import APIToken, CalendarToken, User
from pocketworld.core.audit import announce

# Where a new subscription key or API token waits for the one page view that shows it.
CALENDAR_KEY_SESSION = "calendar_key"
API_KEY_SESSION = "api_token_key"


@login_required
def user_settings(request):
    form = UserSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return HttpResponseRedirect(reverse("accounts:settings"))
    return render_settings(request, form, APITokenForm())


def render_settings(request, form, token_form, status=200):
    context = {
        "form": form,
        "calendar_token": CalendarToken.objects.filter(user=request.user).first(),
        "api_tokens": APIToken.objects.filter(user=request.user),
        "token_form": token_form,
        "new_api_key": request.session.pop(API_KEY_SESSION, None),
        **second_factor_summary(request.user),
    }
    if key := request.session.pop(CALENDAR_KEY_SESSION, None):
        feed = reverse("interactions:calendar_feed", args=[key])
        context["calendar_url"] = request.build_absolute_uri(feed)
    return render(request, "accounts/settings.html", context, status=status)


@require_POST
@login_required
def calendar_subscription(request):
    """Create or reset the calendar subscription URL, or stop it; a reset revokes the old."""
    if request.POST.get("action") == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("The calendar subscription is stopped."))
    else:
        _token, key = CalendarToken.issue(request.user)
        # Only the digest is stored: the key is shown on the next page and then never again.
        request.session[CALENDAR_KEY_SESSION] = key
    return HttpResponseRedirect(reverse("accounts:settings") + "#calendar")


@require_POST
@login_required
def api_token_create(request):
    """Issue an API token; its key is shown on the next page, once. Bad input comes back
    at its fields."""
    token_form = APITokenForm(request.POST)
    if not token_form.is_valid():
        return render_settings(
            request, UserSettingsForm(instance=request.user), token_form, status=400
        )
    token, key = APIToken.issue(
        request.user,
        description=token_form.cleaned_data["name"],
        expires=token_form.expires(),
        read_only=token_form.cleaned_data["read_only"],
    )
    request.session[API_KEY_SESSION] = key
    messages.success(request, _("The token %(token)s is made.") % {"token": token.prefix})
    return HttpResponseRedirect(reverse("accounts:settings") + "#api-tokens")


@require_POST
@login_required
def api_token_revoke(request, pk):
    """Revoke one of my tokens: it stops working at once."""
    token = get_object_or_404(APIToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token %(token)s is revoked.") % {"token": token.prefix})
    return HttpResponseRedirect(reverse("accounts:settings") + "#api-tokens")


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


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's, back to My settings; the user's other sessions end (their session hash)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")
    success_message = gettext_lazy("Your password is changed. Your other sessions are signed out.")

    def form_valid(self, form):
        announce("password_changed", request=self.request, target=form.user)
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: a link by e-mail to the address of an active local account; the page says
    the same whether or not one has that address."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links in e-mails start at the address users reach pocketworld at, as the digest's.
        self.extra_email_context = {"base_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's: the link of the e-mail sets a new password, once."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        announce("password_reset", request=self.request, user=form.user, target=form.user)
        return super().form_valid(form)
