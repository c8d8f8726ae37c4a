"""Pinyin typed without an input method (`tixian mei daozhang`) → the index's Chinese words.

The index's own vocabulary is the dictionary: each Chinese term is read in toneless pinyin
(pypinyin) once, and a typed run of syllables, with or without spaces, is cut into the
fewest pieces that are the pinyin of an indexed word, the most common word winning
when several read alike. Readings are cached per term, so a new index version costs
dictionary lookups, not another pass of pypinyin over every word.
"""

import functools
import re
import threading

from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"^[\u3400-\u9fff]+$")
LATIN_QUERY = re.compile(r"^[a-zA-Z' ]+$")
MAX_KEY = 30  # letters of the longest reading looked up


@functools.lru_cache(maxsize=200_000)
def reading(term: str) -> str:
    """The toneless pinyin of a Chinese term, syllables run together ("提现" → "tixian")."""
    return "".join(lazy_pinyin(term, style=Style.NORMAL, errors="ignore"))


class PinyinIndex:
    """Readings of a vocabulary: pinyin → the most frequent term that reads so."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        best: dict[str, tuple[int, str]] = {}
        for term, frequency in vocabulary.items():
            if HAN.match(term):
                key = reading(term)
                if key and (key not in best or (frequency, term) > best[key]):
                    best[key] = (frequency, term)
        self.words = {key: term for key, (_frequency, term) in best.items()}

    def convert(self, text: str) -> str | None:
        """The Chinese words `text` reads as, or None when `text` is not pinyin or no
        part of it is the reading of an indexed word. Parts that are not are dropped."""
        if not LATIN_QUERY.match(text):
            return None
        words = text.lower().replace("'", " ").split()
        # Read as one run first: "mei daozhang" may be the reading of one indexed phrase.
        whole = self._segment("".join(words))
        if whole:
            return whole
        found = [self._segment(word) for word in words]
        return "".join(found) or None

    def _segment(self, letters: str) -> str:
        """The fewest known readings that spell `letters` exactly, as Chinese ("" if none)."""
        best: list[tuple[int, str] | None] = [None] * (len(letters) + 1)
        best[0] = (0, "")
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - MAX_KEY), end):
                word = self.words.get(letters[start:end])
                if word is not None and best[start] is not None:
                    pieces, text = best[start]
                    if best[end] is None or pieces + 1 < best[end][0]:
                        best[end] = (pieces + 1, text + word)
        return best[-1][1] if best[-1] else ""


_indexes: dict[object, PinyinIndex] = {}
_lock = threading.Lock()


def pinyin_index(key: object, vocabulary) -> PinyinIndex:
    """The PinyinIndex of an index version (`key`), built from `vocabulary()` once."""
    index = _indexes.get(key)
    if index is None:
        index = PinyinIndex(vocabulary())
        with _lock:
            _indexes.clear()  # only the current version's is worth keeping
            _indexes[key] = index
    return index
