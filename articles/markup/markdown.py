"""Markdown → sanitized HTML: the one place that renders article bodies.

Bodies are written by editors and translators, so whatever they type (raw HTML, links,
entity tricks) goes through an nh3 allowlist before it can reach a visitor's browser. Raw
HTML tags outside that allowlist are shown as text ("Use the <style> element"), never
removed with what follows them.
The allowlist is built once at import; the HTML is rendered at save time, not per request.
"""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from articles.markup.article_links import ArticleLinkExtension


class _DemoteH1(Treeprocessor):
    """The page's only h1 is the article title: a body's "# Heading" becomes an h2."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class DemoteH1Extension(Extension):
    def extendMarkdown(self, md):  # noqa: N802  (Markdown's API name)
        # Priority above toc (5) so ids and the table of contents see the final levels.
        md.treeprocessors.register(_DemoteH1(md), "demote_h1", 30)


# The start of a tag as an HTML parser reads it (WHATWG "tag open" state): "<" or "</", an
# ASCII letter, then the name up to whitespace, "/" or ">".
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")


def tags_outside_allowlist_as_text(html: str) -> str:
    """Raw HTML with every tag the sanitizer would not keep turned into text ("<style>" →
    "&lt;style>"), wherever it stands (attribute values and comments included).

    Text that looks like a tag is text: "Use the <style> element" in a paragraph must not
    open a <style>, <script>, <textarea>, <title>, <xmp>, <iframe>, <noembed>, <noframes>,
    <noscript> or <plaintext> element whose raw text would swallow the rest of the body
    (HTML parsers read everything up to its end tag, or to the end, as that element's text),
    nor a <template>, <svg> or <math> whose content the sanitizer drops whole. Only tags of
    ALLOWED_TAGS stay markup; their names are compared in ASCII lower case, as parsers do.
    """

    def text_unless_allowed(match: re.Match) -> str:
        name = match.group(2)
        if name.isascii() and name.lower() in ALLOWED_TAGS:
            return match.group(0)
        return "&lt;" + match.group(0)[1:]

    return _TAG_OPEN.sub(text_unless_allowed, html)


class _RawHtmlAsText(Postprocessor):
    """Before Markdown puts the raw HTML it set aside back into the document: tags outside
    the allowlist become text (tags_outside_allowlist_as_text). Only what the editor typed
    is touched, never the HTML Markdown itself generates."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[number] = tags_outside_allowlist_as_text(block)
        return text


class _AllowedHtmlBlocks(Preprocessor):
    """Markdown's raw-HTML-block finder, for which only allowed tags open a block.

    A tag outside the allowlist on a line of its own (`<div>`, `<script>`) would start a
    raw HTML block running to its end tag, or to the end of the body, left unrendered: it
    is text within a paragraph instead, and the Markdown after it renders as usual. The
    full list of block-level tags is back for the later stages (line breaks between blocks).
    """

    def __init__(self, md, html_blocks: Preprocessor) -> None:
        super().__init__(md)
        self.html_blocks = html_blocks

    def run(self, lines: list[str]) -> list[str]:
        every_block_tag = self.md.block_level_elements
        self.md.block_level_elements = [tag for tag in every_block_tag if tag in ALLOWED_TAGS]
        try:
            return self.html_blocks.run(lines)
        finally:
            self.md.block_level_elements = every_block_tag


class RawHtmlAsTextExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802  (Markdown's API name)
        html_blocks = md.preprocessors["html_block"]
        md.preprocessors.register(_AllowedHtmlBlocks(md, html_blocks), "html_block", 20)
        # Priority above raw_html (30), which puts the set-aside HTML back.
        md.postprocessors.register(_RawHtmlAsText(md), "raw_html_as_text", 35)


# Heading ids live in their own namespace, so that no heading — "## Feedback", "## Main",
# an editor's raw <h2 id="main">, in any language — can repeat an id of the page around
# the body (the skip link, the feedback form, the search box's suggestions…). Templates
# never use ids starting with this prefix (tests/markup/test_markdown.py checks every template).
HEADING_ID_PREFIX = "section-"


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading: `section-` + its Unicode slug ("Why?" → "section-why")."""
    return HEADING_ID_PREFIX + slugify_unicode(text, separator)


def is_allowed_image_source(url: str) -> bool:
    """True for an image the site itself serves, or one from an origin in KB_IMAGE_ORIGINS.

    Same-site means a path under MEDIA_URL ("/media/articles/….png", no "..", no host);
    anything else — another host, a protocol-relative "//host/…", a data: URL — is an image
    the help center does not control (a tracking pixel, a picture that may change).
    """
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        return parts.scheme.lower() in ("http", "https") and origin in {
            allowed.lower() for allowed in settings.KB_IMAGE_ORIGINS
        }
    return parts.path.startswith(settings.MEDIA_URL) and ".." not in parts.path.split("/")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: heading ids into their namespace, foreign image sources out."""
    if attribute == "id" and not value.startswith(HEADING_ID_PREFIX):
        return heading_id(value)
    if element == "img" and attribute == "src" and not is_allowed_image_source(value):
        return None
    return value


# nh3's output is serialized by html5ever: attribute values are double-quoted, with any
# '"' inside escaped, so this finds every <img> whole.
_IMG_TAG = re.compile(r'<img((?:\s+[a-zA-Z-]+="[^"]*")*)\s*/?>')
_ALT = re.compile(r'\salt="([^"]*)"')


def _image_without_source_as_text(match: re.Match) -> str:
    """An <img> whose source was refused leaves its alt text (already escaped) in its place."""
    if ' src="' in match.group(1):
        return match.group(0)
    alt = _ALT.search(match.group(1))
    return alt.group(1) if alt else ""


# attr_list and md_in_html are deliberately not enabled: they let text set arbitrary
# attributes, which the sanitizer would then have to catch one by one.
_EXTENSIONS = [
    DemoteH1Extension(),
    RawHtmlAsTextExtension(),
    ArticleLinkExtension(),
    "toc",
    "tables",
    "fenced_code",
    "sane_lists",
]
_EXTENSION_CONFIGS = {
    # A "#" link in each heading: a deep link to copy (the site's JavaScript copies it).
    "toc": {
        "slugify": heading_id,
        "toc_depth": "2-4",
        "permalink": "#",
        "permalink_title": "",
    },
    "tables": {"use_align_attribute": True},
}

_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = _HEADINGS | {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "kbd", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "abbr", "sub", "sup", "del",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    **{tag: {"id"} for tag in _HEADINGS},
}
# No javascript:, data:, vbscript: … — relative URLs (links to other articles) stay allowed.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> str:
    """Return the sanitized HTML of a Markdown text.

    Headings carry stable ids derived from their text (deep links), all starting with
    HEADING_ID_PREFIX so that none can equal an id of the page's templates.
    """
    if not text:
        return ""
    return sanitize_html(unsanitized_html(text))


def unsanitized_html(text: str) -> str:
    """The HTML Markdown makes of `text`, before the sanitizer: only for checks of what
    the sanitizer will drop (articles/markup/image_check.py), never for a page."""
    # A Markdown instance keeps per-document state (toc ids); a fresh one per document.
    md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    return md.convert(text.replace("\x00", ""))


def sanitize_html(html: str) -> str:
    """Strip everything outside the allowlist: tags, attributes, URL schemes, foreign images.

    Images keep only sources the site serves (is_allowed_image_source), load lazily, and an
    image whose source was refused is replaced by its alt text.
    """
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        allowed_classes={"a": {"headerlink"}},
        strip_comments=True,
        attribute_filter=_filter_attribute,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
    )
    return _IMG_TAG.sub(_image_without_source_as_text, cleaned)


# A link to another article as bodies write them: `../<slug>/` (relative to the article
# page) or `/<lang>/articles/<slug>/`.
ARTICLE_LINK = re.compile(r'href="(\.\./|/[a-z]{2,3}(?:-[a-z]+)?/articles/)([A-Za-z0-9_-]+)/')


def resolve_renamed_links(html: str, renamed: dict[str, str]) -> str:
    """Point links to renamed articles at their current slugs.

    `renamed` maps an old slug to the current one. Bodies keep the slug they were written
    with (rewriting them would mark every translation out of date); links are resolved
    when shown, and the old URL answers 301 anyway for links from elsewhere.
    """
    if not renamed or not html:
        return html

    def current(match: re.Match) -> str:
        prefix, slug = match.group(1), match.group(2)
        return f'href="{prefix}{renamed.get(slug, slug)}/'

    return ARTICLE_LINK.sub(current, html)


def markdown_snippet(alt: str, url: str) -> str:
    """`![alt](url)`: what an editor pastes into a body; brackets in the alt are escaped."""
    escaped = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"![{escaped}]({url})"
