"""Load the seed fixtures (idempotent) and give each loaded record its first history row."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command

from sanctions_tracker.seed import seed_fixture_paths, write_initial_history


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ (natural keys: loading twice changes nothing) and "
        "record a first history entry for loaded records that have none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Folder of the *.json fixtures (default: fixtures/).",
        )

    def handle(self, *args, fixtures_dir: Path, verbosity: int, **options):
        paths = seed_fixture_paths(fixtures_dir)
        if not paths:
            self.stderr.write(f"No fixtures (*.json) in {fixtures_dir}.")
            return
        call_command("loaddata", *[str(p) for p in paths], verbosity=verbosity)
        created = write_initial_history()
        if verbosity:
            self.stdout.write(f"History: {created} first entries written for seed records.")
