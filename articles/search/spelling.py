"""Spelling corrections: the closest word of a vocabulary, by ranking.py's rules.

No engine here: each backend reads its vocabulary (Whoosh per segment, PostgreSQL from
its word table) and asks `closest_word`. Candidates share the first letter and are ranked
by edit distance first (ranking by frequency alone turns "cancl" into "call"), then by how
common they are. Edit distances are computed by rapidfuzz (C++), not word by word in Python.
"""

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import process as fuzzy
from rapidfuzz.distance import OSA

from .ranking import MIN_CORRECTED_LENGTH, max_edits


def worth_correcting(word: str) -> bool:
    """Whether `word` may be a misspelling at all (long enough, not a number)."""
    return len(word) >= MIN_CORRECTED_LENGTH and not word.isdigit()


def closest_word(
    word: str, vocabularies: Iterable[Sequence[str]], frequency: Callable[[str], int]
) -> str | None:
    """The word of `vocabularies` closest to `word` (at most ranking.max_edits edits,
    same first letter; the most frequent among equally close ones), or None."""
    limit = max_edits(word)
    candidates = {
        (distance, -frequency(found), found)
        for vocabulary in vocabularies
        for found, distance, _index in fuzzy.extract(
            word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        if found[:1] == word[:1]
    }
    return min(candidates)[2] if candidates else None
