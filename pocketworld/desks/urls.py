from django.urls import path

from pocketworld.desks import views

app_name = "desks"

urlpatterns = [
    path("desks/", views.DeskListView.as_view(), name="desk_list"),
    path("desks/add/", views.DeskEditView.as_view(), name="desk_create"),
    path("desks/<int:pk>/", views.DeskDetailView.as_view(), name="desk_detail"),
    path("desks/<int:pk>/edit/", views.DeskEditView.as_view(), name="desk_edit"),
    path("desks/<int:pk>/delete/", views.DeskDeleteView.as_view(), name="desk_delete"),
    path(
        "desk-memberships/add/",
        views.DeskMembershipEditView.as_view(),
        name="deskmembership_create",
    ),
    path(
        "desk-memberships/<int:pk>/edit/",
        views.DeskMembershipEditView.as_view(),
        name="deskmembership_edit",
    ),
    path(
        "desk-memberships/<int:pk>/delete/",
        views.DeskMembershipDeleteView.as_view(),
        name="deskmembership_delete",
    ),
]
