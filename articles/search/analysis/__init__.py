"""Text analysis: one analyzer per language, the same at index and at query time.

No Whoosh here: an analyzer turns text into `Token`s (term, position, character span) and
each backend adapts that to its engine (backends/whoosh/schema.py to Whoosh's token
stream, backends/postgres/writing.py to posting rows).

Every analyzer first NFKC-normalizes the whole text (normalization.py: full-width letters
are one word), keeps contractions, codes and amounts whole, lower-cases and folds the
diacritics of Latin letters (people type "contrasena", "cafe") before stop words and
stemming. Then, per language:

- en: Snowball stop words, Snowball (Porter 2) stemming;
- es: Spanish stop words, Snowball Spanish stemming;
- ru: ё → е, Russian stop words, Snowball Russian stemming;
- ar: normalization (tashkeel and tatweel removed, أ/إ/آ → ا, ى → ي, ة → ه), Arabic stop
  words, Snowball's light Arabic stemmer;
- zh-hans (analysis/chinese.py): traditional characters made simplified, jieba word segmentation
  in search mode with a domain dictionary, positions renumbered (jieba gives character
  offsets), a stop list of function and question words;
- any other language: the generic Unicode analyzer (no stemming).

Words with digits (codes, amounts, versions) are never stemmed.
"""

import functools

from articles.search.analysis.base import CACHE_LIMIT, RESOURCES, Analyzer, Token
from articles.search.analysis.chinese import ChineseAnalyzer
from articles.search.analysis.languages import (
    ArabicAnalyzer,
    EnglishAnalyzer,
    RussianAnalyzer,
    SpanishAnalyzer,
    normalize_arabic,
)

__all__ = [
    "ANALYZERS",
    "CACHE_LIMIT",
    "RESOURCES",
    "Analyzer",
    "ArabicAnalyzer",
    "ChineseAnalyzer",
    "EnglishAnalyzer",
    "RussianAnalyzer",
    "SpanishAnalyzer",
    "Token",
    "analyzer_for",
    "normalize_arabic",
    "warm_up",
]

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
