"""The Chinese analyzer: simplified characters, jieba segmentation, codes kept whole.

Readers of the Simplified Chinese site often type traditional characters (凍結帳號): every
text is converted character by character to simplified Chinese with OpenCC's table
(opencc-python-reimplemented's TSCharacters dictionary, read once into a `str.translate`
table: one C call per text, and one character stays one character, so offsets into the
stored text stay exact). Where the simplified standard has two common forms (帐/账), one is
chosen on both sides. Identifiers such as "E-1024" are cut out before jieba, which would
split them at the hyphen.
"""

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from importlib import resources

from articles.search.analysis.base import RESOURCES, Analyzer
from articles.search.normalization import WORD, is_identifier, prepare

ZH_DICTIONARY = RESOURCES / "zh_dict.txt"
# Variants of the simplified standard that the articles' vocabulary writes one way.
VARIANTS = {"帐": "账"}
IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:[-_./:,][A-Za-z0-9]+)+")


@functools.cache
def simplified_table() -> dict[int, str]:
    """`str.translate` table: traditional character → its first simplified form."""
    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    for line in text.read_text(encoding="utf-8").splitlines():
        source, _tab, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = VARIANTS.get(target, target)
    table.update({ord(source): target for source, target in VARIANTS.items()})
    return table


def to_simplified(text: str) -> str:
    """`text` with traditional characters made simplified, same length (凍結帳號 → 冻结账号)."""
    return text.translate(simplified_table())


class ChineseAnalyzer(Analyzer):
    """jieba segmentation (search mode: long words also yield their parts)."""

    # Chinese typos are wrong characters with the same sound, not letter slips: an edit
    # distance over characters would "correct" one word into an unrelated one. (Pinyin
    # typed without an input method is matched by pinyin.py instead.)
    corrects_spelling = False

    _tokenizer = None
    _lock = threading.Lock()

    @classmethod
    def jieba(cls):
        """The process's one jieba tokenizer, loaded on first use (about a second)."""
        if cls._tokenizer is None:
            with cls._lock:
                if cls._tokenizer is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    tokenizer.load_userdict(str(ZH_DICTIONARY))
                    cls._tokenizer = tokenizer
        return cls._tokenizer

    def prepare(self, text: str) -> tuple[str, list[int] | None]:
        prepared, offsets = prepare(text)
        return to_simplified(prepared), offsets

    def _pieces(self, text: str, *, search_mode: bool) -> Iterator[tuple[str, int, int]]:
        """Identifiers whole, the text between them segmented by jieba."""
        cursor = 0
        for match in IDENTIFIER.finditer(text):
            if not is_identifier(match.group()):
                continue
            yield from self._segment(text[cursor : match.start()], cursor, search_mode)
            yield match.group(), match.start(), match.end()
            cursor = match.end()
        yield from self._segment(text[cursor:], cursor, search_mode)

    def _segment(self, text: str, base: int, search_mode: bool) -> Iterator[tuple[str, int, int]]:
        if not text:
            return
        if search_mode:
            for word, start, end in self.jieba().tokenize(text, mode="search"):
                if WORD.fullmatch(word):
                    yield word, base + start, base + end
            return
        start = base
        for word in self.jieba().lcut(text):
            if WORD.fullmatch(word):
                yield word, start, start + len(word)
            start += len(word)

    def split(self, text: str) -> Iterator[tuple[str, int, int]]:
        return self._pieces(text, search_mode=True)

    def words(self, text: str) -> list[str]:
        # Accurate mode for phrase matching: no overlapping sub-words.
        prepared = self.prepare(text)[0]
        return [
            unicodedata.normalize("NFKC", word).lower()
            for word, _s, _e in self._pieces(prepared, search_mode=False)
        ]
