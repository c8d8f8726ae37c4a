"""Markdown → sanitized HTML: the one place that renders article bodies.

Bodies are written by editors and translators, so whatever they type (raw HTML, links,
entity tricks) goes through an nh3 allowlist before it can reach a visitor's browser.
The allowlist is built once at import; the HTML is rendered at save time, not per request.
"""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
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
    # A Markdown instance keeps per-document state (toc ids); a fresh one per document.
    md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    html = md.convert(text.replace("\x00", ""))
    return sanitize_html(html)


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
