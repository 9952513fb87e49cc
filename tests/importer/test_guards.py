"""The damaged-list checks on the real samples: what they let through, their floors and
settings, the warnings compared with the previous run, and the admin upload's checkboxes."""

import shutil

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from importer import guards
from importer.models import ImportRun, ImportStatus
from importer.records import OrphanRow, ParsedSource, ParseWarning
from importer.registry import LISTS
from importer.services import ImportRefused, import_list
from jobs.models import Job, JobStatus
from sanctions_tracker import settings as project_settings
from tests.importer.conftest import (
    OFAC_NDC,
    OFAC_NON_SDN,
    OFAC_TINY,
    UK_SAMPLE,
    UN_SAMPLE,
    db_checksum,
    rewrite_rows,
)

pytestmark = pytest.mark.django_db

SAMPLES = [
    ("ofac-sdn", OFAC_TINY),
    ("ofac-sdn", OFAC_NDC),
    ("ofac-non-sdn", OFAC_NON_SDN),
    ("un-sc", UN_SAMPLE),
    ("uk-ofsi", UK_SAMPLE),
]


@pytest.mark.parametrize(("source", "path"), SAMPLES, ids=[p.name for _, p in SAMPLES])
def test_the_real_samples_pass_every_check(source, path):
    parsed = LISTS[source].parse(path)
    assert guards.orphan_rows(parsed) is None
    assert guards.refusal(source, parsed, active=0, gone=0, overrides=guards.Overrides()) is None


def test_the_tiny_sample_has_nine_orphan_rows_by_design():
    parsed = LISTS["ofac-sdn"].parse(OFAC_TINY)
    assert len(parsed.orphans) == len({o.reference for o in parsed.orphans}) == 9
    assert {(o.file, o.main_file) for o in parsed.orphans} == {
        ("add.csv", "sdn.csv"),
        ("alt.csv", "sdn.csv"),
    }
    assert {(o.file, o.line) for o in parsed.orphans} <= {(w.file, w.line) for w in parsed.warnings}


def test_orphan_rows_above_the_setting_are_refused_unless_allowed(settings):
    settings.IMPORT_MAX_ORPHAN_ENTRIES = 8
    before = db_checksum()
    with pytest.raises(ImportRefused) as refused:
        import_list("ofac-sdn", OFAC_TINY)
    assert str(refused.value) == (
        "sdn-tiny: sdn.csv lost entries: 9 rows of add.csv (4) and alt.csv (5) name 9 entries "
        "that it does not have (more than 8; a whole list has a few): run again with "
        "--allow-orphan-rows if it is right"
    )
    assert db_checksum() == before
    assert import_list("ofac-sdn", OFAC_TINY, allow_orphan_rows=True).run.added == 17


def test_a_non_sdn_list_cut_short_is_refused_on_its_first_import(tmp_path):
    folder = tmp_path / "non-sdn"
    shutil.copytree(OFAC_NON_SDN, folder)
    rewrite_rows(folder / "cons_prim.csv", lambda lines: lines[:400])  # 42 of 442 gone
    with pytest.raises(ImportRefused) as refused:
        import_list("ofac-non-sdn", folder)
    assert str(refused.value) == (
        "non-sdn: cons_prim.csv lost entries: 130 rows of cons_add.csv (54) and cons_alt.csv "
        "(76) name 42 entries that it does not have (more than 25; a whole list has a few): "
        "run again with --allow-orphan-rows if it is right"
    )
    assert import_list("ofac-non-sdn", folder, allow_orphan_rows=True).run.added == 400


@pytest.mark.parametrize(("kept", "delisted"), [(4, 1), (3, 2)])
def test_a_small_list_may_lose_two_entries(ndc_copy, kept, delisted):
    """5% of 5 entries is a quarter of one: the floor lets a real update through."""
    import_list("ofac-sdn", OFAC_NDC)
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:kept])
    assert import_list("ofac-sdn", ndc_copy).run.delisted == delisted


def test_three_of_five_is_more_than_the_floor(ndc_copy):
    import_list("ofac-sdn", OFAC_NDC)
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])
    with pytest.raises(ImportRefused) as refused:
        import_list("ofac-sdn", ndc_copy)
    assert str(refused.value) == (
        "ndc: would delist 3 of the 5 active entries of ofac-sdn (60%, more than 2 entries): "
        "a sign of a broken or partial download; run again with --allow-mass-delisting if it "
        "is right"
    )


@pytest.mark.parametrize(
    ("shares", "refused"),
    [
        ({"default": 0.05, "ofac-sdn": 0.6}, False),
        ({"default": 0.6}, False),
        ({"default": 0.6, "ofac-sdn": 0.5}, True),
    ],
)
def test_the_share_is_set_per_list(settings, ndc_copy, shares, refused):
    settings.IMPORT_MAX_DELISTING_SHARE = shares
    import_list("ofac-sdn", OFAC_NDC)
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])
    if refused:
        with pytest.raises(ImportRefused, match=r"\(60%, more than 50%\)"):
            import_list("ofac-sdn", ndc_copy)
    else:
        assert import_list("ofac-sdn", ndc_copy).run.delisted == 3


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ({"default": 0.05, "ofac_sdn": 0.1}, "unknown list 'ofac_sdn'"),
        ({"default": 5}, "5 is not a share from 0 to 1"),
        ({"un-sc": 0.1}, "None is not a share"),
    ],
)
def test_a_wrong_share_setting_is_named(settings, shares, message):
    settings.IMPORT_MAX_DELISTING_SHARE = shares
    with pytest.raises(ImproperlyConfigured, match=message):
        guards.max_delisting_share("ofac-sdn")


