"""Load the seed fixtures' missing records and give each its first history row."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand

from sanctions_tracker.seed import load_missing, seed_fixture_paths, write_initial_history


class Command(BaseCommand):
    help = (
        "Add the records of fixtures/*.json that are not in the database (records that exist, "
        "or that an analyst deleted, are left as they are), and write a first history entry "
        "for each. Use loaddata to force the fixtures' values over the database's."
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
        result = load_missing(paths)
        created = write_initial_history()
        if verbosity:
            self.stdout.write(
                f"Seed: {result.added} records added, {result.kept} already there (kept as they "
                f"are); {created} first history entries written."
            )
