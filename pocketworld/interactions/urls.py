from django.urls import path

from pocketworld.interactions import views

app_name = "interactions"

urlpatterns = [
    path("interactions/", views.InteractionListView.as_view(), name="interaction_list"),
    path("interactions/add/", views.InteractionEditView.as_view(), name="interaction_create"),
    path(
        "interactions/<int:pk>/", views.InteractionDetailView.as_view(), name="interaction_detail"
    ),
    path(
        "interactions/<int:pk>/edit/", views.InteractionEditView.as_view(), name="interaction_edit"
    ),
    path(
        "interactions/<int:pk>/delete/",
        views.InteractionDeleteView.as_view(),
        name="interaction_delete",
    ),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/export.ics", views.task_calendar, name="task_calendar"),
    path("tasks/add/", views.TaskEditView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("tasks/<int:pk>/done/", views.task_complete, name="task_complete"),
    path("calendar.ics", views.my_calendar, name="my_calendar"),
    path("calendar/<slug:key>.ics", views.calendar_feed, name="calendar_feed"),
]
