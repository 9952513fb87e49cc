from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "name screening"

    def ready(self):
        from screening import jobs, signals

        signals.connect()
        jobs.register()
