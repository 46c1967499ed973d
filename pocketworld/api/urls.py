"""One router for the whole API; each app's api.py holds its serializers and viewsets."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from pocketworld.audit import api as audit
from pocketworld.companies import api as companies
from pocketworld.contacts import api as contacts
from pocketworld.core.api import reference as core
from pocketworld.desks import api as desks
from pocketworld.events import api as events
from pocketworld.imports import api as imports
from pocketworld.inquiries import api as inquiries
from pocketworld.interactions import api as interactions
from pocketworld.monitoring import api as monitoring
from pocketworld.privacy import api as privacy
from pocketworld.programmes import api as programmes
from pocketworld.projects import api as projects
from pocketworld.reports import api as reports
from pocketworld.search import api as search

router = DefaultRouter()
router.register("countries", core.CountryViewSet)
router.register("languages", core.LanguageViewSet)
router.register("sectors", core.SectorViewSet)
router.register("occupations", core.OccupationViewSet)
router.register("municipalities", core.MunicipalityViewSet)
router.register("focus-areas", core.FocusAreaViewSet)
router.register("desks", desks.DeskViewSet)
router.register("desk-coverage", desks.DeskCoverageViewSet)
router.register("desk-memberships", desks.DeskMembershipViewSet)
router.register("companies", companies.CompanyViewSet)
router.register("company-names", companies.CompanyNameViewSet)
router.register("sites", companies.SiteViewSet)
router.register("partners", companies.PartnerOrganisationViewSet)
router.register("partner-links", companies.PartnerLinkViewSet)
router.register("people", contacts.PersonViewSet)
router.register("positions", contacts.PositionViewSet)
router.register("projects", projects.ProjectViewSet)
router.register("stage-changes", projects.StageChangeViewSet)
router.register("interactions", interactions.InteractionViewSet)
router.register("tasks", interactions.TaskViewSet)
router.register("events", events.EventViewSet)
router.register("participants", events.ParticipantViewSet)
router.register("programme-items", events.ProgrammeItemViewSet)
router.register("matchmaking-profiles", events.MatchProfileViewSet)
router.register("match-suggestions", events.MatchSuggestionViewSet)
router.register("meetings", events.MeetingViewSet)
router.register("programmes", programmes.ProgrammeViewSet)
router.register("cohorts", programmes.CohortViewSet)
router.register("programme-goals", programmes.GoalViewSet)
router.register("programme-startups", programmes.MembershipViewSet)
router.register("programme-startup-moves", programmes.MembershipMoveViewSet)
router.register("milestones", programmes.MilestoneViewSet)
router.register("colleges", programmes.CollegeViewSet)
router.register("courses", programmes.CourseViewSet)
router.register("open-positions", programmes.OpenPositionViewSet)
router.register("candidates", programmes.CandidateViewSet)
router.register("candidate-moves", programmes.CandidateMoveViewSet)
router.register("placements", programmes.PlacementViewSet)
router.register("feeds", monitoring.FeedViewSet)
router.register("news-items", monitoring.NewsItemViewSet)
router.register("news-company-links", monitoring.CompanyLinkViewSet)
router.register("news-country-links", monitoring.CountryLinkViewSet)
router.register("news-sector-links", monitoring.SectorLinkViewSet)
router.register("news-focus-area-links", monitoring.FocusAreaLinkViewSet)
router.register("news-follow-ups", monitoring.FollowUpViewSet)
router.register("news-watches", monitoring.WatchViewSet)
router.register("inquiries", inquiries.InquiryViewSet)
router.register("segments", reports.SegmentViewSet)
router.register("lei-uploads", imports.LeiUploadViewSet)
router.register("lei-proposals", imports.LeiProposalViewSet)
router.register("change-sets", imports.ChangeSetViewSet)
router.register("imports", imports.ImportRunViewSet)
router.register("audit-events", audit.AuditEventViewSet)

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # A page for people: without a session, the sign-in page first. The split view serves
    # its script as a file of its own, which the Content-Security-Policy allows.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("search", search.SearchView.as_view(), name="search"),
    path("kpis", reports.KPIView.as_view(), name="kpis"),
    # Before the router's inquiries/<pk>/: the public front door, no sign-in.
    path(
        "inquiries/public/",
        inquiries.PublicInquiryView.as_view(),
        name="inquiry-public",
    ),
    path("companies/<int:pk>/merge/", imports.CompanyMergeView.as_view(), name="company-merge"),
    path("people/<int:pk>/merge/", imports.PersonMergeView.as_view(), name="person-merge"),
    path(
        "people/<int:pk>/data-export/",
        privacy.PersonDataExportView.as_view(),
        name="person-data-export",
    ),
    path("people/<int:pk>/erase/", privacy.PersonEraseView.as_view(), name="person-erase"),
    path("", include(router.urls)),
]
