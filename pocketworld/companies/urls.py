from django.urls import path

from pocketworld.companies import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/add/", views.CompanyEditView.as_view(), name="company_create"),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("companies/<int:pk>/edit/", views.CompanyEditView.as_view(), name="company_edit"),
    path("companies/<int:pk>/delete/", views.CompanyDeleteView.as_view(), name="company_delete"),
    path("company-names/add/", views.CompanyNameEditView.as_view(), name="companyname_create"),
    path(
        "company-names/<int:pk>/edit/", views.CompanyNameEditView.as_view(), name="companyname_edit"
    ),
    path(
        "company-names/<int:pk>/delete/",
        views.CompanyNameDeleteView.as_view(),
        name="companyname_delete",
    ),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/add/", views.SiteEditView.as_view(), name="site_create"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteEditView.as_view(), name="site_edit"),
    path("sites/<int:pk>/delete/", views.SiteDeleteView.as_view(), name="site_delete"),
    path("partners/", views.PartnerOrganisationListView.as_view(), name="partnerorganisation_list"),
    path(
        "partners/add/",
        views.PartnerOrganisationEditView.as_view(),
        name="partnerorganisation_create",
    ),
    path(
        "partners/<int:pk>/",
        views.PartnerOrganisationDetailView.as_view(),
        name="partnerorganisation_detail",
    ),
    path(
        "partners/<int:pk>/edit/",
        views.PartnerOrganisationEditView.as_view(),
        name="partnerorganisation_edit",
    ),
    path(
        "partners/<int:pk>/delete/",
        views.PartnerOrganisationDeleteView.as_view(),
        name="partnerorganisation_delete",
    ),
    path("partner-links/add/", views.PartnerLinkEditView.as_view(), name="partnerlink_create"),
    path(
        "partner-links/<int:pk>/edit/", views.PartnerLinkEditView.as_view(), name="partnerlink_edit"
    ),
    path(
        "partner-links/<int:pk>/delete/",
        views.PartnerLinkDeleteView.as_view(),
        name="partnerlink_delete",
    ),
]
