"""CSV columns of the entity-side records (stable: clients rely on them)."""

from django.db.models import Prefetch

from entities.models import Designation, EntityDate
from entities.parts import PARTS
from sanctions_tracker.csv_export import Column, CsvExport, partial_date_columns
from sanctions_tracker.partial_dates import sort_key


def _designation_label(d: Designation) -> str:
    return f"{d.body.code} {d.programme.code}" if d.programme_id else d.body.code


def _related(entity, name: str) -> list:
    """The rows prefetched into plain lists (``export_<name>``), else the related manager's.

    Lists, not the manager's cached querysets: a queryset per row and relation made the
    export mostly garbage-collector work (see docs/BENCHMARKS.md).
    """
    rows = getattr(entity, f"export_{name}", None)
    return rows if rows is not None else list(getattr(entity, name).all())


def _countries(entity):
    return [f"{c.country.code} ({c.role})" for c in _related(entity, "countries")]


def _entity_date(d) -> str:
    """``birth 1960/1965 (approx.)``: the kind, the ISO partial form, and whether the source
    says it is approximate."""
    text = f"{d.kind} {d.date.iso or 'unknown'}"
    return f"{text} (approx.)" if d.approximate else text


def _into_list(name: str, queryset=None) -> Prefetch:
    return Prefetch(name, queryset=queryset, to_attr=f"export_{name}")


# What the entity export shows of each part, by related name (relationships have their
# own export); columns in the order of entities.parts.
_PART_COLUMNS = {
    "aliases": [
        Column(
            "aliases",
            lambda e: [
                f"{a.name} [{a.kind}{', weak' if a.is_weak else ''}]"
                for a in _related(e, "aliases")
            ],
        ),
    ],
    "countries": [Column("countries", _countries, "ISO 3166-1 code (role)")],
    "dates": [
        Column(
            "dates",
            lambda e: [_entity_date(d) for d in _related(e, "dates")],
            "kind ISO partial date (approx.), e.g. birth 1960/1965 (approx.)",
        ),
    ],
    "addresses": [Column("addresses", lambda e: [str(a) for a in _related(e, "addresses")])],
    "identifiers": [
        Column(
            "identifiers",
            lambda e: [
                f"{i.scheme}: {i.value}" + (f" ({i.country.code})" if i.country else "")
                for i in _related(e, "identifiers")
            ],
        ),
    ],
    "designations": [
        Column(
            "active_designations",
            lambda e: [_designation_label(d) for d in _related(e, "designations") if d.is_active],
        ),
        Column(
            "past_designations",
            lambda e: [
                _designation_label(d) for d in _related(e, "designations") if not d.is_active
            ],
        ),
    ],
}
_PART_QUERYSETS = {
    "dates": EntityDate.objects.order_by("kind", *sort_key("date"), "id"),
    "designations": Designation.objects.select_related("body", "programme"),
}
_EXPORTED_PARTS = [p.name for p in PARTS if p.name in _PART_COLUMNS]
assert len(_EXPORTED_PARTS) == len(_PART_COLUMNS), "entity export: a column of no part"

ENTITY_EXPORT = CsvExport(
    name="entities",
    columns=[
        Column("id", lambda e: e.pk),
        Column.attr("uid"),
        Column.attr("kind"),
        Column.attr("name"),
        Column("unnamed", lambda e: e.name_is_description),
        *(column for name in _EXPORTED_PARTS for column in _PART_COLUMNS[name]),
        Column.attr("notes"),
        Column.attr("updated_at"),
    ],
    prefetch_related=tuple(_into_list(name, _PART_QUERYSETS.get(name)) for name in _EXPORTED_PARTS),
)

DESIGNATION_EXPORT = CsvExport(
    name="designations",
    columns=[
        Column("id", lambda d: d.pk),
        Column.attr("uid"),
        Column.attr("entity_id"),
        Column("entity", lambda d: d.entity.name),
        Column("entity_kind", lambda d: d.entity.kind),
        Column("entity_countries", lambda d: _countries(d.entity)),
        Column("body", lambda d: d.body.code),
        Column("programme", lambda d: d.programme.code if d.programme_id else ""),
        Column.attr("status"),
        *partial_date_columns("listed"),
        *partial_date_columns("delisted"),
        Column("measures", lambda d: [m.code for m in d.measures.all()]),
        Column.attr("measures_text"),
        Column.attr("reason"),
        Column.attr("reference"),
        Column.attr("updated_at"),
    ],
    select_related=("entity", "body", "programme"),
    prefetch_related=("measures", "entity__countries"),
)

