"""The history table that every curated model keeps (django-simple-history), indexed for
the reads that use it.

By default a history table copies every index of its model. History is read by record
(``id``), by entity (an entity's change history: ``entity``, a relationship's ``subject``
and ``object``), by ``uid`` (the seed loader) and by date and user; the other copies are
never used and made every history row cost up to twenty index insertions (a full OFAC
import writes 330,000 history rows).

``history_user`` is not a database foreign key: PostgreSQL queues a deferred check for
every row that has one, null or not, and those checks cost a full import 1.5 s at commit.
Users are deleted through Django, whose ``SET_NULL`` still clears the column.
"""

from simple_history.models import HistoricalRecords

# Fields whose index a history table does not copy (a name absent from a model is ignored).
UNINDEXED_IN_HISTORY = [
    # time stamps, names and codes: searched on the records, not on their history
    "updated_at",
    "name_folded",
    "kind",
    "code",
    "reference",
    "listed_earliest",
    "delisted_earliest",
    "date_earliest",
    "since_earliest",
    "started_earliest",
    "ended_earliest",
    "occurred_earliest",
    "published_earliest",
    "retrieved_earliest",
    # links other than to the entity
    "parent",
    "body",
    "programme",
    "targeted_activity",
    "source",
    "alias",
    "entity_country",
    "entity_date",
    "address",
    "identifier",
    "relationship",
    "designation",
    "event",
    "event_participant",
]


# Columns left out of a change's "before and after": bookkeeping that every save touches.
IGNORED_IN_DIFFS = frozenset({"version", "updated_at", "created_at", "name_folded"})


def curated_history(**options) -> HistoricalRecords:
    """``HistoricalRecords`` for a curated model: trimmed indexes, no user foreign key."""
    options.setdefault("no_db_index", UNINDEXED_IN_HISTORY)
    options.setdefault("user_db_constraint", False)
    return HistoricalRecords(**options)
