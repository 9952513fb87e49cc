"""python manage.py screen INPUT.csv --output hits.csv [--threshold] [--limit]"""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from screening import services
from screening.explain import explain
from screening.selectors import active_designations

INPUT_COLUMNS = ("name", "country", "birth_date", "id")
OUTPUT_COLUMNS = [
    "id",
    "name",
    "country",
    "birth_date",
    "rank",
    "score",
    "entity_id",
    "entity_name",
    "entity_kind",
    "matched_name",
    "matched_kind",
    "weak_alias",
    "explanation",
    "designations",
]


class Command(BaseCommand):
    help = (
        "Screen every row of a CSV (columns name, country, birth_date, id) against all the "
        "names held; write one row per hit above the threshold, with its explanation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "input",
            help="CSV with a header: name, and optionally country, "
            "birth_date (YYYY[-MM[-DD]]) and id.",
        )
        parser.add_argument("--output", required=True, help="Where to write the hits (CSV).")
        parser.add_argument("--threshold", type=float, default=services.DEFAULT_THRESHOLD)
        parser.add_argument("--limit", type=int, default=5, help="Hits per row at most.")

    def handle(self, *args, **options):
        if not 0 <= options["threshold"] <= 1:
            raise CommandError("--threshold must be between 0 and 1")
        if not 1 <= options["limit"] <= services.MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {services.MAX_LIMIT}")
        rows = _read(options["input"])
        interactive = sys.stderr.isatty() and options["verbosity"] > 0
        problems, hits_written, screened = [], 0, 0
        try:
            out = open(options["output"], "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{options['output']}: {exc.strerror}") from exc
        progress = _progress(len(rows)) if interactive else None
        with out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            for line, row in rows:
                if progress:
                    progress.advance()
                query, problem = _query(row)
                if problem:
                    problems.append(f"line {line}: {problem}")
                    continue
                screened += 1
                candidates = services.match(
                    query, limit=options["limit"], threshold=options["threshold"]
                )
                designations = active_designations([c.entity_id for c in candidates])
                for rank, c in enumerate(candidates, 1):
                    writer.writerow(
                        [
                            row.get("id", ""),
                            query.name,
                            query.country,
                            query.birth_date,
                            rank,
                            f"{c.score:.4f}",
                            c.entity_id,
                            c.name,
                            c.kind,
                            c.matched_name,
                            c.matched_kind,
                            "yes" if c.weak else "no",
                            explain(c.features),
                            "; ".join(
                                " ".join(filter(None, [d["body"], d["programme"], d["reference"]]))
                                for d in designations.get(c.entity_id, [])
                            ),
                        ]
                    )
                    hits_written += 1
        if progress:
            progress.stop()
        for problem in problems:
            self.stderr.write(f"skipped {problem}")
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{len(rows)} rows: {screened} screened, {len(problems)} skipped; "
                f"{hits_written} hits written to {options['output']}"
            )


def _read(path: str) -> list[tuple[int, dict]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "name" not in [
                f.strip().lower() for f in reader.fieldnames
            ]:
                raise CommandError(
                    f"{path}: the first line must be a header with a 'name' column "
                    f"(and optionally {', '.join(INPUT_COLUMNS[1:])})"
                )
            rows = []
            for row in reader:
                clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
                rows.append((reader.line_num, clean))
            return rows
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc
    except csv.Error as exc:
        raise CommandError(f"{path}: not a readable CSV ({exc})") from exc


def _query(row: dict):
    from django_countries import countries

    name = row.get("name", "")
    if not name:
        return None, "empty name"
    country = row.get("country", "").upper()
    if country and country not in dict(countries):
        return None, f"unknown country code {country!r}"
    birth = row.get("birth_date", "")
    if birth:
        try:
            birth = services.parse_birth_date(birth)
        except ValueError as exc:
            return None, str(exc)
    return services.MatchQuery(name=name, country=country, birth_date=birth), None


class _progress:
    def __init__(self, total: int):
        from rich.progress import Progress

        self.bars = Progress()
        self.task = self.bars.add_task("screening", total=total)
        self.bars.start()

    def advance(self):
        self.bars.advance(self.task)

    def stop(self):
        self.bars.stop()
