from django.urls import path

from pocketworld.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/add/", views.EventEditView.as_view(), name="event_create"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("events/<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("participants/add/", views.ParticipantEditView.as_view(), name="participant_create"),
    path(
        "participants/<int:pk>/edit/",
        views.ParticipantEditView.as_view(),
        name="participant_edit",
    ),
    path(
        "participants/<int:pk>/delete/",
        views.ParticipantDeleteView.as_view(),
        name="participant_delete",
    ),
    path("participants/<int:pk>/profile/", views.profile_edit, name="matchprofile_edit"),
    path(
        "programme-items/add/",
        views.ProgrammeItemEditView.as_view(),
        name="programmeitem_create",
    ),
    path(
        "programme-items/<int:pk>/edit/",
        views.ProgrammeItemEditView.as_view(),
        name="programmeitem_edit",
    ),
    path(
        "programme-items/<int:pk>/delete/",
        views.ProgrammeItemDeleteView.as_view(),
        name="programmeitem_delete",
    ),
    path("events/<int:pk>/matchmaking/", views.matchmaking, name="matchmaking"),
    path(
        "events/<int:pk>/suggestions/",
        views.suggestions_compute,
        name="suggestions_compute",
    ),
    path("events/<int:pk>/pairs/", views.pair_add, name="pair_add"),
    path("events/<int:pk>/plan/", views.meetings_plan, name="meetings_plan"),
    path("events/<int:pk>/invitations/", views.invitations_send, name="invitations_send"),
    path("events/<int:pk>/programme/", views.programme, name="programme"),
    path("events/<int:pk>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("events/<int:pk>/programme.ics", views.programme_ics, name="programme_ics"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion_decide"),
    path("participants/<int:pk>/cancel/", views.participant_cancel, name="participant_cancel"),
    path("participants/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("participants/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("participants/<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting_outcome"),
]
