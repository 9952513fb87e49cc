"""Damaged lists are refused before anything is written (importer/guards.py): a cut or
re-encoded sdn.csv of a mid-size SDN folder, imported over the whole folder, changes nothing
and says what looks wrong, by how much, and the flag; a real three-month update applies;
each flag lets its refused file through."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from bench.build_full_sdn import build_entries, next_day, read_folder, write_folder
from entities.models import Designation, Entity
from importer.models import ImportRun, ListEntryState
from importer.records import ParseError
from importer.services import ImportRefused, import_list
from sources.models import Citation

pytestmark = pytest.mark.django_db

ENTRIES = 1_500  # 10% = 150, 3% = 45; the three-month update removes 11 (0.7%)


def db_checksum() -> dict[str, str]:
    """Row counts of every table, and every row of the entity, designation, citation, list
    entry state and import run tables. As strict as ``conftest.db_checksum`` for an import
    (each of its writes adds a history row, or changes one of these), and a tenth of its time
    on the 70,000 rows of a mid-size folder."""
    sums = {
        model._meta.label: str(model._default_manager.count())
        for model in apps.get_models(include_auto_created=True)
    }
    for model in (Entity, Designation, Citation, ListEntryState, ImportRun):
        rows = model._default_manager.order_by("pk").values_list()
        sums[model._meta.label] += ":" + hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return sums


def sdn_lines(folder: Path) -> list[bytes]:
    """sdn.csv's rows (the builder writes one row a line, CRLF, then one 0x1A)."""
    data = (folder / "sdn.csv").read_bytes()
    assert data.endswith(b"\r\n\x1a")
    return data[:-1].split(b"\r\n")[:-1]


def copy(source: Path, folder: Path) -> Path:
    shutil.copytree(source, folder)
    return folder


def cut(source: Path, folder: Path, keep: float, *, ctrl_z: bool = True) -> Path:
    """sdn.csv cut at a row boundary, keeping its first ``keep`` of rows."""
    copy(source, folder)
    lines = sdn_lines(source)
    kept = lines[: round(len(lines) * keep)]
    (folder / "sdn.csv").write_bytes(b"".join(line + b"\r\n" for line in kept) + b"\x1a" * ctrl_z)
    return folder


def reencoded(source: Path, folder: Path, codec: str, bom: bytes) -> Path:
    """sdn.csv re-saved in another encoding, 0x1A included (as a spreadsheet would)."""
    copy(source, folder)
    text = (source / "sdn.csv").read_bytes().decode("ascii")
    (folder / "sdn.csv").write_bytes(bom + text.encode(codec))
    return folder


def without_entries(source: Path, folder: Path, every: int) -> Path:
    """Every ``every``-th entry gone with all its rows: a consistent folder, much delisted."""
    entries = read_folder(source)
    write_folder(folder, [e for i, e in enumerate(entries) if i % every])
    return folder


def doubled(source: Path, folder: Path) -> Path:
    """sdn.csv twice over in one file (two downloads concatenated): every row a duplicate."""
    copy(source, folder)
    rows = b"".join(line + b"\r\n" for line in sdn_lines(source))
    (folder / "sdn.csv").write_bytes(rows + rows + b"\x1a")
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sdn")
    whole = root / "whole"
    write_folder(whole, build_entries(entries=ENTRIES, aliases=2_000, addresses=2_400))
    assert len(sdn_lines(whole)) == ENTRIES
    built = {
        "whole": whole,
        "cut-90": cut(whole, root / "cut-90", 0.90),
        "cut-90-no-ctrl-z": cut(whole, root / "cut-90-no-ctrl-z", 0.90, ctrl_z=False),
        "lost-last-3": cut(whole, root / "lost-last-3", 0.97),
        "utf-16-le-bom": reencoded(whole, root / "utf-16-le-bom", "utf-16-le", b"\xff\xfe"),
        "utf-16-le": reencoded(whole, root / "utf-16-le", "utf-16-le", b""),
        "utf-16-be-bom": reencoded(whole, root / "utf-16-be-bom", "utf-16-be", b"\xfe\xff"),
        "utf-16-be": reencoded(whole, root / "utf-16-be", "utf-16-be", b""),
        "tenth-gone": without_entries(whole, root / "tenth-gone", 10),
        "doubled": doubled(whole, root / "doubled"),
    }
    # About three months of real churn: 106 of 14,484 removed (0.7%), some added and changed.
    next_day(whole, root / "three-months", removed=11, added=20, changed=40)
    built["three-months"] = root / "three-months"
    return built


@pytest.fixture
def imported(folders):
    """The whole folder imported: the previous good import every damaged file comes after."""
    run = import_list("ofac-sdn", folders["whole"]).run
    assert (run.entries, run.added, run.warnings) == (ENTRIES, ENTRIES, 0)
    return run


CUT_90 = [
    r"sdn\.csv lost entries: \d[\d,]* rows of add\.csv \(\d+\), alt\.csv \(\d+\) and "
    r"sdn_comments\.csv \(\d+\) name 150 entries that it does not have \(more than 25;",
    r"--allow-orphan-rows",
    r"would delist 150 of the 1,500 active entries of ofac-sdn \(10%, more than 5%\)",
    r"--allow-mass-delisting",
]
LOST_LAST_3 = [r"sdn\.csv lost entries: .* name 45 entries", r"--allow-orphan-rows"]


