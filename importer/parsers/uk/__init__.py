"""Parser for the UK HM Treasury (OFSI) consolidated list, the "ConList" CSV.

Pure parsing: reads one file and returns :class:`~importer.records.ParsedSource`; writes
nothing, needs no database (only ``importer.countries``, which reads django-countries).

Format (see ``tests/data/uk``):

* line 1 is a preamble, ``Last Updated,dd/mm/yyyy,,,...``; line 2 the header (``Name 6,
  Name 1, ..., Group ID``); then one row per *name variant*, grouped by ``Group ID``. A
  group's facts (date of birth, address) are repeated on each of its rows, and a group with
  two dates of birth and two addresses has a row for every name x date x address: the
  rows are a cross product, so every collection below is deduplicated across the group.
* ``Alias Type`` is ``Prime Alias`` (the primary name, possibly on several rows), ``AKA``
  or ``FKA``. Names are split over ``Name 1``..``Name 5`` (given names) and ``Name 6``
  (surname, or the whole name of an entity), with stray leading and trailing spaces.
* Older exports are Windows-1252, newer ones UTF-8 (both accepted; a UTF-16 file, or one
  mixing UTF-8 characters with other bytes, is refused as such); dates are ``dd/mm/yyyy``
  with ``00`` for an unknown day or month; multi-valued cells are written ``1) a 2) b`` or
  ``(1) a (2) b`` (sometimes ``(a) .. (b) ..``); quoted fields may span lines.

By job: :mod:`.reading` (encoding, CSV rows, preamble and header), :mod:`.cells` (multi-valued
cells, dates), :mod:`.countries`, :mod:`.documents` (identifiers), :mod:`.entries` (one
group's rows into a record) and :mod:`.parse` (the whole file).
"""

from importer.parsers.uk.cells import split_numbered
from importer.parsers.uk.parse import SOURCE, parse_file
from importer.records import ParseError, ParseWarning

__all__ = ["SOURCE", "ParseError", "ParseWarning", "parse_file", "split_numbered"]
