"""``/api/v1/auth/token/``: a token for a username and password, under the sign-in lockout.

DRF's view authenticates through Django's ``authenticate``, so django-axes counts every
failure; but axes marks the lockout on DRF's request wrapper, which its middleware never
sees, so this view answers the lockout itself: a 429 in JSON with ``Retry-After``.
"""

from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError

from sanctions_tracker.lockout import api_lockout_response


class ObtainAuthTokenWithLockout(ObtainAuthToken):
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return api_lockout_response()
            raise


obtain_auth_token = ObtainAuthTokenWithLockout.as_view()
