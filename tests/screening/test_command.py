"""manage.py screen: a CSV in, the hits above the threshold out, per-row problems counted."""

import csv

import pytest
from django.core.management import CommandError, call_command

from entities.models import Entity

pytestmark = pytest.mark.django_db


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_screens_a_file_and_reports_bad_rows(seed, tmp_path, capsys):
    ndc = Entity.objects.get(name="National Development Complex")
    source = write(
        tmp_path / "in.csv",
        "id,name,country,birth_date\n"
        "c1,Natl. Development Complex,PK,\n"
        "c2,Nobody In Particular,,\n"
        "c3,,PK,\n"
        "c4,N.D.C.,ZZ,\n"
        "c5,National Development Complex,,1998-13\n",
    )
    out = tmp_path / "hits.csv"
    call_command("screen", str(source), "--output", str(out))
    captured = capsys.readouterr()
    assert "5 rows: 2 screened, 3 skipped; 1 hits written" in captured.out
    assert "skipped line 4: empty name" in captured.err
    assert "skipped line 5: unknown country code 'ZZ'" in captured.err
    assert "skipped line 6: '1998-13' is not a date on the calendar" in captured.err
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 1
    hit = rows[0]
    assert (hit["id"], hit["entity_id"], hit["rank"]) == ("c1", str(ndc.pk), "1")
    assert hit["score"] == "1.0000"
    assert "name 1.00 (national=national" in hit["explanation"]
    assert "country PK agrees" in hit["explanation"]
    assert hit["designations"] == "US-DOS"


def test_a_file_without_a_name_column_is_refused(db, tmp_path):
    source = write(tmp_path / "in.csv", "who,where\nx,y\n")
    with pytest.raises(CommandError, match="header with a 'name' column"):
        call_command("screen", str(source), "--output", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="No such file"):
        call_command("screen", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "o.csv"))
