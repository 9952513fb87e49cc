"""/api/v1/: every resource, the token endpoint; /api/schema/ and /api/docs/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from entities.api import views as entities
from events.api import views as events
from importer.api import views as importer
from jobs.api import JobViewSet
from sanctions_tracker.api.auth import obtain_auth_token
from sanctions_tracker.api.exceptions import api_not_found
from screening.api.views import MatchFileView, MatchView
from sources.api import views as sources
from workspace.api import CompareView

router = DefaultRouter()
router.register("bodies", entities.BodyViewSet)
router.register("programmes", entities.ProgrammeViewSet)
router.register("measures", entities.MeasureViewSet)
router.register("targeted-activities", entities.TargetedActivityViewSet)
# With its timeline, which needs events (see events.api.views.EntityViewSet).
router.register("entities", events.EntityViewSet)
router.register("aliases", entities.AliasViewSet)
router.register("entity-countries", entities.EntityCountryViewSet)
router.register("entity-dates", entities.EntityDateViewSet)
router.register("addresses", entities.AddressViewSet)
router.register("identifiers", entities.IdentifierViewSet)
router.register("relationships", entities.RelationshipViewSet)
router.register("designations", entities.DesignationViewSet)
router.register("events", events.EventViewSet)
router.register("event-participants", events.EventParticipantViewSet)
router.register("sources", sources.SourceViewSet)
router.register("citations", sources.CitationViewSet)
router.register("imports", importer.ImportRunViewSet)
router.register("proposed-matches", importer.ProposedMatchViewSet)
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/auth/token/", obtain_auth_token, name="api-token"),
    path("v1/match/", MatchView.as_view(), name="match"),
    path("v1/match/file/", MatchFileView.as_view(), name="match-file"),
    path("v1/compare/", CompareView.as_view(), name="compare"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: whatever else is under /api/ is a JSON 404.
    re_path(r"^(?P<unmatched>.*)$", api_not_found, name="api-not-found"),
]
