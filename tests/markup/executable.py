"""What in rendered HTML could run script in a browser: the markup tests' checker."""

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "form", "input", "style", "link",
    "meta", "base", "button", "template", "video", "source", "noscript", "body", "details",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "background", "data", "formaction", "srcdoc"}


SAFE_SCHEMES = {None, "http", "https", "mailto", "tel"}


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read (WHATWG URL: trim C0/space, drop tabs/newlines)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


class ElementCollector(HTMLParser):
    """Collects the real elements and attributes a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def executable_parts(html: str) -> list[str]:
    collector = ElementCollector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.elements:
        if tag in DANGEROUS_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES:
                problems.append(f"{tag}[{name}={value}]")
    return problems
