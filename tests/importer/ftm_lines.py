"""Hand-written FtM lines for the tests: the shape ``export_ftm`` writes (the contract of
issue 13: ``st-ent-`` ids, a Sanction naming its authority as the body is stored)."""

from __future__ import annotations

import json
from pathlib import Path


def line(ident: str, schema: str, **properties) -> dict:
    return {
        "id": ident,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in properties.items()},
        "datasets": ["sanctions-tracker"],
        "first_seen": "2026-11-28T00:00:00",
        "last_seen": "2026-12-01T00:00:00",
    }


def write(path: Path, objects: list[dict | str]) -> Path:
    """One JSON object a line (a string is written as it is: a damaged line, where a lone
    surrogate such as ``"\\udcc3"`` is the raw byte 0xC3)."""
    path.write_text(
        "".join(
            (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objects
        ),
        encoding="utf-8",
        errors="surrogateescape",
    )
    return path


# As export_ftm writes a small database: a person designated by the State Department and
# by OFAC, a vessel by the UN Security Council, a company it owns.
CONTRACT = [
    {
        **line(
            "st-ent-1",
            "Person",
            name="Ahmad KHAN",
            alias=["Ahmed Khan", "احمد خان"],
            weakAlias="The Engineer",
            previousName="Ahmad SHAH",
            birthDate="1962",
            nationality="pk",
            passportNumber="AB1234567",
        ),
        "caption": "Ahmad KHAN",
        "target": True,
    },
    {
        **line(
            "st-ent-2",
            "Vessel",
            name="OCEAN STAR",
            imoNumber="9123456",
            flag="kp",
        ),
        "caption": "OCEAN STAR",
        "target": True,
    },
    {
        **line(
            "st-ent-3",
            "Company",
            name="Khan Trading Ltd",
            registrationNumber="C-42",
            jurisdiction="ae",
            incorporationDate="2001-05",
            addressEntity="st-addr-1",
        ),
        "caption": "Khan Trading Ltd",
        "target": True,
    },
    line("st-addr-1", "Address", full="1 Dock Road, Dubai", city="Dubai", country="ae"),
    line(
        "st-des-1",
        "Sanction",
        entity="st-ent-1",
        authority="US Department of State",
        country="us",
        program="Non-proliferation",
        programId="NP",
        listingDate="2020-03-04",
        status="active",
        provisions=["asset_freeze", "travel_ban"],
        reason="Procurement for a missile programme",
        authorityId="DOS-17",
    ),
    line(
        "st-des-2",
        "Sanction",
        entity="st-ent-1",
        authority="Office of Foreign Assets Control, US Department of the Treasury",
        country="us",
        program="NPWMD",
        programId="NPWMD",
        listingDate="2021",
        status="active",
        authorityId="36912",
    ),
    line(
        "st-des-3",
        "Sanction",
        entity="st-ent-2",
        authority="United Nations Security Council",
        program="DPRK",
        programId="KPi",
        listingDate="2018-03-30",
        status="active",
        authorityId="KPe.050",
    ),
    line(
        "st-des-4",
        "Sanction",
        entity="st-ent-3",
        authority="US Department of State",
        country="us",
        program="Non-proliferation",
        programId="NP",
        listingDate="2019-06",
        endDate="2022-01-15",
        status="delisted",
    ),
    line(
        "st-rel-1",
        "Ownership",
        owner="st-ent-1",
        asset="st-ent-3",
        percentage="51",
    ),
]
