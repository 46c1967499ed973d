from django.urls import path

from pocketworld.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggestions/", views.suggestions, name="suggestions"),
    path("search/duplicates/<slug:kind>/", views.duplicates, name="duplicates"),
]
