"""What a Whoosh index holds: its fields, and documents.py's documents as field values.

One document per published translation; fields are per language (`title_ru`, …), each
analyzed with its language's analyzer through `LanguageTokenizer`. All parts of an article
(ranking.TEXT_FIELDS) go into one weighted field per language (`text_ru`): one posting
list per word instead of four makes queries several times faster than a field per part.
A `__meta__` document, written in the same commit as the changes it describes, records
the schema version and the last change-log id applied, so "what this index has seen" can
never disagree with the index itself.
"""

import json
from collections.abc import Iterator

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from articles.search.analysis import analyzer_for
from articles.search.ranking import TEXT_FIELDS
from articles.search.spelling import spelling_text

# Bumped whenever documents would be indexed differently (fields, analyzers, the Chinese
# dictionary): an index of another version asks for `rebuild_search_index`.
SCHEMA_VERSION = 6
META_ID = "__meta__"
STORED_FIELDS = ("title", "summary", "body", "keywords")
# How a weighted value is passed to the tokenizer: sections "<weight>\x1f<text>" joined by
# \x1e (ASCII record/unit separators never occur in article text; documents.py strips them).
SECTION, WEIGHT = "\x1e", "\x1f"


def suffix(lang: str) -> str:
    return lang.replace("-", "_")


class LanguageTokenizer(Tokenizer):
    """Adapts analysis.py's analyzer of one language to Whoosh's token stream.

    Only the language code is pickled into the index's schema; the analyzer itself (and
    jieba) is looked up at run time.
    """

    def __init__(self, language: str, stem: bool = True) -> None:
        self.language = language
        self.stem = stem

    def __eq__(self, other) -> bool:
        return (
            type(other) is type(self)
            and other.language == self.language
            and other.stem == self.stem
        )

    def __hash__(self) -> int:
        return hash((self.language, self.stem))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        analyzer = analyzer_for(self.language)
        offset, pos = 0, start_pos
        for section in value.split(SECTION):
            weight, _sep, text = section.rpartition(WEIGHT)
            boost = float(weight) if weight else 1.0
            begin = offset + len(section) - len(text)
            for item in analyzer.tokens(text, stem=self.stem):
                token.text = item.text
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = text[item.start : item.end]
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + begin + item.start
                    token.endchar = start_char + begin + item.end
                pos += 1
                yield token
            offset += len(section) + len(SECTION)


def build_schema(languages: list[str]) -> Schema:
    fields = {
        "doc_id": ID(unique=True, stored=True),
        "article_id": ID(stored=True),
        "lang": ID(stored=True),
        "category": ID(stored=True),
        "slug": STORED(),
        "position": NUMERIC(stored=True),
        "version": STORED(),
        "meta": STORED(),
    }
    for lang in languages:
        fields[f"text_{suffix(lang)}"] = TEXT(analyzer=LanguageTokenizer(lang), phrase=False)
        for name in STORED_FIELDS:
            fields[f"{name}_{suffix(lang)}"] = STORED()
        if analyzer_for(lang).corrects_spelling:
            # Unstemmed vocabulary: spelling corrections must be real words, not stems.
            fields[f"spell_{suffix(lang)}"] = TEXT(
                analyzer=LanguageTokenizer(lang, stem=False), phrase=False
            )
    return Schema(**fields)


def to_fields(document: dict) -> dict:
    s = suffix(document["lang"])
    fields = {
        key: document[key]
        for key in ("doc_id", "article_id", "lang", "category", "slug", "position", "version")
    }
    for name in STORED_FIELDS:
        fields[f"{name}_{s}"] = document.get(name, "")
    fields[f"text_{s}"] = SECTION.join(
        f"{weight}{WEIGHT}{document.get(name, '')}" for name, weight in TEXT_FIELDS.items()
    )
    if analyzer_for(document["lang"]).corrects_spelling:
        fields[f"spell_{s}"] = spelling_text(document, analyzer_for(document["lang"]))
    return fields


def meta_fields(meta: dict) -> dict:
    return {"doc_id": META_ID, "meta": json.dumps(meta)}


def read_meta(searcher) -> dict:
    """The `__meta__` document's dict ({} in an index without one)."""
    stored = searcher.document(doc_id=META_ID)
    return json.loads(stored["meta"]) if stored else {}
