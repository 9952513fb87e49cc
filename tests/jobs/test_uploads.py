"""Uploads above UPLOAD_MAX_SIZE_MB are refused with a message naming the limit: 413 JSON
from the API before the body is read, a form error in the admin; a body that passes the
limit while it streams is cut off; under the limit, files stream to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test import RequestFactory

from jobs.models import Job
from sanctions_tracker.uploads import SizeLimitUploadHandler, upload_refusal

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
LIMIT = "larger than the limit of 1 MB (setting UPLOAD_MAX_SIZE_MB)"


@pytest.fixture(autouse=True)
def one_megabyte(settings):
    settings.UPLOAD_MAX_SIZE_MB = 1


def big_csv() -> SimpleUploadedFile:
    return SimpleUploadedFile("names.csv", b"name\n" + b"x" * (MB + 10), "text/csv")


def test_the_api_answers_413_before_reading_the_body(alice_api):
    response = alice_api.post("/api/v1/match/file/", {"file": big_csv()}, format="multipart")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert LIMIT in response.json()["detail"]
    assert not Job.objects.exists()


def test_the_api_refuses_by_the_declared_length_alone(alice_api):
    """A Content-Length above the limit is enough: the body is never looked at."""
    response = alice_api.generic(
        "POST", "/api/v1/match/file/", b"", CONTENT_LENGTH=str(2 * MB), CONTENT_TYPE="text/csv"
    )
    assert response.status_code == 413


def test_the_admin_shows_the_limit_as_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/importer/importrun/upload/", {"source": "un-sc", "files": [big_csv()]}
    )
    assert response.status_code == 200
    assert LIMIT in " ".join(response.context["form"].non_field_errors())
    assert LIMIT in response.content.decode()
    assert not Job.objects.exists()


def multipart_request(body: bytes, limit: int):
    boundary = "BoUnDaRy"
    payload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nun-sc\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            'filename="list.xml"\r\nContent-Type: text/xml\r\n\r\n'
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = RequestFactory().generic(
        "POST", "/admin/x/", payload, content_type=f"multipart/form-data; boundary={boundary}"
    )
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit))
    return request


def test_a_body_passing_the_limit_as_it_streams_is_cut_off():
    """What a false or missing Content-Length would let through: counted as it comes."""
    request = multipart_request(b"x" * 5000, limit=4000)
    assert "files" not in request.FILES
    assert request.POST["source"] == "un-sc"  # the fields before it (the CSRF token) are kept
    assert LIMIT in upload_refusal(request)


class ChunkRecorder:
    """A request body that notes the size of every piece it hands out."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.largest = data, 0, 0

    def _give(self, end: int) -> bytes:
        piece = self.data[self.pos : end]
        self.pos += len(piece)
        self.largest = max(self.largest, len(piece))
        return piece

    def read(self, size=-1, /):
        return self._give(len(self.data) if size is None or size < 0 else self.pos + size)

    def readline(self, size=-1, /):
        newline = self.data.find(b"\n", self.pos)
        end = len(self.data) if newline < 0 else newline + 1
        if size is not None and size >= 0:
            end = min(end, self.pos + size)
        return self._give(end)


def test_a_refused_body_is_dropped_in_small_pieces():
    """Regression: Django drops the rest of a stopped upload by iterating the request, i.e.
    line by line, so a file without newlines (150 MB of it under gunicorn) came into memory
    as one line: a worker went from 82 MB to 454 MB to refuse it. It is read in chunks."""
    request = multipart_request(b"x" * (3 * MB), limit=4000)
    payload = request.environ["wsgi.input"].read()
    recorder = ChunkRecorder(payload)
    request._stream = LimitedStream(recorder, len(payload))

    assert "files" not in request.FILES
    assert "larger than the limit" in upload_refusal(request)
    assert recorder.pos == len(payload)  # all of it was read, so the connection stays usable
    assert recorder.largest <= 64 * 1024


def test_a_file_under_the_limit_streams_to_disk(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    request = multipart_request(b"x" * 100_000, limit=MB)
    upload = request.FILES["files"]
    assert isinstance(upload, TemporaryUploadedFile)  # on disk, not in memory
    assert upload.size == 100_000
    assert upload_refusal(request) == ""
