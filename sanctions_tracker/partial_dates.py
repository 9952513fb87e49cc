"""Partial and vague dates: known to the day, the month or the year, or unknown.

Sources often give only "in 1998" or "on Thursday" (in an undated article). A partial date
keeps exactly what the source says and no more. In the database it is four columns:

- ``<name>_earliest`` and ``<name>_latest``: the first and last day the date can be
  (1998 is 1998-01-01 .. 1998-12-31), so that dates sort and filter by range in SQL;
- ``<name>_precision``: ``day``, ``month``, ``year``, ``range`` (between two partial dates, as
  lists give "BETWEEN 1960 AND 1965") or ``unknown`` (blank: no such date, as for the
  delisting of an active designation);
- ``<name>_text``: the source's own words ("Thursday"), kept beside the date.

It reads out in ISO partial form: ``1998``, ``2024-12``, ``2024-12-19``, and a range as an
ISO 8601 interval of two such: ``1960/1965``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, lookups
from django.db.models.functions import Cast, Concat, Mod, Substr


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    RANGE = "range", "range"
    UNKNOWN = "unknown", "unknown"


KNOWN_PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.RANGE)
_ISO_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
TEXT_MAX_LENGTH = 200


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its source. ``precision == ""`` means there is no such date."""

    precision: str = ""
    earliest: dt.date | None = None
    latest: dt.date | None = None
    text: str = ""

    # Constructors -------------------------------------------------------------------------
    @classmethod
    def none(cls) -> PartialDate:
        return cls()

    @classmethod
    def unknown(cls, text: str = "") -> PartialDate:
        return cls(precision=Precision.UNKNOWN, text=text.strip())

    @classmethod
    def of_year(cls, year: int, text: str = "") -> PartialDate:
        return cls(Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), text.strip())

    @classmethod
    def of_month(cls, year: int, month: int, text: str = "") -> PartialDate:
        last = calendar.monthrange(year, month)[1]
        return cls(
            Precision.MONTH,
            dt.date(year, month, 1),
            dt.date(year, month, last),
            text.strip(),
        )

    @classmethod
    def of_day(cls, day: dt.date, text: str = "") -> PartialDate:
        return cls(Precision.DAY, day, day, text.strip())

    @classmethod
    def of_range(cls, start: PartialDate, end: PartialDate, text: str = "") -> PartialDate:
        """From the first day of ``start`` to the last of ``end``: "between 1960 and 1965".

        A range that is exactly one day, month or year is that date (``1960/1960`` is
        ``1960``), so that each span has one form.
        """
        if not (start.is_known and end.is_known):
            raise ValidationError(
                "Both ends of a date range must be known dates.", code="invalid_partial_date"
            )
        if end.latest < start.earliest:
            raise ValidationError(
                "the end, %(end)s, is before the start, %(start)s.",
                code="invalid_partial_date",
                params={"start": start.iso, "end": end.iso},
            )
        return cls._spanning(start.earliest, end.latest, text.strip())

    @classmethod
    def _spanning(cls, earliest: dt.date, latest: dt.date, text: str) -> PartialDate:
        """The date from ``earliest`` to ``latest``: a day, a month, a year, else a range."""
        if earliest == latest:
            return cls.of_day(earliest, text)
        whole_months = earliest.day == 1 and latest.day == _last_day(latest)
        if whole_months and (earliest.year, earliest.month) == (latest.year, latest.month):
            return cls.of_month(earliest.year, earliest.month, text)
        if (
            whole_months
            and earliest.year == latest.year
            and (earliest.month, latest.month) == (1, 12)
        ):
            return cls.of_year(earliest.year, text)
        return cls(Precision.RANGE, earliest, latest, text)

    @classmethod
    def parse(cls, value: str, text: str = "") -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a range of two joined by ``/``;
        blank gives an unknown date."""
        value = (value or "").strip()
        if not value or value.lower() == "unknown":
            return cls.unknown(text)
        if "/" in value:
            return cls._parse_range(value, text)
        match = _ISO_PARTIAL.match(value)
        if not match:
            raise ValidationError(
                "%(value)s is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.",
                code="invalid_partial_date",
                params={"value": value},
            )
        year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
        try:
            if day is not None:
                return cls.of_day(dt.date(year, month, day), text)
            if month is not None:
                return cls.of_month(year, month, text)
            return cls.of_year(year, text)
        except ValueError as exc:
            raise ValidationError(
                "%(value)s is not a date on the calendar (%(reason)s).",
                code="invalid_partial_date",
                params={"value": value, "reason": exc},
            ) from exc

    @classmethod
    def _parse_range(cls, value: str, text: str) -> PartialDate:
        """``START/END``, each end ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; errors quote the
        whole value, not only the end at fault."""
        parts = [part.strip() for part in value.split("/")]
        if len(parts) != 2 or not all(_ISO_PARTIAL.match(part) for part in parts):
            raise ValidationError(
                "%(value)s is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or a range of "
                "two such joined by '/' (1960/1965).",
                code="invalid_partial_date",
                params={"value": value},
            )
        try:
            return cls.of_range(cls.parse(parts[0]), cls.parse(parts[1]), text)
        except ValidationError as exc:
            raise ValidationError(
                "%(value)s is not a date range: %(reason)s",
                code="invalid_partial_date",
                params={"value": value, "reason": " ".join(exc.messages)},
            ) from exc

    @classmethod
    def from_columns(
        cls, precision: str, earliest: dt.date | None, latest: dt.date | None, text: str
    ) -> PartialDate:
        return cls(precision or "", earliest, latest, text or "")

    # Reading ------------------------------------------------------------------------------
    @property
    def is_set(self) -> bool:
        return bool(self.precision)

    @property
    def is_known(self) -> bool:
        return self.precision in KNOWN_PRECISIONS

    @property
    def iso(self) -> str:
        """ISO partial form: ``1998``, ``2024-12``, ``2024-12-19``, a range ``1960/1965``;
        blank when unknown."""
        if self.precision == Precision.YEAR:
            return f"{self.earliest.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        if self.precision == Precision.DAY:
            return self.earliest.isoformat()
        if self.precision == Precision.RANGE:
            return f"{_bound_iso(self.earliest, first=True)}/{_bound_iso(self.latest, first=False)}"
        return ""

    def __str__(self) -> str:
        if self.is_known:
            return f"{self.iso} ({self.text})" if self.text else self.iso
        if self.precision == Precision.UNKNOWN:
            return f"unknown ({self.text})" if self.text else "unknown"
        return ""

    # Validation ---------------------------------------------------------------------------
    def errors(self) -> list[str]:
        """What is inconsistent between the four columns (empty when all is well)."""
        if self.precision not in ("", *Precision.values):
            return [f"unknown precision {self.precision!r}"]
        if not self.is_known:
            problems = []
            if self.earliest or self.latest:
                problems.append("an unknown date cannot have a day range")
            if not self.precision and self.text:
                problems.append("words about a date need a date (or precision 'unknown')")
            return problems
        if self.earliest is None or self.latest is None:
            return ["a known date needs its first and last day"]
        if self.precision == Precision.RANGE:
            if self.latest <= self.earliest:
                return ["a date range must end after it starts"]
            single = PartialDate._spanning(self.earliest, self.latest, self.text)
            if single.precision != Precision.RANGE:
                return [
                    f"a range of exactly one {single.precision} must be that {single.precision}"
                ]
            return []
        expected = PartialDate.parse(self.iso)
        if (expected.earliest, expected.latest) != (self.earliest, self.latest):
            return [f"a {self.precision}-precision date must span the whole {self.precision}"]
        return []


def _last_day(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _bound_iso(day: dt.date, *, first: bool) -> str:
    """One end of a range, as coarse as it is exact: 1960-01-01 opens "1960"."""
    if first:
        if (day.month, day.day) == (1, 1):
            return f"{day.year:04d}"
        if day.day == 1:
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()
    if (day.month, day.day) == (12, 31):
        return f"{day.year:04d}"
    if day.day == _last_day(day):
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


class PartialDateDescriptor(property):
    """``instance.<name>`` reads and writes the four columns as one :class:`PartialDate`.

    A ``property`` subclass, so that ``Model(<name>=PartialDate(...))`` works too.
    """

    def __init__(self, name: str):
        self.name = name

        def read(instance) -> PartialDate:
            return PartialDate.from_columns(
                getattr(instance, f"{name}_precision"),
                getattr(instance, f"{name}_earliest"),
                getattr(instance, f"{name}_latest"),
                getattr(instance, f"{name}_text"),
            )

        def write(instance, value: PartialDate | str | None) -> None:
            if value is None:
                value = PartialDate.none()
            elif isinstance(value, str):
                value = PartialDate.parse(value)
            setattr(instance, f"{name}_precision", value.precision)
            setattr(instance, f"{name}_earliest", value.earliest)
            setattr(instance, f"{name}_latest", value.latest)
            setattr(instance, f"{name}_text", value.text)

        super().__init__(read, write, doc=f"The {name} date as a PartialDate.")


def partial_date_fields(verbose_name: str, *, required: bool = True):
    """The four model fields of one partial date, to unpack in a model's class body.

    ``required`` dates may be unknown but never absent (an event always happened at some
    time); optional ones may be absent (precision blank), like a delisting that has not
    happened.
    """
    precision_choices = Precision.choices if required else [("", "none"), *Precision.choices]
    return (
        models.DateField(
            f"{verbose_name}: earliest day",
            null=True,
            blank=True,
            editable=False,
            db_index=True,
        ),
        models.DateField(f"{verbose_name}: latest day", null=True, blank=True, editable=False),
        models.CharField(
            f"{verbose_name}: precision",
            max_length=7,
            choices=precision_choices,
            default=Precision.UNKNOWN if required else "",
            blank=not required,
            editable=False,
        ),
        models.CharField(
            f"{verbose_name}: the source's words",
            max_length=TEXT_MAX_LENGTH,
            blank=True,
            editable=False,
            help_text="What the source says when it gives no exact date, e.g. 'Thursday'.",
        ),
    )


def partial_date_constraints(model_label: str, name: str, *, required: bool = True):
    """Check constraints that keep one partial date's four columns consistent."""
    # A day spans one day; a month, a year or a range more than one.
    day = Q(
        **{
            f"{name}_precision": Precision.DAY,
            f"{name}_earliest__isnull": False,
            f"{name}_latest": models.F(f"{name}_earliest"),
        }
    )
    longer = Q(
        **{
            f"{name}_precision__in": [Precision.MONTH, Precision.YEAR, Precision.RANGE],
            f"{name}_earliest__isnull": False,
            f"{name}_latest__gt": models.F(f"{name}_earliest"),
        }
    )
    known = day | longer
    unknown = Q(
        **{
            f"{name}_precision": Precision.UNKNOWN,
            f"{name}_earliest__isnull": True,
            f"{name}_latest__isnull": True,
        }
    )
    condition = known | unknown
    if not required:
        condition |= Q(
            **{
                f"{name}_precision": "",
                f"{name}_earliest__isnull": True,
                f"{name}_latest__isnull": True,
                f"{name}_text": "",
            }
        )
    return [
        models.CheckConstraint(
            condition=condition,
            name=f"{model_label}_{name}_date_consistent",
            violation_error_message=(
                f"The {name} date is inconsistent: a known date needs its day range, "
                "an unknown one none."
            ),
        )
    ]


