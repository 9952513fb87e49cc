"""Each ``regulation`` of an entity as the programme it lists the entity under, with its
legal basis.

``programme`` is the EU's regime code (TAQA, TERR, IRN...). The entity-level
``regulation`` is the latest act that touched the entity, often an amendment of 2025 rather
than the act the regime rests on. So the act is kept twice, each where it is true:

- in the entry's notes, always ("Legal act (TERR): Council amendment 2025/206 ..., URL"):
  the act behind this entity's listing as the file states it today;
- as the programme's legal basis and URL only when it is a ``regulation`` (not an
  ``amendment`` or ``repealing`` act): an amending act is not what the regime rests on, and
  would make the programme's legal basis depend on which entity the import met first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from importer.parsers.common import collapse, joined
from importer.parsers.eu.elements import Context, attr
from importer.records import ProgrammeRecord

# Regime codes -> names. The file gives codes only; the country regimes are named by their
# country, and the two counter-terrorism regimes by the acts that set them up. A code not
# here is named by its code rather than by a guess.
PROGRAMMES = {
    "AFG": "Afghanistan",
    "BLR": "Belarus",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "GIN": "Guinea",
    "GNB": "Guinea-Bissau",
    "IRN": "Iran",
    "IRQ": "Iraq",
    "LBN": "Lebanon",
    "LBY": "Libya",
    "MLI": "Mali",
    "MMR": "Myanmar/Burma",
    "NIC": "Nicaragua",
    "PRK": "Democratic People's Republic of Korea",
    "RUS": "Russia",
    "SDN": "Sudan",
    "SOM": "Somalia",
    "SSD": "South Sudan",
    "SYR": "Syria",
    "TAQA": "ISIL (Da'esh) and Al-Qaida (Regulation (EC) No 881/2002)",
    "TERR": "Terrorist persons and groups (Common Position 2001/931/CFSP)",
    "TUN": "Tunisia",
    "UKR": "Ukraine",
    "VEN": "Venezuela",
    "YEM": "Yemen",
    "ZWE": "Zimbabwe",
}


def legal_basis(elem: ET.Element) -> str:
    """ "Council amendment 2025/206 (L 202500206), published 2025-01-31, in force 2025-02-01"."""
    act = " ".join(
        p for p in (attr(elem, "organisationType").capitalize(), attr(elem, "regulationType")) if p
    )
    number = attr(elem, "numberTitle")
    published = attr(elem, "publicationDate")
    in_force = attr(elem, "entryIntoForceDate")
    return joined(
        " ".join(p for p in (act, number) if p),
        f"published {published}" if published else "",
        f"in force {in_force}" if in_force else "",
    )


def publication_url(elem: ET.Element) -> str:
    """A child element in ``regulation``, an attribute in ``regulationSummary``."""
    url = elem.find("publicationUrl")
    return collapse(url.text) if url is not None else attr(elem, "publicationUrl")


def act_note(elem: ET.Element) -> str:
    """The act as a line of the entry's notes; "" when the regulation names no act."""
    act = legal_basis(elem)
    if not act:
        return ""
    code = attr(elem, "programme").upper()
    url = publication_url(elem)
    return f"Legal act ({code or 'no programme'}): {act}" + (f": {url}" if url else "")


def programme(ctx: Context, elem: ET.Element) -> ProgrammeRecord | None:
    code = attr(elem, "programme").upper()
    if not code:
        ctx.warn(elem, f"skipped: regulation {attr(elem, 'numberTitle')!r} without a programme")
        return None
    if attr(elem, "regulationType").lower() != "regulation":
        return ProgrammeRecord(code=code, name=PROGRAMMES.get(code, ""))
    return ProgrammeRecord(
        code=code,
        name=PROGRAMMES.get(code, ""),
        legal_basis=legal_basis(elem),
        url=publication_url(elem),
    )
