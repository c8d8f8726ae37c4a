"""What the probes of tests/accounts/text_probes.py and list_probes.py share: the shape
of a probe (`Way`), the article each works on, posting as a role, and what to compare."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from articles.models import Article, Category, TranslationState, column
from articles.publishing import revisions
from tests.accounts.ways_in import TRANSLATIONS, Role, SignedIn
from tests.factories import ArticleFactory

ADMIN = "/admin/articles"


@dataclass(frozen=True)
class Way:
    """run(signed-in role, language, marker, article) → outcome; expected(role, language)."""

    run: Callable[[SignedIn, str, str, Article], str]
    expected: Callable[[Role, str], str]
    per_language: bool = True


def text_columns(lang: str, text: str) -> dict[str, str]:
    return {column(name, lang): text for name in ("title", "name", "description")}


def request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def anonymous() -> AnonymousUser:
    return AnonymousUser()


def url_samples(article: Article) -> dict[str, str]:
    """A value for each URL parameter name of the project."""
    version = revisions.article_versions(article).first()
    return {
        "object_id": str(article.pk),
        "article_id": str(article.pk),
        "version_id": str(version.pk),
        "lang": "ru",
        "slug": article.slug,
        "token": "no-such-token",
        "signed": "no-such:signed:link",
        "reference": "no-such-reference",
        "attachment_id": "1",
        "content_type_id": str(ContentType.objects.get_for_model(Article).pk),
        "name": "no-such-file.png",
        "theme": "dark",
        "id": "1",
    }


def all_text() -> list:
    """Every article's and category's fields (but its view count and save time), and
    every translation state."""
    articles = Article.objects.order_by("pk").values_list(
        *[
            f.attname
            for f in Article._meta.concrete_fields
            if f.attname not in ("updated_at", "views")
        ]
    )
    categories = Category.objects.order_by("pk").values_list()
    states = TranslationState.objects.order_by("pk").values_list()
    return [list(articles), list(categories), list(states)]


def published_article(**fields) -> Article:
    article = ArticleFactory(published=True, languages=list(TRANSLATIONS), **fields)
    return Article.objects.get(pk=article.pk)


def post(signed: SignedIn, url: str, data: dict, **extra):
    response = signed.client.post(url, data, **extra)
    assert response.status_code < 500, (signed.name, url, response.status_code)
    return response


def post_list_columns(model, instance, name: str, marker: str, signed: SignedIn) -> None:
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(instance.pk),
        f"form-0-{name}": marker,
        "_save": "Save",
    }
    post(signed, f"{ADMIN}/{model._meta.model_name}/?all=", data)


def in_list_editable(admin_class, lang: str, field: str) -> bool:
    return column(field, lang) in admin_class.list_editable
