"""`{% contact_options query=… article=… %}`: the ways to reach a human, for the language
of the page, under every article and on the zero-result page (templates/articles/
_contact_options.html). Only channels configured in the admin are shown."""

from django import template
from django.utils.translation import get_language

from articles.support.channels import channels_for

register = template.Library()


@register.inclusion_tag("articles/_contact_options.html", takes_context=True)
def contact_options(context, query: str = "", article=None) -> dict:
    """Context for the block: the language's channels, and what the contact link carries."""
    channels = channels_for(get_language(), context.get("request"))
    return {
        "channels": channels,
        "phone_lines": list(channels.phone_lines.all()) if channels else [],
        "form_enabled": channels is None or channels.form_enabled,
        "chat_enabled": channels is None or channels.chat_enabled,
        "query": query,
        "article": article,
    }
