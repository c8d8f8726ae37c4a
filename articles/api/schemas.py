"""The shapes of the JSON API's answers (pydantic models, read by django-ninja).

These classes are the one description of each answer: `/api/openapi.json` is generated
from them and from the operations in articles/api/endpoints.py, and the contract tests validate real
answers against them (tests/api/test_api_contract.py). The shapes themselves are
DESIGN.md's: change a key here and there together. What the requests' parameters accept
is in articles/api/parameters.py.
"""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class ApiError(Schema):
    """A request the API cannot answer (400, 401, 404): `error` says what to change."""

    error: str = Field(description="What is wrong, in the request's language.")
    parameter: str | None = Field(
        None, description="The query-string parameter at fault (400 only)."
    )


class Throttled(Schema):
    """429: over a rate limit; also in the `Retry-After` header."""

    error: str
    retry_after: int = Field(description="Seconds to wait before the next request.")


class CategoryRef(Schema):
    slug: str
    name: str = Field(description="The category's name in the answer's language.")


class SearchHit(Schema):
    id: int
    slug: str
    lang: str = Field(description="The language of this result's text.")
    title: str
    snippet: str = Field(description="HTML: a passage with the matched words in <mark>.")
    url: str = Field(description="The article's page in the asked-for language.")
    short_url: str = Field(description="/a/<id>/?lang=…: a link that survives slug changes.")
    category: CategoryRef
    fallback: bool = Field(
        description="True when shown in English because the language had no good match."
    )
    outdated: bool = Field(
        description="True when this translation was made from an older version of the English."
    )


class SearchAnswer(Schema):
    query: str = Field(description="The query as searched (white space collapsed).")
    lang: str
    total: int
    corrected_query: str | None = Field(description="Set when a spelling correction applied.")
    results: list[SearchHit] = Field(description="Best first.")
    degraded: bool | None = Field(
        None, description="Present and true when the index is down and the database answered."
    )


class Suggestion(Schema):
    id: int
    slug: str
    title: str
    url: str = Field(description="The article's path in the asked-for language.")


class SuggestAnswer(Schema):
    query: str
    lang: str
    suggestions: list[Suggestion]


class ArticleAnswer(Schema):
    """One published article in a language (DESIGN.md, `/api/articles/<id>`)."""

    id: int
    slug: str
    lang: str = Field(description="The language of the text: the asked-for one, or English.")
    title: str
    summary: str
    body_html: str = Field(description="The body, rendered from Markdown and sanitized.")
    url: str
    short_url: str
    category: CategoryRef
    fallback: bool = Field(
        description="True when the language has no published translation and English is served."
    )
    outdated: bool = Field(
        description="True when the translation was made from an older English text."
    )
    updated_at: datetime = Field(description="When the article was last saved (ISO 8601).")


class ArticleChange(Schema):
    """An article changed since the asked-for time: what a help desk must do with it."""

    id: int
    slug: str | None = Field(description="None for a deleted article.")
    state: Literal["published", "hidden", "deleted"] = Field(
        description="published: visible now (refresh the macro); hidden: a draft, scheduled "
        "or expired (stop using it); deleted: gone for good."
    )
    changed_at: datetime = Field(
        description="Its last save, publication or unpublication, or deletion (ISO 8601)."
    )
    languages: list[str] = Field(description="Languages served in their own translation.")


class ChangesAnswer(Schema):
    changed_since: datetime
    results: list[ArticleChange] = Field(description="Oldest change first.")
    next: str | None = Field(description="The URL of the next page; None on the last one.")
