"""What changed, for the admin start page: the latest listings and delistings by body, the
last import of each list with its age, and the recent edits by analysts.

Everything is read in a fixed number of queries (``start_page``'s, pinned by a test),
whatever the number of bodies, lists, records and history rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from entities.active import active_q
from entities.models import Designation
from importer.models import ImportRun, ImportSource
from importer.run import IMPORT_REASON_PREFIX
from sanctions_tracker.seed import HISTORY_REASON, curated_models

PER_BODY = 5  # listings, and delistings, shown per body
EDITS = 15  # recent edits shown

# Workspace pages built elsewhere: linked only where their URL exists.
WORKSPACE_LINKS = [
    ("workspace:compare", "Compare authorities"),
    ("workspace:screening", "Screen a name"),
]


@dataclass
class BodyDesignations:
    body: str
    listed: list[Designation]
    delisted: list[Designation]


@dataclass
class ListImport:
    source: str  # the list's key (ofac-sdn)
    label: str  # its name (OFAC SDN list)
    run: ImportRun | None  # its last import, None if never imported
    max_age_hours: float
    age: dt.timedelta | None

    @property
    def stale(self) -> bool:
        """Never imported, or not refreshed within its interval."""
        return self.age is None or self.age > dt.timedelta(hours=self.max_age_hours)


@dataclass
class Edit:
    model: str  # verbose name: "alias"
    record: str
    url: str | None  # the record's change page, unless the change deleted it
    action: str  # created, changed, deleted
    at: dt.datetime
    user: str
    reason: str


@dataclass
class StartPage:
    """A section is None when the user may not view its records."""

    designations: list[BodyDesignations] | None
    imports: list[ListImport] | None
    edits: list[Edit] | None
    links: list[tuple[str, str]]


def _can_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def start_page(user, now: dt.datetime | None = None) -> StartPage:
    """What ``user`` may see of it, in at most five queries whatever the data: listings,
    delistings, imports, edits, the editors' names (and the user's permissions, once)."""
    now = now or timezone.now()
    viewable = [m for m in curated_models() if _can_view(user, m)]
    return StartPage(
        designations=latest_designations() if _can_view(user, Designation) else None,
        imports=last_imports(now) if _can_view(user, ImportRun) else None,
        edits=recent_edits(viewable) if viewable else None,
        links=workspace_links(),
    )


def _latest_per_body(queryset, order) -> list[Designation]:
    ranked = queryset.annotate(
        rank=Window(RowNumber(), partition_by=[F("body_id")], order_by=order)
    ).filter(rank__lte=PER_BODY)
    return list(ranked.select_related("entity", "body", "programme").order_by("body__code", "rank"))


def latest_designations() -> list[BodyDesignations]:
    """The last ``PER_BODY`` listings and delistings of each body (two queries), latest
    first; unknown dates last."""
    listed = _latest_per_body(
        Designation.objects.all(),
        [F("listed_earliest").desc(nulls_last=True), F("id").desc()],
    )
    delisted = _latest_per_body(
        Designation.objects.exclude(active_q()),
        [F("delisted_earliest").desc(nulls_last=True), F("id").desc()],
    )
    bodies: dict[str, BodyDesignations] = {}
    for name, rows in (("listed", listed), ("delisted", delisted)):
        for designation in rows:
            code = designation.body.code
            shown = bodies.setdefault(code, BodyDesignations(code, [], []))
            getattr(shown, name).append(designation)
    return [bodies[code] for code in sorted(bodies)]


def max_age_hours(source: str) -> float:
    hours = settings.IMPORT_MAX_AGE_HOURS
    return hours.get(source, hours["default"])


def last_imports(now: dt.datetime) -> list[ListImport]:
    """Each list's last import (one query) with its age; every list is shown, imported or
    not."""
    ranked = ImportRun.objects.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("source")],
            order_by=[F("started_at").desc(), F("id").desc()],
        )
    ).filter(rank=1)
    runs = {run.source: run for run in ranked}
    shown = []
    for source in ImportSource:
        run = runs.get(source.value)
        shown.append(
            ListImport(
                source=source.value,
                label=source.label,
                run=run,
                max_age_hours=max_age_hours(source.value),
                age=None if run is None else now - run.finished_at,
            )
        )
    return shown


def _not_automatic() -> Q:
    """Leaves out what imports and the seed loader wrote: they say so in the reason."""
    return ~Q(history_change_reason__startswith=IMPORT_REASON_PREFIX) & ~Q(
        history_change_reason=HISTORY_REASON
    )


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def recent_edits(of_models=None, limit: int = EDITS) -> list[Edit]:
    """The latest ``limit`` changes by analysts to records of ``of_models`` (every curated
    model by default), newest first: one query across their history tables (a UNION), and
    one for the names of the users who made them."""
    models = {m._meta.label_lower: m for m in (of_models or curated_models())}
    parts = []
    for label, model in models.items():
        has_name = any(f.name == "name" for f in model._meta.concrete_fields)
        parts.append(
            model.history.filter(_not_automatic())
            .annotate(model_label=Value(label), shown=F("name") if has_name else Value(""))
            .values(
                "id",
                "history_type",
                "history_date",
                "history_user_id",
                "history_change_reason",
                "model_label",
                "shown",
            )
            .order_by()
        )
    if not parts:
        return []
    rows = list(parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit])
    user_ids = {row["history_user_id"] for row in rows} - {None}
    users = (
        dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
        if user_ids
        else {}
    )
    edits = []
    for row in rows:
        model = models[row["model_label"]]
        opts = model._meta
        action = _ACTIONS[row["history_type"]]
        url = None
        if action != "deleted":
            with contextlib.suppress(NoReverseMatch):  # a model without an admin page
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row["id"]])
        edits.append(
            Edit(
                model=str(opts.verbose_name),
                record=row["shown"] or f"{opts.verbose_name} {row['id']}",
                url=url,
                action=action,
                at=row["history_date"],
                user=users.get(row["history_user_id"], ""),
                reason=row["history_change_reason"] or "",
            )
        )
    return edits


def workspace_links() -> list[tuple[str, str]]:
    """The workspace pages that exist on this deployment, as (url, title)."""
    links = []
    for name, title in WORKSPACE_LINKS:
        try:
            links.append((reverse(name), title))
        except NoReverseMatch:
            continue
    return links
