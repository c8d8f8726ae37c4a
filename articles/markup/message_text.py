"""A conversation's message as HTML: always text, never markup of the sender's.

Visitors' messages are escaped text with their line breaks. Agents' messages also get
their web addresses as links (Django's `urlize`), then pass nh3 with an allowlist of
`<a href>`, `<br>` and `<p>`: only http and https links survive (no `javascript:`, no
`data:`, no `mailto:`), each opening in a new tab with `rel="noopener noreferrer nofollow"`.
One function, used by the pages and by the chat's live events alike.
"""

import nh3
from django.utils.html import linebreaks, urlize

LINK_REL = "noopener noreferrer nofollow"
ALLOWED_TAGS = {"a", "br", "p"}
ALLOWED_ATTRIBUTES = {"a": {"href", "target"}}


def message_html(text: str, *, links: bool = False) -> str:
    """`text` (any str) as safe HTML paragraphs; with `links`, http(s) addresses linked."""
    if not links:
        return linebreaks(text, autoescape=True)
    html = linebreaks(urlize(text, trim_url_limit=80, nofollow=False, autoescape=True))
    return nh3.clean(
        html.replace("<a ", '<a target="_blank" '),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
