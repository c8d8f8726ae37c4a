"""Every way in applies the same per-language permission, for every role.

The ways in are read from the project (tests/accounts/ways_in.py): every URL pattern of
the resolver and every action of every registered ModelAdmin. Each must be in a table
below — a way that changes translated text (TEXT_URLS, TEXT_ACTIONS: tried by every role
in every language, the outcome compared with ROLES), a view of a model without translated
text (its model permissions), or a read-only view (READ_ONLY: a POST by any role changes
no text) — so a URL or action added later fails the first test until it is classified.
"""

import pytest
from django.contrib import admin

from articles.models import Article, Category
from tests.accounts import list_probes, probe_support, text_probes
from tests.accounts.ways_in import (
    EVERY_LANGUAGE,
    ROLES,
    admin_actions,
    offered_actions,
    sample_path,
    sign_in,
    url_ways,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.KB_RATE_LIMIT = False  # hundreds of POSTs from one address


TEXT_MODELS = (Article, Category)
PROBES = {**text_probes.PROBES, **list_probes.PROBES}
# URL → the probes (PROBES) that try it.
TEXT_URLS = {
    "admin:articles_article_change": ["change form"],
    "admin:articles_article_draft": ["draft page, publish"],
    "admin:articles_article_changelist": ["list columns", *list_probes.ARTICLE_ACTIONS],
    "admin:articles_article_add": ["add article"],
    "admin:articles_article_delete": ["delete article"],
    "admin:articles_article_restore": ["restore"],
    "admin:articles_article_import_translations": ["import file", "import file, publish"],
    "admin:articles_article_translation": list(text_probes.TRANSLATION_STEPS),
    "admin:articles_category_change": ["category form"],
    "admin:articles_category_changelist": ["category list columns", "category delete_selected"],
    "admin:articles_category_add": ["add category"],
    "admin:articles_category_delete": ["delete category"],
}
TEXT_ACTIONS = {("articles.Article", name): name for name in list_probes.ARTICLE_ACTIONS} | {
    ("articles.Category", "delete_selected"): "category delete_selected"
}
# Views that change no article or category text, for anyone.
READ_ONLY = {
    # The site, its support pages and the JSON API (GET-only: a POST is a 405).
    *(f"articles:{name}" for name in (
        "home", "search", "result_click", "support_desk", "desk_link_copied", "category",
        "article", "feedback", "contact", "request_status", "request_rate",
        "request_follow_up", "request_file", "desk_requests", "desk_request", "desk_file",
        "chat", "conversation_messages", "my_requests", "my_requests_list",
        "composer_articles",
        "chat", "chat_offers", "conversation_messages", "support_presence",
    )),
    *(f"api:{name}" for name in (
        "openapi-json", "search", "suggest", "article", "article_changes", "api-root",
    )),
    "favicon.ico", ":root", ":short_link", ":switch_language", ":choose_theme", ":healthz",
    ":sitemap", ":robots", ":media", "admin/login/",
    # The admin site's own pages.
    *(f"admin:{name}" for name in (
        "index", "login", "logout", "password_change", "password_change_done",
        "autocomplete", "jsi18n", "view_on_site", "app_list",
    )),
    "admin/(?P<url>.*)$",
    # The article admin's pages that show or render, never save.
    "admin:articles_article_history", "admin:articles_category_history",
    "admin:articles_article_preview", "admin:articles_article_preview_page",
    "admin:articles_article_localization",
    "admin:articles_searchlog_analytics", "admin:articles_searchlog_analytics_csv",
    "admin:articles_searchlog_analytics_keywords", "admin:articles_searchlog_support_reports",
}  # fmt: skip
MODEL_VIEWS = ("changelist", "add", "history", "delete", "change")
# Views of models without translated text beyond Django's five, and who guards them.
OTHER_MODEL_URLS = {
    "admin:auth_user_password_change": "articles/accounts/members.py (tests/accounts/test_members.py)",
    "admin:articles_articleimage_upload": (
        "add image and change article permissions (tests/admin/test_image_insert.py)"
    ),
}
# Actions of models without translated text: who is offered each.
OTHER_ACTIONS = {
    "delete_selected": "the model's delete permission",
    "revoke": "the model's change permission",
    "cleanup_expired_attempts": "opening the list (axes' own action)",
    "export_visitors": "answering conversations (articles.answer_contact_requests)",
}


def registry_urls() -> tuple[set[str], set[str]]:
    """(URLs of models without translated text, their "<id>/" redirects and those of
    every model), generated from the admin registry."""
    model_urls, redirects = set(), set()
    for model in admin.site._registry:
        opts = model._meta
        redirects.add(f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/")
        if model not in TEXT_MODELS:
            model_urls |= {f"admin:{opts.app_label}_{opts.model_name}_{v}" for v in MODEL_VIEWS}
    return model_urls, redirects


def test_every_url_and_action_is_in_the_tables():
    model_urls, redirects = registry_urls()
    tables = set(TEXT_URLS) | READ_ONLY | model_urls | redirects | set(OTHER_MODEL_URLS)
    found = {way.key for way in url_ways()}
    assert found - tables == set(), "new ways in: classify them in this module's tables"
    assert tables - found == set(), "ways in that no longer exist: remove them"
    actions = admin_actions()
    unlisted = {key for key in actions if key not in TEXT_ACTIONS and key[1] not in OTHER_ACTIONS}
    assert unlisted == set(), "new admin actions: add them to TEXT_ACTIONS or OTHER_ACTIONS"
    assert set(TEXT_ACTIONS) <= set(actions)
    for probes in TEXT_URLS.values():
        assert set(probes) <= set(PROBES)


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_each_role_in_each_language(probe, sample_content):
    """Every role tries the way in every language; what readers and reviewers get then
    must be what ROLES says: live, pending review, or refused (nothing changed)."""
    way = PROBES[probe]
    wrong = []
    for name in ROLES:
        signed = sign_in(name)
        article = probe_support.published_article() if way.per_language else None
        for lang in sorted(EVERY_LANGUAGE) if way.per_language else ["en"]:
            marker = f"{probe} by {name} in {lang}"
            got = way.run(signed, lang, marker, article)
            if got != (expected := way.expected(signed.role, lang)):
                wrong.append(f"{name} ({lang}): {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_read_only_views_change_no_text_for_anyone(search_index):
    article = Article.objects.get(slug="fees")
    samples = probe_support.url_samples(article)
    posted = {"lang": "ru", "markdown": "x", "action": "approve", "post": "yes"}
    for lang in EVERY_LANGUAGE:
        posted.update(probe_support.text_columns(lang, "Hijacked"))
    before = probe_support.all_text()
    routes = [way.route for way in url_ways() if way.key in READ_ONLY]
    for name in ROLES:
        signed = sign_in(name)
        for route in routes:
            response = signed.fresh().post(sample_path(route, samples), posted)
            assert response.status_code < 500, (name, route)
    assert probe_support.all_text() == before


def test_models_without_text_answer_to_their_own_permissions(db):
    for name in ROLES:
        signed = sign_in(name)
        user = signed.user
        for model, model_admin in admin.site._registry.items():
            if model in TEXT_MODELS:
                continue
            opts = model._meta
            url = f"/admin/{opts.app_label}/{opts.model_name}/"
            listed = signed.fresh().get(url).status_code
            added = signed.fresh().post(f"{url}add/", {}).status_code
            if user is None:
                assert listed == added == 302, (name, url)  # to the sign-in page
                continue
            may_list = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or (
                user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
            )
            assert (listed == 200) == may_list, (name, url, listed)
            may_add = model_admin.has_add_permission(probe_support.request_of(user))
            assert may_add <= user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
            assert (added != 403) == may_add, (name, url, added)


def test_actions_of_models_without_text_need_their_permissions(db):
    for name in ROLES:
        user = sign_in(name).user or probe_support.anonymous()
        for model in admin.site._registry:
            if model in TEXT_MODELS:
                continue
            opts = model._meta
            request = probe_support.request_of(user)
            if not admin.site._registry[model].has_view_or_change_permission(request):
                continue  # its list, and so its actions, are closed to them
            offered = offered_actions(user, model)
            label = f"{opts.app_label}.%s_{opts.model_name}"
            rules = {
                "delete_selected": user.has_perm(label % "delete"),
                "revoke": user.has_perm(label % "change"),
                "cleanup_expired_attempts": user.has_perm(label % "view")
                or user.has_perm(label % "change"),
                "export_visitors": user.has_perm("articles.answer_contact_requests"),
            }
            for action in offered:
                assert rules[action], (name, opts.label, action)
