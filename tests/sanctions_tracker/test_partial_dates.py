"""Partial and vague dates: parsing, reading out, the model descriptor, sorting, range filters
and the database check that keeps the four columns consistent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from entities.models import Designation, TargetedActivity
from events.choices import EventKind
from events.models import Event
from sanctions_tracker.partial_dates import PartialDate, known_by, overlaps, sort_key
from tests.factories import EventFactory
from tests.sanctions_tracker import rejected_by_database, validation_errors

D = dt.date


# Parsing ------------------------------------------------------------------------------------
def test_parse_year_spans_the_whole_year():
    """``1998`` is known to the year: 1998-01-01 .. 1998-12-31, read out as ``1998``."""
    date = PartialDate.parse("1998")
    assert (date.precision, date.earliest, date.latest) == ("year", D(1998, 1, 1), D(1998, 12, 31))
    assert date.iso == "1998"


def test_parse_month_spans_the_whole_month():
    """``2024-12`` is known to the month: 2024-12-01 .. 2024-12-31, read out as ``2024-12``."""
    date = PartialDate.parse("2024-12")
    assert (date.precision, date.earliest, date.latest) == (
        "month",
        D(2024, 12, 1),
        D(2024, 12, 31),
    )
    assert date.iso == "2024-12"


def test_parse_day_is_a_single_day():
    """``2024-12-19`` is known to the day: earliest and latest are that day."""
    date = PartialDate.parse("2024-12-19")
    assert (date.precision, date.earliest, date.latest) == ("day", D(2024, 12, 19), D(2024, 12, 19))
    assert date.iso == "2024-12-19"


def test_parse_keeps_the_sources_words_beside_a_known_date():
    """The source's words are kept (stripped) beside the parsed date and shown by str()."""
    date = PartialDate.parse(" 1998 ", text="  in 1998 ")
    assert date.text == "in 1998"
    assert str(date) == "1998 (in 1998)"


def test_str_of_a_known_date_without_words_is_its_iso_form():
    """A known date with no words reads out as its ISO partial form alone."""
    assert str(PartialDate.parse("2024-12-19")) == "2024-12-19"


def test_month_of_february_in_a_leap_year_ends_on_the_29th():
    """``2024-02`` ends on 2024-02-29 (2024 is a leap year)."""
    assert PartialDate.parse("2024-02").latest == D(2024, 2, 29)


def test_month_of_february_in_a_common_year_ends_on_the_28th():
    """``2023-02`` ends on 2023-02-28 (2023 is not a leap year)."""
    assert PartialDate.parse("2023-02").latest == D(2023, 2, 28)


@pytest.mark.parametrize(
    "value",
    [
        "2024-13",
        "2024-02-30",
        "2023-02-29",
        "98",
        "1998/12",
        "1965/1960",
        "a/b/c",
        "1960/1965/1970",
        "/1965",
        "1960/",
        "unknown/1965",
        "1960/2024-13",
    ],
)
def test_parse_refuses_what_is_not_a_date_and_names_the_value(value):
    """Impossible or malformed dates raise a ValidationError whose message quotes the value."""
    with pytest.raises(ValidationError) as excinfo:
        PartialDate.parse(value)
    assert excinfo.value.code == "invalid_partial_date"
    assert value in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["", "   ", "unknown", "UNKNOWN"])
def test_parse_of_blank_or_unknown_gives_an_unknown_date(value):
    """A blank value or the word 'unknown' gives an unknown date, keeping the words given."""
    assert PartialDate.parse(value, text="Thursday") == PartialDate(
        precision="unknown", earliest=None, latest=None, text="Thursday"
    )


# Ranges -------------------------------------------------------------------------------------
def test_parse_range_of_years_spans_from_the_first_to_the_last_year():
    """``1960/1965`` ("between 1960 and 1965") is a range: 1960-01-01 .. 1965-12-31."""
    date = PartialDate.parse("1960/1965")
    assert (date.precision, date.earliest, date.latest) == (
        "range",
        D(1960, 1, 1),
        D(1965, 12, 31),
    )
    assert (date.iso, date.is_known, str(date)) == ("1960/1965", True, "1960/1965")


