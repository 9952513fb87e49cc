"""CSV columns of the entity-side records (stable: clients rely on them).

Every column is read by the export's one query (see sanctions_tracker.csv_export): the
multi-value cells of an entity are built by the database, as the Python of the records'
``__str__`` would write them.
"""

import json

from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Substr
from django_countries import countries

from entities.active import active_q
from entities.models import (
    Address,
    Alias,
    Designation,
    EntityCountry,
    EntityDate,
    Identifier,
    Measure,
)
from entities.parts import PARTS
from sanctions_tracker.csv_export import (
    Column,
    CsvExport,
    Joined,
    coded,
    moment_column,
    neutralise,
    partial_date_columns,
    uid_column,
)
from sanctions_tracker.partial_dates import iso_expression, sort_key


def text(*parts) -> Concat:
    """Concatenation of field paths (strings are fields, wrap literals in Value)."""
    return Concat(*(F(p) if isinstance(p, str) else p for p in parts), output_field=TextField())


def _if(condition: Q, then, otherwise="") -> Case:
    return Case(When(condition, then=then), default=Value(otherwise), output_field=TextField())


class _CountryName(Func):
    """The country's name in the active language, as ``Country.name`` gives it (the names
    live in django-countries, not in the database). PostgreSQL: one look-up in a JSONB
    object of every code (parsed once per query; a CASE of 250 codes was a fifth of the
    export's SQL time); elsewhere a CASE of every code."""

    output_field = TextField()

    def __init__(self, field: str):
        self.code_field = field
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra_context):
        names = Case(
            *(When(**{self.code_field: c.code}, then=Value(str(c.name))) for c in countries),
            default=Value(""),
            output_field=TextField(),
        )
        return compiler.compile(names.resolve_expression(compiler.query))

    def as_postgresql(self, compiler, connection, **extra_context):
        names = json.dumps({c.code: str(c.name) for c in countries}, ensure_ascii=False)
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"COALESCE(%s::jsonb ->> {sql}, '')", (names, *params)


def _address_text() -> Coalesce:
    """``str(address)``: street, city, region, postal code and country name, those given,
    joined by ", "; else the address as written."""
    parts = [
        _if(~Q(**{name: ""}), text(Value(", "), name))
        for name in ("street", "city", "region", "postal_code")
    ]
    parts.append(_if(~Q(country=""), text(Value(", "), _CountryName("country"))))
    return Coalesce(NullIf(Substr(text(*parts), 3), Value("")), F("full"), output_field=TextField())


def _designation_label(path: str = "") -> Concat:
    """``US-OFAC`` or ``US-OFAC NPWMD``: the body's code, then the programme's if any."""
    return text(
        f"{path}body__code",
        _if(Q(**{f"{path}programme__isnull": False}), text(Value(" "), f"{path}programme__code")),
    )


def _of_entity(queryset, value, main_key: str = "pk") -> Joined:
    """The values of an entity's part: the rows of ``queryset`` whose entity is the
    exported row's ``main_key``."""
    return Joined(queryset, "entity", value, main_key)


def _countries(entity: str = "pk") -> Joined:
    return _of_entity(
        EntityCountry.objects.all(), text("country", Value(" ("), "role", Value(")")), entity
    )


def _designations(active: bool) -> Joined:
    designations = Designation.objects.filter(active_q() if active else ~active_q())
    return _of_entity(designations, _designation_label())


# What the entity export shows of each part, by related name (relationships have their
# own export); columns in the order of entities.parts. Each list is ordered as the part's
# model orders it (dates: unknown last).
_PART_COLUMNS = {
    "aliases": [
        Column(
            "aliases",
            _of_entity(
                Alias.objects.all(),
                text(
                    "name", Value(" ["), "kind", _if(Q(is_weak=True), Value(", weak")), Value("]")
                ),
            ),
        ),
    ],
    "countries": [Column("countries", _countries(), coded, description="ISO 3166-1 code (role)")],
    "dates": [
        Column(
            "dates",
            _of_entity(
                EntityDate.objects.order_by("kind", *sort_key("date"), "id"),
                text(
                    "kind",
                    Value(" "),
                    Coalesce(
                        NullIf(iso_expression("date"), Value("")),
                        Value("unknown"),
                        output_field=TextField(),
                    ),
                    _if(Q(approximate=True), Value(" (approx.)")),
                ),
            ),
            coded,  # starts with the kind of date
            description="kind ISO partial date (approx.), e.g. birth 1960/1965 (approx.)",
        ),
    ],
    "addresses": [Column("addresses", lambda: _of_entity(Address.objects.all(), _address_text()))],
    "identifiers": [
        Column(
            "identifiers",
            _of_entity(
                Identifier.objects.all(),
                text(
                    "scheme",
                    Value(": "),
                    "value",
                    _if(~Q(country=""), text(Value(" ("), "country", Value(")"))),
                ),
            ),
            coded,  # starts with the scheme
        ),
    ],
    "designations": [
        Column("active_designations", _designations(active=True)),
        Column("past_designations", _designations(active=False)),
    ],
}
_EXPORTED_PARTS = [p.name for p in PARTS if p.name in _PART_COLUMNS]
assert len(_EXPORTED_PARTS) == len(_PART_COLUMNS), "entity export: a column of no part"

