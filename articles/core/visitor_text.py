"""Text a visitor sends (a feedback comment, a search, the forms to come), made safe to store.

PostgreSQL refuses NUL in text (a `DataError`, so a 500); other control characters, lone
surrogates and bidi overrides are not refused by either database but garble or disguise
what editors then read in the admin. Every visitor text goes through `clean_visitor_text`
before it is stored or searched, the same on SQLite and PostgreSQL: cleaned, not refused,
because a stray character from a copy-paste should not cost the visitor their message.
"""

import re
import unicodedata

from django import forms

# Bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069) can make text
# display in another order than it was written ("Trojan Source"); the marks LRM/RLM/ALM,
# which Arabic writers use, are kept.
_BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_KEPT_IN_MULTILINE = {"\n", "\t"}


def _is_dropped(char: str, multiline: bool) -> bool:
    if char in _KEPT_IN_MULTILINE:
        return not multiline
    category = unicodedata.category(char)
    if category in ("Cc", "Cs") or char in _BIDI_CONTROLS:
        return True
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE  # noncharacters


def clean_visitor_text(text: str, *, multiline: bool = False) -> str:
    """Return `text` (any str) cleaned for storage; never raises.

    NFC-normalized; line breaks of every kind become "\\n". Removed: NUL and the other
    C0/C1 control characters and DEL, lone surrogates, Unicode noncharacters and bidi
    overrides. In multi-line text "\\n" and "\\t" stay; in single-line text each becomes a
    space. Leading and trailing whitespace is stripped; length is not limited here.
    """
    text = _LINE_BREAKS.sub("\n", text)
    kept = "".join(
        (" " if char in _KEPT_IN_MULTILINE else "") if _is_dropped(char, multiline) else char
        for char in text
    )
    return unicodedata.normalize("NFC", kept).strip()


class VisitorTextField(forms.CharField):
    """A form field for what visitors type: cleaned by `clean_visitor_text`, never refused
    for a stray control character. `multiline=True` for a textarea."""

    def __init__(self, *, multiline: bool = False, **kwargs) -> None:
        self.multiline = multiline
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_visitor_text(value, multiline=self.multiline)
        return super().to_python(value)
