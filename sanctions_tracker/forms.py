"""Form pieces shared by the admin: partial-date inputs and the stale-edit guard."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from sanctions_tracker.partial_dates import PartialDate, PartialDateDescriptor

PARTIAL_DATE_COLUMNS = ("earliest", "latest", "precision", "text")


class PartialDateWidget(forms.MultiWidget):
    template_name = "sanctions_tracker/widgets/partial_date.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        "placeholder": "YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY",
                        "size": 12,
                        **(attrs or {}),
                    }
                ),
                forms.TextInput(attrs={"placeholder": "the source's words, e.g. Thursday"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, PartialDate):
            date = value.iso or ("unknown" if value.precision == "unknown" else "")
            return [date, value.text]
        return ["", ""]


class PartialDateFormField(forms.MultiValueField):
    """A date as precise as the source: ``1998``, ``2024-12``, ``2024-12-19``, a range
    ``1960/1965`` or ``unknown``, with the source's own words beside it.

    For a required date a blank date means unknown; for an optional one it means none
    (type ``unknown`` for a date that exists but is not known).
    """

    widget = PartialDateWidget

    def __init__(self, *, required_date: bool, **kwargs):
        self.required_date = required_date
        help_text = (
            "YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source, or a range of two such "
            "joined by '/' (1960/1965); blank if unknown. "
            if required_date
            else "YYYY, YYYY-MM or YYYY-MM-DD, or a range of two such joined by '/' "
            "(1960/1965); 'unknown' if it happened on an unknown date; blank if it has not "
            "happened. "
        ) + "The second box keeps the source's own words (e.g. 'Thursday')."
        kwargs.setdefault("help_text", help_text)
        super().__init__(
            fields=[forms.CharField(required=False), forms.CharField(required=False)],
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list):
        date, text = [*(data_list or []), "", ""][:2]
        date, text = (date or "").strip(), (text or "").strip()
        if not date and not self.required_date:
            if text:
                raise ValidationError(
                    "Words about a date need a date: write 'unknown' for a date that is not known.",
                    code="text_without_date",
                )
            return PartialDate.none()
        return PartialDate.parse(date, text)


def partial_date_names(model) -> list[str]:
    return [
        name
        for name, attr in vars(model).items()
        if isinstance(attr, PartialDateDescriptor) and not name.startswith("_")
    ]


class CuratedModelForm(forms.ModelForm):
    """The base of every admin form of a curated record.

    - Each partial date appears as one field (date plus the source's words).
    - A hidden ``loaded_version`` refuses to save over a newer version saved by someone else
      after the form was opened: the analyst is told, and nothing is written.
    """

    # Not named "version": Django refuses a form field named after a non-editable model field.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._partial_dates = [n for n in partial_date_names(self._meta.model) if n in self.fields]
        for name in self._partial_dates:
            self.fields[name].initial = getattr(self.instance, name)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned.get("loaded_version"))
        for name in self._partial_dates:
            if name in cleaned:
                setattr(self.instance, name, cleaned[name])
        return cleaned

    def _check_version(self, submitted: int | None):
        if self.instance.pk is None:
            return
        if submitted is None:
            raise ValidationError(
                "This form did not say which version of the record it was opened at, so it "
                "could overwrite someone else's change; nothing was saved. Reload the page.",
                code="stale",
            )
        model = type(self.instance)
        current = (
            model._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError(
                "This record was deleted by someone else after you opened it; nothing was saved.",
                code="stale",
            )
        if current != submitted:
            raise ValidationError(
                "%(who)s saved this %(what)s (now version %(current)s) after you opened it "
                "(version %(submitted)s). Nothing was saved: reload the page to see their "
                "changes, then make yours again.",
                code="stale",
                params={
                    "who": _last_editor(self.instance) or "Someone else",
                    "what": model._meta.verbose_name,
                    "current": current,
                    "submitted": submitted,
                },
            )
        # The save itself checks this version again, which catches a save in between.
        self.instance.version = submitted

    def _get_validation_exclusions(self):
        """Validate the partial-date columns (and the constraints that use them) too."""
        exclude = super()._get_validation_exclusions()
        columns = {
            f"{name}_{column}" for name in self._partial_dates for column in PARTIAL_DATE_COLUMNS
        }
        return exclude - columns

    def _update_errors(self, errors):
        """Report errors on partial-date columns against the one field the analyst sees."""
        if hasattr(errors, "error_dict"):
            remapped = {}
            for key, messages in errors.error_dict.items():
                target = key
                for name in self._partial_dates:
                    if key.startswith(f"{name}_") and key[len(name) + 1 :] in PARTIAL_DATE_COLUMNS:
                        target = name
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


def _last_editor(instance) -> str:
    history = getattr(instance, "history", None)
    if history is None:
        return ""
    latest = history.select_related("history_user").order_by("-history_date").first()
    if latest is None or latest.history_user is None:
        return ""
    return f"{latest.history_user.get_username()} (at {latest.history_date:%Y-%m-%d %H:%M} UTC)"


_FORMS: dict[tuple[type, type], type] = {}


def _formfield(model_field, **kwargs):
    """Model fields' form fields, with links typed without a scheme taken as https."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def curated_form_for(
    model, base: type[forms.ModelForm] = CuratedModelForm
) -> type[forms.ModelForm]:
    """A ``base`` subclass for ``model`` that declares one field per partial date."""
    key = (model, base)
    if key not in _FORMS:
        attrs = {
            name: PartialDateFormField(
                required_date=not model._meta.get_field(f"{name}_precision").blank,
                label=name.replace("_", " ").capitalize(),
            )
            for name in partial_date_names(model)
        }
        attrs["Meta"] = type(
            "Meta", (), {"model": model, "fields": "__all__", "formfield_callback": _formfield}
        )
        _FORMS[key] = type(f"{model.__name__}Form", (base,), attrs)
    return _FORMS[key]