BODY_EXPORT = CsvExport(
    name="bodies",
    columns=[
        Column("id", lambda b: b.pk),
        Column.attr("code"),
        Column.attr("name"),
        Column.attr("short_name"),
        Column("jurisdiction", lambda b: b.jurisdiction.code or "international"),
        Column("parent", lambda b: b.parent.code if b.parent_id else ""),
        Column.attr("imposes_sanctions"),
        Column.attr("url"),
    ],
    select_related=("parent",),
)

PROGRAMME_EXPORT = CsvExport(
    name="programmes",
    columns=[
        Column("id", lambda p: p.pk),
        Column("body", lambda p: p.body.code),
        Column.attr("code"),
        Column.attr("name"),
        Column.attr("status"),
        Column.attr("legal_basis"),
        Column.attr("targeted_activity"),
        Column.attr("url"),
    ],
    select_related=("body",),
)

TARGETED_ACTIVITY_EXPORT = CsvExport(
    name="targeted-activities",
    columns=[
        Column("id", lambda a: a.pk),
        Column.attr("name"),
        Column("country", lambda a: a.country.code),
        *partial_date_columns("since"),
        Column.attr("description"),
    ],
)

RELATIONSHIP_EXPORT = CsvExport(
    name="relationships",
    columns=[
        Column("id", lambda r: r.pk),
        Column.attr("subject_id"),
        Column("subject", lambda r: r.subject.name),
        Column.attr("kind"),
        Column.attr("object_id"),
        Column("object", lambda r: r.object.name),
        *partial_date_columns("started"),
        *partial_date_columns("ended"),
        Column.attr("description"),
    ],
    select_related=("subject", "object"),
)


MEASURE_EXPORT = CsvExport(
    name="measures",
    columns=[
        Column.attr("code"),
        Column.attr("name"),
        Column.attr("description"),
    ],
)


def _entity_columns():
    return [Column.attr("entity_id"), Column("entity", lambda r: r.entity.name)]


ALIAS_EXPORT = CsvExport(
    name="aliases",
    columns=[
        Column("id", lambda a: a.pk),
        *_entity_columns(),
        Column.attr("name"),
        Column.attr("kind"),
        Column("weak", lambda a: a.is_weak),
        Column.attr("language"),
        Column.attr("script"),
    ],
    select_related=("entity",),
)

ENTITY_COUNTRY_EXPORT = CsvExport(
    name="entity-countries",
    columns=[
        Column("id", lambda c: c.pk),
        *_entity_columns(),
        Column("country", lambda c: c.country.code),
        Column.attr("role"),
    ],
    select_related=("entity",),
)

ENTITY_DATE_EXPORT = CsvExport(
    name="entity-dates",
    columns=[
        Column("id", lambda d: d.pk),
        *_entity_columns(),
        Column.attr("kind"),
        *partial_date_columns("date"),
        Column.attr("approximate"),
    ],
    select_related=("entity",),
)

ADDRESS_EXPORT = CsvExport(
    name="addresses",
    columns=[
        Column("id", lambda a: a.pk),
        *_entity_columns(),
        Column.attr("street"),
        Column.attr("city"),
        Column.attr("region"),
        Column.attr("postal_code"),
        Column("country", lambda a: a.country.code),
        Column.attr("full"),
    ],
    select_related=("entity",),
)

IDENTIFIER_EXPORT = CsvExport(
    name="identifiers",
    columns=[
        Column("id", lambda i: i.pk),
        *_entity_columns(),
        Column.attr("scheme"),
        Column.attr("value"),
        Column("country", lambda i: i.country.code),
        Column.attr("label"),
    ],
    select_related=("entity",),
)
