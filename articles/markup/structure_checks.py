"""Checks that a translated Markdown text kept the structure of its English source.

A translation file comes back from a tool (or a person) that may have broken what the
renderer needs. A translation is refused when, compared with its source:
- a fenced code block is left open (an odd number of ``` or ~~~ fence lines), or it has a
  different number of fenced code blocks;
- a link target or an image of the source is missing from it (targets are compared as
  rendered, so `[text](../fees/)` and a reference-style link to the same URL are equal;
  a link to another article counts by the article's slug, whatever its form:
  `../fees/` or `/ru/articles/fees/`). Extra links are allowed.
"""

import re
from html import unescape

from django.utils.translation import gettext

from articles.markup.markdown import ARTICLE_LINK, render_markdown

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_TAG = re.compile(r"<a\s[^>]*>")
_IMAGE_TAG = re.compile(r"<img\s[^>]*>")
_HREF = re.compile(r'\shref="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')


def fence_lines(text: str) -> list[int]:
    """Line numbers (from 1) of the fence lines that open or close fenced code blocks."""
    lines, opener = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if not match:
            continue
        fence = match.group(1)
        if opener is None:
            opener = fence
            lines.append(number)
        elif fence[0] == opener[0] and len(fence) >= len(opener) and not line.strip(fence[0] + " "):
            opener = None
            lines.append(number)
    return lines


def link_targets(text: str) -> set[str]:
    """The link targets (href) and image sources of a Markdown text, as rendered.

    Heading permalinks are left out; a link to another article is `article:<slug>`.
    """
    html = render_markdown(text)
    targets = set()
    for tag in _LINK_TAG.findall(html):
        href = _HREF.search(tag)
        if href and 'class="headerlink"' not in tag:
            article = ARTICLE_LINK.match(f'href="{href.group(1)}')
            targets.add(f"article:{article.group(2)}" if article else unescape(href.group(1)))
    for tag in _IMAGE_TAG.findall(html):
        src = _SRC.search(tag)
        if src:
            targets.add(unescape(src.group(1)))
    return targets


def markdown_problems(source: str, translation: str) -> list[str]:
    """What is broken in `translation` compared with `source` (empty list: nothing)."""
    problems = []
    fences = fence_lines(translation)
    if len(fences) % 2:
        problems.append(
            gettext("a code block opened on line %(line)d is never closed") % {"line": fences[-1]}
        )
    elif len(fences) != len(fence_lines(source)):
        problems.append(
            gettext("it has %(count)d code blocks, the English has %(source)d")
            % {"count": len(fences) // 2, "source": len(fence_lines(source)) // 2}
        )
    for target in sorted(link_targets(source) - link_targets(translation)):
        if target.startswith("article:"):
            message = gettext("the link to the article “%(target)s” is missing")
        else:
            message = gettext("the link or image “%(target)s” of the English is missing")
        problems.append(message % {"target": target.removeprefix("article:")})
    return problems
