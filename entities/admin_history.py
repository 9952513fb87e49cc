"""The admin's History page of an entity: one timeline of the entity and all its parts.

Its rows are those of :func:`entities.selectors.entity_history`, the same as the API's
``/entities/{id}/history/``. This module only presents them: each record named and linked
to its change page while it exists, with a link to the record as it was after the change
(django-simple-history's "as of" view), and the values before and after in words (choices
by their label, related records by name, nothing shown as "None").

A page holds at most ``history_list_per_page`` entries; what it shows is loaded in one query
per kind of record on the page, whatever the number of parts.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from entities.models import Entity
from entities.selectors import HistoryEntry, entity_history

EMPTY = "—"
# Not listed among a change's fields: the record column names the record already.
HIDDEN_IN_CHANGES = {"id", "uid"}
TEMPLATE = "admin/entities/entity/object_history.html"


@dataclass
class ShownChange:
    field: str
    before: str
    after: str


@dataclass
class ShownEntry:
    """One history entry as the page shows it."""

    entry: HistoryEntry
    record_type: str  # "Alias", "Designation"...
    record: str
    record_url: str | None  # the record's change page, while the record exists
    as_of_url: str | None  # the record as it was after this change
    changes: list[ShownChange]

    @property
    def reason(self) -> str:
        return self.entry.reason or EMPTY

    @property
    def user(self) -> str:
        return self.entry.user or EMPTY


def entity_history_view(model_admin, request, object_id, extra_context=None):
    """The History page of an entity (``EntityAdmin.history_view``)."""
    request.current_app = model_admin.admin_site.name
    entity = model_admin.get_object(request, unquote(object_id))
    exists = entity is not None
    if not exists:
        entity = _deleted_entity(object_id)
    if not model_admin.has_view_history_or_change_history_permission(request, entity):
        raise PermissionDenied

    paginator = Paginator(entity_history(entity), model_admin.history_list_per_page)
    page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
    opts = Entity._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Change history: {entity}",
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "module_name": capfirst(opts.verbose_name_plural),
        "object": entity,
        "entries": present(
            page_obj.object_list, entity, model_admin.admin_site, entity_exists=exists
        ),
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number),
        "page_var": PAGE_VAR,
        "pagination_required": paginator.num_pages > 1,
        **(extra_context or {}),
    }
    return TemplateResponse(request, TEMPLATE, context)


def _deleted_entity(object_id) -> Entity:
    """A deleted entity as its last history row holds it (its history stays readable)."""
    try:
        last = (
            Entity.history.filter(id=unquote(object_id))
            .order_by("-history_date", "-history_id")
            .first()
        )
    except (ValueError, ValidationError):
        last = None
    if last is None:
        raise Http404("No entity has this id, now or in its history.")
    return last.instance


def present(
    entries: list[HistoryEntry], entity: Entity, admin_site, *, entity_exists: bool = True
) -> list[ShownEntry]:
    """``entries`` of ``entity`` with their records and the related records of their changes
    named: one query per kind of record involved (the entity itself is known already, or
    deleted)."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        model = _model_named(entry.record_type)
        if model is None:
            continue
        wanted[model].add(entry.record_id)
        fields = _fields_of(model)
        for change in entry.changes:
            field = fields.get(change["field"])
            if field is not None and field.is_relation and not field.many_to_many:
                for value in (change["before"], change["after"]):
                    if value is not None:
                        wanted[field.related_model].add(value)
    wanted[Entity].discard(entity.pk)
    records = {(Entity, entity.pk): entity} if entity_exists else {}
    for model, pks in wanted.items():
        if not pks:
            continue
        # One level of relations is what every curated record's name needs (a
        # designation's entity and body, a relationship's two sides, a citation's source).
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for record in model._default_manager.select_related(*relations).filter(pk__in=pks):
            records[(model, record.pk)] = record
    return [_shown(entry, entity, records, admin_site) for entry in entries]


def _shown(entry: HistoryEntry, entity: Entity, records: dict, admin_site) -> ShownEntry:
    model = _model_named(entry.record_type)
    if model is None:
        return ShownEntry(entry, entry.record_type, entry.record, None, None, [])
    record = records.get((model, entry.record_id))
    fields = _fields_of(model)
    changes = [
        ShownChange(
            field=_field_label(fields.get(change["field"]), change["field"]),
            before=_value(fields.get(change["field"]), change["before"], records),
            after=_value(fields.get(change["field"]), change["after"], records),
        )
        for change in entry.changes
        if change["field"] not in HIDDEN_IN_CHANGES and not _names_this_entity(change, entity)
    ]
    record_url = as_of_url = None
    if admin_site.is_registered(model):
        prefix = f"{admin_site.name}:{model._meta.app_label}_{model._meta.model_name}"
        if record is not None:
            record_url = _url(f"{prefix}_change", record.pk)
        if entry.history_id is not None and isinstance(
            admin_site.get_model_admin(model), SimpleHistoryAdmin
        ):
            as_of_url = _url(f"{prefix}_simple_history", entry.record_id, entry.history_id)
    return ShownEntry(
        entry=entry,
        record_type=capfirst(model._meta.verbose_name),
        record=str(record) if record is not None else entry.record,
        record_url=record_url,
        as_of_url=as_of_url,
        changes=changes,
    )


def _names_this_entity(change: dict, entity: Entity) -> bool:
    """A part created on this entity: "Entity: <this entity>" says nothing on its page."""
    return (
        change["field"] == "entity_id"
        and change["before"] is None
        and (change["after"] == entity.pk)
    )


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _field_label(field, name: str) -> str:
    return capfirst(field.verbose_name) if field is not None else name


def _value(field, value, records: dict) -> str:
    """A value of a history entry in words: blank and null are a dash, a related record is
    named, a choice is its label, a boolean is yes or no."""
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if field.many_to_many:
        return _coded_labels(field.related_model, value)
    if field.is_relation:
        record = records.get((field.related_model, value))
        if record is None:
            return f"{field.related_model._meta.verbose_name} {value} (deleted)"
        return str(record)
    if field.choices:
        return str(_choice_labels(field).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@functools.cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


def _coded_labels(model, codes: str) -> str:
    """A history's many-to-many value ("asset_freeze, travel_ban": the linked records' codes,
    see ``entities.selectors``) with each code shown by its label where it is a choice."""
    try:
        labels = _choice_labels(model._meta.get_field("code"))
    except FieldDoesNotExist:
        return codes
    return ", ".join(str(labels.get(code, code)) for code in codes.split(", "))


@functools.cache
def _fields_of(model) -> dict[str, models.Field]:
    """A model's fields by column name, and its many-to-many fields (a designation's
    measures) by name, as history entries name them."""
    return {
        **{f.attname: f for f in model._meta.concrete_fields},
        **{f.name: f for f in model._meta.many_to_many},
    }


@functools.cache
def _models_by_name() -> dict[str, type[models.Model]]:
    by_name: dict[str, list] = defaultdict(list)
    for model in apps.get_models():
        by_name[model._meta.model_name].append(model)
    return {name: found[0] for name, found in by_name.items() if len(found) == 1}


def _model_named(record_type: str) -> type[models.Model] | None:
    """The model a history entry's ``record_type`` (a model name) names."""
    return _models_by_name().get(record_type)