def test_parse_range_with_a_month_at_one_end():
    """``1960-03/1961``: from the first day of March 1960 to the last day of 1961."""
    date = PartialDate.parse("1960-03/1961")
    assert (date.precision, date.earliest, date.latest) == (
        "range",
        D(1960, 3, 1),
        D(1961, 12, 31),
    )
    assert date.iso == "1960-03/1961"


def test_parse_range_keeps_the_sources_words():
    """The words ("BETWEEN 1960 AND 1965") are kept beside a range, as beside any date."""
    date = PartialDate.parse(" 1960 / 1965 ", text=" BETWEEN 1960 AND 1965 ")
    assert (date.iso, date.text) == ("1960/1965", "BETWEEN 1960 AND 1965")
    assert str(date) == "1960/1965 (BETWEEN 1960 AND 1965)"


def test_parse_range_running_backwards_is_refused():
    """``1965/1960`` ends before it starts: a ValidationError that says so."""
    with pytest.raises(ValidationError) as excinfo:
        PartialDate.parse("1965/1960")
    assert excinfo.value.messages == [
        "1965/1960 is not a date range: the end, 1960, is before the start, 1965."
    ]


def test_parse_range_of_three_ends_is_refused():
    """``a/b/c`` is no date and no range."""
    with pytest.raises(ValidationError) as excinfo:
        PartialDate.parse("a/b/c")
    assert "a/b/c is not a date" in excinfo.value.messages[0]
    assert "1960/1965" in excinfo.value.messages[0]  # the message shows how to write one


@pytest.mark.parametrize(
    ("value", "precision", "iso"),
    [
        ("1960/1960", "year", "1960"),
        ("1960-01/1960-12", "year", "1960"),
        ("1960-02-01/1960-02-29", "month", "1960-02"),
        ("1960-05-04/1960-05-04", "day", "1960-05-04"),
        ("1960/1960-01-01", "day", "1960-01-01"),
    ],
)
def test_parse_range_of_exactly_one_year_month_or_day_is_that_date(value, precision, iso):
    """A range that spans exactly one year, month or day is that year, month or day."""
    date = PartialDate.parse(value)
    assert (date.precision, date.iso) == (precision, iso)
    assert date == PartialDate.parse(iso)


@pytest.mark.parametrize(
    "value",
    [
        "1960/1965",
        "1960-03/1961",
        "1960/1961-06",
        "1960-03-15/1960-04-02",
        "1960-12-31/1961-01-01",
        "1960/1960-03",
    ],
)
def test_range_reads_out_as_it_was_written(value):
    """A range's ISO form is what was written, and parsing it gives the same range back."""
    date = PartialDate.parse(value)
    assert date.precision == "range"
    assert date.iso == value
    assert PartialDate.parse(date.iso) == date
    assert date.errors() == []


def test_range_of_month_bounds_reads_out_as_coarse_as_it_is_exact():
    """``1960-01/1961-12`` is the same span as ``1960/1961``, and reads out so."""
    assert PartialDate.parse("1960-01/1961-12").iso == "1960/1961"
    assert PartialDate.parse("1960-01/1961-12") == PartialDate.parse("1960/1961")


def test_of_range_refuses_an_unknown_end():
    """``of_range`` needs two known dates."""
    with pytest.raises(ValidationError) as excinfo:
        PartialDate.of_range(PartialDate.unknown(), PartialDate.parse("1965"))
    assert excinfo.value.code == "invalid_partial_date"


# Unknown and absent dates -------------------------------------------------------------------
def test_unknown_date_keeps_the_sources_words():
    """An unknown date has no day range and keeps the source's words ("Thursday")."""
    date = PartialDate.unknown("  Thursday ")
    assert (date.precision, date.earliest, date.latest, date.text) == (
        "unknown",
        None,
        None,
        "Thursday",
    )
    assert (date.is_set, date.is_known, date.iso) == (True, False, "")


