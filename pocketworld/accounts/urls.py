from django.contrib.auth import views as auth_views
from django.urls import path

from pocketworld.accounts import oidc, views

app_name = "accounts"


urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.sign_in_code, name="login_code"),
    path("logout/", oidc.LogoutView.as_view(), name="logout"),
    path("oidc/authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authenticate"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path(
        "settings/password/",
        oidc.local_passwords_only(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password-reset/",
        oidc.local_passwords_only(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        oidc.local_passwords_only(views.PasswordResetConfirmView.as_view()),
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
    path("settings/second-factor/", views.second_factor, name="second_factor"),
    path(
        "settings/second-factor/authenticator/",
        views.authenticator_create,
        name="authenticator_create",
    ),
    path(
        "settings/second-factor/recovery-codes/",
        views.recovery_codes_create,
        name="recovery_codes_create",
    ),
    path(
        "settings/second-factor/off/",
        views.second_factor_delete,
        name="second_factor_delete",
    ),
]
