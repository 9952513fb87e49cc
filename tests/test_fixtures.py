"""The seed fixtures: they load on any database, load twice without change, carry the
article they come from, and record what the article says (and only that), every record cited.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from entities.choices import CountryRole, RelationshipKind
from entities.models import Body, Designation, Entity, Relationship
from events.models import Event
from sanctions_tracker.models import CuratedModel
from sanctions_tracker.seed import curated_models
from sanctions_tracker.text import fold
from sources.models import CITABLE, Citation, Source

BASE_DIR = Path(settings.BASE_DIR)
FIXTURES_DIR = BASE_DIR / "fixtures"
FIXTURE_PATHS = sorted(FIXTURES_DIR.glob("*.json"))
SEED_ARTICLE = FIXTURES_DIR / "seed_article.json"
ARTICLE_COPY = FIXTURES_DIR / "sources" / "000_de10a107acaa7b55.txt"
SHARED_ARTICLE = BASE_DIR.parent / "shared" / "sources" / "000_de10a107acaa7b55.txt"
ARTICLE_SOURCE_UID = "82f1748f-08ce-4d32-8987-44f339e24f0a"


def load(*paths):
    call_command("loaddata", *[str(p) for p in paths], verbosity=0)


def snapshot():
    """Every row of every model (counts), and every field of every curated record and of
    their many-to-many links, keyed by uid, so that two snapshots compare field by field."""
    # The screening change log is left out: loaddata rewrites every row (that is what it
    # does), and the log rightly records that the index must look again.
    counts = {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.label != "screening.IndexChange"
    }
    records = {}
    for model in curated_models():
        for row in model._base_manager.values():
            records[(model._meta.label, str(row["uid"]))] = row
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            records[(through._meta.label, "all")] = sorted(
                tuple(sorted(row.items())) for row in through._base_manager.values()
            )
    return counts, records


def fixture_objects():
    return [obj for path in FIXTURE_PATHS for obj in json.loads(path.read_text("utf-8"))]


def article_text() -> str:
    return ARTICLE_COPY.read_bytes().decode("utf-8")


def test_there_are_fixtures():
    """The seed fixtures folder holds the seed article's fixture and the article itself."""
    assert SEED_ARTICLE in FIXTURE_PATHS
    assert ARTICLE_COPY.is_file()


@pytest.mark.django_db
def test_fixtures_load_and_loading_twice_changes_nothing():
    """The fixtures load on an empty database, and loading them again leaves every table
    with the same number of rows and every curated record with the same field values."""
    assert not Entity.objects.exists()
    load(*FIXTURE_PATHS)
    counts, records = snapshot()
    assert counts["entities.Entity"] == 6
    assert counts["sources.Citation"] > 0

    load(*FIXTURE_PATHS)

    assert snapshot() == (counts, records)


@pytest.mark.django_db
@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=lambda p: p.name)
def test_each_fixture_file_loads_alone(path):
    """Each fixture file is self-contained: it loads alone on an empty database."""
    load(path)
    assert sum(m._base_manager.count() for m in curated_models()) == len(
        json.loads(path.read_text("utf-8"))
    )


@pytest.mark.django_db
def test_load_seed_writes_a_first_history_entry_once():
    """load_seed loads the fixtures and gives every loaded record a history; run again, it
    adds no record and writes no history entry."""
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    n_objects = len(fixture_objects())
    assert f"{n_objects} records added" in out.getvalue()
    for model in curated_models():
        for record in model._base_manager.all():
            assert record.history.exists(), f"{model._meta.label} {record} has no history"
    counts, records = snapshot()

    out = io.StringIO()
    call_command("load_seed", stdout=out)

    assert "0 records added" in out.getvalue()
    assert "0 first history entries written" in out.getvalue()
    assert snapshot() == (counts, records)


@pytest.mark.django_db
def test_load_seed_first_history_entry_is_the_only_one():
    """After load_seed every seed record has exactly one history row: its '+' first entry,
    which holds its many-to-many values too (regression: setting them wrote '~' rows)."""
    call_command("load_seed", stdout=io.StringIO())
    for model in curated_models():
        for record in model._base_manager.all():
            assert list(record.history.values_list("history_type", flat=True)) == ["+"], (
                f"{model._meta.label} {record}"
            )
    designation = Designation.objects.get()
    first = designation.history.get()
    assert {m.measure.code for m in first.measures.all()} == {"asset_freeze", "transaction_ban"}


@pytest.mark.django_db
def test_the_article_copy_is_the_source_text():
    """The article kept in fixtures/sources is, byte for byte, the Source's text, and the
    Source's SHA-256 is that of those bytes."""
    load(SEED_ARTICLE)
    source = Source.objects.get(uid=ARTICLE_SOURCE_UID)
    raw = ARTICLE_COPY.read_bytes()
    assert source.text == raw.decode("utf-8")
    assert source.sha256 == hashlib.sha256(raw).hexdigest() == Source.sha256_of_text(source.text)
    assert source.kind == "news_article"
    assert source.published.precision == "unknown"
    assert not source.retrieved.is_set
    if SHARED_ARTICLE.is_file():
        assert raw == SHARED_ARTICLE.read_bytes()


