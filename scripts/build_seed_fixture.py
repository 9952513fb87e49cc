#!/usr/bin/env python
# The quotes are the article's own words, curly apostrophes and quotation marks included.
# ruff: noqa: RUF001
"""Build ``fixtures/seed_article.json``: the seed article as records, every one cited.

    DEBUG=true .venv/bin/python scripts/build_seed_fixture.py

The article is ``fixtures/sources/000_de10a107acaa7b55.txt`` (a byte-for-byte copy of
``shared/sources/000_de10a107acaa7b55.txt``). The script migrates a throwaway SQLite database
in a temporary directory (never the project's own database), builds every record through the
ORM with ``full_clean()`` on each, so that the models' own rules check the data, and writes
one self-contained fixture: the Source, the records and all their citations, with natural
keys, in dependency order. Every uid is a literal below and the timestamps are fixed, so a
rebuild is byte-identical and loading the file again changes nothing.

Each record sits next to the words of the article that support it; a quote that is not a
verbatim substring of the article stops the build.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import NamedTuple

BASE_DIR = Path(__file__).resolve().parent.parent
ARTICLE_PATH = BASE_DIR / "fixtures" / "sources" / "000_de10a107acaa7b55.txt"
OUTPUT_PATH = BASE_DIR / "fixtures" / "seed_article.json"
# Written into created_at and updated_at of every record, so that a rebuild is identical.
FIXED_TIME = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


class Said(NamedTuple):
    """A citation to be: its fixed uid, the article's exact words, and the fact they support."""

    uid: str
    quote: str
    field: str = ""