ENTITY_EXPORT = CsvExport(
    name="entities",
    columns=[
        Column.id(),
        uid_column(),
        Column("kind", "kind", coded),
        Column.attr("name"),
        Column("unnamed", _if(Q(name_is_description=True), Value("true"), "false"), coded),
        *(column for name in _EXPORTED_PARTS for column in _PART_COLUMNS[name]),
        Column.attr("notes"),
        moment_column("updated_at"),
    ],
)

DESIGNATION_EXPORT = CsvExport(
    name="designations",
    columns=[
        Column.id(),
        uid_column(),
        Column.id("entity_id", "entity_id"),
        Column("entity", "entity__name"),
        Column("entity_kind", "entity__kind"),
        Column("entity_countries", _countries("entity_id")),
        Column("body", "body__code"),
        Column("programme", "programme__code"),
        Column("status", _if(active_q(), Value("active"), "delisted")),
        *partial_date_columns("listed"),
        *partial_date_columns("delisted"),
        Column("measures", Joined(Measure.objects.all(), "designations", "code")),
        Column.attr("measures_text"),
        Column.attr("reason"),
        Column.attr("reference"),
        moment_column("updated_at"),
    ],
)

BODY_EXPORT = CsvExport(
    name="bodies",
    columns=[
        Column.id(),
        Column.attr("code"),
        Column.attr("name"),
        Column.attr("short_name"),
        Column("jurisdiction", "jurisdiction", lambda code: neutralise(code or "international")),
        Column("parent", "parent__code"),
        Column.attr("imposes_sanctions"),
        Column.attr("url"),
    ],
)

PROGRAMME_EXPORT = CsvExport(
    name="programmes",
    columns=[
        Column.id(),
        Column("body", "body__code"),
        Column.attr("code"),
        Column.attr("name"),
        Column.attr("status"),
        Column.attr("legal_basis"),
        Column.attr("targeted_activity"),
        Column.attr("url"),
    ],
)

TARGETED_ACTIVITY_EXPORT = CsvExport(
    name="targeted-activities",
    columns=[
        Column.id(),
        Column.attr("name"),
        Column.attr("country"),
        *partial_date_columns("since"),
        Column.attr("description"),
    ],
)

RELATIONSHIP_EXPORT = CsvExport(
    name="relationships",
    columns=[
        Column.id(),
        Column.id("subject_id", "subject_id"),
        Column("subject", "subject__name"),
        Column.attr("kind"),
        Column.id("object_id", "object_id"),
        Column("object", "object__name"),
        *partial_date_columns("started"),
        *partial_date_columns("ended"),
        Column.attr("description"),
    ],
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
    return [Column.id("entity_id", "entity_id"), Column("entity", "entity__name")]


ALIAS_EXPORT = CsvExport(
    name="aliases",
    columns=[
        Column.id(),
        *_entity_columns(),
        Column.attr("name"),
        Column.attr("kind"),
        Column("weak", "is_weak"),
        Column.attr("language"),
        Column.attr("script"),
    ],
)

ENTITY_COUNTRY_EXPORT = CsvExport(
    name="entity-countries",
    columns=[
        Column.id(),
        *_entity_columns(),
        Column.attr("country"),
        Column.attr("role"),
    ],
)

ENTITY_DATE_EXPORT = CsvExport(
    name="entity-dates",
    columns=[
        Column.id(),
        *_entity_columns(),
        Column.attr("kind"),
        *partial_date_columns("date"),
        Column.attr("approximate"),
    ],
)

ADDRESS_EXPORT = CsvExport(
    name="addresses",
    columns=[
        Column.id(),
        *_entity_columns(),
        Column.attr("street"),
        Column.attr("city"),
        Column.attr("region"),
        Column.attr("postal_code"),
        Column.attr("country"),
        Column.attr("full"),
    ],
)

IDENTIFIER_EXPORT = CsvExport(
    name="identifiers",
    columns=[
        Column.id(),
        *_entity_columns(),
        Column.attr("scheme"),
        Column.attr("value"),
        Column.attr("country"),
        Column.attr("label"),
    ],
)
