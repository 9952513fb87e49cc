"""Citation inlines, one per kind of record a citation can support."""

from sanctions_tracker.admin_base import CuratedTabularInline
from sources.models import Citation

_INLINES: dict[str, type] = {}


def citation_inline(fk_name: str) -> type[CuratedTabularInline]:
    """An inline editing the citations of the record on the page (via ``fk_name``)."""
    if fk_name not in _INLINES:
        _INLINES[fk_name] = type(
            f"{fk_name.title().replace('_', '')}CitationInline",
            (CuratedTabularInline,),
            {
                "model": Citation,
                "fk_name": fk_name,
                "fields": ["source", "quote", "locator", "field"],
                "autocomplete_fields": ["source"],
                "verbose_name": "citation",
                "verbose_name_plural": "citations (why this record is here)",
            },
        )
    return _INLINES[fk_name]
