"""Imports of the official sanctions lists (OFAC, UN, UK): parsers, the import service,
its command, and the records of each run."""
