"""The help center's languages: the source language, the codes, and matching a tag to one.

The source language is named once, in settings (`LANGUAGE_CODE`): articles are written in
it, every translation is made from it, and readers get it when their language has no
published translation. Everything else reads `SOURCE_LANGUAGE` from here.
"""

from django.conf import settings
from django.utils.translation import get_supported_language_variant

SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE
# BCP 47 allows long tags (`zh-Hans-CN-u-nu-hanidec`); anything longer than this is not a
# language a visitor asked for, and is refused before any lookup.
MAX_LANGUAGE_TAG_LENGTH = 35


def language_codes() -> list[str]:
    """The site's language codes in settings order, e.g. `["en", "zh-hans", "ru", …]`."""
    return [code for code, _name in settings.LANGUAGES]


def language_tag_pattern() -> str:
    """A regular expression, the same in Python and ECMA 262 (JSON Schema's dialect), of
    the tags `match_language` always matches to a site language: the primary subtag of a
    site language in any case, then subtags of 1 to 8 letters or digits after `-` or `_`
    (`en`, `zh-CN`, `ZH-Hant-TW`, `es_419`). Length is not part of it: at most
    MAX_LANGUAGE_TAG_LENGTH characters.

    Every such tag has a site language (Django's lookup drops subtags from the right, then
    takes a site language with the same primary subtag), so a client that follows the
    pattern never gets "unknown language".
    """
    primaries = sorted({code.split("-")[0] for code in language_codes()})
    either_case = "|".join(
        "".join(f"[{letter.upper()}{letter.lower()}]" for letter in primary)
        for primary in primaries
    )
    return f"^(?:{either_case})(?:[-_][0-9A-Za-z]{{1,8}})*$"


def match_language(tag: str) -> str | None:
    """The site language a BCP 47 tag asks for, or None when none fits.

    Matching is case-insensitive and accepts `_` for `-`, as browsers and help-desk tools
    send either: `zh-CN`, `zh-Hans`, `ZH-HANS` and `zh_cn` give `zh-hans`; `es-419` and
    `es-MX` give `es`; `pt` gives None. The rule is Django's
    `get_supported_language_variant` (RFC 4647 lookup: drop subtags from the right, then
    Django's own fallbacks such as zh-cn → zh-hans), applied to the normalized tag.
    """
    tag = tag.strip().replace("_", "-").lower()
    if not tag or len(tag) > MAX_LANGUAGE_TAG_LENGTH:
        return None
    try:
        code = get_supported_language_variant(tag).lower()
    except LookupError:
        return None
    return code if code in language_codes() else None
