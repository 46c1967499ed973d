from django.urls import path

from pocketworld.inquiries import views
from pocketworld.inquiries.public import views as public

app_name = "inquiries"

urlpatterns = [
    # The public front door, no sign-in.
    path("inquiry/", public.start, name="public_start"),
    path("inquiry/<str:language>/", public.form, name="public_form"),
    path("inquiry/<str:language>/thanks/<str:ticket>/", public.thanks, name="public_thanks"),
    # The staff's pages.
    path("inquiries/", views.InquiryListView.as_view(), name="inquiry_list"),
    path("inquiries/<int:pk>/", views.InquiryDetailView.as_view(), name="inquiry_detail"),
    path("inquiries/<int:pk>/delete/", views.InquiryDeleteView.as_view(), name="inquiry_delete"),
    path("inquiries/<int:pk>/reply/", views.inquiry_reply, name="inquiry_reply"),
    path("inquiries/<int:pk>/replied/", views.inquiry_record_reply, name="inquiry_record_reply"),
    path("inquiries/<int:pk>/reassign/", views.inquiry_reassign, name="inquiry_reassign"),
    path("inquiries/<int:pk>/link/", views.inquiry_link, name="inquiry_link"),
    path("inquiries/<int:pk>/lead/", views.inquiry_lead, name="inquiry_lead"),
    path("inquiries/<int:pk>/programme/", views.inquiry_programme, name="inquiry_programme"),
    path("inquiries/<int:pk>/event/", views.inquiry_event, name="inquiry_event"),
    path("inquiries/<int:pk>/forward/", views.inquiry_forward, name="inquiry_forward"),
    path("inquiries/<int:pk>/close/", views.inquiry_close, name="inquiry_close"),
    path("inquiries/<int:pk>/release/", views.inquiry_release, name="inquiry_release"),
    path("inquiries/<int:pk>/attachment/", views.inquiry_attachment, name="inquiry_attachment"),
]
