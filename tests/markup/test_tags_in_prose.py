"""The renderer's rule that text looking like a tag is text: no element name typed in
prose, closed or not, in any case, may make the sanitizer drop what follows it (the
public page, preview, API and migration: test_tags_as_text.py)."""

import re
from html.parser import HTMLParser

import pytest

from articles.markup.markdown import render_markdown
from tests.markup.executable import executable_parts

# Elements an HTML parser reads as raw text up to their end tag (or the end of the body),
# and those whose whole content the sanitizer drops (template contents, foreign content).
HIDING_ELEMENTS = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext", "template", "svg", "math",
]  # fmt: skip
# Every HTML element name (obsolete ones too) and the foreign-content integration points.
ELEMENT_NAMES = HIDING_ELEMENTS + [
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b",
    "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br",
    "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data",
    "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em",
    "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "i", "image", "img", "input", "ins", "isindex", "kbd", "keygen", "label", "legend", "li",
    "link", "listing", "main", "map", "mark", "marquee", "menu", "menuitem", "meta", "meter",
    "nav", "nobr", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
    "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "search",
    "section", "select", "slot", "small", "source", "spacer", "span", "strike", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "track", "tt", "u", "ul", "var", "video", "wbr", "svg><foreignObject", "svg><desc",
    "math><mtext", "math><mi", "math><annotation-xml encoding=text/html", "math><style",
]  # fmt: skip


def tag_forms(name: str) -> list[str]:
    """How an editor may type a tag in prose: unclosed, closed, any case, attributes."""
    return [
        f"<{name}>",
        f"<{name.upper()}>",
        f"<{name} class='x' title=\"a > b\">",
        f"<{name}/>",
        f"<{name}>word</{name}>",
        f"</{name}>",
    ]


def bodies_with(tag: str) -> list[str]:
    """The tag within a paragraph, as a block of its own, and before a list."""
    return [
        f"Before para.\n\nUse the {tag} element carefully.\n\nAfter para one.",
        f"Before para.\n\n{tag}\n\nAfter para one.",
        f"Before {tag} para.\n\n* item\n\nAfter para one.",
    ]


def test_an_unclosed_style_in_prose_hides_nothing():
    html = render_markdown("Before para.\n\nUse the <style> element carefully.\n\nAfter para one.")
    assert html == (
        "<p>Before para.</p>\n<p>Use the &lt;style&gt; element carefully.</p>\n"
        "<p>After para one.</p>"
    )


@pytest.mark.parametrize("name", HIDING_ELEMENTS)
def test_raw_text_elements_typed_in_prose_are_text(name):
    for tag in tag_forms(name):
        for body in bodies_with(tag):
            html = render_markdown(body)
            assert "<p>After para one.</p>" in html, (body, html)
            # What the editor typed is shown, the tag name included.
            assert "&lt;" + re.match(r"<(/?[A-Za-z]+)", tag).group(1) in html, (body, html)
            assert executable_parts(html) == [], (body, html)


class TextCollector(HTMLParser):
    """The text a browser would show of some HTML (the data outside tags)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    collector = TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


@pytest.mark.parametrize("name", ELEMENT_NAMES)
def test_no_tag_hides_what_follows_it(name):
    """An allowed tag left open may format what follows (a <b> makes it bold): it still shows."""
    for tag in tag_forms(name):
        for body in bodies_with(tag):
            html = render_markdown(body)
            text = visible_text(html)
            assert "Before" in text and "After para one." in text, (body, html)
            assert "<p>" not in text and "<li>" not in text, (body, html)  # Markdown's own tags
            assert executable_parts(html) == [], (body, html)


def test_markdown_after_a_tag_on_a_line_of_its_own_still_renders():
    html = render_markdown("<div>\n\n## Next\n\n* item\n\n<script>\n\n**bold**")
    assert "<p>&lt;div&gt;</p>" in html and "<p>&lt;script&gt;</p>" in html
    assert '<h2 id="section-next">' in html and "<li>item</li>" in html
    assert "<strong>bold</strong>" in html


def test_allowed_tags_stay_markup_and_code_stays_code():
    html = render_markdown("Press <kbd>Enter</kbd>, <B>now</B>.\n\n`<style>` and\n\n    <script>")
    assert "<kbd>Enter</kbd>" in html and "<b>now</b>" in html
    assert "<code>&lt;style&gt;</code>" in html
    assert "<pre><code>&lt;script&gt;\n</code></pre>" in html


def test_a_tag_inside_an_attribute_value_keeps_the_value():
    html = render_markdown('<a href="https://example.com" title="the <style> tag">x</a> after')
    assert 'title="the &lt;style&gt; tag"' in html and "</a> after" in html
