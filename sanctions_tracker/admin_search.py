"""Admin search's second chance: when a changelist's own search finds nothing, an app that
knows better (screening, with its tolerance for typos) may propose similar rows.

A registry, so that the app owning the admin (entities) need not import the app that
searches (screening imports entities; the reverse would be a cycle, see
tests/test_architecture.py). Screening registers in its ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

# "app_label.ModelName" -> a function from the search term to primary keys, best first.
_FALLBACKS: dict[str, Callable[[str], list]] = {}


def register_fallback(model_label: str, func: Callable[[str], list]) -> None:
    _FALLBACKS[model_label.lower()] = func


def fallback(model, term: str) -> list:
    """The primary keys proposed for ``term`` (best first); [] when no app proposes any."""
    func = _FALLBACKS.get(model._meta.label_lower)
    if func is None or not term.strip():
        return []
    return list(func(term))


def fallback_message(count: int, source: str = "screening") -> str:
    similar = "1 similar name" if count == 1 else f"{count} similar names"
    return f"No exact match; showing {similar} from {source}."
