"""The query-string parameters of `/api/`: what each one accepts, stated once for the
OpenAPI document and for the server.

Each parameter is read as text and checked by the parsers of articles/search/request.py
(and `parse_changed_since` here), which answer a bad value with a 400 `{"error",
"parameter"}`. Its JSON Schema in `/api/openapi.json` (pattern, range, length, format) is
written from the same constants, so a value the document allows is answered and one it
forbids is refused: tests/api/test_api_schemathesis.py holds the two to each other.
"""

import calendar
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query
from pydantic import WithJsonSchema

from articles.core.languages import MAX_LANGUAGE_TAG_LENGTH, language_codes, language_tag_pattern
from articles.search.request import (
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    QUERY_PATTERN,
    InvalidSearchRequest,
)

SEARCH_LIMITS = {"default_limit": 10, "max_limit": 50}
SUGGEST_LIMITS = {"default_limit": 8, "max_limit": 20}
CHANGES_LIMITS = {"default": 100, "high": 500}
# Article ids are 64-bit (BigAutoField): the largest both databases compare without error.
MAX_ID = 2**63 - 1


def _parameter(schema: dict, description: str, **query) -> object:
    """A query-string parameter read as text, described by `schema` (JSON Schema).

    An example is given as `example=` (one value): ninja copies it to the parameter's
    `example`. Its `examples=` would land there too, as a list, where OpenAPI wants a map
    of Example Objects (tests/api/test_api_contract.py validates the document)."""
    return Annotated[
        str | None,
        WithJsonSchema(schema),
        Query(None, description=description, **query),
    ]


def _whole_number(low: int, high: int, default: int | None, what: str = "") -> object:
    default_text = f"; default {default}" if default is not None else ""
    return _parameter(
        {"type": "integer", "minimum": low, "maximum": high},
        f"{what}A whole number from {low} to {high}{default_text}.",
    )


_QUERY_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_QUERY_LENGTH,
    "pattern": QUERY_PATTERN,
}
QueryText = Annotated[
    str,
    WithJsonSchema(_QUERY_SCHEMA),
    Query(..., description=f"The words to look for, as typed: at most {MAX_QUERY_LENGTH} "
          "characters, not only white space."),
]  # fmt: skip
# A tag, or nothing (absent and empty both mean "the Accept-Language header decides").
_TAG_OR_EMPTY = f"^(?:{language_tag_pattern().removeprefix('^').removesuffix('$')})?$"
Language = _parameter(
    {"type": "string", "maxLength": MAX_LANGUAGE_TAG_LENGTH, "pattern": _TAG_OR_EMPTY},
    "A BCP 47 tag of a site language (" + ", ".join(language_codes()) + "), in any case, "
    "with `-` or `_` and any subtags: zh-CN, zh-Hans → zh-hans; es-419 → es. Absent or "
    "empty: the Accept-Language header decides.",
    example="zh-CN",
)  # fmt: skip
SearchLimit = _whole_number(1, SEARCH_LIMITS["max_limit"], SEARCH_LIMITS["default_limit"])
SuggestLimit = _whole_number(1, SUGGEST_LIMITS["max_limit"], SUGGEST_LIMITS["default_limit"])
ChangesLimit = _whole_number(
    1, CHANGES_LIMITS["high"], CHANGES_LIMITS["default"], "Changes per page. "
)
Page = _whole_number(1, MAX_PAGE, 1)
AfterId = _whole_number(
    0, MAX_ID, None, "Set by `next`: at `changed_since` itself, only ids above this one. "
)
ChangedSince = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "date-time"}),
    Query(..., description="An RFC 3339 date-time (ISO 8601 with seconds and a time zone, "
          "`Z` or ±hh:mm): articles changed after it are listed.",
          example="2026-01-31T09:00:00Z"),
]  # fmt: skip

# RFC 3339 `date-time` (section 5.6), the `format` JSON Schema names; `t` and `z` may be
# lower case. ASCII digits only (re.ASCII): Python's \d also matches other scripts' digits.
_DATE_TIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)[Tt]"
    r"(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?:\.(?P<fraction>\d+))?"
    r"(?:[Zz]|(?P<sign>[+-])(?P<offset_hours>\d\d):(?P<offset_minutes>\d\d))",
    re.ASCII,
)
# The ends of the instants Python (and so Django) can hand to a database.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def parse_changed_since(raw: str) -> datetime:
    """The instant an RFC 3339 date-time names, in UTC (an aware datetime).

    Every date-time the format allows is answered, whatever its offset (up to ±23:59: the
    databases are only ever given UTC): a leap second is the next second, and an instant
    outside Python's years 1–9999 (year 0000, or 0001-01-01T00:00:00+01:00) is the
    earliest or latest one, which changes everything or nothing.
    Raises InvalidSearchRequest naming `changed_since` for anything else: a number of
    seconds, a date alone, a missing zone, 2026-02-30, 24:00.
    """
    match = _DATE_TIME.fullmatch(raw)
    fields = _numbers(match)
    if fields is None:
        raise InvalidSearchRequest(
            "changed_since",
            _("changed_since must be an RFC 3339 date-time with a time zone, "
              "e.g. 2026-01-31T09:00:00Z."),
        )  # fmt: skip
    if fields["year"] == 0:
        return EARLIEST
    leap_second = fields["second"] == 60
    local = datetime(
        fields["year"], fields["month"], fields["day"], fields["hour"], fields["minute"],
        59 if leap_second else fields["second"], fields["microsecond"],
    )  # fmt: skip
    try:
        return (local - fields["offset"]).replace(tzinfo=UTC) + timedelta(seconds=leap_second)
    except OverflowError:
        return EARLIEST if local.year == 1 else LATEST


def _numbers(match: re.Match | None) -> dict | None:
    """The date-time's fields as numbers (`offset` a timedelta), or None when one is out
    of RFC 3339's ranges: a real day of its month (year 0000 is a leap year, like 2000),
    hours to 23, a leap second only at 23:59:60 UTC, offsets to 23:59."""
    if match is None:
        return None
    fields = {
        name: int(value)
        for name, value in match.groupdict("0").items()
        if name not in ("sign", "fraction")
    }
    fields["microsecond"] = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    sign = -1 if match["sign"] == "-" else 1
    offset_minutes = sign * (fields["offset_hours"] * 60 + fields["offset_minutes"])
    fields["offset"] = timedelta(minutes=offset_minutes)
    year, month = fields["year"], fields["month"]
    valid = (
        1 <= month <= 12
        and 1 <= fields["day"] <= calendar.monthrange(year or 2000, month)[1]
        and fields["hour"] <= 23
        and fields["minute"] <= 59
        and fields["second"] <= 60
        and fields["offset_hours"] <= 23
        and fields["offset_minutes"] <= 59
    )
    if valid and fields["second"] == 60:
        utc_minute = (fields["hour"] * 60 + fields["minute"] - offset_minutes) % (24 * 60)
        valid = utc_minute == 23 * 60 + 59
    return fields if valid else None
