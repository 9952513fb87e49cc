"""Fixtures for the import tests: the sample lists, editable copies, and a database checksum."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

DATA = Path(__file__).resolve().parent.parent / "data"
OFAC_NDC = DATA / "ofac" / "ndc-excerpt"
OFAC_TINY = DATA / "ofac" / "sdn-tiny"
OFAC_NON_SDN = DATA / "ofac" / "non-sdn"
UN_SAMPLE = DATA / "un" / "un-consolidated-sample.xml"
UK_SAMPLE = DATA / "uk" / "conlist-sample.csv"
EU_EXCERPT_A = DATA / "eu" / "eu-fsf-1_1-20260805-excerpt-a.xml"
EU_EXCERPT_B = DATA / "eu" / "eu-fsf-1_1-20260805-excerpt-b.xml"
OFAC_ADVANCED = DATA / "ofac-xml" / "cons_advanced-2020-03-17-excerpt.xml"


def db_checksum() -> dict[str, str]:
    """Per table of every installed model: row count and SHA-256 of all rows in pk order."""
    sums = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator():
            digest.update(repr(row).encode())
            count += 1
        sums[model._meta.label] = f"{count}:{digest.hexdigest()}"
    return sums


@pytest.fixture
def seed(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture
def ndc_copy(tmp_path):
    """An editable copy of the NDC excerpt folder."""
    folder = tmp_path / "ndc"
    shutil.copytree(OFAC_NDC, folder)
    return folder


def rewrite_rows(path: Path, edit) -> None:
    """Rewrite an OFAC CSV (CRLF, Ctrl-Z) through ``edit(list_of_lines) -> list_of_lines``."""
    data = path.read_bytes()
    tail = b"\x1a" if data.endswith(b"\x1a") else b""
    lines = data.rstrip(b"\x1a").decode("ascii").split("\r\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = edit(lines)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii") + tail)
