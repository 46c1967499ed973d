from django.urls import path

from pocketworld.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/annual-report/", views.annual_report, name="annual_report"),
    path("segments/", views.segment_list, name="segment_list"),
    path("segments/add/", views.segment_edit, name="segment_create"),
    path("segments/<int:pk>/", views.segment_detail, name="segment_detail"),
    path("segments/<int:pk>/edit/", views.segment_edit, name="segment_edit"),
    path("segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
]
