"""Compact columns of the admin's article list, readable at 1280 px and on a tablet.

Long titles take at most two lines and long category names one (the rest ends in "…"
by CSS in articles/static/articles/admin.css); the full text is in the cell's tooltip.
Titles and names are isolated (`dir="auto"`): "How do I…?" reads the same in Arabic.
"""

from django.contrib import admin
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article


@admin.display(description=_("title"), ordering="title")
def title(article: Article) -> str:
    # dir="auto": an English title keeps its punctuation order in a right-to-left page.
    return format_html('<span class="kb-title" dir="auto" title="{0}">{0}</span>', str(article))


@admin.display(description=_("category"), ordering="category__position")
def category(article: Article) -> str:
    return format_html(
        '<span class="kb-one-line" dir="auto" title="{0}">{0}</span>', article.category
    )


@admin.display(description=_("article"), ordering="article")
def linked_article(row) -> str:
    """The `article` of a row (link usage, image), its title isolated; "-" without one."""
    return format_html("<bdi>{}</bdi>", row.article) if row.article is not None else "-"


@admin.display(description=_("updated at"), ordering="updated_at")
def updated(article: Article) -> str:
    """The date alone (the full date and time in the tooltip)."""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        article.updated_at.isoformat(),
        formats.date_format(article.updated_at, "DATETIME_FORMAT"),
        formats.date_format(article.updated_at, "SHORT_DATE_FORMAT"),
    )