@pytest.mark.django_db
def test_the_articles_facts():
    """The NDC, in Pakistan with an address in Islamabad, is designated (active) by the US
    Department of State with an asset freeze and a transaction ban, under no stated programme
    and on an unknown date; an unnamed Chinese research institute collaborated with it; both
    1998 nuclear tests are known to the year; the Ministry's statement and Finer's remarks
    happened on an unknown "Thursday"; Jon Finer acts for the White House."""
    load(*FIXTURE_PATHS)

    ndc = Entity.objects.get(name="National Development Complex")
    assert list(Entity.objects.designated_by("US-DOS").in_country("PK")) == [ndc]
    assert list(Entity.objects.search("NDC")) == [ndc]
    assert ndc.countries.get().role == CountryRole.LOCATED_IN
    assert ndc.addresses.get().city == "Islamabad"
    assert ndc.addresses.get().country.code == "PK"

    designation = Designation.objects.get(entity=ndc)
    assert designation.body.code == "US-DOS"
    assert designation.status == "active"
    assert set(designation.measures.values_list("code", flat=True)) == {
        "asset_freeze",
        "transaction_ban",
    }
    assert designation.programme is None
    assert designation.listed.precision == "unknown"
    assert designation.listed.text == ""
    assert "SHAHEEN" in designation.reason
    assert [a.name for a in designation.targeted_activities.all()] == [
        "Pakistan's long-range ballistic missile programme"
    ]

    institute = Entity.objects.get(name_is_description=True)
    assert institute.name == "a Chinese research institute"
    assert institute.countries.get().country.code == "CN"
    assert Relationship.objects.filter(
        subject=institute, kind=RelationshipKind.COLLABORATED_WITH, object=ndc
    ).exists()

    tests = Event.objects.filter(kind="nuclear_test")
    assert {e.country.code for e in tests} == {"IN", "PK"}
    for event in tests:
        assert event.occurred.precision == "year"
        assert event.occurred.iso == "1998"

    statement = Event.objects.get(kind="statement")
    remarks = Event.objects.get(kind="speech")
    for event in (statement, remarks):
        assert event.occurred.precision == "unknown"
        assert event.occurred.text == "Thursday"
    assert "dangerous implications for the strategic stability of our region and beyond" in (
        statement.description
    )
    assert "discriminatory" in statement.description
    assert list(statement.designations.all()) == [designation]
    assert {(p.entity.name, p.role) for p in statement.participants.all()} == {
        ("Ministry of Foreign Affairs", "actor"),
        ("National Development Complex", "subject"),
    }
    finer_quote = (  # the article's curly apostrophes
        "It\u2019s hard for us to see Pakistan\u2019s actions as anything other than an "
        "emerging threat to the United States"
    )
    assert finer_quote in remarks.description
    assert {(p.entity.name, p.role) for p in remarks.participants.all()} == {
        ("Jon Finer", "speaker"),
        ("Carnegie Endowment for International Peace", "venue"),
    }

    sanctions = Event.objects.get(designations=designation, kind="designation")
    assert [(p.entity, p.role) for p in sanctions.participants.all()] == [(ndc, "target")]
    earlier = Event.objects.get(kind="designation", participants__entity=institute)
    assert earlier.occurred.precision == "unknown"

    finer = Entity.objects.get(name="Jon Finer")
    white_house = Entity.objects.get(name="White House")
    assert Relationship.objects.filter(
        subject=finer, kind=RelationshipKind.ACTS_FOR, object=white_house
    ).exists()

    assert Body.objects.get(code="US-DOS").imposes_sanctions
    ministry = Body.objects.get(code="PK-MOFA")
    assert not ministry.imposes_sanctions
    assert ministry.entity.name == "Ministry of Foreign Affairs"
    assert not Body.objects.get(code="US-WH").imposes_sanctions


@pytest.mark.django_db
def test_every_record_is_cited_verbatim():
    """Every curated record in the fixtures (all but sources and citations) has at least one
    citation, and every citation quotes its source word for word."""
    load(*FIXTURE_PATHS)
    citable = {label: name for name, label in CITABLE}
    models = [
        m for m in apps.get_models() if issubclass(m, CuratedModel) and m not in (Citation, Source)
    ]
    assert models
    for model in models:
        assert model._meta.label in citable, f"{model._meta.label} cannot be cited"
        field = citable[model._meta.label]
        uncited = model._base_manager.exclude(
            pk__in=Citation.objects.filter(**{f"{field}__isnull": False}).values(field)
        )
        assert not uncited.exists(), f"uncited {model._meta.label}: {list(uncited)}"

    assert Citation.objects.exists()
    for citation in Citation.objects.select_related("source"):
        assert citation.target is not None
        if citation.quote:
            assert citation.quote in citation.source.text, citation.quote
    article = Source.objects.get(uid=ARTICLE_SOURCE_UID)
    assert article.citations.count() == Citation.objects.count()


def test_name_folded_is_the_folded_name():
    """Fixtures carry name_folded (loaddata does not call save()): it equals fold(name)."""
    named = [o for o in fixture_objects() if "name_folded" in o["fields"]]
    assert named
    for obj in named:
        assert obj["fields"]["name_folded"] == fold(obj["fields"]["name"]), obj


def test_the_seed_fixture_is_what_its_script_builds():
    """fixtures/seed_article.json is exactly what scripts/build_seed_fixture.py builds, so
    the records in the script and the fixture never drift apart."""
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "scripts" / "build_seed_fixture.py"), "--check"],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
