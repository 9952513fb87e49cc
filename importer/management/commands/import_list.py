"""python manage.py import_list SOURCE PATH [--dry-run] [--list-date] [--allow-mass-delisting]
[--allow-orphan-rows] [--allow-warnings]"""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError

from importer.records import ParseError
from importer.registry import LISTS
from importer.services import ImportRefused, import_list


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--list-date {value!r} is not a date: write YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Import an official sanctions list: only its differences are applied, in one "
        "transaction; a bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=list(LISTS), help="Which list the file is.")
        parser.add_argument(
            "path",
            help=(
                "The file (ofac-advanced, un-sc, uk-ofsi, eu-fsf) or the folder of CSV files "
                "(ofac-sdn, ofac-non-sdn)."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--list-date",
            type=str,
            help="The list's publication date (YYYY-MM-DD) when the file does not state it; "
            "delistings are dated with it.",
        )
        parser.add_argument(
            "--allow-mass-delisting",
            action="store_true",
            help="Apply a version that delists more of the list's active entries than "
            "IMPORT_MAX_DELISTING_SHARE allows (default 5%%).",
        )
        parser.add_argument(
            "--allow-orphan-rows",
            action="store_true",
            help="Apply an OFAC folder whose other files name more entries missing from its "
            "main file than IMPORT_MAX_ORPHAN_ENTRIES (default 25): a main file that lost "
            "entries.",
        )
        parser.add_argument(
            "--allow-warnings",
            action="store_true",
            help="Apply a file with far more warnings than the list's last import "
            "(IMPORT_WARNINGS_FACTOR, IMPORT_WARNINGS_FLOOR).",
        )

    def handle(self, *args, **options):
        list_date = _date(options["list_date"]) if options["list_date"] else None
        interactive = sys.stderr.isatty() and options["verbosity"] > 0
        progress = _Progress() if interactive else None
        try:
            result = import_list(
                options["source"],
                options["path"],
                dry_run=options["dry_run"],
                list_date=list_date,
                allow_mass_delisting=options["allow_mass_delisting"],
                allow_orphan_rows=options["allow_orphan_rows"],
                allow_warnings=options["allow_warnings"],
                progress=progress,
            )
        except (ParseError, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{options['path']}: {exc.strerror or exc}") from exc
        finally:
            if progress is not None:
                progress.stop()
        if options["verbosity"] > 0:
            self._summary(result, interactive)

    def _summary(self, result, interactive: bool) -> None:
        run = result.run
        seconds = (run.finished_at - run.started_at).total_seconds()
        if interactive:
            from rich.console import Console
            from rich.table import Table

            table = Table(title=f"{run.get_source_display()}: {result.status_text()}")
            table.add_column("")
            table.add_column("count", justify="right")
            for label, value in result.counts():
                table.add_row(label, str(value))
            Console(file=self.stdout._out).print(table)
            self.stdout.write(f"SHA-256 {run.sha256}, {seconds:.1f} s")
        else:
            self.stdout.write(f"{result.summary()} ({seconds:.1f} s)")
        for warning in result.warnings[:20] if interactive else []:
            self.stderr.write(
                f"warning: {warning.reference + ': ' if warning.reference else ''}{warning.message}"
            )


class _Progress:
    """Rich progress bars on a terminal: one per stage, each naming what it reads."""

    def __init__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bars = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=False
        )
        self.tasks = {}
        self.bars.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(stage, total=total)
        self.bars.update(self.tasks[stage], completed=done, total=total)

    def stop(self):
        self.bars.stop()
