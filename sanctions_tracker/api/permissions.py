"""Who may do what: reading is open when API_PUBLIC_READ is on, else for users with the view
permission; writing needs the model permission (groups curators and readers)."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ReadPublicWriteWithModelPermission(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
    }

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS and settings.API_PUBLIC_READ:
            return True
        return super().has_permission(request, view)
