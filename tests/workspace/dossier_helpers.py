"""Reading the dossier page in tests: its SVG pictures as XML, its tables' rows."""

import re
import xml.etree.ElementTree as ET

from django.contrib.auth.models import Group
from django.urls import reverse

SVG = "{http://www.w3.org/2000/svg}"


def dossier_url(pk: int, download: str = "") -> str:
    url = reverse("workspace:dossier", args=[pk])
    return f"{url}?download={download}" if download else url


def svg(html: str, element_id: str) -> ET.Element:
    """The inline SVG ``element_id`` of the page, parsed as XML (so it must be well formed)."""
    match = re.search(rf'<svg id="{element_id}".*?</svg>', html, re.S)
    assert match, f"no svg #{element_id} on the page"
    return ET.fromstring(match.group(0))


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def title_of(element: ET.Element) -> str:
    return element.find(f"{SVG}title").text


def make_reader(django_user_model, username="reader"):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="readers"))
    return user
