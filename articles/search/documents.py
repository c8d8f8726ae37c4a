"""Article → the plain documents the index stores: one per published translation.

No Whoosh here. Text is stored as written; the analyzers normalize word by word, so their
character offsets (used for highlighting) point into exactly the stored text.
"""

from html.parser import HTMLParser

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article, language_codes
from articles.models.content import column

BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote", "dt", "dd", "br"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_headerlink = False  # the "#" deep link inside each heading is not text

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a" and ("class", "headerlink") in attrs:
            self.in_headerlink = True
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag == "a":
            self.in_headerlink = False

    def handle_data(self, data) -> None:
        if not self.in_headerlink:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of rendered article HTML, one line per block."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _text(value: str) -> str:
    # The index uses ASCII record/unit separators to weight the parts of a document.
    return (value or "").replace("\x1e", " ").replace("\x1f", " ")


def document_id(article_id: int, lang: str, text_lang: str | None = None) -> str:
    """`<article>:<lang>`, or `<article>:<lang>:<text_lang>` for a stand-in document: the
    source-language text of an article not translated into `lang`, indexed for `lang`."""
    if text_lang and text_lang != lang:
        return f"{article_id}:{lang}:{text_lang}"
    return f"{article_id}:{lang}"


def text_language(doc_id: str, lang: str) -> str:
    """The language a document's text is written in (see document_id)."""
    parts = doc_id.split(":")
    return parts[2] if len(parts) > 2 else lang


def document_languages(article: Article) -> list[tuple[str, str]]:
    """(index language, text language) of each document of a live article: its own text
    where readers get it (`Article.shows_in`: a published and complete translation); where
    not (missing, draft, in review, incomplete), the source-language text stands in,
    findable through that language's keywords, synonyms and category name, and labelled as
    a fallback. A translation that is not published is thus never searchable as itself."""
    if not article.is_translated(SOURCE_LANGUAGE):
        return [(lang, lang) for lang in language_codes() if article.shows_in(lang)]
    return [
        (lang, lang if article.shows_in(lang) else SOURCE_LANGUAGE) for lang in language_codes()
    ]


def article_documents(article: Article) -> list[dict]:
    """The documents of an article: one per language (document_languages) while the
    article is live (published and inside its publication window), none otherwise. The
    index thus never holds a scheduled or expired article; when its window opens or
    closes, schedules.py logs its change and the documents are replaced."""
    if not article.is_live:
        return []
    version = article.updated_at.isoformat() if article.updated_at else ""
    return [
        _document(article, lang, text_lang, version)
        for lang, text_lang in document_languages(article)
    ]


def _document(article: Article, lang: str, text_lang: str, version: str) -> dict:
    keywords = article.text("keywords", lang)
    if text_lang != lang:
        keywords = f"{keywords} {article.text('keywords', text_lang)}"
    category = article.category
    return {
        "doc_id": document_id(article.pk, lang, text_lang),
        "article_id": str(article.pk),
        "lang": lang,
        "slug": article.slug,
        "category": category.slug,
        "position": article.position,
        "version": version,
        "title": _text(article.text("title", text_lang)),
        "summary": _text(article.text("summary", text_lang)),
        "body": _text(html_to_text(article.text("body_html", text_lang))),
        "keywords": _text(keywords).replace(",", " "),
        "category_name": _text(getattr(category, column("name", lang), "") or ""),
    }