def test_str_of_an_unknown_date_shows_the_words():
    """An unknown date with words reads "unknown (Thursday)"; without words, "unknown"."""
    assert str(PartialDate.unknown("Thursday")) == "unknown (Thursday)"
    assert str(PartialDate.unknown()) == "unknown"


def test_none_is_no_date_at_all():
    """``PartialDate.none()`` is the absence of a date: blank precision, not set, empty text."""
    date = PartialDate.none()
    assert (date.precision, date.earliest, date.latest, date.text) == ("", None, None, "")
    assert (date.is_set, date.is_known, date.iso, str(date)) == (False, False, "", "")


# Consistency of the four columns ------------------------------------------------------------
@pytest.mark.parametrize(
    ("date", "problem"),
    [
        (PartialDate("year", None, None), "a known date needs its first and last day"),
        (
            PartialDate("unknown", D(2024, 1, 1), D(2024, 1, 1)),
            "an unknown date cannot have a day range",
        ),
        (
            PartialDate("", None, None, "Thursday"),
            "words about a date need a date (or precision 'unknown')",
        ),
        (
            PartialDate("month", D(2024, 12, 1), D(2024, 12, 30)),
            "a month-precision date must span the whole month",
        ),
        (
            PartialDate("year", D(1998, 1, 1), D(1998, 6, 30)),
            "a year-precision date must span the whole year",
        ),
        (PartialDate("week", D(2024, 1, 1), D(2024, 1, 7)), "unknown precision 'week'"),
        (
            PartialDate("range", D(1965, 1, 1), D(1960, 12, 31)),
            "a date range must end after it starts",
        ),
        (
            PartialDate("range", D(1960, 1, 1), D(1960, 1, 1)),
            "a date range must end after it starts",
        ),
        (
            PartialDate("range", D(1960, 1, 1), D(1960, 12, 31)),
            "a range of exactly one year must be that year",
        ),
        (PartialDate("range", D(1960, 1, 1), None), "a known date needs its first and last day"),
    ],
    ids=[
        "year-no-days",
        "unknown-with-days",
        "words-no-date",
        "short-month",
        "half-year",
        "week",
        "range-backwards",
        "range-of-one-day",
        "range-of-one-year",
        "range-without-end",
    ],
)
def test_errors_name_what_is_inconsistent(date, problem):
    """``errors()`` explains what is wrong with an inconsistent set of columns."""
    assert date.errors() == [problem]


@pytest.mark.parametrize(
    "date",
    [
        PartialDate.parse("1998"),
        PartialDate.parse("2024-02"),
        PartialDate.parse("2024-12-19", "Thursday"),
        PartialDate.unknown("Thursday"),
        PartialDate.none(),
        PartialDate.parse("1960/1965", "BETWEEN 1960 AND 1965"),
        PartialDate("range", D(1960, 3, 15), D(1960, 3, 16)),
    ],
    ids=["year", "month", "day", "unknown", "none", "range", "range-of-two-days"],
)
def test_errors_are_empty_for_consistent_dates(date):
    """Dates built by the constructors have no errors."""
    assert date.errors() == []


# The model descriptor -----------------------------------------------------------------------
def test_descriptor_writes_the_four_columns():
    """Assigning a PartialDate sets ``<name>_precision/_earliest/_latest/_text``."""
    event = Event()
    event.occurred = PartialDate.parse("2024-12", text="in December")
    assert (
        event.occurred_precision,
        event.occurred_earliest,
        event.occurred_latest,
        event.occurred_text,
    ) == ("month", D(2024, 12, 1), D(2024, 12, 31), "in December")


def test_descriptor_reads_the_four_columns():
    """Reading the descriptor assembles the PartialDate from the four columns."""
    event = Event(
        occurred_precision="unknown",
        occurred_earliest=None,
        occurred_latest=None,
        occurred_text="Thursday",
    )
    assert event.occurred == PartialDate.unknown("Thursday")


