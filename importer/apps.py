from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = "list imports"

    def ready(self):
        from importer import jobs

        jobs.register()
