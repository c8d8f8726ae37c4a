"""`{% most_linked_articles as linked %}`: the admin index's most linked articles."""

from django import template

from articles.support import link_usage

register = template.Library()


@register.simple_tag
def most_linked_articles(limit: int = 5) -> list:
    """The `limit` articles whose links were copied from the desk or opened most in the
    last link_usage.MOST_LINKED_DAYS days: Articles with `copies`, `opens` and `uses`."""
    return link_usage.most_linked(limit=limit)
