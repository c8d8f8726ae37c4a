"""The engines we measure ourselves against, on the same articles and queries.

- `IcontainsEngine`: what a plain Django app does — any query word `icontains` any
  translated column, no ranking.
- `Fts5Engine`: SQLite FTS5 (C, BM25, in Python's sqlite3), the embedded native engine:
  unicode61 tokenizer with diacritics removed; Chinese pre-segmented with the same jieba
  we use, so FTS5 is not handicapped there.
"""

import re
import sqlite3

from django.db.models import Q

from articles.models import Article, column
from articles.search.analysis import ChineseAnalyzer

FIELDS = ("title", "summary", "body", "keywords")


class IcontainsEngine:
    name = "icontains"

    def search(self, query: str, lang: str, limit: int = 10) -> list[str]:
        condition = Q()
        for word in query.split()[:10]:
            for field in FIELDS:
                condition |= Q(**{f"{column(field, lang)}__icontains": word})
        if not condition:
            return []
        return list(
            Article.objects.published().filter(condition).values_list("slug", flat=True)[:limit]
        )


def _segment(text: str, lang: str) -> str:
    if lang == "zh-hans":
        return " ".join(ChineseAnalyzer.jieba().lcut(text))
    return text


class Fts5Engine:
    name = "fts5"

    def __init__(self, languages: list[str]) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.languages = languages
        for lang in languages:
            self.db.execute(
                f"CREATE VIRTUAL TABLE {self._table(lang)} USING fts5(slug UNINDEXED, "
                "title, summary, body, keywords, tokenize='unicode61 remove_diacritics 2')"
            )

    @staticmethod
    def _table(lang: str) -> str:
        return "docs_" + lang.replace("-", "_")

    def load(self) -> int:
        rows = 0
        for article in Article.objects.published().iterator(chunk_size=500):
            for lang in self.languages:
                if not article.is_translated(lang):
                    continue
                values = [_segment(article.text(field, lang), lang) for field in FIELDS]
                self.db.execute(
                    f"INSERT INTO {self._table(lang)} VALUES (?, ?, ?, ?, ?)",  # noqa: S608
                    [article.slug, *values],
                )
                rows += 1
        self.db.commit()
        return rows

    def search(self, query: str, lang: str, limit: int = 10) -> list[str]:
        words = re.findall(r"\w+", _segment(query, lang))[:12]
        if not words:
            return []
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        table = self._table(lang)
        try:
            rows = self.db.execute(
                f"SELECT slug FROM {table} WHERE {table} MATCH ? "  # noqa: S608
                f"ORDER BY bm25({table}, 0, 3.0, 1.5, 1.0, 4.0) LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]
