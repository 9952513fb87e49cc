"""The analyst's workspace: the entity dossier, the comparison across authorities, the
what-changed start page and screening in the admin. It reads every other app and is read by
none: nothing below depends on how analysts are shown things."""
