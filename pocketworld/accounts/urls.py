from django.contrib.auth import views as auth_views
from django.urls import path

from pocketworld.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.user_settings, name="settings"),
    path("settings/calendar/", views.calendar_subscription, name="calendar_subscription"),
    path("settings/tokens/", views.api_token_create, name="apitoken_create"),
    path("settings/tokens/<int:pk>/revoke/", views.api_token_revoke, name="apitoken_revoke"),
]