def overlaps(name: str, after: dt.date | None = None, before: dt.date | None = None) -> Q:
    """Dates that may fall within [after, before]: 1998 matches 1998-06-01 .. 1998-06-30.

    Unknown and absent dates never match a range.
    """
    q = Q(**{f"{name}_earliest__isnull": False})
    if after is not None:
        q &= Q(**{f"{name}_latest__gte": after})
    if before is not None:
        q &= Q(**{f"{name}_earliest__lte": before})
    return q


def known_by(name: str, day: dt.date) -> Q:
    """Dates certainly on or before ``day`` (2024-12 is known by 2024-12-31, not before)."""
    return Q(**{f"{name}_latest__lte": day})


def sort_key(name: str, *, descending: bool = False):
    """Order expressions for a partial date: by first day, then the narrower first;
    unknown dates last."""
    earliest = models.F(f"{name}_earliest")
    latest = models.F(f"{name}_latest")
    if descending:
        return [earliest.desc(nulls_last=True), latest.desc(nulls_last=True)]
    return [earliest.asc(nulls_last=True), latest.asc(nulls_last=True)]


# The ISO partial form in SQL ----------------------------------------------------------------
class _DateText(models.Func):
    """A date column as ``YYYY-MM-DD`` text on every database (PostgreSQL's own text form
    follows the session's DateStyle; SQLite keeps dates as that text already)."""

    function = ""
    template = "CAST(%(expressions)s AS TEXT)"
    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')")


