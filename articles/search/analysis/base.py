"""The generic Unicode analyzer every language's analyzer builds on, and its tokens.

See the package docstring for what each language adds. Imports nothing of the search
package but normalization.py.
"""

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

from articles.search.normalization import chunks, clean_word, fold_latin, is_identifier, prepare

# The search package's data files: stopwords/<language>.txt, zh_dict.txt.
RESOURCES = Path(__file__).resolve().parent.parent
CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # the term as indexed (normalized, maybe stemmed)
    pos: int  # word position, consecutive
    start: int  # character span in the analyzed text
    end: int


class Analyzer:
    """Generic Unicode analyzer; subclasses add a language's normalization and stemming."""

    language = ""
    stemmer_name: str | None = None
    # Letter-by-letter typo correction makes sense for alphabetic scripts.
    corrects_spelling = True

    def __init__(self, language: str) -> None:
        self.language = language
        self._local = threading.local()
        # raw word → (normalized word, stem), "" for a stop word. A help center's
        # vocabulary is small, so this makes stemming nearly free after warm-up.
        self._cache: dict[str, tuple[str, str]] = {}
        # stem → the raw words seen so far that have it (for finding matches in a text).
        self._forms: dict[str, set[str]] = {}

    @functools.cached_property
    def stop_words(self) -> frozenset[str]:
        """This language's stop words (stopwords/<language>.txt), normalized as words are."""
        path = RESOURCES / "stopwords" / f"{self.language}.txt"
        if not path.exists():
            return frozenset()
        lines = path.read_text(encoding="utf-8").splitlines()
        return frozenset(
            self.normalize(line.strip()) for line in lines if line.strip() and line[0] != "#"
        )

    def prepare(self, text: str) -> tuple[str, list[int] | None]:
        """The text as words are cut from it, with offsets back (normalization.prepare)."""
        return prepare(text)

    def normalize(self, word: str) -> str:
        """One raw word → its normalized, unstemmed form (the spelling/synonym vocabulary)."""
        return fold_latin(clean_word(word).lower())

    def stem(self, word: str) -> str:
        if not self.stemmer_name or is_identifier(word):
            return word
        # Snowball stemmers keep state while stemming a word: one per thread.
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = snowballstemmer.stemmer(self.stemmer_name)
        return stemmer.stemWord(word)

    def split(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Raw words of prepared text with their character spans."""
        return chunks(text)

    def analyze_word(self, raw: str) -> tuple[str, str]:
        """(normalized, stemmed) forms of one raw word; ("", "") for a stop word."""
        cached = self._cache.get(raw)
        if cached is None:
            word = self.normalize(raw)
            if not word or word == "_" or word in self.stop_words:
                cached = ("", "")
            else:
                cached = (word, self.stem(word))
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
                self._forms.clear()
            self._cache[raw] = cached
            self._forms.setdefault(cached[1], set()).add(raw)
        return cached

    def forms_of(self, words: set[str], terms: set[str]) -> set[str]:
        """Those raw `words` whose index term is one of `terms` (`"Refunds"` for `refund`).

        Set operations in C on the caches above: no per-word Python once words are known.
        """
        for raw in words.difference(self._cache):
            self.analyze_word(raw)
        forms = self._forms
        return words & set().union(*(forms.get(term, ()) for term in terms))

    def tokens(self, text: str, *, stem: bool = True) -> Iterator[Token]:
        """The index terms of `text`, stop words removed, positions consecutive, spans in
        `text` as given (before normalization)."""
        prepared, offsets = self.prepare(text)
        pos = 0
        for raw, start, end in self.split(prepared):
            word, stemmed = self.analyze_word(raw)
            if word:
                if offsets is not None:
                    start, end = offsets[start], offsets[end - 1] + 1
                yield Token(stemmed if stem else word, pos, start, end)
                pos += 1

    def terms(self, text: str) -> list[str]:
        return [token.text for token in self.tokens(text)]

    def words(self, text: str) -> list[str]:
        """Normalized words, stop words kept: for matching synonym phrases."""
        return [
            word
            for raw, _s, _e in self.split(self.prepare(text)[0])
            if (word := self.normalize(raw))
        ]
