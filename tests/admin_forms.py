"""Admin change forms as a browser posts them, for tests that save through the admin."""

import datetime

from django.utils import timezone

from articles.models import Article
from articles.publishing.edit_conflicts import edit_version


def encoded(name: str, value) -> dict[str, str]:
    """`value` as a browser would post it, for plain and split (date + time) widgets alike."""
    if value is None:
        return {name: ""}
    if isinstance(value, bool):
        return {name: "on"} if value else {}
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return {
            name: local.isoformat(sep=" "),
            f"{name}_0": local.date().isoformat(),
            f"{name}_1": local.strftime("%H:%M:%S"),
        }
    return {name: str(value)}


def change_form_post(instance, fields, override: dict) -> dict:
    """The POST of `instance`'s change form with `fields` as stored and `override` typed in.

    Article forms carry the hidden `edit_version` they were loaded with (edit conflicts).
    """
    data = {}
    for field in fields:
        data.update(encoded(field.name, field.value_from_object(instance)))
    for name, value in override.items():
        data.update(encoded(name, value))
    if isinstance(instance, Article):  # the version the change form was loaded from
        data["edit_version"] = edit_version(instance)
    return data
