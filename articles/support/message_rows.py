"""The two statements that store a conversation's message, written for speed.

The live chat stores about one message a second per open conversation, all through one
database thread per chat process (docs/benchmark.md, "The chat benchmark"): with the ORM,
loading the conversation and saving it back were half of that process's CPU. Here the
conversation is changed *and read back* by one `UPDATE … RETURNING` (no SELECT first, no
model save), and the message is inserted by one `INSERT … RETURNING`. Both use only what
SQLite (3.35 and later) and PostgreSQL share; values go in through the fields' own
`get_db_prep_value` and come back through the converters the ORM applies. The statements'
text (only the models' quoted table and column names; every value is a parameter) is made
once per database vendor, the converters once per connection (kept on it: they go with it).

What the statements mean (which status a message leads to, the timers, who may write to
a solved conversation) is conversations.py's; this module only runs them.
"""

import functools

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from articles.models import ContactMessage, ContactRequest

# The conversation's fields read back after a message: what its events need (live.py's
# state_payload and queue_row) and what a reply decides with (requests.py: e-mail, channel).
READ_BACK = (
    "id", "reference", "channel", "language", "email", "message", "status", "assigned_to",
    "waiting_since", "first_response_at", "created_at", "updated_at",
)  # fmt: skip
# The read-back's extra column, kept on the conversation as (assigned_to_id, username).
AGENT_NAME = "assigned_username"
READ_BACK_ATTNAMES = tuple(ContactRequest._meta.get_field(name).attname for name in READ_BACK)
# The attribute of a database connection (one per thread or ASGI request) that keeps its
# converters for the read-back: they go when it goes.
CONVERTERS_ATTRIBUTE = "kb_message_read_back"


class Keep:
    """A value for advance(): keep the stored one when there is one (SQL COALESCE)."""

    def __init__(self, value) -> None:
        self.value = value


def conversation_by_id(contact_id: int) -> ContactRequest:
    """The conversation `contact_id` without a query: every field but the id is read from
    the database when first used (Django's deferred fields); advance() fills READ_BACK."""
    return ContactRequest.from_db(DEFAULT_DB_ALIAS, ["id"], [contact_id])


def advance(contact: ContactRequest, changes: dict, *, unless_status: str = "") -> bool:
    """Set `changes` on the conversation's row ({field name: value as stored, an id for a
    foreign key, or `Keep(value)` for "the stored value, or this one when there is
    none"}; `updated_at` to now, as save() does), unless its status is `unless_status`;
    then read READ_BACK (and, as AGENT_NAME, the assigned agent's id and username) back
    into `contact`. One statement.

    Returns False when no row changed (the conversation is gone or has `unless_status`):
    `contact` is then left as it was.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    changes = {**changes, "updated_at": timezone.now()}
    kept = tuple((name, isinstance(value, Keep)) for name, value in changes.items())
    meta, params = ContactRequest._meta, []
    for name, value in changes.items():
        value = value.value if isinstance(value, Keep) else value
        params.append(meta.get_field(name).get_db_prep_value(value, connection))
    params.append(contact.pk)
    if unless_status:
        params.append(unless_status)
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(connection.vendor, kept, bool(unless_status)), params)
        row = cursor.fetchone()
    if row is None:
        return False
    for (attname, converters, column), value in zip(_read_back(connection), row, strict=False):
        for converter in converters:
            value = converter(value, column, connection)
        setattr(contact, attname, value)
    setattr(contact, AGENT_NAME, (contact.assigned_to_id, row[len(READ_BACK)] or ""))
    return True


def insert_message(contact: ContactRequest, **values) -> ContactMessage:
    """Insert a message of `contact` with `values` (ContactMessage field names; the others
    take their defaults, `created_at` now) by one INSERT … RETURNING its id: the message,
    as if loaded, with `request` set to `contact` (no query to reach it).

    Raises django.db.IntegrityError as the ORM's insert would (a client id stored twice).
    """
    connection = connections[DEFAULT_DB_ALIAS]
    message = ContactMessage(request=contact, **values)
    fields = _message_fields()
    params = [f.get_db_prep_save(f.pre_save(message, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection.vendor), params)
        message.pk = cursor.fetchone()[0]
    message._state.adding, message._state.db = False, DEFAULT_DB_ALIAS
    return message


@functools.cache
def _message_fields() -> tuple:
    return tuple(f for f in ContactMessage._meta.concrete_fields if not f.primary_key)


@functools.cache
def _insert_sql(vendor: str) -> str:
    quote, fields = connections[DEFAULT_DB_ALIAS].ops.quote_name, _message_fields()
    return (f"INSERT INTO {quote(ContactMessage._meta.db_table)} "  # noqa: S608 (quoted names)
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"RETURNING {quote(ContactMessage._meta.pk.column)}")  # fmt: skip


@functools.cache
def _update_sql(vendor: str, kept: tuple, unless_status: bool) -> str:
    """`kept`: ((field name, whether its value is a Keep), …) in the parameters' order."""
    quote, meta = connections[DEFAULT_DB_ALIAS].ops.quote_name, ContactRequest._meta
    assignments = []
    for name, keep in kept:
        column = quote(meta.get_field(name).column)
        assignments.append(f"{column} = COALESCE({column}, %s)" if keep else f"{column} = %s")
    where = f"{quote(meta.pk.column)} = %s"
    if unless_status:
        where += f" AND {quote(meta.get_field('status').column)} <> %s"
    users, table = get_user_model()._meta, quote(meta.db_table)
    agent_name = (
        f"(SELECT {quote(users.get_field(get_user_model().USERNAME_FIELD).column)} "  # noqa: S608
        f"FROM {quote(users.db_table)} WHERE {quote(users.pk.column)} = "
        f"{table}.{quote(meta.get_field('assigned_to').column)})"
    )
    columns = [quote(meta.get_field(name).column) for name in READ_BACK]
    return (f"UPDATE {table} SET {', '.join(assignments)} WHERE {where} "  # noqa: S608
            f"RETURNING {', '.join(columns)}, {agent_name} AS {AGENT_NAME}")  # fmt: skip


def _read_back(connection) -> list[tuple]:
    """(attname, converters, column expression) per READ_BACK field: what the ORM's
    compiler applies to a value loaded on this connection."""
    known = getattr(connection, CONVERTERS_ATTRIBUTE, None)
    if known is not None:
        return known
    meta, fields = ContactRequest._meta, []
    for name in READ_BACK:
        field = meta.get_field(name)
        column = field.get_col(meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        fields.append((field.attname, converters, column))
    setattr(connection, CONVERTERS_ATTRIBUTE, fields)
    return fields
