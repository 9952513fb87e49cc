"""Parser for OFAC's legacy CSV format (SDN and Non-SDN consolidated lists).

Pure parsing: reads a folder of files and returns frozen dataclasses; writes nothing.

Format (see ``tests/data/ofac``): no header row, columns by position, the unquoted null
marker ``-0- ``, CRLF (or LF) line endings, an optional trailing 0x1A byte, ASCII. By job:

* :mod:`.reading`: one file's bytes into rows (encodings, the 0x1A end, the null marker);
* :mod:`.folder`: the folder's files into entries, addresses and aliases by ``ent_num``;
* :mod:`.remarks`: the remarks' ``; ``-separated phrases into names, identifiers, dates, links;
* :mod:`.entries`: the normalised records, built lazily, and the digests of the raw rows.
"""

from importer.parsers.ofac.entries import parse_source
from importer.parsers.ofac.folder import Address, Alias, Entry, ParsedList, parse_folder
from importer.parsers.ofac.remarks import Identifier, RemarkDate, Remarks, parse_remarks
from importer.records import ParseError, ParseWarning

__all__ = [
    "Address",
    "Alias",
    "Entry",
    "Identifier",
    "ParseError",
    "ParseWarning",
    "ParsedList",
    "RemarkDate",
    "Remarks",
    "parse_folder",
    "parse_remarks",
    "parse_source",
]
