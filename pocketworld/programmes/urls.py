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
    path(
        "cohorts/<int:pk>/join-matchmaking/",
        views.cohort_join_matchmaking,
        name="cohort_join_matchmaking",
    ),
    path("programme-startups/", views.MembershipListView.as_view(), name="membership_list"),
    path("programme-startups/add/", views.MembershipEditView.as_view(), name="membership_create"),
    path(
        "programme-startups/<int:pk>/",
        views.MembershipDetailView.as_view(),
        name="membership_detail",
    ),
    path(
        "programme-startups/<int:pk>/edit/",
        views.MembershipEditView.as_view(),
        name="membership_edit",
    ),
    path(
        "programme-startups/<int:pk>/delete/",
        views.MembershipDeleteView.as_view(),
        name="membership_delete",
    ),
    path("programme-startups/<int:pk>/move/", views.membership_move, name="membership_move"),
    path("milestones/add/", views.MilestoneEditView.as_view(), name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path(
        "milestones/<int:pk>/delete/", views.MilestoneDeleteView.as_view(), name="milestone_delete"
    ),
    path("colleges/", views.CollegeListView.as_view(), name="college_list"),
    path("colleges/add/", views.CollegeEditView.as_view(), name="college_create"),
    path("colleges/<int:pk>/", views.CollegeDetailView.as_view(), name="college_detail"),
    path("colleges/<int:pk>/edit/", views.CollegeEditView.as_view(), name="college_edit"),
    path("colleges/<int:pk>/delete/", views.CollegeDeleteView.as_view(), name="college_delete"),
    path("courses/add/", views.CourseEditView.as_view(), name="course_create"),
    path("courses/<int:pk>/edit/", views.CourseEditView.as_view(), name="course_edit"),
    path("courses/<int:pk>/delete/", views.CourseDeleteView.as_view(), name="course_delete"),
    path("open-positions/", views.OpenPositionListView.as_view(), name="openposition_list"),
    path("open-positions/add/", views.OpenPositionEditView.as_view(), name="openposition_create"),
    path(
        "open-positions/<int:pk>/",
        views.OpenPositionDetailView.as_view(),
        name="openposition_detail",
    ),
    path(
        "open-positions/<int:pk>/edit/",
        views.OpenPositionEditView.as_view(),
        name="openposition_edit",
    ),
    path(
        "open-positions/<int:pk>/delete/",
        views.OpenPositionDeleteView.as_view(),
        name="openposition_delete",
    ),
    path("candidates/", views.CandidateListView.as_view(), name="candidate_list"),
    path("candidates/add/", views.CandidateEditView.as_view(), name="candidate_create"),
    path("candidates/<int:pk>/", views.CandidateDetailView.as_view(), name="candidate_detail"),
    path("candidates/<int:pk>/edit/", views.CandidateEditView.as_view(), name="candidate_edit"),
    path(
        "candidates/<int:pk>/delete/", views.CandidateDeleteView.as_view(), name="candidate_delete"
    ),
    path("candidates/<int:pk>/move/", views.candidate_move, name="candidate_move"),
    path("placements/<int:pk>/edit/", views.PlacementEditView.as_view(), name="placement_edit"),
    path("programme-goals/add/", views.GoalEditView.as_view(), name="goal_create"),
    path("programme-goals/<int:pk>/edit/", views.GoalEditView.as_view(), name="goal_edit"),
    path("programme-goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
]
