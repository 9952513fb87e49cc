"""Importers for official sanctions lists (plain package; no models yet)."""
