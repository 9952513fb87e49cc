"""python manage.py export_ftm [--country PK --designated true ...] [--output FILE]"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from rest_framework.exceptions import ValidationError

from entities.filtersets import EntityFilterSet
from entities.ftm import export
from sanctions_tracker.api.export_jobs import export_queryset

# The list whose filters and order the command takes: the entity list of the API, so that
# a filter means the same in both (sanctions_tracker.api.export_jobs rebuilds its queryset).
ENTITY_LIST_VIEW = "entities.api.views.EntityViewSet"


class Command(BaseCommand):
    help = (
        "Write entities as FollowTheMoney JSON lines (with their addresses, documents, "
        "sanctions and relationships), filtered as the API's entity list is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", default="-", help="The file to write; - (the default) is stdout."
        )
        for name, filter_ in EntityFilterSet.base_filters.items():
            text = filter_.extra.get("help_text") or filter_.label
            if choices := filter_.extra.get("choices"):
                text += f": {', '.join(value for value, _ in choices)}"
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"filter_{name}",
                metavar=name.upper(),
                help=f"{text} (as ?{name}= in the API)",
            )

    def handle(self, *args, output, **options):
        parameters = {
            name.removeprefix("filter_"): value
            for name, value in options.items()
            if name.startswith("filter_") and value is not None
        }
        params = {"view": ENTITY_LIST_VIEW, "query": urlencode(parameters)}
        try:
            _, queryset = export_queryset(params, AnonymousUser())
            chunks = export.stream(queryset)
            first = next(chunks, "")  # the filters run here: a refusal writes no file
        except ValidationError as exc:
            raise CommandError(_refusal(exc.detail)) from exc
        if output == "-":
            for chunk in _all(first, chunks):
                self.stdout.write(chunk, ending="")
            return
        with open(output, "w", encoding="utf-8") as out:
            for chunk in _all(first, chunks):
                out.write(chunk)


def _all(first: str, chunks):
    yield first
    yield from chunks


def _refusal(detail) -> str:
    """A filter's refusal as the API words it, naming the option."""
    if isinstance(detail, dict):
        return "; ".join(
            f"--{name.replace('_', '-')}: {' '.join(str(m) for m in messages)}"
            for name, messages in detail.items()
        )
    return str(detail)
