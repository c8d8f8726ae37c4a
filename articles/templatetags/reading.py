"""Template helpers for the reading pages: counts announced by scripts in the right
plural form, and the language of text shown as a fallback."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext

register = template.Library()

# /api/suggest answers at most this many suggestions (articles/api.py SUGGEST_LIMITS).
MAX_ANNOUNCED = 20


@register.simple_tag
def suggestion_announcements() -> str:
    """JSON list: item n-1 announces n suggestions, in the active language's plural form.

    The search box's script picks the sentence by count, so "1 suggestion" and
    "5 предложений" come out right without a JavaScript copy of gettext's plural rules.
    """
    return json.dumps(
        [
            ngettext(
                "%(count)d suggestion available. Use the up and down arrow keys to choose.",
                "%(count)d suggestions available. Use the up and down arrow keys to choose.",
                count,
            )
            % {"count": count}
            for count in range(1, MAX_ANNOUNCED + 1)
        ],
        ensure_ascii=False,
    )


@register.simple_tag
def text_language(article) -> str:
    """` lang="en" dir="ltr"` when `article`'s title is shown in the source language inside
    a page of another language (not translated yet), else "". Use inside the element's tag.
    Reads only the title columns (listings load no bodies)."""
    lang = get_language()
    if lang == settings.LANGUAGE_CODE or article.text("title", lang).strip():
        return ""
    return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
