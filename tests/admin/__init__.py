"""Tests of the admin, with a helper that posts a change form back the way a browser would."""

from __future__ import annotations

from django import forms

__all__ = ["add_inline_row", "admin_url", "form_data", "inline_formset", "post_data_from"]


def admin_url(model_or_instance, view: str = "change") -> str:
    """The admin URL of a model's ``changelist``/``add`` view or an instance's other views."""
    from django.urls import reverse

    opts = model_or_instance._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[model_or_instance.pk])


def _unwrap(widget):
    # RelatedFieldWidgetWrapper (and the autocomplete widgets inside it) keep the real widget.
    while hasattr(widget, "widget") and not isinstance(widget, forms.MultiWidget):
        widget = widget.widget
    return widget


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(form: forms.BaseForm) -> dict[str, object]:
    """The POST data a browser sends for ``form`` as rendered (its bound or initial values).

    A MultiWidget field (a partial date) posts ``<name>_0`` and ``<name>_1``; an unticked
    checkbox posts nothing; a multiple select posts a list.
    """
    data: dict[str, object] = {}
    for bound in form:
        name = bound.html_name
        widget = _unwrap(bound.field.widget)
        value = bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = _as_text(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(widget, forms.SelectMultiple):
            data[name] = [_as_text(v) for v in (value or [])]
        else:
            data[name] = _as_text(value)
    return data


def post_data_from(response) -> dict[str, object]:
    """The whole change form of an admin add/change page: the record and every inline."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data["_save"] = "Save"
    return data


def inline_formset(response, prefix: str):
    """The inline formset with ``prefix`` (e.g. ``aliases``) on an admin add/change page."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset
    raise KeyError(prefix)


def add_inline_row(data: dict, response, prefix: str, **values) -> dict:
    """Add one new row to the inline ``prefix`` of ``data`` (built by :func:`post_data_from`),
    as the admin's "Add another" does: the empty form's defaults, then ``values``."""
    formset = inline_formset(response, prefix)
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {
        key.replace("__prefix__", str(index)): value
        for key, value in form_data(formset.empty_form).items()
    }
    row.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})
    data.update(row)
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return data
