"""Delisting designations: all or nothing, cited, with history; never a deletion."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from entities.models import Designation
from entities.services import designations_delist
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests.factories import DesignationFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db

DELISTED = PartialDate.parse("2025-03-01")
QUOTE = "The Department of State today removed the following entities from the list."


@pytest.fixture
def source():
    return SourceFactory(title="Press release: delistings")


@pytest.fixture
def two_designations():
    """Two active designations of two entities, listed 2024-12-18."""
    return [
        DesignationFactory(entity=EntityFactory(name="NDC")),
        DesignationFactory(entity=EntityFactory(name="Akhtar and Sons")),
    ]


def _delisted_columns(designations):
    return list(
        Designation.objects.filter(pk__in=[d.pk for d in designations])
        .order_by("pk")
        .values_list("delisted_precision", "delisted_earliest", "delisted_latest", "delisted_text")
    )


def test_delist_writes_the_date_on_every_designation(two_designations, source, superuser):
    """Each designation gets the delisting date and is no longer active."""
    delisted = designations_delist(
        designations=two_designations, delisted=DELISTED, source=source, quote=QUOTE, user=superuser
    )
    day = dt.date(2025, 3, 1)
    assert _delisted_columns(two_designations) == [("day", day, day, "")] * 2
    assert sorted(d.pk for d in delisted) == sorted(d.pk for d in two_designations)
    assert [d.status for d in delisted] == ["delisted", "delisted"]


def test_delist_cites_the_source_for_the_delisted_field(two_designations, source, superuser):
    """One citation per designation, of the source, for the field "delisted", with the quote."""
    designations_delist(
        designations=two_designations,
        delisted=DELISTED,
        source=source,
        quote=f"  {QUOTE} ",
        locator="para. 2",
        user=superuser,
    )
    citations = Citation.objects.filter(designation__in=two_designations).order_by("designation")
    assert [(c.designation_id, c.source_id, c.field, c.quote, c.locator) for c in citations] == [
        (d.pk, source.pk, "delisted", QUOTE, "para. 2") for d in two_designations
    ]


def test_delist_records_the_user_and_reason_in_history(two_designations, source, superuser):
    """The history row of each delisting holds the user and the reason citing the source."""
    designations_delist(
        designations=two_designations, delisted=DELISTED, source=source, quote=QUOTE, user=superuser
    )
    for designation in two_designations:
        last = Designation.history.filter(id=designation.pk).order_by("-history_id").first()
        assert (last.history_type, last.history_user, last.history_change_reason) == (
            "~",
            superuser,
            "Delisted, citing Press release: delistings",
        )
        assert (last.delisted_precision, last.delisted_earliest) == ("day", dt.date(2025, 3, 1))


def test_delist_reason_fits_the_history_column_for_a_long_source_title(two_designations):
    """Regression: a 500-character source title overflowed history_change_reason (100
    characters), which PostgreSQL refuses."""
    long_source = SourceFactory(title="A very long official list title " * 15)
    designations_delist(
        designations=two_designations, delisted=DELISTED, source=long_source, locator="entry 1"
    )
    last = Designation.history.filter(id=two_designations[0].pk).order_by("-history_id").first()
    assert len(last.history_change_reason) == 100
    assert last.history_change_reason.startswith("Delisted, citing A very long official list")
    assert last.history_change_reason.endswith("…")


def test_delist_records_the_user_on_the_citation_history(two_designations, source, superuser):
    """The citations it writes are in history with the same user."""
    designations_delist(
        designations=two_designations, delisted=DELISTED, source=source, quote=QUOTE, user=superuser
    )
    users = Citation.history.filter(designation__in=two_designations).values_list(
        "history_user", flat=True
    )
    assert list(users) == [superuser.pk, superuser.pk]


def test_delist_changes_nothing_when_one_is_already_delisted(two_designations, source):
    """If one designation is already delisted, none is delisted and nothing is cited."""
    done = DesignationFactory(
        entity=EntityFactory(name="Done"), delisted=PartialDate.parse("2025-01-01")
    )
    history_before = Designation.history.count()

    with pytest.raises(ValidationError) as excinfo:
        designations_delist(
            designations=[*two_designations, done], delisted=DELISTED, source=source, quote=QUOTE
        )

    assert excinfo.value.messages == [
        f"Done by {done.body.code} under {done.programme.code}: already delisted (2025-01-01)."
    ]
    assert _delisted_columns(two_designations) == [("", None, None, "")] * 2
    assert Citation.objects.count() == 0
    assert Designation.history.count() == history_before


def test_delist_changes_nothing_when_the_date_is_before_a_listing(two_designations, source):
    """If the date is before one designation's listing, none is delisted and nothing is cited."""
    later = DesignationFactory(
        entity=EntityFactory(name="Later"), listed=PartialDate.parse("2025-06")
    )

    with pytest.raises(ValidationError) as excinfo:
        designations_delist(
            designations=[*two_designations, later], delisted=DELISTED, source=source, quote=QUOTE
        )

    assert any(
        m.startswith(f"Later by {later.body.code}")
        and "The delisting (2025-03-01) cannot come before the listing (2025-06)." in m
        for m in excinfo.value.messages
    ), excinfo.value.messages
    assert _delisted_columns([*two_designations, later]) == [("", None, None, "")] * 3
    assert Citation.objects.count() == 0


def test_delist_refuses_no_date(two_designations, source):
    """``PartialDate.none()`` is refused on the delisted key: give a date or 'unknown'."""
    with pytest.raises(ValidationError) as excinfo:
        designations_delist(
            designations=two_designations, delisted=PartialDate.none(), source=source, quote=QUOTE
        )
    assert excinfo.value.message_dict == {"delisted": ["Give the delisting date, or 'unknown'."]}
    assert _delisted_columns(two_designations) == [("", None, None, "")] * 2


@pytest.mark.parametrize(("quote", "locator"), [("", ""), ("  ", " \n")], ids=["empty", "blank"])
def test_delist_refuses_a_missing_quote_and_locator(two_designations, source, quote, locator):
    """Without the source's words or a locator the delisting is refused on the quote key."""
    with pytest.raises(ValidationError) as excinfo:
        designations_delist(
            designations=two_designations,
            delisted=DELISTED,
            source=source,
            quote=quote,
            locator=locator,
        )
    assert excinfo.value.message_dict == {
        "quote": ["Give the source's words or a locator for the delisting."]
    }
    assert Citation.objects.count() == 0


def test_delist_accepts_a_locator_without_quote(two_designations, source):
    """A locator alone is enough to cite the delisting."""
    designations_delist(
        designations=two_designations, delisted=DELISTED, source=source, locator="entry 42"
    )
    assert list(Citation.objects.values_list("quote", "locator")) == [("", "entry 42")] * 2


def test_delist_accepts_an_unknown_date_with_the_sources_words(two_designations, source):
    """ "on Thursday" with no date: the designations are delisted on an unknown date, words kept."""
    designations_delist(
        designations=two_designations,
        delisted=PartialDate.unknown("on Thursday"),
        source=source,
        quote=QUOTE,
    )
    assert _delisted_columns(two_designations) == [("unknown", None, None, "on Thursday")] * 2
    assert Designation.objects.active().count() == 0
