from django.urls import path

from pocketworld.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.AuditEventListView.as_view(), name="auditevent_list"),
]
