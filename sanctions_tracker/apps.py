from django.apps import AppConfig


class SanctionsTrackerConfig(AppConfig):
    name = "sanctions_tracker"
    verbose_name = "Sanctions tracker"