def test_descriptor_accepts_an_iso_string():
    """Assigning ``"1998"`` parses it into a year-precision date."""
    event = Event()
    event.occurred = "1998"
    assert (event.occurred_precision, event.occurred_earliest, event.occurred_latest) == (
        "year",
        D(1998, 1, 1),
        D(1998, 12, 31),
    )


def test_descriptor_refuses_an_invalid_string():
    """Assigning a string that is not a date raises the parser's ValidationError."""
    event = Event()
    with pytest.raises(ValidationError, match="1998/12"):
        event.occurred = "1998/12"


def test_descriptor_writes_none_as_no_date():
    """Assigning None clears an optional date (a delisting that has not happened)."""
    designation = Designation(delisted=PartialDate.parse("2025-03-01"))
    designation.delisted = None
    assert (
        designation.delisted_precision,
        designation.delisted_earliest,
        designation.delisted_latest,
        designation.delisted_text,
    ) == ("", None, None, "")


def test_constructor_accepts_a_partial_date_keyword():
    """``Model(listed=PartialDate(...))`` sets the columns, as a property keyword."""
    designation = Designation(listed=PartialDate.parse("2024-12-18"), delisted="2025")
    assert (designation.listed_precision, designation.listed_earliest) == (
        "day",
        D(2024, 12, 18),
    )
    assert (designation.delisted_precision, designation.delisted_latest) == (
        "year",
        D(2025, 12, 31),
    )


@pytest.mark.django_db
def test_partial_date_round_trips_through_the_database():
    """A saved unknown date with words reads back equal after a reload."""
    event = EventFactory(occurred=PartialDate.unknown("Thursday"))
    event.refresh_from_db()
    assert event.occurred == PartialDate.unknown("Thursday")


# Sorting and range filters with real rows ---------------------------------------------------
def _titles(queryset):
    return list(queryset.values_list("title", flat=True))


@pytest.mark.django_db
def test_default_ordering_puts_dates_by_first_day_and_unknown_last():
    """Event order: 1998 (year) before 1998-05 before 1998-05-28, unknown dates last."""
    for title, date in [
        ("day", "1998-05-28"),
        ("unknown", PartialDate.unknown("Thursday")),
        ("month", "1998-05"),
        ("year", "1998"),
    ]:
        EventFactory(title=title, occurred=date)
    assert _titles(Event.objects.all()) == ["year", "month", "day", "unknown"]


@pytest.mark.django_db
def test_default_ordering_puts_the_narrower_date_first_on_the_same_first_day():
    """Dates starting the same day sort narrower first: 1998-01-01, 1998-01, then 1998."""
    for title, date in [("year", "1998"), ("month", "1998-01"), ("day", "1998-01-01")]:
        EventFactory(title=title, occurred=date)
    assert _titles(Event.objects.all()) == ["day", "month", "year"]


@pytest.mark.django_db
def test_sort_key_descending_puts_the_latest_first_and_unknown_still_last():
    """``sort_key(descending=True)``: 1998-05-28, 1998-05, 1998, then unknown dates."""
    for title, date in [
        ("year", "1998"),
        ("unknown", PartialDate.unknown()),
        ("day", "1998-05-28"),
        ("month", "1998-05"),
    ]:
        EventFactory(title=title, occurred=date)
    ordered = Event.objects.order_by(*sort_key("occurred", descending=True))
    assert _titles(ordered) == ["day", "month", "year", "unknown"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after", "before", "matches"),
    [
        (D(1998, 6, 1), D(1998, 6, 30), True),
        (D(1998, 12, 31), D(1999, 1, 5), True),
        (D(1997, 12, 1), D(1998, 1, 1), True),
        (D(1999, 1, 1), D(1999, 12, 31), False),
        (D(1997, 1, 1), D(1997, 12, 31), False),
    ],
    ids=["inside", "last-day", "first-day", "year-after", "year-before"],
)
def test_overlaps_matches_a_year_when_the_range_touches_it(after, before, matches):
    """A year-1998 event may fall in any range sharing a day with 1998, and no other."""
    EventFactory(title="tests", occurred="1998")
    found = Event.objects.filter(overlaps("occurred", after, before))
    assert _titles(found) == (["tests"] if matches else [])


