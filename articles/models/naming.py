"""Names derived from an article or a field: its URLs in a language, a translated column."""

from django.urls import reverse
from django.utils.translation import override


def article_path(slug: str, lang: str) -> str:
    """`/<lang>/articles/<slug>/`: an article's page in a language."""
    with override(lang):
        return reverse("articles:article", kwargs={"slug": slug})


def short_path(article_id: int, lang: str) -> str:
    """`/a/<id>/?lang=<lang>`: the link support staff paste (it survives slug edits)."""
    return f"{reverse('short_link', kwargs={'article_id': article_id})}?lang={lang}"


def column(field: str, lang: str) -> str:
    """The column that holds `field` in `lang`: column("title", "zh-hans") → "title_zh_hans"."""
    return f"{field}_{lang.replace('-', '_')}"
