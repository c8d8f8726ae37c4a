"""The translator's view in Chromium: one switch for every field, Arabic right to left,
the English diff beside the translation, the site-styled preview; and without JavaScript."""

import re

from tests.browser.conftest import EDITOR_PASSWORD, screenshot

ADDED = "A sentence added to the English after the translations were made."


def sign_in(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


def open_article(page, query: str) -> str:
    page.goto(f"/admin/articles/article/?q={query}")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_url(re.compile(r".*/change/"))
    return page.url


def test_language_switch_rtl_diff_and_preview(page):
    sign_in(page)
    change_url = open_article(page, "currencies")
    # The English changes: every translation is now outdated, with a diff beside it.
    page.locator(".ui-tabs-nav a", has_text=re.compile(r"^en$")).nth(2).click()
    body_en = page.locator("#id_body_en")
    body_en.fill(body_en.input_value() + "\n\n" + ADDED)
    page.locator("input[name=_publish_source]").click()  # live at once, not a draft
    page.wait_for_url(change_url)

    page.locator(".kb-language-switch a[data-language=ar]").click()
    for name in ("title", "summary", "body", "keywords"):
        assert page.locator(f"#id_{name}_ar").is_visible(), name
        assert not page.locator(f"#id_{name}_en").is_visible(), name
    assert page.url == change_url  # switched in place: nothing typed is lost
    body_ar = page.locator("#id_body_ar")
    assert body_ar.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert body_ar.get_attribute("lang") == "ar"
    source = page.locator(".kb-translated", has=body_ar).locator(".kb-source")
    assert source.is_visible()
    assert ADDED in source.locator(".kb-diff ins.kb-diff-ins").inner_text()
    assert source.evaluate("el => getComputedStyle(el).direction") == "ltr"
    # A long source scrolls: keyboard users reach it too.
    assert source.locator(".kb-diff").get_attribute("tabindex") == "0"

    # One field's tab switches every field.
    page.locator(".ui-tabs-nav a", has_text=re.compile(r"^ru$")).first.click()
    assert page.locator("#id_body_ru").is_visible() and not body_ar.is_visible()
    page.locator(".kb-language-switch a[data-language=ar]").click()

    # The preview: the site's stylesheet and direction, as wide as the form.
    body_ar.fill(body_ar.input_value() + "\n\n- بند جديد في القائمة")
    holder = page.locator(".kb-preview-links[data-lang=ar]")
    holder.locator(".kb-preview-button").click()
    frame_element = page.locator("iframe[name=kb-preview-ar]")
    frame_element.wait_for(state="visible")
    frame = page.frame_locator("iframe[name=kb-preview-ar]")
    item = frame.locator(".article-body li", has_text="بند جديد في القائمة")
    item.wait_for()
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert frame.locator("link[rel=stylesheet][href*='/articles/site.']").count() == 1
    assert item.evaluate("el => getComputedStyle(el).listStyleType") != "none"
    # Beside the Arabic body on a wide screen (the English source shares the column).
    box, body_box = frame_element.bounding_box(), body_ar.bounding_box()
    assert box["width"] > 350 and box["x"] >= body_box["x"] + body_box["width"]
    screenshot(page, "admin-translator-view")


def test_without_javascript_the_switch_shows_one_language(browser, live_url):
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page)
    open_article(page, "fees")
    page.locator(".kb-language-switch a[data-language=ar]").click()
    page.wait_for_url(re.compile(r".*[?&]language=ar$"))
    assert page.locator("#id_body_ar").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("#id_title_en").count() == 0 and page.locator("#id_body_ru").count() == 0
    assert page.locator(".kb-source").first.is_visible()
    with context.expect_page() as opened:
        page.locator(".kb-preview-links[data-lang=ar] a").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("html").get_attribute("dir") == "rtl"
    assert preview.locator(".article-body p").count() > 0
    context.close()
