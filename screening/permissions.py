"""Who may screen: one rule for the API (``MatchView``, ``MatchFileView``) and the admin's
screening page."""

from django.conf import settings

VIEW_ENTITY = "entities.view_entity"


def may_screen(user) -> bool:
    """Screening is reading: open while API_PUBLIC_READ, else for users who may view entities."""
    if settings.API_PUBLIC_READ:
        return True
    return bool(user and user.is_authenticated and user.has_perm(VIEW_ENTITY))
