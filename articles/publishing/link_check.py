"""Broken links between articles: `article:` references (articles/markup/article_links.py) to an
article or a heading that does not exist in the language the reader would land in."""

import re
from dataclasses import dataclass

from django.conf import settings

from articles.markup.article_links import parse_reference, references_in
from articles.models import Article, ArticleSlug, column, language_codes

_HEADING_IDS = re.compile(r'<h[2-6] id="([^"]+)"')


@dataclass(frozen=True)
class BrokenLink:
    """One broken reference: in article `source` (its `lang` text), `reference` as
    written, and why (`problem`, an English sentence for the operator)."""

    source: str
    lang: str
    reference: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source} [{self.lang}]: {self.reference} — {self.problem}"


def _heading_ids(article: Article, lang: str) -> set[str]:
    """Heading ids of `article` as a reader in `lang` sees it (its English text when the
    article is not translated into `lang`)."""
    shown = lang if article.is_translated(lang) else settings.LANGUAGE_CODE
    return set(_HEADING_IDS.findall(getattr(article, column("body_html", shown)) or ""))


def _problem(reference: str, lang: str, articles: dict, renamed: dict) -> str | None:
    target = parse_reference(reference)
    if target is None:
        return "not a valid reference: write article:<slug> or article:<slug>#<heading>"
    slug, anchor = target
    article = articles.get(renamed.get(slug, slug))
    if article is None:
        return f"no article with the slug {slug!r}"
    if anchor and anchor not in _heading_ids(article, lang):
        return f"{article.slug!r} has no heading {anchor!r} in {lang}"
    return None


def broken_article_links() -> list[BrokenLink]:
    """Every broken `article:` reference in every language of every article (drafts
    included: they will be published), sorted by article and language."""
    articles = {article.slug: article for article in Article.objects.order_by("slug")}
    renamed = dict(ArticleSlug.objects.values_list("slug", "article__slug"))
    broken = []
    for article in articles.values():
        for lang in language_codes():
            for reference in references_in(article.text("body", lang)):
                problem = _problem(reference, lang, articles, renamed)
                if problem:
                    broken.append(BrokenLink(article.slug, lang, reference, problem))
    return broken
