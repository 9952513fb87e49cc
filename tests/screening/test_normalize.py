"""Skeletons of words written as one: what the index and the scoring join across scripts."""

import pytest

from screening.normalize import joined_skeleton, run_skeletons, skeleton


@pytest.mark.parametrize(
    "words",
    [
        ("bd", "al", "lh"),  # Arabic "عبد الله"
        ("abd", "allah"),
        ("abd", "al", "rahman"),
        ("bd", "al", "rhmn"),
        ("bei", "jing"),
        ("abu", "bakr"),
        ("e", "mail"),  # a word without consonants adds nothing
    ],
)
def test_the_joined_skeleton_is_the_skeleton_of_the_words_joined(words):
    assert joined_skeleton([skeleton(w) for w in words]) == skeleton("".join(words))


def test_arabic_and_latin_spellings_of_abdullah_share_a_run_skeleton():
    arabic = tuple(skeleton(w) for w in ("bd", "al", "lh", "zm"))
    assert "bdlh" in run_skeletons(arabic)
    assert skeleton("abdullah") == "bdlh"


def test_short_runs_are_not_posted():
    assert run_skeletons((skeleton("al"), skeleton("bu"))) == set()
