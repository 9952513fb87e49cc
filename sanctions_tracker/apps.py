from django.apps import AppConfig


class SanctionsTrackerConfig(AppConfig):
    name = "sanctions_tracker"
    verbose_name = "Sanctions tracker"

    def ready(self):
        # Registers the OpenAPI extensions of the API's own field classes.
        from sanctions_tracker.api import export_jobs, schema  # noqa: F401

        export_jobs.register()
