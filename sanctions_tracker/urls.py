"""Root URLs: the admin for analysts, the REST API under /api/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sanctions_tracker import health

admin.site.site_header = "Sanctions tracker"
admin.site.site_title = "Sanctions tracker"
admin.site.index_title = "Curation"

# Outside any view (a middleware's query): a database outage is a 503, not a 500.
handler500 = "sanctions_tracker.outage.server_error"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # Before the admin's own catch-all: the analyst's pages (dossier, comparison, screening).
    path("admin/workspace/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("sanctions_tracker.api.urls")),
    path("api-auth/", include("rest_framework.urls")),  # sign-in for the browsable API
    # For load balancers: the process answers; this instance can serve (database, migrations).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# Uploaded source documents, served by Django only in local development (DEBUG).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
