"""Links between articles that survive renames and translation, in plain Markdown.

Editors write `[the fee schedule](article:fees#check-the-fee)`: the article's slug and,
optionally, the name of one of its headings. Headings get a stable name by ending in
`{#name}` (`## How to check the fee {#check-the-fee}`), which every translation keeps
while translating the words around it; without one, a heading's id comes from its text
and differs per language. Both render to a path relative to the article page,
`../fees/#section-check-the-fee`, so a reader lands on the article in the language of the
page they are reading (an English fallback inside `/ar/` leads to `/ar/…`), and a renamed
slug is followed when pages are shown (markdown.resolve_renamed_links).

`manage.py check_article_links` lists links to unknown articles or headings
(articles/publishing/link_check.py). No model imports here: markdown.py uses this module.
"""

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SCHEME = "article:"
# article:<slug>[#<heading name>]; a name may already carry the "section-" prefix.
REFERENCE = re.compile(r"^article:([A-Za-z0-9_-]+)(?:#([A-Za-z0-9_-]+))?$")
# "## Heading text {#name}": the name is ASCII, lower case, digits and hyphens.
HEADING_NAME = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")
# The same links in a Markdown source, for the check: [text](article:…).
SOURCE_LINK = re.compile(r"\]\(\s*(article:[^)\s]*)\s*\)")
SECTION_PREFIX = "section-"


def section_id(name: str) -> str:
    """The id of a named heading: "check-the-fee" → "section-check-the-fee"."""
    return name if name.startswith(SECTION_PREFIX) else SECTION_PREFIX + name


def parse_reference(href: str) -> tuple[str, str] | None:
    """`article:fees#limits` → ("fees", "section-limits"); `article:fees` → ("fees", "");
    None when `href` is not a well-formed article reference."""
    match = REFERENCE.match(href.strip())
    if match is None:
        return None
    slug, name = match.groups()
    return slug, section_id(name) if name else ""


def relative_url(slug: str, anchor: str) -> str:
    """The link as the article page resolves it: `../<slug>/` plus `#<anchor>` if any."""
    return f"../{slug}/" + (f"#{anchor}" if anchor else "")


def references_in(text: str) -> list[str]:
    """Every `article:` reference written in a Markdown source, in order."""
    return SOURCE_LINK.findall(text or "")


class _ArticleLinks(Treeprocessor):
    """`<a href="article:slug#name">` → `../slug/#section-name`; a malformed reference
    loses its href (the words stay). Runs after inline parsing has made the <a>s."""

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(SCHEME):
                target = parse_reference(href)
                if target is None:
                    del link.attrib["href"]  # malformed: the words stay, the link goes
                else:
                    link.set("href", relative_url(*target))


class _HeadingNames(Treeprocessor):
    """`## Text {#name}` → <h2 id="section-name">Text</h2> (toc keeps an existing id)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in ("h2", "h3", "h4", "h5", "h6") and element.text:
                match = HEADING_NAME.search(element.text)
                if match and len(element) == 0:
                    element.text = element.text[: match.start()]
                    element.set("id", section_id(match.group(1)))


class ArticleLinkExtension(Extension):
    """`article:` links and `{#name}` heading names (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Markdown's API name)
        # Heading names before inline parsing (20) and toc (5) read the raw text and ids;
        # links after inline parsing has made the <a> elements, before toc.
        md.treeprocessors.register(_HeadingNames(md), "heading_names", 25)
        md.treeprocessors.register(_ArticleLinks(md), "article_links", 15)
