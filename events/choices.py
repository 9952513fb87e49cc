from django.db import models


class EventKind(models.TextChoices):
    DESIGNATION = "designation", "designation"
    DELISTING = "delisting", "delisting"
    STATEMENT = "statement", "statement"
    SPEECH = "speech", "speech"
    MISSILE_TEST = "missile_test", "missile test"
    NUCLEAR_TEST = "nuclear_test", "nuclear test"
    LEGAL_ACTION = "legal_action", "legal action"
    OTHER = "other", "other"


class ParticipantRole(models.TextChoices):
    ACTOR = "actor", "actor"
    TARGET = "target", "target"
    SPEAKER = "speaker", "speaker"
    VENUE = "venue", "venue"
    SUBJECT = "subject", "subject"