def setup_django(database_path: Path) -> None:
    """Configure Django on a fresh SQLite file and migrate it."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanctions_tracker.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DEBUG", "true")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


class Builder:
    """Saves records and their citations, and remembers them in order for the fixture."""

    def __init__(self, article: str):
        self.article = article
        self.source = None
        self.records = []
        self.citations = []

    def add(self, model, uid: str, *, cites=(), m2m=None, **values):
        """Build ``model`` with ``values`` (fields or partial-date descriptors), check it,
        save it, set its many-to-many ``m2m`` and cite it with each of ``cites``."""
        record = model(uid=uuid.UUID(uid))
        for name, value in values.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
        for name, related in (m2m or {}).items():
            getattr(record, name).set(related)
        self.records.append(record)
        if self.source is not None and not cites:
            raise ValueError(f"{model.__name__} {record} has no citation")
        for said in cites:
            self.cite(record, said)
        return record

    def cite(self, record, said: Said):
        from sources.models import cite

        if said.quote not in self.article:
            raise ValueError(f"Not a verbatim quote of the article: {said.quote!r}")
        citation = cite(record, source=self.source, quote=said.quote, field=said.field)
        citation.uid = uuid.UUID(said.uid)
        citation.full_clean()
        citation.save()
        self.citations.append(citation)


def build(article: str) -> list:
    """Create every record of the article; return them in the fixture's order."""
    from entities.choices import AliasKind, CountryRole, EntityKind, RelationshipKind
    from entities.models import (
        Address,
        Alias,
        Body,
        Designation,
        Entity,
        EntityCountry,
        Measure,
        Relationship,
        TargetedActivity,
    )
    from events.choices import EventKind, ParticipantRole
    from events.models import Event, EventParticipant
    from sanctions_tracker.partial_dates import PartialDate
    from sources.choices import SourceKind
    from sources.models import Citation, Source

    b = Builder(article)
    add = b.add

    # --- The source --------------------------------------------------------------------
    b.source = add(
        Source,
        "82f1748f-08ce-4d32-8987-44f339e24f0a",
        kind=SourceKind.NEWS_ARTICLE,
        title=(
            "Pakistan has strongly condemned the imposition of new US sanctions on its "
            "ballistic missile programme"
        ),
        published=PartialDate.unknown(),
        language="en",
        text=article,
        sha256=Source.sha256_of_text(article),
        notes=(
            "The file has no headline, publisher, URL or date, and no retrieval date is "
            "known. The title is the article's opening words: its first sentence, cut at "
            "the first comma. The text is the file shared/sources/000_de10a107acaa7b55.txt, "
            "copied byte for byte to fixtures/sources/000_de10a107acaa7b55.txt."
        ),
    )

    # --- Targeted activities -----------------------------------------------------------
    missile_programme = add(
        TargetedActivity,
        "280f3ce6-a5c1-4c4a-96ef-82ea1aae2b94",
        name="Pakistan's long-range ballistic missile programme",
        country="PK",
        description=(
            "Pakistan's long-range ballistic missile programme, including the SHAHEEN "
            "missile series; the target of the US Department of State's sanctions on the "
            "National Development Complex."
        ),
        cites=[
            Said(
                "426a721b-4d2f-4c61-845c-e795e6c45a5e",
                "the development of Pakistan’s long-range ballistic missile programme, "
                "including the SHAHEEN missile series",
            ),
            Said(
                "9d8a8049-8f84-4d7e-8825-5231e8f42fd0",
                "Pakistan’s missile capabilities, including the SHAHEEN series, are "
                "considered a key element of its strategic deterrence against regional "
                "adversaries, especially India.",
            ),
        ],
    )
    nuclear_capability = add(
        TargetedActivity,
        "292a740f-4a6e-4d32-a01f-2c2642ffab42",
        name="Pakistan's nuclear weapons capability",
        country="PK",
        since=PartialDate.of_year(1998),
        description=(
            "Pakistan has been a nuclear power since 1998; its ballistic missile technology "
            "includes missiles capable of carrying nuclear warheads."
        ),
        cites=[
            Said(
                "dbf2f745-2c2b-4287-9d2e-fea84d258f2b",
                "Pakistan officially became a nuclear power in 1998",
                field="since",
            ),
            Said(
                "f757e947-8819-4ba8-a933-4e51ac29dfc3",
                "Pakistan’s ballistic missile technology, which includes missiles capable of "
                "carrying nuclear warheads",
            ),
        ],
    )

    # --- Entities, with their names, countries and addresses ---------------------------
    ndc = add(
        Entity,
        "b074bc4a-a053-43f2-a448-49f380a45ae8",
        kind=EntityKind.ORGANIZATION,
        name="National Development Complex",
        notes=(
            "A key organization based in Islamabad, as the article describes it; accused by "
            "the US Department of State of working to procure materials and technology for "
            "Pakistan's long-range ballistic missile programme."
        ),
        cites=[
            Said(
                "7d638043-4b84-4416-b772-647fd264bb7d",
                "Among the sanctioned entities is the National Development Complex (NDC), a "
                "key organization based in Islamabad.",
            ),
        ],
    )
    add(
        Alias,
        "0b9f18b8-cea2-4dbe-a4f0-92fadbffc8b5",
        entity=ndc,
        name="NDC",
        kind=AliasKind.AKA,
        is_weak=True,  # a bare three-letter acronym
        cites=[
            Said("dae6c35c-d067-4b21-b7e8-c002e1ff8d29", "the National Development Complex (NDC)")
        ],
    )
    add(
        EntityCountry,
        "972411aa-db76-4b1d-aac3-68e25de30653",
        entity=ndc,
        country="PK",
        role=CountryRole.LOCATED_IN,
        cites=[
            Said(
                "20ccb645-185a-4aa0-bb96-415c80596f70",
                "the National Development Complex (NDC), a key organization based in Islamabad",
            ),
            Said(
                "b7c9aabc-c6c7-404a-b8af-49470c08a7ef",
                "target specific entities involved in the development of Pakistan’s "
                "long-range missile systems",
            ),
        ],
    )
    add(
        Address,
        "32cdda87-db81-4f8d-b24a-3576a94b1df7",
        entity=ndc,
        city="Islamabad",
        country="PK",
        full="Islamabad",
        cites=[
            Said("368f7c51-e9c8-49da-9661-6c80928fa7fd", "a key organization based in Islamabad")
        ],
    )

    institute = add(
        Entity,
        "7f8e2a2b-35b7-4de3-a0ec-75fe4bf2d973",
        kind=EntityKind.ORGANIZATION,
        name="a Chinese research institute",
        name_is_description=True,
        notes=(
            "Unnamed: the article does not name it and calls it only “a Chinese research "
            "institute”, one of the foreign entities the US had already sanctioned, alleged "
            "to have collaborated with the National Development Complex (NDC)."
        ),
        cites=[
            Said(
                "690e7ed9-32f8-439a-b7cc-d3fa3a9aefa1",
                "sanctions placed on other foreign entities, such as a Chinese research "
                "institute, that are alleged to have collaborated with the NDC",
            ),
        ],
    )
    add(
        EntityCountry,
        "1866cfd8-7bba-423b-b2e9-054b3ffbbf1b",
        entity=institute,
        country="CN",
        role=CountryRole.NATIONALITY,
        cites=[Said("f72f7b23-802d-4ea0-9ace-9a3b8696906c", "a Chinese research institute")],
    )

    ministry = add(
        Entity,
        "11ad3298-ae8a-4156-8f2e-f6a466db1aed",
        kind=EntityKind.PUBLIC_BODY,
        name="Ministry of Foreign Affairs",
        notes=(
            "Pakistan's Ministry of Foreign Affairs; it issued the statement of Thursday "
            "against the US sanctions."
        ),
        cites=[
            Said(
                "f6275b12-1a78-4c99-9999-78e40d43fa0e",
                "In a statement issued on Thursday, Pakistan’s Ministry of Foreign Affairs warned",
            ),
        ],
    )
    add(
        EntityCountry,
        "d5867708-6de4-4f22-8c45-f952ec9f6639",
        entity=ministry,
        country="PK",
        # "Pakistan's Ministry": whose ministry it is; the article does not say where it sits.
        role=CountryRole.NATIONALITY,
        cites=[
            Said("db8859e3-ef0a-41ce-bf00-7315315ccf4e", "Pakistan’s Ministry of Foreign Affairs")
        ],
    )

    finer = add(
        Entity,
        "0f9ea39b-4df5-4203-80d4-0ab8fbd73d3f",
        kind=EntityKind.PERSON,
        name="Jon Finer",
        notes=(
            "Deputy National Security Adviser, as the article gives his title; the article "
            "calls him a senior White House official."
        ),
        cites=[
            Said(
                "87d22514-24b6-4806-8d25-e74262c3db1e",
                "Jon Finer, Deputy National Security Adviser, stated that Pakistan’s missile "
                "programme posed “real questions” regarding its strategic intentions.",
            ),
        ],
    )

    white_house = add(
        Entity,
        "ad63543a-a49d-4393-8b35-60c728c7dbad",
        kind=EntityKind.PUBLIC_BODY,
        name="White House",
        notes="Jon Finer's office: the article calls him a senior White House official.",
        cites=[Said("5eaa8c27-c51e-4dc2-b5cb-01c0d40eaf69", "by a senior White House official")],
    )
    add(
        EntityCountry,
        "549a3a37-edc4-413e-819f-c162688dd05a",
        entity=white_house,
        country="US",
        role=CountryRole.LOCATED_IN,
        cites=[
            Said(
                "526c1971-306a-47eb-9f48-6a9b875ca803",
                "The US government’s concerns about Pakistan’s growing missile capabilities "
                "were further emphasized on Thursday by a senior White House official.",
            ),
        ],
    )

    carnegie = add(
        Entity,
        "63e0173d-216e-42e8-9348-905bbb7d1c32",
        kind=EntityKind.ORGANIZATION,
        name="Carnegie Endowment for International Peace",
        notes="Where Jon Finer spoke on Thursday. The article does not say where it is.",
        cites=[
            Said(
                "e4e38bab-65d5-4424-996e-5d946c5daf7a",
                "Speaking at the Carnegie Endowment for International Peace",
            ),
        ],
    )

    # --- Bodies ------------------------------------------------------------------------
    us_dos = add(
        Body,
        "5b11c3a8-a131-4c47-808a-873a4e92eec2",
        code="US-DOS",
        name="US Department of State",
        jurisdiction="US",
        imposes_sanctions=True,
        cites=[
            Said(
                "076f2555-7801-4772-96e0-c8954eee79fd",
                "The sanctions, imposed by the US Department of State, target specific "
                "entities involved in the development of Pakistan’s long-range missile systems",
            ),
        ],
    )
    add(
        Body,
        "2c5cebf5-ce9e-4231-842e-cfc7d2224159",
        code="US-WH",
        name="White House",
        jurisdiction="US",
        imposes_sanctions=False,
        entity=white_house,
        notes=(
            "Recorded as the office of Jon Finer, Deputy National Security Adviser, whom the "
            "article calls a senior White House official. It imposes no sanctions in the "
            "article."
        ),
        cites=[
            Said(
                "6bb61462-341b-4fa0-bd00-5d11b99974c4",
                "by a senior White House official. Jon Finer, Deputy National Security Adviser",
            ),
        ],
    )
    add(
        Body,
        "25de98e7-74db-48c3-b7c7-0f2069cc1ff5",
        code="PK-MOFA",
        name="Ministry of Foreign Affairs",
        jurisdiction="PK",
        imposes_sanctions=False,
        entity=ministry,
        notes=(
            "Pakistan's Ministry of Foreign Affairs, recorded for its statement against the "
            "US sanctions. It imposes no sanctions in the article."
        ),
        cites=[
            Said(
                "401e9448-b052-4d2f-a63c-91c1125e7970",
                "In a statement issued on Thursday, Pakistan’s Ministry of Foreign Affairs "
                "warned that the sanctions would have “dangerous implications for the "
                "strategic stability of our region and beyond.”",
            ),
        ],
    )

    # --- Relationships -----------------------------------------------------------------
    add(
        Relationship,
        "82556396-8f30-41fa-807b-b7c1c09a7cd7",
        subject=institute,
        kind=RelationshipKind.COLLABORATED_WITH,
        object=ndc,
        description=(
            "Alleged by the US government: the article counts the institute among foreign "
            "entities “alleged to have collaborated with the NDC”."
        ),
        cites=[
            Said(
                "c15ea524-a67a-4ba1-9e03-e6618f520521",
                "such as a Chinese research institute, that are alleged to have collaborated "
                "with the NDC",
            ),
            Said(
                "47220525-4df2-47fa-9c43-b272f62591b1",
                "The US government has stated that these entities were involved in the "
                "development and production of Pakistan’s ballistic missile technology",
            ),
        ],
    )
    add(
        Relationship,
        "802a22f3-110c-4f2c-85d2-3c7b20b71541",
        subject=finer,
        kind=RelationshipKind.ACTS_FOR,
        object=white_house,
        description="The article calls Jon Finer a senior White House official.",
        cites=[
            Said(
                "4f87bd21-60bb-4a69-82c1-26937cd984ab",
                "by a senior White House official. Jon Finer, Deputy National Security Adviser",
            ),
        ],
    )

    # --- Designation -------------------------------------------------------------------
    ndc_designation = add(
        Designation,
        "71259acb-e7ee-4153-b939-27000d4f354a",
        entity=ndc,
        body=us_dos,
        programme=None,  # the article does not say under which programme
        listed=PartialDate.unknown(),  # the article gives no date
        measures_text=(
            "freeze any US property belonging to the designated entities and prohibit "
            "American businesses from engaging with them"
        ),
        reason=(
            "The US Department of State has accused the NDC of working to procure materials "
            "and technology to support the development of Pakistan’s long-range ballistic "
            "missile programme, including the SHAHEEN missile series."
        ),
        notes="The article gives no date, programme, legal basis or reference for the listing.",
        m2m={
            # "freeze any US property" and "prohibit American businesses from engaging"
            "measures": [Measure.objects.get(code=c) for c in ("asset_freeze", "transaction_ban")],
            "targeted_activities": [missile_programme],
        },
        cites=[
            Said(
                "df7309db-249e-4d9b-8a85-5d564527188b",
                "Among the sanctioned entities is the National Development Complex (NDC)",
            ),
            Said(
                "e7acc1f4-87c2-4a30-913e-2a9da4f4fea2",
                "The sanctions, imposed by the US Department of State",
                field="body",
            ),
            Said(
                "9434ccbe-5e73-449f-84ea-01dca9e1e30f",
                "The latest US sanctions freeze any US property belonging to the designated "
                "entities and prohibit American businesses from engaging with them.",
                field="measures",
            ),
            Said(
                "b972d9b0-7afe-4255-ad65-ca01a5af3582",
                "The US Department of State has accused the NDC of working to procure "
                "materials and technology to support the development of Pakistan’s "
                "long-range ballistic missile programme, including the SHAHEEN missile series.",
                field="reason",
            ),
        ],
    )

    # --- Events and their participants -------------------------------------------------
    add(
        Event,
        "3fb2eba8-ab1e-4bb7-9caa-e6d187c61e7e",
        kind=EventKind.NUCLEAR_TEST,
        title="India's nuclear tests",
        occurred=PartialDate.of_year(1998),
        country="IN",
        description=(
            "India's nuclear tests, to which Pakistan responded with underground nuclear "
            "tests of its own. The article dates them only through that response: Pakistan "
            "became a nuclear power in 1998, following its tests in response to India's."
        ),
        cites=[
            Said(
                "951acecd-07b7-47c0-927c-3d793f25ef3b",
                "Pakistan officially became a nuclear power in 1998, following underground "
                "nuclear tests in response to India’s nuclear tests.",
            ),
        ],
    )
    add(
        Event,
        "d642095a-1a74-41fe-904a-ffcecae8ef73",
        kind=EventKind.NUCLEAR_TEST,
        title="Pakistan's underground nuclear tests",
        occurred=PartialDate.of_year(1998),
        country="PK",
        description=(
            "Underground nuclear tests by Pakistan in response to India's nuclear tests; "
            "following them, Pakistan officially became a nuclear power in 1998."
        ),
        m2m={"targeted_activities": [nuclear_capability]},
        cites=[
            Said(
                "7ac7d150-6a51-4fb8-8792-33711070d964",
                "Pakistan officially became a nuclear power in 1998, following underground "
                "nuclear tests in response to India’s nuclear tests.",
            ),
        ],
    )

    ndc_sanctions = add(
        Event,
        "4dcbc86d-f486-496e-9bdc-a2ec47f167b8",
        kind=EventKind.DESIGNATION,
        title="US sanctions on the National Development Complex and other entities",
        occurred=PartialDate.unknown(),
        description=(
            "New sanctions imposed by the US Department of State on specific entities involved "
            "in the development of Pakistan's long-range missile systems, among them the "
            "National Development Complex (NDC). They freeze any US property of the designated "
            "entities and prohibit American businesses from engaging with them. The article "
            "gives no date and names no other target of these sanctions."
        ),
        m2m={"designations": [ndc_designation], "targeted_activities": [missile_programme]},
        cites=[
            Said(
                "a5329832-f061-4917-947f-32b31b00c1a4",
                "Pakistan has strongly condemned the imposition of new US sanctions on its "
                "ballistic missile programme",
            ),
            Said(
                "4a7a34de-1463-4674-baea-b08cb69ba797",
                "The sanctions, imposed by the US Department of State, target specific "
                "entities involved in the development of Pakistan’s long-range missile "
                "systems, further escalating tensions between the two countries.",
            ),
        ],
    )
    add(
        EventParticipant,
        "8b5ac464-331f-4ec8-a44c-47fb1601a976",
        event=ndc_sanctions,
        entity=ndc,
        role=ParticipantRole.TARGET,
        description="Among the sanctioned entities.",
        cites=[
            Said(
                "affeecc3-1805-4c7d-8623-b9ce50d0dc71",
                "Among the sanctioned entities is the National Development Complex (NDC)",
            ),
        ],
    )

    earlier_sanctions = add(
        Event,
        "37e9a212-79c9-4564-9fa0-c16c075ba21e",
        kind=EventKind.DESIGNATION,
        title="Earlier US sanctions on a Chinese research institute",
        occurred=PartialDate.unknown(),
        description=(
            "Sanctions placed earlier on other foreign entities, such as a Chinese research "
            "institute that the article does not name, as part of a broader US strategy; these "
            "entities are alleged to have collaborated with the NDC. The article does not say "
            "when, or which US body imposed them."
        ),
        cites=[
            Said(
                "bcf7c8b7-10de-476f-89c9-a864cd1443d5",
                "This move is part of a broader US strategy that has already seen sanctions "
                "placed on other foreign entities, such as a Chinese research institute, that "
                "are alleged to have collaborated with the NDC.",
            ),
        ],
    )
    add(
        EventParticipant,
        "5e5f461e-53e7-4d3c-ad1e-8889dc855e3d",
        event=earlier_sanctions,
        entity=institute,
        role=ParticipantRole.TARGET,
        description="Already sanctioned, as one of the other foreign entities.",
        cites=[
            Said(
                "58db5b51-94a7-43bd-9939-5c09edf28ecf",
                "sanctions placed on other foreign entities, such as a Chinese research institute",
            ),
        ],
    )

    statement = add(
        Event,
        "da1e4b58-f973-4e24-8c3f-13e44c1c4dc7",
        kind=EventKind.STATEMENT,
        title="Pakistan's Ministry of Foreign Affairs condemns the US sanctions",
        occurred=PartialDate.unknown("Thursday"),
        country="PK",
        description=(
            "Pakistan called the sanctions “discriminatory”. In a statement issued on "
            "Thursday, its Ministry of Foreign Affairs warned that they would have “dangerous "
            "implications for the strategic stability of our region and beyond”, rejected US "
            "allegations that the targeted businesses were involved in weapons proliferation, "
            "and said that previous sanctions had been imposed on the basis of “mere doubts "
            "and suspicion”."
        ),
        m2m={"designations": [ndc_designation]},
        cites=[
            Said(
                "ce68c2dd-350e-48e6-b591-93d4953693b3",
                "In a statement issued on Thursday, Pakistan’s Ministry of Foreign Affairs "
                "warned that the sanctions would have “dangerous implications for the "
                "strategic stability of our region and beyond.”",
            ),
            Said(
                "7799f65a-a718-4c53-aefb-7c9267da6456",
                "calling the measures “discriminatory”",
            ),
            Said(
                "c9f8d6a5-359b-4199-a683-514931c76b03",
                "The statement went on to reject US allegations that the targeted businesses "
                "were involved in weapons proliferation, pointing out that previous sanctions "
                "had been imposed on the basis of “mere doubts and suspicion” rather than "
                "solid evidence.",
            ),
            Said(
                "7c5a7458-9241-42f0-a627-3ea0e1020167",
                "In a statement issued on Thursday",
                field="occurred",
            ),
        ],
    )
    add(
        EventParticipant,
        "34f28f44-3922-4348-abaf-78432e2fe1a9",
        event=statement,
        entity=ministry,
        role=ParticipantRole.ACTOR,
        description="Issued the statement.",
        cites=[
            Said(
                "0e0143de-ef04-45bf-94c2-964acd548e69",
                "Pakistan’s Ministry of Foreign Affairs warned that the sanctions would have",
            ),
        ],
    )
    add(
        EventParticipant,
        "05d8dbb7-130c-43c7-a958-8e2618230b27",
        event=statement,
        entity=ndc,
        role=ParticipantRole.SUBJECT,
        description="Among the targeted entities whose sanctioning the statement condemns.",
        cites=[
            Said(
                "fe01c20e-77fd-472b-b464-cb84fcf44c4b",
                "The statement went on to reject US allegations that the targeted businesses "
                "were involved in weapons proliferation",
            ),
            Said(
                "35ac1ae8-3c2d-4de9-bc76-99e5b9651dbf",
                "Among the sanctioned entities is the National Development Complex (NDC)",
            ),
        ],
    )

    remarks = add(
        Event,
        "b69064cc-9e59-4336-bccd-0934c3881fd3",
        kind=EventKind.SPEECH,
        title="Jon Finer's remarks at the Carnegie Endowment for International Peace",
        occurred=PartialDate.unknown("Thursday"),
        description=(
            "Jon Finer, Deputy National Security Adviser, said that Pakistan's missile "
            "programme posed “real questions” regarding its strategic intentions, and "
            "remarked: “It’s hard for us to see Pakistan’s actions as anything other than an "
            "emerging threat to the United States.” He said that Pakistan had developed "
            "increasingly sophisticated missile technology, and warned that it could "
            "eventually acquire the capability to strike targets outside South Asia, "
            "including in the United States."
        ),
        m2m={"targeted_activities": [missile_programme]},
        cites=[
            Said(
                "2813500d-ec97-46a8-bf74-bbed0e507fa7",
                "Speaking at the Carnegie Endowment for International Peace, Finer remarked, "
                "“It’s hard for us to see Pakistan’s actions as anything other than an emerging "
                "threat to the United States.”",
            ),
            Said(
                "4587f8e0-e565-4ac9-90e0-bbe82b34904c",
                "The US government’s concerns about Pakistan’s growing missile capabilities "
                "were further emphasized on Thursday by a senior White House official.",
                field="occurred",
            ),
            Said(
                "69dd48d5-9778-4b06-b6ef-dd559093533a",
                "He further warned that if these trends continued, Pakistan could eventually "
                "acquire the capability to strike targets outside South Asia, including in the "
                "United States.",
            ),
        ],
    )
    add(
        EventParticipant,
        "d358e611-a7fd-484a-ad7c-2a09bb0e3420",
        event=remarks,
        entity=finer,
        role=ParticipantRole.SPEAKER,
        cites=[
            Said(
                "b6d71640-8687-449d-9f6a-975b11f200d4",
                "Speaking at the Carnegie Endowment for International Peace, Finer remarked",
            ),
        ],
    )
    add(
        EventParticipant,
        "15de6d8d-d376-40d9-956c-73d5ada963d7",
        event=remarks,
        entity=carnegie,
        role=ParticipantRole.VENUE,
        cites=[
            Said(
                "9120bac4-2a30-43e1-9074-cdfcbf250c3e",
                "Speaking at the Carnegie Endowment for International Peace",
            ),
        ],
    )

    return order_for_fixture(
        b.records + b.citations,
        [
            Source,
            TargetedActivity,
            Entity,
            Alias,
            EntityCountry,
            Address,
            Body,  # after the entities: a body may be the same authority as an entity
            Relationship,
            Designation,
            Event,
            EventParticipant,
            Citation,
        ],
    )


