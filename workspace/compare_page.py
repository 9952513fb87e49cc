"""What the comparison page shows besides the comparison itself: its form (choices by their
labels), the bar chart of each pair's lags, and the links of an entity."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django_countries import countries

from entities.choices import EntityKind
from entities.models import Body, Designation, Programme
from workspace.compare import (
    CompareQuery,
    CompareRefused,
    LagDistribution,
    read_query,
    split_codes,
)

ACTIVE_CHOICES = [
    ("true", "currently designated (active designations)"),
    ("false", "ever designated (delisted designations too)"),
]


class CompareForm(forms.Form):
    """The page's form: bodies with a designation to compare, by their names; the filters.
    Its checks are workspace.compare.read_query's, on top of the choices."""

    bodies = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="Two or more.",
    )
    programme = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "any kind"), *EntityKind.choices])
    country = forms.ChoiceField(
        required=False, choices=[("", "any country"), *countries], help_text="In any role."
    )
    active_only = forms.ChoiceField(
        label="Listed means",
        choices=ACTIVE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    # Set by the links of the pairs' counts: the entities behind a count.
    listed_by = forms.CharField(required=False, widget=forms.HiddenInput)
    not_listed_by = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(Exists(Designation.objects.filter(body=OuterRef("pk"))))
        self.fields["bodies"].choices = [
            (b.code, f"{b.code} ({b.short_name or b.name})") for b in bodies.order_by("code")
        ]
        programmes = Programme.objects.filter(
            Exists(Designation.objects.filter(programme=OuterRef("pk")))
        ).values_list("body__code", "code", "name")
        self.fields["programme"].choices = [
            ("", "any programme"),
            *(
                (f"{body}:{code}", f"{body}: {code} ({name})")
                for body, code, name in programmes.order_by("body__code", "code")
            ),
        ]

    @classmethod
    def from_request(cls, request) -> CompareForm:
        """Bound to the query string; with none, every body that has a designation."""
        if not request.GET:
            form = cls()
            data = {"bodies": [code for code, _ in form.fields["bodies"].choices]}
            return cls(data={**data, "active_only": "true"})
        data = request.GET.copy()
        # Ticked one by one (bodies=A&bodies=B) or as the API takes them (bodies=A,B): the
        # page's links and the API's share their query strings.
        data.setlist("bodies", split_codes(data.getlist("bodies")))
        data.setdefault("active_only", "true")  # the default, checked
        return cls(data=data)

    def query(self) -> CompareQuery | None:
        """The comparison asked for; None, with the reasons on the form, if it cannot be."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        try:
            return read_query(
                data["bodies"],
                programme=data["programme"],
                kind=data["kind"],
                country=data["country"],
                active_only=data["active_only"],
                listed_by=[data["listed_by"]],
                not_listed_by=[data["not_listed_by"]],
            )
        except CompareRefused as refused:
            for field, messages in refused.errors.items():
                for message in messages:
                    self.add_error(field, message)
            return None


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: int
    y: int
    height: int
    after: bool  # then listed after first (or the same day)


CHART_WIDTH, CHART_HEIGHT, BAR_WIDTH, GAP = 220, 60, 16, 4


def lag_bars(lags: LagDistribution) -> list[Bar]:
    """One bar per bucket of days, the tallest the chart's height, in the SVG's coordinates."""
    buckets = lags.buckets
    tallest = max((count for _, count in buckets), default=0) or 1
    bars = []
    for i, (label, count) in enumerate(buckets):
        height = round(count * (CHART_HEIGHT - 2) / tallest)
        if count and not height:
            height = 1
        bars.append(
            Bar(
                label=label,
                count=count,
                x=i * (BAR_WIDTH + GAP),
                y=CHART_HEIGHT - height,
                height=height,
                after="before" not in label,
            )
        )
    return bars


def entity_links(entity_id: int) -> dict[str, str]:
    """The entity's admin change page and, where the workspace has one, its dossier."""
    links = {"admin": reverse("admin:entities_entity_change", args=[entity_id])}
    with contextlib.suppress(NoReverseMatch):  # the dossier is another page of issue 12
        links["dossier"] = reverse("workspace:dossier", args=[entity_id])
    return links


def narrowed(query: CompareQuery, listed_by: tuple[str, ...], not_listed_by: tuple[str, ...]):
    """The query's parameters, its entity list narrowed to these instead."""
    params = {
        k: v for k, v in query.parameters().items() if k not in ("listed_by", "not_listed_by")
    }
    if listed_by:
        params["listed_by"] = ",".join(listed_by)
    if not_listed_by:
        params["not_listed_by"] = ",".join(not_listed_by)
    return params


def count_links(query: CompareQuery, first: str, then: str) -> dict[str, dict[str, str]]:
    """The parameters of the entities behind each count of a pair."""
    return {
        "only_first": narrowed(query, (first,), (then,)),
        "only_then": narrowed(query, (then,), (first,)),
        "both": narrowed(query, (first, then), ()),
    }
