"""Checks JSON-LD against the schema.org vocabulary, as published: every type exists,
every property exists and may be used on its type (`domainIncludes`, through the type's
supertypes), and every value is of one of the property's types (`rangeIncludes`).

The vocabulary is tests/data/schemaorg_vocabulary.json: the types the help center uses
and their supertypes, and every property those types may carry, copied from schema.org's
release files (its "source" says which). Data types are checked by their form: `Text` and
`URL` strings (an absolute http(s) URL for `URL`), ISO 8601 `Date` and `DateTime`,
`Integer` numbers. A string where a `Thing` is expected must be an absolute URL (a
reference to the thing by its address, as schema.org's data model allows).
"""

import json
from datetime import date, datetime
from functools import cache
from urllib.parse import urlsplit

from tests.paths import ROOT

VOCABULARY = ROOT / "tests" / "data" / "schemaorg_vocabulary.json"
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Integer", "Number", "Boolean"}


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text())


def ancestors(type_name: str) -> set[str]:
    """`type_name` and every type it is a subtype of; KeyError for an unknown type."""
    types = vocabulary()["types"]
    found, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(types[current])
    return found


def problems(node, path: str = "$") -> list[str]:
    """What in a JSON-LD node (a dict with `@type`, or `@graph` of them) does not follow
    the vocabulary: a list of readable messages, empty when it all does."""
    if "@graph" in node:
        return [p for i, item in enumerate(node["@graph"]) for p in problems(item, f"{path}[{i}]")]
    type_name = node.get("@type")
    if type_name not in vocabulary()["types"]:
        return [f"{path}: unknown type {type_name!r}"]
    found = []
    kinds = ancestors(type_name)
    for name, value in node.items():
        if name.startswith("@"):
            continue
        spec = vocabulary()["properties"].get(name)
        if spec is None:
            found.append(f"{path}.{name}: not a schema.org property of {type_name}")
            continue
        if not kinds & set(spec["domainIncludes"]):
            found.append(f"{path}.{name}: not a property of {type_name}")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            found += _value_problems(item, spec["rangeIncludes"], f"{path}.{name}[{i}]")
    return found


def _value_problems(value, ranges: list[str], path: str) -> list[str]:
    if isinstance(value, dict):
        inner = problems(value, path)
        kinds = ancestors(value["@type"]) if value.get("@type") in vocabulary()["types"] else set()
        if not kinds & set(ranges):
            inner.append(f"{path}: a {value.get('@type')} where {ranges} is expected")
        return inner
    if any(_is_data(value, kind) for kind in ranges):
        return []
    things = [kind for kind in ranges if kind not in DATA_TYPES]
    if things and _is_data(value, "URL"):  # a thing named by its address
        return []
    return [f"{path}: {value!r} is none of {ranges}"]


def _is_data(value, kind: str) -> bool:
    """Whether `value` has the form of the schema.org data type `kind`."""
    if kind in ("Integer", "Number"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "Boolean":
        return isinstance(value, bool)
    if not isinstance(value, str) or not value.strip():
        return False
    if kind == "Text":
        return True
    if kind == "URL":
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    parse = {"Date": date.fromisoformat, "DateTime": datetime.fromisoformat}.get(kind)
    if parse is None:
        return False
    try:
        parsed = parse(value)
    except ValueError:
        return False
    return kind == "Date" or parsed.tzinfo is not None  # a moment says its zone
