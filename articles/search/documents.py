"""Article → the plain documents the index stores: one per published translation.

No Whoosh here. Text is stored as written; the analyzers normalize word by word, so their
character offsets (used for highlighting) point into exactly the stored text.
"""

from html.parser import HTMLParser

from ..models import Article, language_codes

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


def document_id(article_id: int, lang: str) -> str:
    return f"{article_id}:{lang}"


def article_documents(article: Article) -> list[dict]:
    """The documents of an article: one per language readers get it in (the source, and
    each published and complete translation: `Article.shows_in`) while the article is live
    (published and inside its publication window), none otherwise. A draft, in-review or
    incomplete translation is never searchable. The index thus never
    holds a scheduled or expired article; when its window opens or closes, schedules.py
    logs its change and the documents are replaced."""
    if not article.is_live:
        return []
    version = article.updated_at.isoformat() if article.updated_at else ""
    documents = []
    for lang in language_codes():
        if not article.shows_in(lang):
            continue
        documents.append(
            {
                "doc_id": document_id(article.pk, lang),
                "article_id": str(article.pk),
                "lang": lang,
                "slug": article.slug,
                "category": article.category.slug,
                "position": article.position,
                "version": version,
                "title": _text(article.text("title", lang)),
                "summary": _text(article.text("summary", lang)),
                "body": _text(html_to_text(article.text("body_html", lang))),
                "keywords": _text(article.text("keywords", lang)).replace(",", " "),
            }
        )
    return documents
