"""Page-number pagination with a total count, a client-chosen page size up to 1000, and a
400 (not a silent fallback) for a malformed page or page size; a page past the last is a
JSON 404 (DRF's "Invalid page.")."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 1000


def is_whole_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٣"."""
    return text.isascii() and text.isdigit()


class StablePageNumberPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not is_whole_number(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        f"{raw!r} is not a page size: give a whole number from 1 to "
                        f"{self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def check_page_parameter(self, request):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw in self.last_page_strings:
            return
        if not is_whole_number(raw) or int(raw) < 1:
            raise ValidationError(
                {"page": [f"{raw!r} is not a page number: give a whole number from 1, or last."]}
            )

    def paginate_queryset(self, queryset, request, view=None):
        self.check_page_parameter(request)
        return super().paginate_queryset(queryset, request, view)
