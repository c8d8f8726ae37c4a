"""Search-as-you-type: titles with what was typed anywhere in their words or keywords.

No Whoosh here. A `TitleIndex` maps every prefix of every word of a title and of its
article's keywords to the titles that have it, so a keystroke costs a few dictionary
lookups and a set intersection, not a scan of every title. A typed word that starts no
word is tried again with one slip (rapidfuzz over the prefixes of its length: "wihtdraw"
finds "withdrawal"). Chinese, written without spaces, is also matched inside the text
("密码" in a title whose words are "忘记密码"…).
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import process as fuzzy
from rapidfuzz.distance import OSA

from articles.search.analysis import Analyzer

MAX_PREFIX = 12  # longer typed words are checked against the titles found for 12 letters
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
    titles: list[dict]  # {"title", "words", "text", …} in display order
    prefixes: dict[str, set[int]] = field(default_factory=dict)
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for number, entry in enumerate(self.titles):
            for word in set(entry["words"]):
                for size in range(1, min(len(word), MAX_PREFIX) + 1):
                    self.prefixes.setdefault(word[:size], set()).add(number)

    def _numbers(self, word: str) -> set[int]:
        """Titles with a word starting with `word`, or containing it (Chinese)."""
        numbers = set(self.prefixes.get(word[:MAX_PREFIX], ()))
        if len(word) > MAX_PREFIX:
            numbers = {
                n for n in numbers if any(w.startswith(word) for w in self.titles[n]["words"])
            }
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
            keys = self._by_length[size] = [p for p in self.prefixes if len(p) == size]
        found: set[int] = set()
        for key, _distance, _index in fuzzy.extract(
            word[:size], keys, scorer=OSA.distance, score_cutoff=1, limit=None
        ):
            found |= self.prefixes[key]
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
