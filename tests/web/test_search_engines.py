"""What search engines and assistive technology read besides the text: structured data on
article pages (checked against the schema.org vocabulary), a canonical link on every
indexable page, and links whose names say where they go."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from articles.models import Article, Category
from tests.conftest import LANGUAGES
from tests.web.schema_org import problems

pytestmark = pytest.mark.django_db


class PageLinks(HTMLParser):
    """The JSON-LD blocks, canonical links, robots meta and the links (with their
    accessible names) of a page, as server-rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.json_ld: list[str] = []
        self.canonical: list[str] = []
        self.robots = ""
        self.links: list[tuple[str, str]] = []  # (name, href)
        self._script: list[str] | None = None
        self._link: dict | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._script = []
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes["href"])
        elif tag == "meta" and attributes.get("name") == "robots":
            self.robots = attributes.get("content", "")
        elif tag == "a" and "href" in attributes:
            self._link = {"href": attributes["href"], "label": attributes.get("aria-label"),
                          "text": []}  # fmt: skip
        elif tag == "img" and self._link is not None:
            self._link["text"].append(attributes.get("alt", ""))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None
        elif tag == "a" and self._link is not None:
            name = self._link["label"] or " ".join("".join(self._link["text"]).split())
            self.links.append((name, self._link["href"]))
            self._link = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif self._link is not None:
            self._link["text"].append(data)


def read(client, url: str, **headers) -> PageLinks:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    parsed = PageLinks()
    parsed.feed(response.content.decode())
    return parsed


def indexable_pages() -> list[str]:
    """Every page a search engine may index, in every language: home, topics, articles,
    the contact form and the chat."""
    articles = Article.objects.published().values_list("slug", flat=True)
    topics = (
        Category.objects.filter(articles__in=Article.objects.published())
        .distinct()
        .values_list("slug", flat=True)
    )
    pages = []
    for lang in LANGUAGES:
        pages += [f"/{lang}/", f"/{lang}/contact/", f"/{lang}/chat/"]
        pages += [f"/{lang}/categories/{slug}/" for slug in topics]
        pages += [f"/{lang}/articles/{slug}/" for slug in articles]
    return pages


def test_an_article_page_describes_the_article_and_its_breadcrumbs_in_schema_org(
    client, sample_content
):
    article = Article.objects.get(slug="withdrawal-delayed")
    page = read(client, "/ru/articles/withdrawal-delayed/")
    assert len(page.json_ld) == 1
    document = json.loads(page.json_ld[0])
    assert document["@context"] == "https://schema.org"
    assert problems(document) == []
    described, breadcrumbs = document["@graph"]
    assert described["@type"] == "Article" and described["inLanguage"] == "ru"
    assert described["headline"] == article.title_ru
    assert described["mainEntityOfPage"] == "http://testserver/ru/articles/withdrawal-delayed/"
    assert described["datePublished"] <= described["dateModified"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    crumbs = breadcrumbs["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["item"] for c in crumbs] == [
        "http://testserver/ru/",
        f"http://testserver/ru/categories/{article.category.slug}/",
        "http://testserver/ru/articles/withdrawal-delayed/",
    ]
    # The same trail as the page's own breadcrumbs, names included.
    assert all((c["name"], urlsplit(c["item"]).path) in page.links for c in crumbs), crumbs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_article_page_has_valid_structured_data(client, sample_content, lang):
    for article in Article.objects.published():
        page = read(client, f"/{lang}/articles/{article.slug}/")
        document = json.loads(page.json_ld[0])
        assert problems(document) == [], article.slug
        # The language of the text shown: English when the page falls back to it.
        shown = "en" if not article.shows_in(lang) else lang
        assert document["@graph"][0]["inLanguage"] == shown


def test_the_checker_refuses_what_schema_org_does_not_define():
    """The vocabulary check can fail: a misspelt property, a property of another type,
    a value of the wrong type, an unknown type."""
    assert problems({"@type": "Article", "headLine": "x"}) != []
    assert problems({"@type": "ListItem", "headline": "x"}) != []
    assert problems({"@type": "Article", "datePublished": "yesterday"}) != []
    assert problems({"@type": "Article", "dateModified": "2026-01-31T09:00:00"}) != []
    assert problems({"@type": "ListItem", "position": "1", "item": "/ru/"}) != []
    assert problems({"@type": "FaqArticle"}) != []
    assert problems({"@type": "Article", "inLanguage": "ru", "headline": "x"}) == []


def test_a_title_cannot_end_the_structured_data_block(client, sample_content):
    article = Article.objects.get(slug="fees")
    article.title_en = "Fees </script><script>alert(1)</script> & more"
    article.save()
    page = read(client, "/en/articles/fees/")
    assert json.loads(page.json_ld[0])["@graph"][0]["headline"] == article.title_en


def test_every_indexable_page_has_one_canonical_link_to_itself(client, sample_content):
    for url in indexable_pages():
        page = read(client, url)
        assert "noindex" not in page.robots, url
        assert page.canonical == [f"http://testserver{url}"], url


def test_the_canonical_link_leaves_out_what_only_carries_context(client, sample_content):
    article = Article.objects.get(slug="fees")
    page = read(client, f"/es/contact/?q=comisiones&article={article.pk}")
    assert page.canonical == ["http://testserver/es/contact/"]
    assert read(client, "/es/chat/?q=comisiones").canonical == ["http://testserver/es/chat/"]
    assert read(client, "/en/?utm_source=mail").canonical == ["http://testserver/en/"]


def test_pages_kept_out_of_search_engines_name_no_canonical(client, sample_content):
    page = read(client, "/en/search/?q=refund")
    assert "noindex" in page.robots and page.canonical == []


def same_place(href: str, page_url: str) -> str:
    """Where a link goes, as a reader would tell places apart: the page (path) it opens.
    A query string that only carries context (the search words or the article a contact
    link passes on, `next` of the language and theme links) and a fragment within the
    page do not make another place."""
    return urlsplit(urljoin(f"http://testserver{page_url}", href)).path


# The rule: links with the same accessible name (case and white space aside) lead to the
# same place (WCAG 2.4.9 "Link Purpose (Link Only)", axe's identical-links-same-purpose).
def test_no_two_links_with_the_same_name_lead_to_different_places(client, sample_content):
    clashes = []
    for url in indexable_pages() + [f"/{lang}/search/?q=refund" for lang in LANGUAGES]:
        places: dict[str, set[str]] = {}
        for name, href in read(client, url).links:
            if href.startswith("#"):
                continue  # within the page: the heading links and the contents
            places.setdefault(re.sub(r"\s+", " ", name).strip().casefold(), set()).add(
                same_place(href, url)
            )
        clashes += [(url, name, sorted(p)) for name, p in places.items() if len(p) > 1]
    assert clashes == [], "\n".join(map(str, clashes))
