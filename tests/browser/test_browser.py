"""What a visitor and an agent do, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EDITOR_PASSWORD, SUPPORT_PASSWORD, run_axe, screenshot

LANGUAGES = ["en", "zh-hans", "ru", "es", "ar"]


def test_type_a_question_and_pick_a_suggestion_with_the_keyboard(page):
    page.goto("/en/")
    box = page.get_by_role("combobox")
    box.press_sequentially("passw", delay=40)
    # Every keystroke refreshes the list ("pas" lists "past transactions" first): wait
    # until the whole word's list is shown, its best match first.
    expect(page.get_by_role("option").first).to_contain_text(re.compile("password", re.I))
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "suggestion-0"
    box.press("Enter")
    page.wait_for_url("**/en/articles/reset-password/")


def test_escape_closes_suggestions_and_enter_searches(page):
    page.goto("/es/")
    box = page.get_by_role("combobox")
    box.press_sequentially("contra", delay=40)
    page.get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/es/search/\?q=contra"))


def test_search_works_without_javascript(browser, live_url):
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ru/")
    page.get_by_role("searchbox").fill("не могу войти забыл пароль")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/ru/search/**")
    first = page.locator("ol.results li a").first
    assert "/ru/articles/reset-password/" in first.get_attribute("href")
    assert page.locator("ol.results mark").count() > 0
    context.close()


def test_switching_language_keeps_the_article(page):
    page.goto("/en/articles/fees/")
    page.locator(".language-switcher a[hreflang=ru]").click()
    page.wait_for_url("**/ru/articles/fees/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto("/")
    assert page.url.endswith("/ru/")  # the choice is remembered


def test_arabic_is_right_to_left_and_mirrored(page):
    page.goto("/ar/articles/account-frozen/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    assert brand["x"] > switcher["x"]  # the brand sits on the right in Arabic
    screenshot(page, "article-ar")


def test_vote_on_an_article(page):
    page.goto("/es/articles/request-refund/")
    page.get_by_role("button", name="No", exact=True).first.click()
    comment = page.locator("#feedback-more")
    comment.wait_for(state="visible")
    comment.fill("Falta saber cuánto tarda el banco")
    page.locator("#feedback-comment-box button").click()
    page.locator(".feedback [role=status]").wait_for()
    page.reload()
    assert page.locator(".feedback .muted").count() == 1


def test_vote_without_javascript_on_a_page_without_a_token(browser, live_url):
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ru/articles/fees/?utm_source=mail")
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    page.get_by_role("button", name="Нет", exact=True).first.click()
    page.wait_for_url("**/ru/articles/fees/?feedback=tell-us*")
    page.locator("#feedback-comment").fill("Нет таблицы комиссий")
    page.locator(".feedback-comment button").click()
    page.locator(".feedback [role=status]").wait_for()
    context.close()


def test_an_old_heading_link_still_finds_its_section(page):
    page.goto("/en/articles/top-up-failed/#what-to-do")
    page.wait_for_function("location.hash === '#section-what-to-do'")


def test_copy_the_short_link_on_an_article(browser, live_url):
    context = browser.new_context(
        base_url=live_url, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto("/zh-hans/articles/top-up-failed/")
    link = page.locator("#short-link").input_value()
    assert re.fullmatch(rf"{live_url}/a/\d+/\?lang=zh-hans", link)
    page.locator("details.share summary").click()  # "Share this article", after the answer
    page.locator(".share [data-copy]").first.click()
    page.locator(".copy-status").filter(has_text=re.compile(".+")).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()


def test_support_desk_copies_a_link_in_the_customers_language(browser, live_url):
    context = browser.new_context(
        base_url=live_url, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto("/en/support/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", SUPPORT_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/en/support/")
    page.select_option("#customer-lang", "ar")
    page.fill("#desk-q", "استرداد")
    page.locator(".desk-form button").click()
    first = page.locator(".desk-result").first
    first.wait_for()
    first.get_by_role("button", name="Copy as Markdown").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(rf"\[.+\]\({live_url}/a/\d+/\?lang=ar\)", copied)
    assert first.locator(".translation.ok").count() == 1
    screenshot(page, "support-desk")
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_render_without_console_errors(page, lang):
    for name, url in (
        ("home", f"/{lang}/"),
        ("results", f"/{lang}/search/?q=" + {"en": "refund", "zh-hans": "退款", "ru": "возврат",
                                              "es": "reembolso", "ar": "استرداد"}[lang]),
        ("article", f"/{lang}/articles/withdrawal-delayed/"),
        ("category", f"/{lang}/categories/account/"),
        ("no-results", f"/{lang}/search/?q=zzqqxx"),
    ):  # fmt: skip
        response = page.goto(url)
        assert response.status == 200, url
        screenshot(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("url", ["/{lang}/", "/{lang}/search/?q=account", "/{lang}/articles/fees/"])
def test_no_serious_accessibility_violations(page, lang, url):
    page.goto(url.format(lang=lang))
    assert run_axe(page) == []


def test_mobile_layout_has_no_horizontal_scroll(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    for url in ("/en/", "/ar/articles/fees/", "/zh-hans/search/?q=充值"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
    screenshot(page, "mobile-search-zh")
    context.close()


def test_editor_admin_works_under_the_content_security_policy(page):
    page.goto("/admin/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/articles/article/?q=fees")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_url(re.compile(r".*/change/"))
    # modeltranslation's language tabs (jQuery UI, served by the site itself)
    page.locator(".ui-tabs-nav a", has_text=re.compile(r"^ru$")).first.click()
    page.locator("#id_title_ru").wait_for(state="visible")
    assert not page.locator("#id_title_en").is_visible()
    # The server-rendered preview of the English body
    page.locator(".ui-tabs-nav a", has_text=re.compile(r"^en$")).first.click()
    page.locator(".kb-preview-button").first.click()
    page.locator("iframe.kb-preview").first.wait_for(state="visible")
    preview = page.frame_locator("iframe.kb-preview").first
    preview.locator(".article-body p").first.wait_for()
    assert preview.locator("p").count() > 0
    screenshot(page, "admin-article")
    for url in (
        "/admin/articles/article/add/",
        "/admin/articles/category/",
        "/admin/articles/searchlog/",
        "/admin/articles/synonymgroup/add/",
    ):
        assert page.goto(url).status == 200, url
    page.goto("/admin/articles/article/add/")
    page.locator("fieldset", has_text="Publication").locator("summary").click()  # folded
    page.locator(".datetimeshortcuts a").first.click()  # the admin's date widgets (static JS)


def sign_in_as_editor(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("width", [1280, 800])
def test_article_list_is_readable_on_a_laptop_and_a_tablet(browser, live_url, width):
    context = browser.new_context(base_url=live_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in_as_editor(page)
    page.goto("/admin/articles/article/")
    screenshot(page, f"admin-article-list-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # Every column fits: nothing of the list is cut off or hidden behind a scrollbar.
    assert page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth <= box.clientWidth + 1; })()"
    )
    # A title takes at most two lines (a long one ends in "…", full text on hover).
    heights = page.evaluate(
        "[...document.querySelectorAll('#result_list tbody th')].map(cell => {"
        " const line = parseFloat(getComputedStyle(cell).lineHeight) || 16;"
        " const style = getComputedStyle(cell);"
        " const inner = cell.clientHeight - parseFloat(style.paddingTop)"
        "   - parseFloat(style.paddingBottom);"
        " return inner / line; })"
    )
    assert heights and max(heights) <= 2.2, heights
    titled = page.locator("#result_list tbody th [title]").first
    assert titled.get_attribute("title")
    context.close()
