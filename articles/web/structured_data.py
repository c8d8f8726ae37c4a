"""What search engines read about an article page besides its text: schema.org `Article`
and `BreadcrumbList` as JSON-LD (https://schema.org, https://json-ld.org).

The page's `<script type="application/ld+json">` is a data block: browsers never run it,
so the Content-Security-Policy (no inline script) does not apply to it. Its text is JSON
with `<`, `>` and `&` escaped, so no title can close the element early.
"""

import json
from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Article, Category
from articles.translations.localization import ShownText

# The characters that could end the <script> element or start a comment in it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def article_structured_data(
    request: HttpRequest, article: Article, category: Category, shown: ShownText
) -> SafeString:
    """The JSON-LD of an article page in the request's language: an `Article` (headline,
    description, first-published and last-changed dates, language of the text shown,
    section) and the page's `BreadcrumbList` (help center › topic › article), absolute
    URLs throughout. Returns the text of the script element, safe to insert."""
    url = request.build_absolute_uri(article.get_absolute_url())
    home = request.build_absolute_uri(reverse("articles:home"))
    article_data = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": shown.title,
        "inLanguage": shown.lang,
        "mainEntityOfPage": url,
        "url": url,
        "articleSection": category.name,
        "publisher": {"@type": "Organization", "name": "OKPay", "url": home},
    }
    if shown.summary:
        article_data["description"] = shown.summary
    published = article.published_at or article.publish_at
    if published is not None:
        article_data["datePublished"] = _instant(published)
    changed = max(filter(None, (shown.updated_at, published)), default=None)
    if changed is not None:  # never before the first publication (a draft's earlier edits)
        article_data["dateModified"] = _instant(changed)
    crumbs = [
        (_("Help center"), home),
        (category.name, request.build_absolute_uri(category.get_absolute_url())),
        (shown.title, url),
    ]
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": link}
            for position, (name, link) in enumerate(crumbs, start=1)
        ],
    }
    document = {"@context": "https://schema.org", "@graph": [article_data, breadcrumbs]}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - JSON, markup characters escaped


def _instant(moment: datetime) -> str:
    """ISO 8601 with seconds and the zone (schema.org `DateTime`)."""
    return moment.replace(microsecond=0).isoformat()
