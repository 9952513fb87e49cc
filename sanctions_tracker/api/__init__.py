"""The REST API, under /api/. Other layers ask ``is_api_request`` to answer in JSON."""

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Whether ``request`` is for the API (JSON answers) rather than a page of the admin."""
    return request.path_info.startswith(API_PREFIX)
