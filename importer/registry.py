"""The lists the tracker imports: how to parse each, and who publishes it.

One place to add a list: its parser, the body whose designations it records, the measures
its designations carry, and how to fingerprint its files without parsing them (so that an
unchanged file is recognised in milliseconds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from entities.numberings import OFAC_ENT_NUM
from importer.records import ParsedSource


@dataclass(frozen=True)
class BodySpec:
    code: str
    name: str
    short_name: str
    jurisdiction: str  # ISO code, or "" for an international body
    url: str


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: str
    publisher: str
    url: str
    # The body whose list it is; None for a list of many bodies (FtM), whose designations
    # each name their own (ProgrammeRecord.authorities, resolved by importer.authorities).
    body: BodySpec | None
    measures: tuple[str, ...]  # MeasureCode values every designation of the list carries
    file_names: tuple[str, ...]  # for a folder; empty for a single file
    parse: Callable[[Path], ParsedSource]
    optional_files: tuple[str, ...] = ()  # of file_names, those a folder may lack
    # Lists whose references are one numbering (OFAC's ent_num, which the advanced XML calls
    # FixedRef) name it alike: an entry of one and an entry of another with the same
    # reference are the same party (importer.matching links them).
    reference_scheme: str = ""

    def fingerprint(self, path: Path) -> dict[str, str] | None:
        """File name -> SHA-256, as the parser would report it; None if unreadable."""
        try:
            if self.file_names:
                return {
                    name: _sha256(path / name)
                    for name in self.file_names
                    if (path / name).is_file()
                }
            return {path.name: _sha256(path)}
        except OSError:
            return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parse_ofac(kind: str):
    def parse(path: Path) -> ParsedSource:
        from importer.parsers import ofac

        return ofac.parse_source(path, kind=kind)

    return parse


def _parse_ofac_advanced(path: Path) -> ParsedSource:
    from importer.parsers import ofac_advanced

    return ofac_advanced.parse_file(path)


def _parse_un(path: Path) -> ParsedSource:
    from importer.parsers import un

    return un.parse_file(path)


def _parse_uk(path: Path) -> ParsedSource:
    from importer.parsers import uk

    return uk.parse_file(path)


def _parse_eu(path: Path) -> ParsedSource:
    from importer.parsers import eu

    return eu.parse_file(path)


def _parse_ftm(path: Path) -> ParsedSource:
    from importer.parsers import ftm

    return ftm.parse_file(path)


OFAC = BodySpec(
    code="US-OFAC",
    name="Office of Foreign Assets Control, US Department of the Treasury",
    short_name="OFAC",
    jurisdiction="US",
    url="https://ofac.treasury.gov/",
)
UN_SC = BodySpec(
    code="UN-SC",
    name="United Nations Security Council",
    short_name="UN Security Council",
    jurisdiction="",
    url="https://main.un.org/securitycouncil/en/sanctions/information",
)
UK_OFSI = BodySpec(
    code="UK-OFSI",
    name="Office of Financial Sanctions Implementation, HM Treasury",
    short_name="OFSI",
    jurisdiction="GB",
    url="https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation",
)
EU = BodySpec(
    code="EU",
    name="Council of the European Union",
    short_name="Council of the EU",
    jurisdiction="EU",
    url="https://www.consilium.europa.eu/en/policies/sanctions/",
)

LISTS: dict[str, ListSpec] = {
    spec.key: spec
    for spec in [
        ListSpec(
            key="ofac-sdn",
            title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
            publisher="US Department of the Treasury, OFAC",
            url="https://sanctionslist.ofac.treas.gov/Home/SdnList",
            body=OFAC,
            # Blocking: property frozen, dealings with US persons prohibited.
            measures=("asset_freeze", "transaction_ban"),
            file_names=("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
            parse=_parse_ofac("sdn"),
            optional_files=("sdn_comments.csv",),
            reference_scheme=OFAC_ENT_NUM,
        ),
        ListSpec(
            key="ofac-non-sdn",
            title="OFAC Consolidated Sanctions List (Non-SDN)",
            publisher="US Department of the Treasury, OFAC",
            url="https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList",
            body=OFAC,
            # Non-SDN programmes differ (sectoral, menu-based, CAPTA): no common measure.
            measures=(),
            file_names=("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
            parse=_parse_ofac("non-sdn"),
            optional_files=("cons_comments.csv",),
            reference_scheme=OFAC_ENT_NUM,
        ),
        ListSpec(
            key="ofac-advanced",
            title="OFAC sanctions list, advanced XML (SDN_ADVANCED.XML or CONS_ADVANCED.XML)",
            publisher="US Department of the Treasury, OFAC",
            url="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML",
            body=OFAC,
            # The SDN file blocks; the consolidated one holds sectoral and menu-based lists
            # too: the measures of each entry are in its notes, none is common to all.
            measures=(),
            file_names=(),
            parse=_parse_ofac_advanced,
            reference_scheme=OFAC_ENT_NUM,
        ),
        ListSpec(
            key="un-sc",
            title="United Nations Security Council Consolidated List",
            publisher="United Nations Security Council",
            url="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
            body=UN_SC,
            measures=("asset_freeze", "travel_ban", "arms_embargo"),
            file_names=(),
            parse=_parse_un,
        ),
        ListSpec(
            key="uk-ofsi",
            title="UK Consolidated List of Financial Sanctions Targets (ConList)",
            publisher="HM Treasury, Office of Financial Sanctions Implementation",
            url="https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
            body=UK_OFSI,
            measures=("asset_freeze",),
            file_names=(),
            parse=_parse_uk,
        ),
        ListSpec(
            key="eu-fsf",
            title="EU Consolidated Financial Sanctions List (FSF XML 1.1)",
            publisher="European Commission, DG FISMA, on behalf of the Council of the EU",
            url="https://webgate.ec.europa.eu/fsd/fsf#!/files",
            body=EU,
            # Financial sanctions: funds frozen, none to be made available.
            measures=("asset_freeze",),
            file_names=(),
            parse=_parse_eu,
        ),
        ListSpec(
            key="ftm",
            title="FollowTheMoney entities (an OpenSanctions dataset)",
            publisher="OpenSanctions (from the lists of many bodies)",
            url="https://www.opensanctions.org/datasets/",
            body=None,
            # Each Sanction names its measures in its own words (Designation.measures_text).
            measures=(),
            file_names=(),
            parse=_parse_ftm,
        ),
    ]
}
