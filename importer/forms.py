"""The admin's form for importing an official list from uploaded files."""

from __future__ import annotations

from pathlib import Path

from django import forms

from importer.models import ImportSource
from importer.registry import LISTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)]


class ListUploadForm(forms.Form):
    source = forms.ChoiceField(choices=ImportSource.choices, label="List")
    files = MultipleFileField(
        help_text="OFAC: the folder's CSV files (sdn.csv, add.csv, alt.csv and, if there is "
        "one, sdn_comments.csv; for Non-SDN the cons_*.csv files). UN: the consolidated XML. "
        "UK: the ConList CSV."
    )
    list_date = forms.DateField(
        required=False,
        help_text="The list's date when the file does not state it (OFAC's files do not); "
        "delistings are dated with it, else with today. YYYY-MM-DD.",
    )
    dry_run = forms.BooleanField(
        required=False, help_text="Report what would change; write nothing."
    )
    allow_mass_delisting = forms.BooleanField(
        required=False,
        help_text="Apply a version that delists more of the list's active entries than "
        "allowed (default 5%; usually a broken download). --allow-mass-delisting",
    )
    allow_orphan_rows = forms.BooleanField(
        required=False,
        help_text="Apply an OFAC list whose address, alias or comment rows name more than a "
        "handful of entries missing from its main file (usually a cut download). "
        "--allow-orphan-rows",
    )
    allow_warnings = forms.BooleanField(
        required=False,
        help_text="Apply a file with far more warnings than the list's last import. "
        "--allow-warnings",
    )

    def clean(self):
        data = super().clean()
        source, files = data.get("source"), data.get("files")
        if not source or not files:
            return data
        spec = LISTS[source]
        names = [Path(f.name).name for f in files]
        if len(set(names)) != len(names):
            self.add_error("files", "Two files have the same name.")
        elif spec.file_names:
            unknown = sorted(set(names) - set(spec.file_names))
            missing = [
                n for n in spec.file_names if n not in names and n not in spec.optional_files
            ]
            if unknown:
                self.add_error(
                    "files",
                    f"{', '.join(unknown)}: not a file of this list; it is read from "
                    f"{', '.join(spec.file_names)}.",
                )
            elif missing:
                self.add_error(
                    "files", f"{', '.join(missing)} missing: this list needs all of its files."
                )
        elif len(files) != 1:
            self.add_error("files", "This list is one file: upload just that one.")
        return data