@pytest.mark.django_db
def test_overlaps_with_one_bound_is_open_on_the_other_side():
    """``overlaps(after=...)`` alone keeps dates that may end on or after that day."""
    EventFactory(title="1998", occurred="1998")
    EventFactory(title="2024", occurred="2024-12-19")
    assert _titles(Event.objects.filter(overlaps("occurred", after=D(1999, 1, 1)))) == ["2024"]
    assert _titles(Event.objects.filter(overlaps("occurred", before=D(1998, 12, 31)))) == ["1998"]


@pytest.mark.django_db
def test_overlaps_never_matches_an_unknown_date():
    """Unknown dates are left out of any range, even an unbounded one."""
    EventFactory(title="unknown", occurred=PartialDate.unknown("Thursday"))
    EventFactory(title="known", occurred="2024-12-19")
    assert _titles(Event.objects.filter(overlaps("occurred", D(1900, 1, 1), D(2100, 1, 1)))) == [
        "known"
    ]
    assert _titles(Event.objects.filter(overlaps("occurred"))) == ["known"]


@pytest.mark.django_db
def test_known_by_needs_the_whole_span_to_have_passed():
    """``known_by``: 2024-12 is certainly past by 2024-12-31, not by 2024-12-30."""
    EventFactory(title="december", occurred="2024-12")
    EventFactory(title="unknown", occurred=PartialDate.unknown())
    assert _titles(Event.objects.filter(known_by("occurred", D(2024, 12, 31)))) == ["december"]
    assert _titles(Event.objects.filter(known_by("occurred", D(2024, 12, 30)))) == []


@pytest.mark.django_db
def test_ordering_puts_a_range_by_its_first_then_its_last_day():
    """1998, then 1998/2000 (same first day, later last day), then 1999, unknown last."""
    for title, date in [
        ("1999", "1999"),
        ("unknown", PartialDate.unknown()),
        ("1998/2000", "1998/2000"),
        ("1998", "1998"),
    ]:
        EventFactory(title=title, occurred=date)
    assert _titles(Event.objects.all()) == ["1998", "1998/2000", "1999", "unknown"]
    descending = Event.objects.order_by(*sort_key("occurred", descending=True))
    assert _titles(descending) == ["1999", "1998/2000", "1998", "unknown"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after", "before", "matches"),
    [
        (D(1999, 6, 1), D(1999, 6, 30), True),
        (D(2000, 12, 31), None, True),
        (None, D(1998, 1, 1), True),
        (D(2001, 1, 1), None, False),
        (None, D(1997, 12, 31), False),
    ],
    ids=["inside", "last-day", "first-day", "after-it", "before-it"],
)
def test_overlaps_matches_a_range_when_the_bounds_touch_it(after, before, matches):
    """A 1998/2000 event may fall in any range sharing a day with 1998-01-01 .. 2000-12-31."""
    EventFactory(title="between 1998 and 2000", occurred="1998/2000")
    found = Event.objects.filter(overlaps("occurred", after, before))
    assert _titles(found) == (["between 1998 and 2000"] if matches else [])


@pytest.mark.django_db
def test_known_by_needs_the_whole_range_to_have_passed():
    """A 1998/2000 event is certainly past by 2000-12-31, not by 2000-12-30."""
    EventFactory(title="range", occurred="1998/2000")
    assert _titles(Event.objects.filter(known_by("occurred", D(2000, 12, 31)))) == ["range"]
    assert _titles(Event.objects.filter(known_by("occurred", D(2000, 12, 30)))) == []


