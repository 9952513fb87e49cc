"""Proposed matches in the admin: the list to review, and a review page per proposal that
shows the entry and each candidate side by side, with a button to link the entry to a
candidate and one to confirm it as new. Readers (view permission) see the page; deciding
needs the change permission (curators). The decision itself is :mod:`importer.review`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from importer.models import ProposedMatch
from importer.review import proposal_confirm_new, proposal_entities, proposal_link
from sanctions_tracker.admin_base import CuratedAdmin


class DecisionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        max_length=2000,
        help_text="Why: kept with the decision and in the history.",
    )


def entity_links(entity) -> dict[str, str]:
    """The entity's admin page, and its dossier where the workspace has one (else the admin
    page again)."""
    admin_url = reverse("admin:entities_entity_change", args=[entity.pk])
    try:
        dossier = reverse("workspace:dossier", args=[entity.pk])
    except NoReverseMatch:
        dossier = admin_url
    return {"admin": admin_url, "dossier": dossier}


@admin.register(ProposedMatch)
class ProposedMatchAdmin(CuratedAdmin):
    """Its History page is the curated one (each decision with its user and reason)."""

    list_display = [
        "reference",
        "name",
        "source",
        "run",
        "status",
        "chosen",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "source", "run"]
    search_fields = ["reference", "name"]
    list_select_related = ["run", "chosen", "decided_by"]
    actions = []

    def has_add_permission(self, request):
        return False  # imports create them

    def has_delete_permission(self, request, obj=None):
        return False  # a decision is kept

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: GET shows it; POST decides (curators only)."""
        proposal = (
            ProposedMatch.objects.select_related("run", "chosen", "decided_by")
            .filter(pk=object_id)
            .first()
            if str(object_id).isdigit()
            else None
        )
        if proposal is None:
            raise Http404(f"No proposed match #{object_id}.")
        if not self.has_view_or_change_permission(request, proposal):
            raise PermissionDenied
        can_decide = proposal.is_open and self.has_change_permission(request, proposal)
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, proposal):
                raise PermissionDenied
            if form.is_valid():
                decided = self._decide(request, proposal, form)
                if decided:
                    return redirect(request.path)
        created, candidates = proposal_entities(proposal)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review {proposal.source} entry {proposal.reference}",
            "opts": self.model._meta,
            "proposal": proposal,
            "original": proposal,
            "candidates": [(c, entity_links(c)) for c in candidates],
            "created": created,
            "created_links": entity_links(created) if created else None,
            "chosen_links": entity_links(proposal.chosen) if proposal.chosen else None,
            "form": form,
            "can_decide": can_decide,
            "history_url": reverse("admin:importer_proposedmatch_history", args=[proposal.pk]),
        }
        return TemplateResponse(request, "admin/importer/proposedmatch/review.html", context)

    def _decide(self, request, proposal, form) -> bool:
        reason = form.cleaned_data["reason"]
        try:
            if "confirm_new" in request.POST:
                proposal_confirm_new(proposal=proposal, user=request.user, reason=reason)
                messages.success(request, f"{proposal.reference} confirmed as a new party.")
            elif request.POST.get("link", "").isdigit():
                entity = int(request.POST["link"])
                proposal_link(proposal=proposal, entity=entity, user=request.user, reason=reason)
                messages.success(request, f"{proposal.reference} linked to entity #{entity}.")
            else:
                form.add_error(None, "Choose a candidate to link to, or confirm as new.")
                return False
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return False
        return True


def proposals_table(run) -> str:
    """The run's proposed matches with their status and review links (one query)."""
    proposals = run.proposals.select_related("chosen").order_by("reference", "pk")
    rows = format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                reverse("admin:importer_proposedmatch_change", args=[p.pk]),
                p.reference,
                p.name,
                p.get_status_display(),
                p.chosen or "",
            )
            for p in proposals
        ),
    )
    if not rows:
        return "none"
    return format_html(
        '<table id="run-proposals"><thead><tr><th>entry</th><th>name</th><th>status</th>'
        "<th>linked to</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
