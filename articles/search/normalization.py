"""Text normalization every analyzer shares, done before any word is cut out of a text.

- `prepare`: NFKC (full-width "ＯＫＰａｙ" → "OKPay", ligatures, circled digits) on the whole
  text before segmentation, so a word written in full-width letters is one word, not one
  token per letter. The character offsets back into the original text are kept, because
  snippets mark words in the text as stored.
- `TOKEN`, `chunks`: the words of a text, with contractions ("don't", "doesn’t") and identifiers,
  amounts and versions ("E-1024", "1,000.50", "v2.3.1") kept whole; a hyphenated or
  dotted run without a digit ("e-mail") is still split into its words.
- `fold_latin`: diacritics removed from Latin letters ("cafés" → "cafes") for every
  language, while Cyrillic "й" or Arabic marks, which are letters of their own, are kept.

Conversions are cached per distinct word: a help center's vocabulary is small, so after
warm-up a rebuild pays dictionary lookups, not Unicode decomposition, per token.
"""

import functools
import re
import unicodedata
from collections.abc import Iterator

# Letters, digits and the combining marks that belong inside words (Latin accents, Arabic
# tashkeel, tatweel): a word never breaks at a diacritic.
_LETTERS = r"[\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"
WORD = re.compile(f"{_LETTERS}+")
APOSTROPHES = "'’ʼ"
_SEPARATORS = "_./:,-"  # "-" last: a literal in character classes
# A word of a text: an identifier (a run of words joined by "-", "_", ".", "/", ":" or ","
# holding a digit somewhere: "E-1024", "1,000.50", "v2.3.1"), else a word with its
# contractions ("don't"). One regular expression, so cutting words stays in C.
TOKEN = re.compile(
    rf"(?=[\w{_SEPARATORS}]*\d){_LETTERS}+(?:[{_SEPARATORS}]{_LETTERS}+)+"
    rf"|{_LETTERS}+(?:[{APOSTROPHES}]{_LETTERS}+)*"
)
_APOSTROPHE_DROP = str.maketrans("", "", APOSTROPHES)
_DIGIT = re.compile(r"\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")

# Latin letters: Basic Latin to Latin Extended-B, IPA, and Latin Extended Additional.
_LATIN_BASES = ((0x41, 0x24F), (0x1E00, 0x1EFF))


def prepare(text: str) -> tuple[str, list[int] | None]:
    """(NFKC form of `text`, offsets) where offsets[i] is the index in `text` of the
    character i of the form (plus one final entry for the end); None when the form has
    the length of `text` and offsets are the identity (checked in C: ASCII, text already
    normalized, or only characters replaced one for one, such as width forms and Chinese
    punctuation; a rare pair that composes next to one that expands could shift a
    highlight by a character, never change a term)."""
    if text.isascii():
        return text, None
    normalized = unicodedata.normalize("NFKC", text)
    if len(normalized) == len(text):
        return normalized, None
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        form = _nfkc_char(char)
        out.append(form)
        offsets.extend([index] * len(form))
    offsets.append(len(text))
    return "".join(out), offsets


@functools.lru_cache(maxsize=8192)
def _nfkc_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


def is_identifier(chunk: str) -> bool:
    """Whether a chunk is a code, amount or version (it holds a digit): kept whole."""
    return _DIGIT.search(chunk) is not None


def chunks(text: str) -> Iterator[tuple[str, int, int]]:
    """Raw words of (prepared) `text` with their spans, contractions and identifiers whole."""
    return ((m.group(), m.start(), m.end()) for m in TOKEN.finditer(text))


def clean_word(word: str) -> str:
    """A raw word's punctuation-free form: apostrophes dropped ("don't" → "dont"),
    thousands separators dropped from amounts ("1,000" → "1000"), "_" read as "-"."""
    word = word.translate(_APOSTROPHE_DROP)
    if is_identifier(word):
        word = _THOUSANDS.sub("", word).replace("_", "-")
    return word


@functools.lru_cache(maxsize=65536)
def fold_latin(word: str) -> str:
    """`word` with the diacritics of its Latin letters removed ("cafés" → "cafes",
    "señal" → "senal"); other scripts' marks are kept ("й" stays "й")."""
    if word.isascii():
        return word
    out: list[str] = []
    latin = False
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char):
            if latin:
                continue
        else:
            code = ord(char)
            latin = any(low <= code <= high for low, high in _LATIN_BASES)
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))
