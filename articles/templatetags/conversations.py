"""`{% message_html message %}`: a conversation's message as safe HTML (text; agents'
web links clickable), the same as the chat's live events (articles/markup/message_text.py)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.markup.message_text import message_html as render_message
from articles.models import ContactMessage

register = template.Library()


@register.simple_tag
def message_html(message: ContactMessage) -> SafeString:
    """The message's HTML: escaped text in paragraphs, with links for agents' messages."""
    return mark_safe(render_message(message.body, links=message.from_agent))  # noqa: S308