# The database check -------------------------------------------------------------------------
def _event(**columns):
    return Event(kind=EventKind.STATEMENT, title="A statement", **columns)


INCONSISTENT_EVENT_DATES = {
    "known-without-days": {"occurred_precision": "year", "occurred_earliest": None},
    "latest-before-earliest": {
        "occurred_precision": "day",
        "occurred_earliest": D(2024, 12, 19),
        "occurred_latest": D(2024, 12, 18),
    },
    "blank-on-a-required-date": {"occurred_precision": ""},
    "unknown-with-days": {
        "occurred_precision": "unknown",
        "occurred_earliest": D(2024, 12, 19),
        "occurred_latest": D(2024, 12, 19),
    },
    "range-latest-before-earliest": {
        "occurred_precision": "range",
        "occurred_earliest": D(1965, 1, 1),
        "occurred_latest": D(1960, 12, 31),
    },
    "range-of-no-length": {
        "occurred_precision": "range",
        "occurred_earliest": D(1960, 1, 1),
        "occurred_latest": D(1960, 1, 1),
    },
    "range-without-days": {"occurred_precision": "range", "occurred_earliest": None},
}


@pytest.mark.django_db
@pytest.mark.parametrize("columns", INCONSISTENT_EVENT_DATES.values(), ids=INCONSISTENT_EVENT_DATES)
def test_database_refuses_inconsistent_date_columns(columns):
    """``event_occurred_date_consistent`` refuses inconsistent columns, bypassing validation."""
    with rejected_by_database("event_occurred_date_consistent"):
        _event(**columns).save()


@pytest.mark.django_db
@pytest.mark.parametrize("columns", INCONSISTENT_EVENT_DATES.values(), ids=INCONSISTENT_EVENT_DATES)
def test_validation_refuses_inconsistent_date_columns(columns):
    """``full_clean`` refuses the same columns with the constraint's message."""
    errors = validation_errors(_event(**columns))
    assert any("The occurred date is inconsistent" in m for m in errors["__all__"])


@pytest.mark.django_db
def test_database_refuses_words_without_a_date_on_an_optional_date():
    """An optional date with words but blank precision breaks
    ``targetedactivity_since_date_consistent``."""
    with rejected_by_database("targetedactivity_since_date_consistent"):
        TargetedActivity.objects.create(name="A programme", since_precision="", since_text="1998")


@pytest.mark.django_db
def test_validation_refuses_words_without_a_date_on_an_optional_date():
    """``full_clean`` refuses words without a date with the constraint's message."""
    activity = TargetedActivity(name="A programme", since_precision="", since_text="1998")
    errors = validation_errors(activity)
    assert errors["__all__"] == [
        "The since date is inconsistent: a known date needs its day range, an unknown one none."
    ]


@pytest.mark.django_db
def test_database_accepts_no_date_on_an_optional_date():
    """An optional date may be absent altogether (blank precision, no days, no words)."""
    activity = TargetedActivity.objects.create(name="A programme", since=PartialDate.none())
    activity.refresh_from_db()
    assert activity.since == PartialDate.none()


@pytest.mark.django_db
def test_database_accepts_a_range_and_reads_it_back():
    """A range saves (the check accepts precision ``range``) and reads back equal."""
    event = EventFactory(occurred=PartialDate.parse("1960-03/1965", "BETWEEN 1960 AND 1965"))
    event.refresh_from_db()
    assert event.occurred == PartialDate.parse("1960-03/1965", "BETWEEN 1960 AND 1965")
    assert (event.occurred_precision, event.occurred_earliest, event.occurred_latest) == (
        "range",
        D(1960, 3, 1),
        D(1965, 12, 31),
    )


@pytest.mark.django_db
def test_database_accepts_a_range_on_an_optional_date():
    """An optional date (a targeted activity's ``since``) may be a range too."""
    activity = TargetedActivity.objects.create(name="A programme", since="1998/2001")
    activity.refresh_from_db()
    assert (activity.since_precision, activity.since.iso) == ("range", "1998/2001")
