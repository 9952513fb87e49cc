"""The writing system of a name in its original script, for ``NAME_ORIGINAL_SCRIPT``."""

from __future__ import annotations

# Unicode blocks -> ISO 15924 code, for NAME_ORIGINAL_SCRIPT.
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x3130, 0x318F, "Hang"),
    (0xAC00, 0xD7AF, "Hang"),
    (0x1200, 0x137F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x3040, 0x30FF, "Jpan"),  # kana: Japanese, whatever the kanji around them
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xF900, 0xFAFF, "Hani"),
    (0x20000, 0x2FFFF, "Hani"),
)


def detect_script(text: str) -> str:
    """ISO 15924 code of the script most of ``text``'s letters are in; "" if none known.

    Kana anywhere make it ``Jpan`` (kanji alone stay ``Hani``: Chinese and Japanese share
    them, and the list does not say which).
    """
    counts: dict[str, int] = {}
    for char in text:
        cp = ord(char)
        if cp < 0x41 or not char.isalpha():
            continue
        for low, high, script in _SCRIPT_RANGES:
            if low <= cp <= high:
                counts[script] = counts.get(script, 0) + 1
                break
    if not counts:
        return ""
    if "Jpan" in counts:
        return "Jpan"
    return max(counts, key=lambda s: counts[s])
