"""Pure parsers of official list formats: no database access."""
