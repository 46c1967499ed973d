from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts import oidc, views, views_second_factor
from pocketworld.core.audit import announce

app_name = "accounts"


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's, back to My settings; the user's other sessions end (their session hash)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")
    success_message = _("Your password is changed. Your other sessions are signed out.")

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


urlpatterns = [
    path("login/", views_second_factor.SignInView.as_view(), name="login"),
    path("login/code/", views_second_factor.sign_in_code, name="login_code"),
    path("logout/", oidc.LogoutView.as_view(), name="logout"),
    path("oidc/authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authenticate"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path(
        "settings/password/",
        oidc.local_passwords_only(PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password-reset/",
        oidc.local_passwords_only(PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        oidc.local_passwords_only(PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("settings/", views.user_settings, name="settings"),
    path("settings/calendar/", views.calendar_subscription, name="calendar_subscription"),
    path("settings/tokens/", views.api_token_create, name="apitoken_create"),
    path("settings/tokens/<int:pk>/revoke/", views.api_token_revoke, name="apitoken_revoke"),
    path("settings/second-factor/", views_second_factor.second_factor, name="second_factor"),
    path(
        "settings/second-factor/authenticator/",
        views_second_factor.authenticator_create,
        name="authenticator_create",
    ),
    path(
        "settings/second-factor/recovery-codes/",
        views_second_factor.recovery_codes_create,
        name="recovery_codes_create",
    ),
    path(
        "settings/second-factor/off/",
        views_second_factor.second_factor_delete,
        name="second_factor_delete",
    ),
]
