"""Values as FtM types read them: the formats of formatted identifiers (IMO, LEI, BIC,
USCC), e-mail addresses and URLs, and partial dates as FtM prefix dates.

A value that fails its property's format would be dropped by FtM readers (they clean
every value on load); the export writes it as an Identification instead, so that nothing
the record holds is lost. The checks follow what ``followthemoney`` (through ``rigour`` and
``python-stdnum``) accepts; tests/entities/test_ftm_values.py compares them with it.
"""

from __future__ import annotations

import re
import string
import urllib.parse

from django_countries import countries

from sanctions_tracker.partial_dates import PartialDate, Precision

# The lengths FtM allows an identifier, an address and a string (longer ones are invalid).
IDENTIFIER_MAX_LENGTH = 64
ADDRESS_MAX_LENGTH = 250
STRING_MAX_LENGTH = 1024

_IMO = re.compile(r"^(?:IMO[\s:.#-]*)?(\d{7})$", re.IGNORECASE)
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_BIC = re.compile(r"^[A-Z]{4}(?P<country>[A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC = re.compile(rf"^[{_USCC_ALPHABET}]{{18}}$")
_EMAIL_LOCAL = re.compile(r"^[^<>()\[\]\,;:\?\s@\"]{1,64}$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def imo(value: str) -> str | None:
    """``IMO1234567`` for a seven-digit IMO number whose check digit is right (a ship's or a
    company's scheme), else None."""
    match = _IMO.match(value.strip())
    if not match:
        return None
    digits = [int(d) for d in match.group(1)]
    vessel = sum(d * (7 - i) for i, d in enumerate(digits[:6])) % 10 == digits[6]
    weights = (8, 6, 4, 2, 9, 7)
    company = (11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11) % 10 == digits[
        6
    ]
    if not any(digits) or not (vessel or company):
        return None
    return f"IMO{match.group(1)}"


def lei(value: str) -> str | None:
    """An ISO 17442 LEI (20 characters, ISO 7064 mod 97-10 check)."""
    value = value.strip().upper()
    if not _LEI.match(value):
        return None
    number = int("".join(str(int(c, 36)) for c in value))
    return value if number % 97 == 1 else None


def bic(value: str) -> str | None:
    """An ISO 9362 BIC of 8 or 11 characters with a real country code."""
    value = value.strip().upper()
    match = _BIC.match(value)
    if not match or match.group("country") not in countries:
        return None
    return value


def uscc(value: str) -> str | None:
    """A Chinese unified social credit code: 18 characters and their check character."""
    value = value.strip().upper()
    if not _USCC.match(value) or not value[2:8].isdigit():
        return None
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(value, weights, strict=False))
    return value if _USCC_ALPHABET[(31 - total) % 31] == value[17] else None


def email(value: str) -> str | None:
    """An address with a local part and a domain of at least two labels."""
    local, at, domain = value.strip().removeprefix("mailto:").rpartition("@")
    if not at or not _EMAIL_LOCAL.match(local):
        return None
    labels = domain.rstrip(".").lower().split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    if not set(labels[-1]) <= set(string.ascii_lowercase):
        return None
    return value.strip()


def url(value: str) -> str | None:
    """A web address as FtM's url type cleans it: http, https or ftp (``www.example.org`` is read
    as http), a host with a dot and no spaces, ``/`` for an empty path. Written cleaned so that
    two of our values that FtM takes for one address (``www.veb.ru``, ``http://www.veb.ru``)
    are written once."""
    value = value.strip()
    if "://" not in value:
        if ":" in value.split("/", 1)[0]:
            return None  # FtM reads "host:port" with no scheme as a scheme
        value = f"http://{value}"
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return None
    host = parts.netloc
    if parts.scheme.lower() not in ("http", "https", "ftp"):
        return None
    if "." not in host or any(c.isspace() for c in host):
        return None
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), host, parts.path or "/", parts.query, parts.fragment)
    )


CHECKS = {"imo": imo, "lei": lei, "bic": bic, "uscc": uscc, "email": email, "url": url}


def checked(value: str, check: str) -> str | None:
    """``value`` as the FtM property of format ``check`` takes it, or None if it fails."""
    if check:
        return CHECKS[check](value)
    value = value.strip()
    return value if 0 < len(value) <= IDENTIFIER_MAX_LENGTH else None


def fitting(text: str, limit: int) -> str | None:
    """``text`` if FtM's type of this length takes it, else None."""
    text = text.strip()
    return text if 0 < len(text) <= limit else None


def prefix_dates(date: PartialDate) -> list[str]:
    """A partial date as FtM prefix dates, at its precision: ``1980``, ``1980-05``,
    ``1980-05-03``. A range ("between 1960 and 1965") is its two ends, as OpenSanctions
    writes one (each a possible value, which is what screening reads); an unknown date is
    none."""
    if date.precision == Precision.RANGE:
        start, _, end = date.iso.partition("/")
        return [start, end]
    return [date.iso] if date.is_known else []