def _equals(expression, value) -> lookups.Exact:
    if not hasattr(value, "resolve_expression"):
        value = models.Value(value)
    return lookups.Exact(expression, value)


def _piece(text, start: int, length: int):
    return Substr(text, start, length)


def _bound_iso_expression(text, *, first: bool):
    """:func:`_bound_iso` in SQL, over a day as ``YYYY-MM-DD`` text."""
    year, month, day = _piece(text, 1, 4), _piece(text, 1, 7), _piece(text, 9, 2)
    if first:
        whole_year, whole_month = _equals(_piece(text, 6, 5), "01-01"), _equals(day, "01")
    else:
        number = Cast(year, models.IntegerField())
        leap = Q(_equals(Mod(number, 4), 0)) & (
            ~Q(_equals(Mod(number, 100), 0)) | Q(_equals(Mod(number, 400), 0))
        )
        month_number = _piece(text, 6, 2)
        last_day = models.Case(
            models.When(
                _equals(month_number, "02"),
                then=models.Case(
                    models.When(leap, then=models.Value("29")), default=models.Value("28")
                ),
            ),
            models.When(
                lookups.In(month_number, ["04", "06", "09", "11"]),
                then=models.Value("30"),
            ),
            default=models.Value("31"),
        )
        whole_year, whole_month = _equals(_piece(text, 6, 5), "12-31"), _equals(day, last_day)
    return models.Case(
        models.When(whole_year, then=year),
        models.When(whole_month, then=month),
        default=text,
        output_field=models.CharField(),
    )


def iso_expression(name: str) -> models.Expression:
    """:attr:`PartialDate.iso` of the partial date ``name`` computed by the database, for
    reads that select text rather than build records (CSV exports); a test checks that the
    two agree."""
    earliest = _DateText(models.F(f"{name}_earliest"))
    latest = _DateText(models.F(f"{name}_latest"))
    precision = models.F(f"{name}_precision")
    return models.Case(
        models.When(_equals(precision, Precision.YEAR), then=_piece(earliest, 1, 4)),
        models.When(_equals(precision, Precision.MONTH), then=_piece(earliest, 1, 7)),
        models.When(_equals(precision, Precision.DAY), then=earliest),
        models.When(
            _equals(precision, Precision.RANGE),
            then=Concat(
                _bound_iso_expression(earliest, first=True),
                models.Value("/"),
                _bound_iso_expression(latest, first=False),
                output_field=models.CharField(),
            ),
        ),
        default=models.Value(""),
        output_field=models.CharField(),
    )
