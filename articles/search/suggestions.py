"""Search-as-you-type: titles with what was typed anywhere in their words or keywords.

No Whoosh here. A `TitleIndex` keeps every word of the titles and of their articles'
keywords sorted, with the titles that have it, so a keystroke costs two binary searches
per typed word and a set intersection, not a scan of every title. A typed word that starts no
word is tried again with one slip (rapidfuzz over the prefixes of its length: "wihtdraw"
finds "withdrawal"). Chinese, written without spaces, is also matched inside the text
("密码" in a title whose words are "忘记密码"…).
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz import process as fuzzy
from rapidfuzz.distance import OSA

from articles.search.analysis import Analyzer

MAX_PREFIX = 12  # a slip is looked for in the first 12 letters of a typed word
LAST_CHARACTER = "\U0010ffff"  # sorts after any character a word goes on with
MIN_FUZZY = 4  # shorter typed words are not corrected (too many words are one slip away)
CJK = re.compile(r"[\u3400-\u9fff]")


def completing_words(typed: str, words: list[str]) -> list[str]:
    """The words of `words` (a suggested title's words, then its keywords') that the typed
    word `typed` is the beginning of, as typed first, then with one slip ("pasw" →
    "password"), as `TitleIndex.match` matched them; none when `typed` is itself one of
    them (a whole word needs no completing)."""
    if typed in words:
        return []
    found = [word for word in words if word.startswith(typed)]
    if len(typed) >= MIN_FUZZY and not CJK.search(typed):
        size = min(len(typed), MAX_PREFIX)
        found += [
            word
            for word in words
            if len(word) > size and OSA.distance(word[:size], typed[:size]) <= 1
        ]
    return list(dict.fromkeys(found))


def title_entry(analyzer: Analyzer, title: str, keywords: str, **fields) -> dict:
    """A TitleIndex entry: the given fields (article_id, slug, category, position…) with
    the title, its words first, then its keywords' words, and the text both are read from."""
    words = analyzer.words(title) or [""]
    keyword_words = analyzer.words(keywords.replace(",", " "))
    text = " ".join(analyzer.words(f"{title} {keywords}"))
    return {**fields, "title": title, "words": words + keyword_words, "text": text}


@dataclass
class TitleIndex:
    """The titles of one language, findable by the beginnings of their words.

    Every distinct word is kept once, sorted, with the numbers of the titles that have it:
    the words starting with what was typed are one contiguous run of that list (two
    binary searches). A dictionary of every prefix of every word to a set of titles
    answered as fast but held 25 MB per language and process at 2,000 articles.
    """

    titles: list[dict]  # {"title", "words", "text", …} in display order
    _words: list[str] = field(default_factory=list)  # every distinct word, sorted
    _holders: list[tuple[int, ...]] = field(default_factory=list)  # titles of each word
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        holders: dict[str, list[int]] = {}
        for number, entry in enumerate(self.titles):
            for word in set(entry["words"]):
                holders.setdefault(word, []).append(number)
        self._words = sorted(holders)
        self._holders = [tuple(holders[word]) for word in self._words]

    def _starting_with(self, prefix: str) -> set[int]:
        """Titles with a word that starts with `prefix`."""
        first = bisect_left(self._words, prefix)
        end = bisect_left(self._words, prefix + LAST_CHARACTER, first)
        found: set[int] = set()
        for holders in self._holders[first:end]:
            found.update(holders)
        return found

    def _numbers(self, word: str) -> set[int]:
        """Titles with a word starting with `word`, or containing it (Chinese)."""
        numbers = self._starting_with(word)
        if CJK.search(word):
            numbers |= {n for n, entry in enumerate(self.titles) if word in entry["text"]}
        return numbers

    def _near(self, word: str) -> set[int]:
        """Titles with a word starting one slip away from `word` (none for short words)."""
        if len(word) < MIN_FUZZY or CJK.search(word):
            return set()
        size = min(len(word), MAX_PREFIX)
        keys = self._by_length.get(size)
        if keys is None:
            keys = self._by_length[size] = sorted({w[:size] for w in self._words if len(w) >= size})
        found: set[int] = set()
        for key, _distance, _index in fuzzy.extract(
            word[:size], keys, scorer=OSA.distance, score_cutoff=1, limit=None
        ):
            found |= self._starting_with(key)
        return found

    def match(self, words: list[str], limit: int) -> list[dict]:
        """Titles matching each typed word (as typed, else with one slip); titles whose
        own words start with the first typed word first, then shorter titles first."""
        found: set[int] | None = None
        for word in words:
            numbers = self._numbers(word) or self._near(word)
            found = numbers if found is None else found & numbers
            if not found:
                return []
        ranked = sorted(
            found,
            key=lambda n: (
                not self.titles[n]["words"][0].startswith(words[0]),
                not any(w.startswith(words[0]) for w in self.titles[n]["words"]),
                len(self.titles[n]["title"]),
                n,
            ),
        )
        return [self.titles[n] for n in ranked[:limit]]
