"""`{% review_due_counts as due %}`: the admin index's reminder of articles to check."""

from django import template

from articles.publishing import selectors

register = template.Library()


@register.simple_tag
def review_due_counts() -> dict[str, int]:
    """{"overdue": n, "soon": m}: articles past their review-by date, and due within
    selectors.REVIEW_SOON_DAYS days."""
    return {name: articles.count() for name, articles in selectors.review_due().items()}
