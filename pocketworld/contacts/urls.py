from django.urls import path

from pocketworld.contacts import views

app_name = "contacts"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonEditView.as_view(), name="person_create"),
    path("people/export.vcf", views.person_vcards, name="person_vcards"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/vcard/", views.person_vcard, name="person_vcard"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("positions/add/", views.PositionEditView.as_view(), name="position_create"),
    path("positions/<int:pk>/edit/", views.PositionEditView.as_view(), name="position_edit"),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position_delete"),
]
