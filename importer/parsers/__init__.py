"""Pure parsers of official list formats: no database access.

One package per list, split by job (``ofac``, ``uk``, ``un``); ``common`` and ``encoding``
hold what they do alike.
"""
