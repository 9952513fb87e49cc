"""Parser for FollowTheMoney (FtM) JSON lines, the entity files of OpenSanctions.

Pure parsing: reads one file and returns :class:`importer.records.ParsedSource`; writes
nothing and needs no database (only Django settings, for country names).

Format: one JSON object a line, ``{"id", "schema", "properties": {name: [strings]}}``
plus ``caption``, ``datasets``, ``first_seen``, ``last_seen``; entities (Person, Company
...) and records about them (Sanction, Address, Passport, Ownership ...) naming them by id.
By job: :mod:`.reading` (lines and their shape), :mod:`.schemas` (what each schema and
property becomes), :mod:`.dates`, :mod:`.sanctions` (designations) and :mod:`.entries`
(the entries, and ``parse_file``).
"""

from importer.parsers.ftm.entries import SOURCE, parse_file
from importer.records import ParseError, ParseWarning

__all__ = ["SOURCE", "ParseError", "ParseWarning", "parse_file"]
