"""The importer's public face: ``import_list()``, what it returns and what it refuses.

The import itself is :mod:`importer.run` (its docstring tells what an import does), with a
module per job beside it; this module only re-exports, so that callers (the ``import_list``
command, the admin upload, scheduled jobs, tests, benchmarks) keep one import path.
"""

from importer.run import ImportRefused, ImportResult, import_list

__all__ = ["ImportRefused", "ImportResult", "import_list"]
