"""What a search request asks for: one parser for the results page, the API and the desk.

Every surface reads `q`, `lang`, `page`, `limit` and `category` the same way, so a query
that is too long or a language that does not exist gets the same clear answer everywhere
(a 400 naming the parameter), and no surface cuts a query short in silence.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.core.languages import (
    MAX_LANGUAGE_TAG_LENGTH,
    language_codes,
    language_tag_pattern,
    match_language,
)
from articles.search.query import MAX_QUERY_CHARS

# The longest query any surface accepts, in characters as sent (the search box's
# `maxlength` counts the same way): the search itself reads no further
# (articles/search/query.py).
MAX_QUERY_LENGTH = MAX_QUERY_CHARS
MAX_PAGE = 1000
MAX_DIGITS = 20  # longer is no number any parameter takes, leading zeros included
# Python's white space (str.isspace, what str.strip() removes), as a character class that
# reads the same in Python and in ECMA 262 regular expressions (JSON Schema's dialect):
# the OpenAPI document's pattern for `q` (articles/api/parameters.py) uses it, so "not
# only white space" means the same to a client and to this parser.
WHITE_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A query: at least one character that is not white space (searched for, not fullmatched).
QUERY_PATTERN = f"[^{WHITE_SPACE}]"
_LANGUAGE_TAG = re.compile(language_tag_pattern())


class InvalidSearchRequest(ValueError):
    """A parameter a search request cannot be answered with; `str()` is a message for people.

    `parameter` names the query-string parameter at fault (`q`, `lang`, `page`, …).
    """

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: `query` as typed (may be empty when not required), `lang` a site
    language code, `page` from 1, `limit` results per page, `category` a slug or None."""

    query: str
    lang: str
    page: int = 1
    limit: int = 10
    category: str | None = None


def parse_language(raw: str | None, *, default: str) -> str:
    """A site language code from a BCP 47 tag (see `match_language`); `default` when the
    parameter is absent or empty. Raises InvalidSearchRequest for anything but a tag of
    `language_tag_pattern` (no spaces around it) of at most MAX_LANGUAGE_TAG_LENGTH."""
    if not raw:
        return default
    fits = len(raw) <= MAX_LANGUAGE_TAG_LENGTH and _LANGUAGE_TAG.fullmatch(raw)
    lang = match_language(raw) if fits else None
    if lang is None:
        raise InvalidSearchRequest(
            "lang",
            _("Unknown language %(tag)s: use one of %(codes)s.")
            % {"tag": repr(raw[:20]), "codes": ", ".join(sorted(language_codes()))},
        )
    return lang


def parse_query(raw: str | None, *, required: bool) -> str:
    """The search text, at most MAX_QUERY_LENGTH characters as sent.

    Raises InvalidSearchRequest when it is missing or only white space (and `required`),
    or too long.
    """
    query = raw or ""
    if required and not query.strip():
        raise InvalidSearchRequest("q", _("Missing query: pass the search text as ?q=…"))
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidSearchRequest(
            "q",
            ngettext(
                "Query too long: at most %(count)d character.",
                "Query too long: at most %(count)d characters.",
                MAX_QUERY_LENGTH,
            )
            % {"count": MAX_QUERY_LENGTH},
        )
    return query


def parse_whole_number(
    raw: str | None,
    *,
    name: str,
    default: int | None,
    high: int,
    low: int = 1,
    blank_is_default: bool = True,
) -> int | None:
    """A whole number from `low` to `high` (inclusive), in ASCII digits; `default` when
    absent, or empty while `blank_is_default` (pages' links; the API says "an integer").

    Raises InvalidSearchRequest naming `name` for anything else (`abc`, `0`, `1.5`, `+1`…).
    """
    if raw is None or (raw == "" and blank_is_default):
        return default
    message = _("%(name)s must be a whole number from %(low)d to %(high)d.") % {
        "name": name,
        "low": low,
        "high": high,
    }
    # The length is checked first: int() of a long string of digits is slow.
    if len(raw) > MAX_DIGITS or not raw.isascii() or not raw.isdigit():
        raise InvalidSearchRequest(name, message)
    value = int(raw)
    if not low <= value <= high:
        raise InvalidSearchRequest(name, message)
    return value


def parse_search_request(
    params: Mapping[str, str],
    *,
    default_lang: str,
    require_query: bool = True,
    default_limit: int = 10,
    max_limit: int = 50,
    categories: frozenset[str] | None = None,
    blank_is_default: bool = True,
) -> SearchRequest:
    """Read a search from query-string `params` (a QueryDict or dict of strings).

    `categories`, when given, is the set of known category slugs: an unknown one is refused.
    `blank_is_default`: an empty `page` or `limit` is the default (else it is refused).
    Raises InvalidSearchRequest for the first parameter at fault.
    """
    numbers = {"blank_is_default": blank_is_default}
    category = params.get("category") or None
    if category is not None and categories is not None and category not in categories:
        raise InvalidSearchRequest(
            "category", _("Unknown topic %(slug)s.") % {"slug": repr(category[:40])}
        )
    return SearchRequest(
        query=parse_query(params.get("q"), required=require_query),
        lang=parse_language(params.get("lang"), default=default_lang),
        page=parse_whole_number(
            params.get("page"), name="page", default=1, high=MAX_PAGE, **numbers
        ),
        limit=parse_whole_number(
            params.get("limit"), name="limit", default=default_limit, high=max_limit, **numbers
        ),
        category=category,
    )
