"""Word-level differences between two texts, for people to read.

Used by the history (two revisions of a language), the review pages (a pending version
against the published text) and edit conflicts (their saved text against yours). The
segments are plain text with an operation; templates render them escaped, in <del> and
<ins>, so nothing an editor typed can run.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words and the spaces between them: a diff of prose reads best word by word.
_TOKEN = re.compile(r"\s+|[^\s]+")
# In a shortened diff, unchanged text longer than this many words is cut to its ends.
CONTEXT_WORDS = 12
ELLIPSIS = " … "


@dataclass(frozen=True)
class FieldDiff:
    """One text field compared between two versions in one language.

    `segments` is a list of (operation, text) with operation "equal", "delete" or
    "insert": the template renders them escaped, as plain text in <del>/<ins>.
    """

    name: str
    label: str
    old: str
    new: str
    segments: list[tuple[str, str]]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences from `old` to `new` as (operation, text) segments."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            segments.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new_tokens[j1:j2])))
    return segments


def shortened(segments: list[tuple[str, str]], words: int = CONTEXT_WORDS):
    """`segments` with each long unchanged run cut to `words` words around the changes.

    The cut text is replaced by ELLIPSIS ("equal" segments), so a one-word change in a
    long body reads as a few lines, not as two whole bodies.
    """
    result = []
    last = len(segments) - 1
    for index, (operation, text) in enumerate(segments):
        tokens = _TOKEN.findall(text)
        if operation != "equal" or len(tokens) <= 2 * words * 2:
            result.append((operation, text))
            continue
        keep = words * 2  # a word and the space after it are two tokens
        head = "" if index == 0 else "".join(tokens[:keep])
        tail = "" if index == last else "".join(tokens[-keep:])
        result.append(("equal", f"{head}{ELLIPSIS}{tail}"))
    return result


def side_by_side(theirs: str, yours: str) -> tuple[list, list]:
    """Two shortened views of a word diff: ("equal"/"delete" segments of `theirs`,
    "equal"/"insert" segments of `yours`): each text with what the other lacks marked."""
    segments = shortened(text_diff(theirs, yours))
    return (
        [(op, text) for op, text in segments if op != "insert"],
        [(op, text) for op, text in segments if op != "delete"],
    )
