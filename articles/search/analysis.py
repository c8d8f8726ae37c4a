"""Text analysis: one analyzer per language, the same at index and at query time.

No Whoosh here: an analyzer turns text into `Token`s (term, position, character span) and
each backend adapts that to its engine (backends/whoosh/schema.py to Whoosh's token
stream, backends/postgres/writing.py to posting rows). Per language:

- en: lower case, Snowball stop words, Snowball (Porter 2) stemming;
- es: lower case, accents folded *before* stop words and stemming (people type
  "contrasena", "como"), Spanish stop words, Snowball Spanish stemming;
- ru: lower case, ё → е, Russian stop words, Snowball Russian stemming;
- ar: normalization (tashkeel and tatweel removed, أ/إ/آ → ا, ى → ي, ة → ه), Arabic stop
  words, Snowball's light Arabic stemmer;
- zh-hans: jieba word segmentation in search mode with a domain dictionary, positions
  renumbered (jieba gives character offsets), a stop list of function and question words;
- any other language: a generic Unicode analyzer (lower case, no stemming).
"""

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

HERE = Path(__file__).resolve().parent
ZH_DICTIONARY = HERE / "zh_dict.txt"

# Letters, digits and the combining marks that belong inside words (Latin accents, Arabic
# tashkeel, tatweel): a word never breaks at a diacritic.
WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]+")
CACHE_LIMIT = 200_000

ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


# Each word is NFKC-normalized on its own (full-width "ＯＫＰａｙ" → "okpay"), so character
# offsets still point into the original text and stored text keeps its punctuation.


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # the term as indexed (normalized, maybe stemmed)
    pos: int  # word position, consecutive
    start: int  # character span in the analyzed text
    end: int


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    path = HERE / "stopwords" / f"{lang}.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    analyzer = analyzer_for(lang)
    return frozenset(
        analyzer.normalize(line.strip()) for line in lines if line.strip() and line[0] != "#"
    )


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_arabic(text: str) -> str:
    return ARABIC_MARKS.sub("", text).translate(ARABIC_FOLD)


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

    def normalize(self, word: str) -> str:
        """One word → its normalized, unstemmed form (the spelling/synonym vocabulary)."""
        return word.lower()

    def stem(self, word: str) -> str:
        if not self.stemmer_name:
            return word
        # Snowball stemmers keep state while stemming a word: one per thread.
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = snowballstemmer.stemmer(self.stemmer_name)
        return stemmer.stemWord(word)

    def split(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Raw words with their character spans."""
        for match in WORD.finditer(text):
            yield match.group(), match.start(), match.end()

    def analyze_word(self, raw: str) -> tuple[str, str]:
        """(normalized, stemmed) forms of one raw word; ("", "") for a stop word."""
        cached = self._cache.get(raw)
        if cached is None:
            word = self.normalize(unicodedata.normalize("NFKC", raw))
            if not word or word == "_" or word in stop_words(self.language):
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
        """The index terms of `text`, stop words removed, positions consecutive."""
        pos = 0
        for raw, start, end in self.split(text):
            word, stemmed = self.analyze_word(raw)
            if word:
                yield Token(stemmed if stem else word, pos, start, end)
                pos += 1

    def terms(self, text: str) -> list[str]:
        return [token.text for token in self.tokens(text)]

    def words(self, text: str) -> list[str]:
        """Normalized words, stop words kept: for matching synonym phrases."""
        return [
            word
            for raw, _s, _e in self.split(text)
            if (word := self.normalize(unicodedata.normalize("NFKC", raw)))
        ]


class EnglishAnalyzer(Analyzer):
    stemmer_name = "english"


class SpanishAnalyzer(Analyzer):
    stemmer_name = "spanish"

    def normalize(self, word: str) -> str:
        return fold_accents(word.lower())


class RussianAnalyzer(Analyzer):
    stemmer_name = "russian"

    def normalize(self, word: str) -> str:
        return word.lower().replace("ё", "е")


class ArabicAnalyzer(Analyzer):
    stemmer_name = "arabic"

    def normalize(self, word: str) -> str:
        return normalize_arabic(word.lower())


class ChineseAnalyzer(Analyzer):
    """jieba segmentation (search mode: long words also yield their parts)."""

    # Chinese typos are wrong characters with the same sound, not letter slips: an edit
    # distance over characters would "correct" one word into an unrelated one.
    corrects_spelling = False

    _tokenizer = None
    _lock = threading.Lock()

    @classmethod
    def jieba(cls):
        """The process's one jieba tokenizer, loaded on first use (about a second)."""
        if cls._tokenizer is None:
            with cls._lock:
                if cls._tokenizer is None:
                    import logging

                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    tokenizer.load_userdict(str(ZH_DICTIONARY))
                    cls._tokenizer = tokenizer
        return cls._tokenizer

    def split(self, text: str) -> Iterator[tuple[str, int, int]]:
        for word, start, end in self.jieba().tokenize(text, mode="search"):
            if WORD.fullmatch(word):
                yield word, start, end

    def words(self, text: str) -> list[str]:
        # Accurate mode for phrase matching: no overlapping sub-words.
        words = self.jieba().lcut(text)
        return [unicodedata.normalize("NFKC", w).lower() for w in words if WORD.fullmatch(w)]


ANALYZERS: dict[str, type[Analyzer]] = {
    "en": EnglishAnalyzer,
    "es": SpanishAnalyzer,
    "ru": RussianAnalyzer,
    "ar": ArabicAnalyzer,
    "zh-hans": ChineseAnalyzer,
}


@functools.cache
def analyzer_for(lang: str) -> Analyzer:
    """The analyzer of a language; a language without a dedicated one gets the generic."""
    return ANALYZERS.get(lang, Analyzer)(lang)


def warm_up() -> None:
    """Load what is slow to load (jieba's dictionary), e.g. in a gunicorn master."""
    ChineseAnalyzer.jieba()
