"""CSV exports read every matching row, so they have a rate of their own."""

from rest_framework.throttling import SimpleRateThrottle


class ExportRateThrottle(SimpleRateThrottle):
    scope = "export"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
