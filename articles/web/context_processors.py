"""Template context every page needs: language direction, the language switcher, whether
the chat is offered."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_bidi, get_language_info

from articles.search.request import MAX_QUERY_LENGTH
from articles.support.channels import chat_offered
from articles.web.views.theme import THEMES, chosen_theme


def site(request: HttpRequest) -> dict:
    current = get_language()
    switcher = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        switcher.append(
            {
                "code": code,
                "name_local": info["name_local"],
                # Through switch_language, which remembers the choice (the page itself
                # sets no cookie, so that it stays publicly cacheable).
                "url": reverse("switch_language", kwargs={"lang": code})
                + "?"
                + urlencode({"next": translate_url(request.get_full_path(), code)}),
                "current": code == current,
            }
        )
    here = urlencode({"next": request.get_full_path()})
    return {
        # The visitor's chosen theme ("" follows the system) and the toggle's links.
        "theme": chosen_theme(request),
        "theme_urls": {
            theme: f"{reverse('choose_theme', kwargs={'theme': theme})}?{here}" for theme in THEMES
        },
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "language_switcher": switcher,
        # Search boxes stop where every surface stops (articles/search/request.py).
        "max_query_length": MAX_QUERY_LENGTH,
        # "Chat with us" in the header and footer (one query, only if a template asks).
        "chat_offered": SimpleLazyObject(lambda: chat_offered(current, request)),
    }
