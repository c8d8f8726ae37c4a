"""The search box's announcements, with the plural each count takes in the page's language.

Plural rules differ (Russian has three forms, Arabic six), so the script cannot build
"N suggestions" itself: the page carries the sentence for every count the suggestion list
can show (up to the API's default limit, plus the "search for …" row), from the catalogs.
"""

import json

from django import template
from django.utils.translation import ngettext

register = template.Library()

MAX_SUGGESTIONS = 8  # api.SUGGEST_LIMITS' default, which the script asks for


@register.simple_tag
def suggestion_count_labels() -> str:
    """JSON list: index n → the announcement of n suggestions (n = 0 … MAX_SUGGESTIONS)."""
    return json.dumps(
        [
            ngettext(
                "%(count)d suggestion available. Use the up and down arrow keys to choose.",
                "%(count)d suggestions available. Use the up and down arrow keys to choose.",
                count,
            )
            % {"count": count}
            for count in range(MAX_SUGGESTIONS + 1)
        ],
        ensure_ascii=False,
    )
