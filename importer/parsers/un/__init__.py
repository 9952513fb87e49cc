"""Parser for the UN Security Council Consolidated List (XML).

Pure parsing: reads one file and returns :class:`importer.records.ParsedSource`; writes
nothing and needs no database (only Django settings, for country names).

Format (see ``tests/data/un``): root ``CONSOLIDATED_LIST`` with a ``dateGenerated``
attribute, then ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. The file is full of empty
placeholder elements (``<INDIVIDUAL_ALIAS><QUALITY /><ALIAS_NAME /></INDIVIDUAL_ALIAS>``,
``<COUNTRY />``, ``<INDIVIDUAL_DOCUMENT />``): they mean "nothing", not "something empty".

By job: :mod:`.reading` (safe XML, encodings, element lines), :mod:`.elements` (the file's
context, element values), :mod:`.dates`, :mod:`.fields` (names, programmes, addresses,
documents, links), :mod:`.scripts` (the script of a native name) and :mod:`.entries` (the
records, and ``parse_file``).
"""

from importer.parsers.un.entries import SOURCE, parse_file
from importer.parsers.un.fields import PROGRAMMES
from importer.parsers.un.scripts import detect_script
from importer.records import ParseError, ParseWarning

__all__ = ["PROGRAMMES", "SOURCE", "ParseError", "ParseWarning", "detect_script", "parse_file"]
