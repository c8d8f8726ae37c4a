"""Canned replies as the composer offers them: in the customer's language, else English.

Editors write them in the admin (articles/models/canned_replies.py); a key with no text in
the customer's language is offered in the source language, marked `fallback`, so the
agent knows the customer would read English.
"""

from dataclasses import dataclass

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import CannedReply


@dataclass(frozen=True)
class CannedText:
    """One canned reply to insert: its key, title, text and language (`fallback` when the
    source language's text stands in for the customer's)."""

    key: str
    title: str
    body: str
    lang: str
    fallback: bool


def canned_replies(lang: str) -> list[CannedText]:
    """Every key's text in `lang`, or in the source language when it has none, by key."""
    rows = CannedReply.objects.filter(language__in={lang, SOURCE_LANGUAGE}).order_by("key")
    chosen: dict[str, CannedReply] = {}
    for row in rows:
        if row.key not in chosen or row.language == lang:
            chosen[row.key] = row
    return [
        CannedText(
            key=row.key,
            title=row.title,
            body=row.body,
            lang=row.language,
            fallback=row.language != lang,
        )  # fmt: skip
        for row in chosen.values()
    ]
