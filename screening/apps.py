from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "name screening"

    def ready(self):
        from sanctions_tracker import admin_search
        from screening import jobs, services, signals

        signals.connect()
        jobs.register()
        admin_search.register_fallback("entities.Entity", services.similar_entity_ids)
