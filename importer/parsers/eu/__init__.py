"""Parser for the EU consolidated financial sanctions list, FSF XML 1.1.

Pure parsing: reads one file and returns :class:`importer.records.ParsedSource`; writes
nothing and needs no database (only Django settings, for country names).

Format (see ``tests/data/eu``): root ``export`` in the namespace
``http://eu.europa.ec/fpi/fsd/export`` with ``generationDate``, then ``sanctionEntity``
elements (``remark*``, ``regulation+``, ``subjectType``, ``nameAlias*``, ``citizenship*``,
``birthdate*``, ``address*``, ``identification*``). The full file is about 25 MB: it is
read as a stream, one entity at a time.

By job: :mod:`.reading` (safe streaming XML with lines), :mod:`.elements` (attributes,
remarks, countries), :mod:`.names`, :mod:`.dates`, :mod:`.places` (citizenships,
addresses, contacts), :mod:`.documents` (identifications), :mod:`.programmes` (regulations)
and :mod:`.entries` (the records, and ``parse_file``).
"""

from importer.parsers.eu.entries import SOURCE, parse_file
from importer.parsers.eu.programmes import PROGRAMMES
from importer.parsers.eu.reading import NAMESPACE
from importer.records import ParseError, ParseWarning

__all__ = ["NAMESPACE", "PROGRAMMES", "SOURCE", "ParseError", "ParseWarning", "parse_file"]
