from django.urls import path

from pocketworld.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/add/", views.ProgrammeEditView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme_edit"),
    path(
        "programmes/<int:pk>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="programme_delete",
    ),
    path("cohorts/add/", views.CohortEditView.as_view(), name="cohort_create"),
    path("cohorts/<int:pk>/edit/", views.CohortEditView.as_view(), name="cohort_edit"),
    path("cohorts/<int:pk>/delete/", views.CohortDeleteView.as_view(), name="cohort_delete"),
    path("programme-goals/add/", views.GoalEditView.as_view(), name="goal_create"),
    path("programme-goals/<int:pk>/edit/", views.GoalEditView.as_view(), name="goal_edit"),
    path("programme-goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
]
