"""A ``Sanction`` record: one designation of its entity, by the authority it names.

The authority stays words here (``ProgrammeRecord.authorities``): which body it is, known
or new, is the import's to decide (:mod:`importer.authorities`), since it needs the database.
An entity's Sanctions by the same authority under the same programme are one designation
(the tracker keeps one active designation per entity and programme): listed on the
earliest of their dates, with their references, reasons and measures together.
"""

from __future__ import annotations

from importer.parsers.common import Warnings, collapse, unique
from importer.parsers.ftm.dates import earliest, latest, prefix_date
from importer.parsers.ftm.reading import FtmObject
from importer.parsers.ftm.schemas import ENDED, IN_FORCE
from importer.records import ProgrammeRecord

PROGRAMME_CODE_MAX = 64  # Programme.code
# A Sanction that names no programme: the designation's programme says so, nothing more.
NOT_STATED = ProgrammeRecord(
    code="not stated", name="Programme not stated (FtM Sanction without program or programId)"
)


def designation_of(sanction: FtmObject, warn: Warnings) -> ProgrammeRecord | None:
    """The Sanction as one designation; None (with a warning) if it names no authority."""
    authorities = unique(collapse(a) for a in sanction.values("authority") if collapse(a))
    if not authorities:
        authorities = unique(collapse(a) for a in sanction.values("publisher") if collapse(a))
    if not authorities:
        warn(sanction.line, f"skipped: Sanction {sanction.id} names no authority")
        return None
    programme = _programme(sanction, warn)
    listed_dates = [prefix_date(v) for v in sanction.values("listingDate", "startDate")]
    listed = earliest(listed_dates)
    end = latest([prefix_date(v) for v in sanction.values("endDate")])
    status_words = sanction.values("status")
    ended = any(s.lower() in ENDED for s in status_words)
    notes = []
    other_statuses = [s for s in status_words if s.lower() not in ENDED | IN_FORCE]
    if other_statuses:
        notes.append(f"Status: {'; '.join(other_statuses)}")
    seen = prefix_date(sanction.last_seen)
    if end and not ended and not status_words and seen and end <= seen:
        ended = True  # ended before the list was last seen, with no status saying otherwise
    if end and not ended:
        notes.append(f"Ends {end}, as stated.")
    if ended and end and listed and end < listed:
        warn(
            sanction.line,
            f"kept: Sanction {sanction.id} ends ({end}) before it starts ({listed}); "
            "delisting date not recorded",
        )
        end = ""
    notes.extend(f"Source: {url}" for url in sanction.values("sourceUrl"))
    return ProgrammeRecord(
        code=programme.code,
        name=programme.name,
        url=programme.url,
        authorities=authorities,
        jurisdiction=_jurisdiction(sanction),
        listed=listed,
        delisted=end if ended else "",
        status="delisted" if ended else "",
        reference=", ".join(unique(sanction.values("authorityId", "unscId"))),
        reason="\n".join(unique(sanction.values("reason"))),
        measures_text="; ".join(unique(sanction.values("provisions"))),
        notes="\n".join(notes),
    )


def _jurisdiction(sanction: FtmObject) -> str:
    countries = sanction.values("country")
    return countries[0].upper() if countries else ""


def _programme(sanction: FtmObject, warn: Warnings) -> ProgrammeRecord:
    """The programme by its code (``programId``), else by its name (``program``)."""
    ident, name, url = sanction.first("programId"), sanction.first("program"), ""
    url = sanction.first("programUrl")
    if not ident and not name:
        return NOT_STATED
    code = collapse(ident or name)
    if len(code) > PROGRAMME_CODE_MAX:
        cut = code[: PROGRAMME_CODE_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;-(")
        code = cut[:PROGRAMME_CODE_MAX]
        warn(
            sanction.line,
            f"kept: programme name cut to {len(code)} characters for its code: {code!r}",
            once_per=name,
        )
    return ProgrammeRecord(code=code, name=collapse(name or ident), url=url)


def combine(records: list[ProgrammeRecord]) -> tuple[ProgrammeRecord, ...]:
    """One designation per authority and programme of an entity, in the order of their
    keys, each group's records by date and reference: the same Sanctions in another order
    of the file are the same entry."""
    groups: dict[tuple, list[ProgrammeRecord]] = {}
    for record in records:
        groups.setdefault(record.key(), []).append(record)
    return tuple(
        _one(sorted(groups[key], key=lambda r: (r.listed, r.reference, repr(r))))
        for key in sorted(groups)
    )


def _one(group: list[ProgrammeRecord]) -> ProgrammeRecord:
    if len(group) == 1:
        return group[0]
    first = group[0]
    ended = all(r.status == "delisted" for r in group)

    def joined(name: str, separator: str) -> str:
        return separator.join(unique(getattr(r, name) for r in group if getattr(r, name)))

    return ProgrammeRecord(
        code=first.code,
        name=first.name,
        url=next((r.url for r in group if r.url), ""),
        authorities=first.authorities,
        jurisdiction=first.jurisdiction,
        listed=earliest([r.listed for r in group]),
        delisted=latest([r.delisted for r in group]) if ended else "",
        status="delisted" if ended else "",
        reference=joined("reference", ", "),
        reason=joined("reason", "\n"),
        measures_text=joined("measures_text", "; "),
        notes=joined("notes", "\n"),
    )
