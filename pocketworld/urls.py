from django.contrib import admin
from django.urls import include, path

from pocketworld.accounts.views import AdminSignInView
from pocketworld.core.views import health
from pocketworld.interactions.views import my_day

urlpatterns = [
    path("", my_day, name="home"),
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pocketworld.accounts.urls")),
    path("", include("pocketworld.desks.urls")),
    path("", include("pocketworld.companies.urls")),
    path("", include("pocketworld.contacts.urls")),
    path("", include("pocketworld.projects.urls")),
    path("", include("pocketworld.interactions.urls")),
    path("", include("pocketworld.events.urls")),
    path("", include("pocketworld.programmes.urls")),
    path("", include("pocketworld.monitoring.urls")),
    path("", include("pocketworld.inquiries.urls")),
    path("", include("pocketworld.search.urls")),
    path("", include("pocketworld.reports.urls")),
    path("", include("pocketworld.imports.urls")),
    path("", include("pocketworld.privacy.urls")),
    path("", include("pocketworld.audit.urls")),
    path("api/v1/", include("pocketworld.api.urls")),
    # The admin's own sign-in would ask for the password alone: ours, with the second factor.
    path("admin/login/", AdminSignInView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
]
