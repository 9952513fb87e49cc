"""Parser for OFAC's advanced XML (``SDN_ADVANCED.XML``, ``CONS_ADVANCED.XML``).

Pure parsing: streams one file and returns :class:`importer.records.ParsedSource`; writes
nothing and needs no database.

Format (see ``tests/data/ofac-xml``): root ``Sanctions`` in one of two namespaces, then
``DateOfIssue``, ``ReferenceValueSets`` (the file's own decoding of every ``...ID``
attribute), ``Locations``, ``IDRegDocuments``, ``DistinctParties``, ``ProfileRelationships``,
``SanctionsEntries`` and ``SanctionsEntryLinks``. One list entry per ``DistinctParty``, keyed
by its ``FixedRef``, which is the legacy CSV's ``ent_num``.

By job: :mod:`.reading` (safe streaming XML), :mod:`.references`, :mod:`.dates`,
:mod:`.names`, :mod:`.locations`, :mod:`.documents`, :mod:`.features`, :mod:`.parties`,
:mod:`.sanctions` (entries and relationships) and :mod:`.parse` (the whole file).
"""

from importer.parsers.ofac_advanced.parse import SOURCE, entries_of, parse_file, read_file
from importer.parsers.ofac_advanced.reading import NAMESPACES
from importer.records import ParseError, ParseWarning

__all__ = [
    "NAMESPACES",
    "SOURCE",
    "ParseError",
    "ParseWarning",
    "entries_of",
    "parse_file",
    "read_file",
]
