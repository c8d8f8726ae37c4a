"""Keyboard layouts: what a query becomes when it was typed with the wrong layout active.

Russian typed on an English layout gives `ntktajy` for "телефон"; English typed on a
Russian one gives "ащкпще" for "forgot". Each table maps the keys of the US QWERTY
layout to the characters the same keys type in another layout (ЙЦУКЕН, Arabic 101).
"""

QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
LAYOUTS = {
    # The standard Russian layout (ЙЦУКЕН), key for key.
    "ru": "ёйцукенгшщзхъфывапролджэячсмитьбю.",
    # The standard Arabic layout (Arabic 101); "b" types the ligature لا.
    "ar": ["ذ", *"ضصثقفغعهخحجدشسيبلاتنمكطئءؤر", "لا", *"ىةوزظ"],
}
# Which layout's letters a language is written in (None: Latin, typed on QWERTY).
SCRIPT_OF = {"ru": "ru", "ar": "ar"}


def _tables() -> dict[str, tuple[dict[int, str], dict[int, str]]]:
    tables = {}
    for name, keys in LAYOUTS.items():
        to_layout = {ord(latin): char for latin, char in zip(QWERTY, keys, strict=True)}
        from_layout = {
            ord(char): latin
            for latin, char in zip(QWERTY, keys, strict=True)
            if len(char) == 1 and not char.isascii()
        }
        tables[name] = (to_layout, from_layout)
    return tables


TABLES = _tables()


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def swapped_layout(text: str, lang: str) -> str | None:
    """`text` as it would read had it been typed with `lang`'s layout instead of the one
    it was typed with, or None when it is already in the language's script (or mixed)."""
    text = text.lower()
    letters = _letters(text)
    if not letters:
        return None
    target = SCRIPT_OF.get(lang)
    if target is not None:
        # A Russian or Arabic site: Latin letters typed on QWERTY.
        if not all(ch.isascii() for ch in letters):
            return None
        return text.translate(TABLES[target][0])
    # A Latin-script site: letters of another layout typed by the same keys.
    for _name, (_to_layout, from_layout) in TABLES.items():
        if all(ord(ch) in from_layout for ch in letters):
            return text.translate(from_layout)
    return None