def order_for_fixture(objects: list, model_order: list) -> list:
    """Fix the timestamps in the database, and return the records reloaded from it, grouped
    by model in dependency order (in the order they were built within a model)."""
    by_model = {model: [] for model in model_order}
    for obj in objects:
        by_model[type(obj)].append(obj)
    ordered = []
    for model, records in by_model.items():
        pks = [r.pk for r in records]
        model._default_manager.filter(pk__in=pks).update(
            created_at=FIXED_TIME, updated_at=FIXED_TIME
        )
        reloaded = model._default_manager.in_bulk(pks)
        ordered.extend(reloaded[pk] for pk in pks)
    return ordered


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="Write nothing; exit 1 if the fixture differs from a rebuild.",
    )
    args = parser.parse_args(argv)

    article = ARTICLE_PATH.read_bytes().decode("utf-8")
    with tempfile.TemporaryDirectory(prefix="seed-fixture-") as tmp:
        setup_django(Path(tmp) / "build.sqlite3")

        from django.core import serializers
        from django.db import connection

        objects = build(article)
        data = serializers.serialize(
            "json",
            objects,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        connection.close()
    data += "\n"
    name = OUTPUT_PATH.relative_to(BASE_DIR)
    if args.check:
        current = OUTPUT_PATH.read_text(encoding="utf-8") if OUTPUT_PATH.exists() else None
        if current != data:
            print(f"{name} is out of date: run scripts/build_seed_fixture.py", file=sys.stderr)
            return 1
        print(f"{name} is up to date ({len(objects)} objects)")
        return 0
    OUTPUT_PATH.write_text(data, encoding="utf-8")
    print(f"Wrote {len(objects)} objects to {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
