from django.urls import path

from pocketworld.monitoring import views
from pocketworld.monitoring.models import LINK_MODELS

app_name = "monitoring"

urlpatterns = [
    path("news/", views.NewsItemListView.as_view(), name="newsitem_list"),
    path("news/<int:pk>/", views.NewsItemDetailView.as_view(), name="newsitem_detail"),
    path("news/<int:pk>/delete/", views.NewsItemDeleteView.as_view(), name="newsitem_delete"),
    path("news/<int:pk>/follow-up/", views.newsitem_follow_up, name="newsitem_follow_up"),
    *[
        path(
            f"news/{kind.replace('_', '-')}-links/<int:pk>/decide/",
            views.link_decide,
            {"kind": kind},
            name=f"{model._meta.model_name}_decide",
        )
        for kind, model in LINK_MODELS.items()
    ],
    path("news/watch-list/", views.watch_list, name="watch_list"),
    path("news/watch-list/<int:pk>/delete/", views.watch_delete, name="watch_delete"),
    path("news-sources/", views.FeedListView.as_view(), name="feed_list"),
    path("news-sources/add/", views.FeedEditView.as_view(), name="feed_create"),
    path("news-sources/<int:pk>/", views.FeedDetailView.as_view(), name="feed_detail"),
    path("news-sources/<int:pk>/edit/", views.FeedEditView.as_view(), name="feed_edit"),
    path("news-sources/<int:pk>/delete/", views.FeedDeleteView.as_view(), name="feed_delete"),
    path("news-sources/<int:pk>/fetch/", views.feed_fetch, name="feed_fetch"),
]