@pytest.mark.parametrize(
    ("name", "error", "patterns", "absent"),
    [
        ("cut-90", ImportRefused, CUT_90, "--allow-warnings"),
        ("cut-90-no-ctrl-z", ImportRefused, CUT_90, "--allow-warnings"),
        ("lost-last-3", ImportRefused, LOST_LAST_3, "would delist"),
        *(
            (
                name,
                ParseError,
                [
                    rf"^sdn\.csv: the file is UTF-16 \({order}, {bom}\), not ASCII as OFAC "
                    "publishes it"
                ],
                "0x1A",
            )
            for name, order, bom in [
                ("utf-16-le-bom", "little-endian", "with a BOM"),
                ("utf-16-le", "little-endian", "no BOM"),
                ("utf-16-be-bom", "big-endian", "with a BOM"),
                ("utf-16-be", "big-endian", "no BOM"),
            ]
        ),
    ],
)
def test_a_damaged_folder_after_a_good_import_is_refused_and_changes_nothing(
    folders, imported, name, error, patterns, absent
):
    before = db_checksum()
    with pytest.raises(error) as refused:
        import_list("ofac-sdn", folders[name])
    message = str(refused.value)
    assert "\n" not in message
    for pattern in patterns:
        assert re.search(pattern, message), (pattern, message)
    assert absent not in message
    assert db_checksum() == before


def test_a_cut_folder_is_refused_on_a_first_import_too(folders):
    with pytest.raises(ImportRefused, match=r"sdn\.csv lost entries: .* name 45 entries"):
        import_list("ofac-sdn", folders["lost-last-3"])
    assert db_checksum()["importer.ImportRun"].startswith("0:")


def test_a_three_month_update_applies_with_no_flag(folders, imported):
    run = import_list("ofac-sdn", folders["three-months"]).run
    assert (run.added, run.changed, run.delisted, run.warnings) == (20, 40, 11, 0)


def test_the_orphan_flag_applies_a_folder_that_lost_its_last_rows(folders, imported):
    run = import_list("ofac-sdn", folders["lost-last-3"], allow_orphan_rows=True).run
    assert (run.entries, run.delisted) == (1_455, 45)
    assert run.warnings > 45  # every skipped row is still a warning, with its line


def test_the_mass_delisting_flag_applies_a_much_shorter_list(folders, imported):
    with pytest.raises(ImportRefused) as refused:
        import_list("ofac-sdn", folders["tenth-gone"])
    message = str(refused.value)
    assert "would delist 150 of the 1,500 active entries of ofac-sdn (10%, more than 5%)" in message
    assert "lost entries" not in message  # consistent files: no orphan rows
    run = import_list("ofac-sdn", folders["tenth-gone"], allow_mass_delisting=True).run
    assert (run.delisted, run.warnings) == (150, 0)


def test_each_check_needs_its_own_flag(folders, imported):
    with pytest.raises(ImportRefused, match="--allow-mass-delisting") as refused:
        import_list("ofac-sdn", folders["cut-90"], allow_orphan_rows=True)
    assert "--allow-orphan-rows" not in str(refused.value)
    with pytest.raises(ImportRefused, match="--allow-orphan-rows") as refused:
        import_list("ofac-sdn", folders["cut-90"], allow_mass_delisting=True)
    assert "--allow-mass-delisting" not in str(refused.value)


def test_the_warnings_flag_applies_a_file_with_every_row_twice(folders, imported):
    before = db_checksum()
    with pytest.raises(ImportRefused) as refused:
        import_list("ofac-sdn", folders["doubled"])
    assert str(refused.value) == (
        "doubled: 1,500 warnings (rows skipped or kept with a remark), far more than the 0 of "
        f"the last import of ofac-sdn (#{imported.pk}; at most 50: 3 times as many, or 50): "
        "run again with --allow-warnings if it is right"
    )
    assert db_checksum() == before
    run = import_list("ofac-sdn", folders["doubled"], allow_warnings=True).run
    assert (run.unchanged, run.delisted, run.warnings) == (ENTRIES, 0, ENTRIES)


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_a_cut_folder_and_commits_nothing(folders):
    """Through the command and real transactions (on PostgreSQL too)."""
    call_command("import_list", "ofac-sdn", str(folders["whole"]), verbosity=0)
    before = db_checksum()
    with pytest.raises(CommandError, match=r"^cut-90: sdn\.csv lost entries: ") as refused:
        call_command("import_list", "ofac-sdn", str(folders["cut-90"]), verbosity=0)
    assert "--allow-orphan-rows" in str(refused.value)
    assert "--allow-mass-delisting" in str(refused.value)
    assert db_checksum() == before
    call_command(
        "import_list", "ofac-sdn", str(folders["lost-last-3"]), "--allow-orphan-rows", verbosity=0
    )
    assert ImportRun.objects.latest("pk").delisted == 45
