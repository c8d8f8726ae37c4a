"""Spelling corrections: the likeliest words of a vocabulary, by ranking.py's rules.

No engine here: each backend reads its vocabulary (Whoosh per segment, PostgreSQL from
its word table) and asks `closest_words`. Candidates share the first letter and are ranked
by how likely the slip is: the typos people make most (a doubled letter "withdrawall", a
missing letter "refnd", swapped neighbours "refnud") cost less than another edit, and any
edit less than two (ranking by frequency alone turns "cancl" into "call"); then by how
common the word is. Edit distances are computed by rapidfuzz (C++), not in Python.
"""

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import process as fuzzy
from rapidfuzz.distance import OSA

from articles.search.analysis import Analyzer
from articles.search.ranking import (
    LIKELY_TYPO_COST,
    MAX_CORRECTION_CANDIDATES,
    MIN_CORRECTED_LENGTH,
    SPELLING_FIELDS,
    max_edits,
)


def spelling_text(document: dict, analyzer: Analyzer) -> str:
    """The text a document (documents.py's dict) adds to its language's spelling
    vocabulary: its prose (ranking.SPELLING_FIELDS) as the editors wrote it, and those
    words of its keywords that are a form of a word of that prose (the same stem: "سحب"
    beside the text's "السحب") or no likely slip (typo_cost) of one — "withdrawl" beside
    the text's "withdrawal" is a misspelling kept so that visitors who type it find the
    article, never a correction; "верификация", found in the keywords alone, is one."""
    prose = " ".join(document.get(name, "") for name in SPELLING_FIELDS)
    written = {token.text for token in analyzer.tokens(prose, stem=False)}
    keywords = {token.text for token in analyzer.tokens(document.get("keywords", ""), stem=False)}
    stems = {analyzer.stem(word) for word in written}
    choices = sorted(written)
    kept = [
        word
        for word in sorted(keywords - written)
        if analyzer.stem(word) in stems
        or not any(
            typo_cost(word, found, 1) <= LIKELY_TYPO_COST
            for found, _distance, _index in fuzzy.extract(
                word, choices, scorer=OSA.distance, score_cutoff=1, limit=None
            )
        )
    ]
    return " ".join([prose, *kept])


def worth_correcting(word: str) -> bool:
    """Whether `word` may be a misspelling at all (long enough, no digit: codes, amounts
    and versions are typed as meant)."""
    return len(word) >= MIN_CORRECTED_LENGTH and not any(ch.isdigit() for ch in word)


def typo_cost(typed: str, word: str, distance: int) -> float:
    """How unlikely it is that `word` was meant when `typed` was typed (`distance` OSA
    edits apart): one likely slip costs ranking.LIKELY_TYPO_COST, other edits 1 each."""
    if distance != 1:
        return float(distance)
    if len(typed) == len(word) + 1:  # one letter too many: likely when it is doubled
        for i in range(1, len(typed)):
            if typed[i] == typed[i - 1] and typed[:i] + typed[i + 1 :] == word:
                return LIKELY_TYPO_COST
        return 1.0
    if len(typed) + 1 == len(word):  # one letter missing
        return LIKELY_TYPO_COST
    differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    swapped = len(differ) == 2 and differ[1] == differ[0] + 1
    return LIKELY_TYPO_COST if swapped else 1.0


def closest_words(
    word: str,
    vocabularies: Iterable[Sequence[str]],
    frequency: Callable[[str], int],
    limit: int = MAX_CORRECTION_CANDIDATES,
) -> list[tuple[float, str]]:
    """Up to `limit` (cost, word) of `vocabularies` that `word` may be a misspelling of
    (at most ranking.max_edits edits, same first letter), likeliest first."""
    reach = max_edits(word)
    candidates = {
        (typo_cost(word, found, distance), -frequency(found), found)
        for vocabulary in vocabularies
        for found, distance, _index in fuzzy.extract(
            word, vocabulary, scorer=OSA.distance, score_cutoff=reach, limit=None
        )
        if found[:1] == word[:1] and found != word
    }
    return [(cost, found) for cost, _minus, found in sorted(candidates)[:limit]]


def closest_word(
    word: str, vocabularies: Iterable[Sequence[str]], frequency: Callable[[str], int]
) -> str | None:
    """The likeliest word `word` may be a misspelling of (closest_words), or None."""
    found = closest_words(word, vocabularies, frequency, limit=1)
    return found[0][1] if found else None
