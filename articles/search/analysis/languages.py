"""The analyzers of languages written in alphabets: English, Spanish, Russian, Arabic."""

import re

from articles.search.analysis.base import Analyzer

ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


# Colloquial words whose first letter Snowball's light stemmer takes for a prefix (ف- "and,
# so"): فلوس "money" (Gulf, Levant, Egypt) would lose it, "فلوسي" becoming لوس. Any form
# holding one of these stems to it ("فلوسي", "الفلوس", "بفلوسي" → فلوس).
ARABIC_KEPT_STEMS = ("فلوس",)


def normalize_arabic(text: str) -> str:
    return ARABIC_MARKS.sub("", text).translate(ARABIC_FOLD)


class EnglishAnalyzer(Analyzer):
    stemmer_name = "english"


class SpanishAnalyzer(Analyzer):
    stemmer_name = "spanish"


class RussianAnalyzer(Analyzer):
    stemmer_name = "russian"

    def normalize(self, word: str) -> str:
        return super().normalize(word).replace("ё", "е")


class ArabicAnalyzer(Analyzer):
    stemmer_name = "arabic"

    def normalize(self, word: str) -> str:
        return normalize_arabic(super().normalize(word))

    def stem(self, word: str) -> str:
        kept = next((stem for stem in ARABIC_KEPT_STEMS if stem in word), None)
        return kept or super().stem(word)
