"""The README's screening examples answer on the data it says to load: the seed and the UN
sample. The requests are read from the README itself, so the two cannot drift apart."""

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from importer.services import import_list

README = Path(__file__).resolve().parents[2] / "README.md"
UN_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "un" / "un-consolidated-sample.xml"

pytestmark = pytest.mark.django_db


def screening_examples() -> list[str]:
    """The curl commands of the README's Screening section, each with its following lines."""
    section = README.read_text(encoding="utf-8").split("## Screening", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands: list[str] = []
    for line in block.splitlines():
        line = line.strip().removesuffix("\\").strip()
        if line.startswith(("curl ", ".venv/", "#")) or not commands:
            commands.append(line)
        else:
            commands[-1] += " " + line
    return [c for c in commands if c.startswith("curl ")]


def as_request(command: str) -> tuple[str, str, dict | None]:
    words = shlex.split(command)
    url = next(w for w in words if w.startswith("http"))
    split = urlsplit(url)
    path = split.path + (f"?{split.query}" if split.query else "")
    if "-X" in words and words[words.index("-X") + 1] == "POST":
        return "POST", path, json.loads(words[words.index("-d") + 1])
    return "GET", path, None


@pytest.fixture
def readme_data(seed):
    import_list("un-sc", UN_SAMPLE)


def test_the_readme_has_the_examples():
    methods = [as_request(c)[0] for c in screening_examples()]
    assert methods == ["GET", "GET", "POST"]


@pytest.mark.parametrize("command", screening_examples())
def test_each_readme_example_finds_its_entity(readme_data, command):
    anon_client = APIClient()
    method, path, body = as_request(command)
    if method == "GET":
        response = anon_client.get(path)
        assert response.status_code == 200, response.content
        answers = [response.json()]
    else:
        response = anon_client.post(path, body, format="json")
        assert response.status_code == 200, response.content
        answers = response.json()["results"]
    for answer in answers:
        assert answer["candidates"], f"{command}: no candidate for {answer.get('query')}"