@pytest.mark.parametrize(
    ("value", "shares"),
    [
        ("", {"default": 0.05}),
        ("0.1", {"default": 0.1}),
        ("default=0.03,un-sc=0.10", {"default": 0.03, "un-sc": 0.1}),
        (" un-sc = 0.2 ", {"default": 0.05, "un-sc": 0.2}),
    ],
)
def test_the_share_setting_from_the_environment(monkeypatch, value, shares):
    monkeypatch.setenv("IMPORT_MAX_DELISTING_SHARE", value)
    assert project_settings._per_list("IMPORT_MAX_DELISTING_SHARE", 0.05) == shares


def test_a_share_that_is_not_a_number_stops_the_start(monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_DELISTING_SHARE", "un-sc=ten")
    with pytest.raises(ImproperlyConfigured, match="'un-sc=ten' is not a share"):
        project_settings._per_list("IMPORT_MAX_DELISTING_SHARE", 0.05)


def _parsed(warnings: int, orphans: int = 0) -> ParsedSource:
    return ParsedSource(
        "un-sc",
        [],
        [ParseWarning("un.xml", line, "skipped") for line in range(warnings)],
        {},
        orphans=[OrphanRow("add.csv", line, str(line), "sdn.csv") for line in range(orphans)],
    )


def test_warnings_are_compared_with_the_last_applied_run():
    assert guards.warnings("un-sc", _parsed(5_000)) is None  # a first import: no check
    first = import_list("un-sc", UN_SAMPLE).run
    # 10 empty aliases in the file, 24 links to entries outside the sample, found later.
    assert (len(un_sample_warnings()), first.warnings) == (10, 34)
    again = import_list("un-sc", UN_SAMPLE).run  # the same file: a run with no warnings
    assert (again.status, again.warnings) == (ImportStatus.UNCHANGED, 0)
    assert guards.warnings("un-sc", _parsed(102)) is None  # max(50, 3 x 34)
    assert guards.warnings("un-sc", _parsed(103)) == (
        "103 warnings (rows skipped or kept with a remark), far more than the 34 of the last "
        f"import of un-sc (#{first.pk}; at most 102: 3 times as many, or 50): run again with "
        "--allow-warnings if it is right"
    )
    assert guards.warnings("un-sc", _parsed(130, orphans=30)) is None  # orphans: their check
    ImportRun.objects.filter(pk=first.pk).update(warnings=5)
    assert guards.warnings("un-sc", _parsed(50)) is None
    assert "at most 50: 3 times as many, or 50" in guards.warnings("un-sc", _parsed(51))
    assert guards.warnings("ofac-sdn", _parsed(5_000)) is None  # another list


def un_sample_warnings() -> list[ParseWarning]:
    return LISTS["un-sc"].parse(UN_SAMPLE).warnings


def test_the_warnings_setting(settings):
    import_list("un-sc", UN_SAMPLE)
    settings.IMPORT_WARNINGS_FLOOR, settings.IMPORT_WARNINGS_FACTOR = 0, 1.5
    assert guards.warnings("un-sc", _parsed(51)) is None
    assert "at most 51: 1.5 times as many, or 0" in guards.warnings("un-sc", _parsed(52))


# ---------------------------------------------------------------- the admin upload

URL = "/admin/importer/importrun/upload/"


def _files(folder) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(name, (folder / name).read_bytes())
        for name in LISTS["ofac-sdn"].file_names
        if (folder / name).is_file()
    ]


def test_the_upload_form_has_a_checkbox_per_check(admin_client):
    page = admin_client.get(URL).content.decode()
    for name in ("allow_mass_delisting", "allow_orphan_rows", "allow_warnings"):
        assert f'type="checkbox" name="{name}"' in page
    assert "--allow-orphan-rows" in page


@pytest.mark.parametrize(
    ("flag", "setup"),
    [
        ("allow_mass_delisting", "cut"),
        ("allow_orphan_rows", "orphans"),
    ],
)
def test_an_upload_refused_by_a_check_applies_with_its_checkbox(
    admin_client, settings, ndc_copy, flag, setup, run_jobs, media_root
):
    """The upload is a job: the refusal is the job's error, and nothing else is written."""
    if setup == "cut":
        import_list("ofac-sdn", OFAC_NDC)
        rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])
        folder = ndc_copy
    else:
        settings.IMPORT_MAX_ORPHAN_ENTRIES = 8
        folder = OFAC_TINY
    before = db_checksum()
    before.pop("jobs.Job")
    with run_jobs():
        response = admin_client.post(URL, {"source": "ofac-sdn", "files": _files(folder)})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert f"run again with --{flag.replace('_', '-')} if it is right" in job.error
    after = db_checksum()
    after.pop("jobs.Job")
    assert after == before
    with run_jobs():
        response = admin_client.post(
            URL, {"source": "ofac-sdn", "files": _files(folder), flag: "on"}
        )
    assert response.status_code == 302
    assert ImportRun.objects.latest("pk").status == ImportStatus.APPLIED
