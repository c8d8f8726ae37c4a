"""The compact article form in Chromium at 1280 px: its height for an editor and a translator,
the live preview beside the body, the warning for an image the site will drop, an image
uploaded from the body and inserted at the cursor, and a translator's language select.

Heights measured before this form (issue 22, item 10): editor 2,728 px, translator 5,641 px
(with JavaScript, article "fees"); bounds below leave room for notices (who else has the form
open) but not for the languages a translator cannot change to open again.
"""

import io
import re

from PIL import Image

from tests.browser.conftest import EDITOR_PASSWORD, TRANSLATOR_PASSWORD, screenshot

WIDTH = 1280
EDITOR_MAX_HEIGHT = 2300
TRANSLATOR_MAX_HEIGHT = 2500
FOREIGN = "https://evil.example/pixel.png"


def signed_in_page(browser, live_url, username, password, *, javascript=True):
    context = browser.new_context(
        base_url=live_url,
        viewport={"width": WIDTH, "height": 900},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def open_article(page, query: str, suffix: str = "") -> None:
    page.goto(f"/admin/articles/article/?q={query}")
    href = page.locator("#result_list tbody th a").first.get_attribute("href")
    page.goto(href.split("?")[0] + suffix)
    page.wait_for_load_state("networkidle")


def form_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_form_is_compact_for_an_editor_and_a_translator(browser, live_url):
    editor = signed_in_page(browser, live_url, "csp-editor", EDITOR_PASSWORD)
    open_article(editor, "fees")
    assert form_height(editor) <= EDITOR_MAX_HEIGHT
    screenshot(editor, "admin-article-form-editor-1280")
    translator = signed_in_page(browser, live_url, "csp-translator", TRANSLATOR_PASSWORD)
    open_article(translator, "fees")
    assert form_height(translator) <= TRANSLATOR_MAX_HEIGHT
    # The languages a translator cannot change: collapsed, one click opens them, read only.
    spanish = translator.locator("fieldset.kb-read-only-language", has_text="español")
    assert not spanish.locator(".field-body_es .readonly").is_visible()
    spanish.locator("summary").click()
    assert spanish.locator(".field-body_es .readonly").is_visible()
    assert translator.locator("#id_body_es").count() == 0
    screenshot(translator, "admin-article-form-translator-1280")
    # Without JavaScript: the same sections, collapsed by <details>.
    plain = signed_in_page(
        browser, live_url, "csp-translator", TRANSLATOR_PASSWORD, javascript=False
    )
    open_article(plain, "fees")
    assert form_height(plain) <= TRANSLATOR_MAX_HEIGHT
    assert not plain.locator(".field-body_es .readonly").is_visible()
    for page in (editor, translator, plain):
        page.context.close()


def test_a_translator_opening_another_language_keeps_their_language_select(browser, live_url):
    page = signed_in_page(browser, live_url, "csp-translator", TRANSLATOR_PASSWORD)
    open_article(page, "fees", "?language=es")
    switch = page.locator("#modeltranslation-main-switch")
    assert switch.locator("option").all_inner_texts() == ["ru"]
    assert switch.evaluate("el => el.options[el.selectedIndex].text") == "ru"
    assert page.locator("#id_body_ru").is_visible()
    assert page.locator(".field-body_es .readonly").is_visible()  # the language asked for
    page.context.close()


def test_live_preview_beside_the_body_and_the_foreign_image_warning(page):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    open_article(page, "withdrawal")
    body = page.locator("#id_body_en")
    body.scroll_into_view_if_needed()
    frame_element = page.locator("iframe[name=kb-preview-en]")
    frame_box, body_box = frame_element.bounding_box(), body.bounding_box()
    assert frame_box["x"] >= body_box["x"] + body_box["width"]  # beside, not below
    assert frame_box["width"] > 350
    frame = page.frame_locator("iframe[name=kb-preview-en]")
    frame.locator(".article-body").wait_for()  # rendered without a click
    body.press("Control+End")
    body.press_sequentially("\n\nLive words appear.\n\n![Pixel](" + FOREIGN + ")\n")
    frame.locator(".article-body p", has_text="Live words appear.").wait_for()
    warning = page.locator(".kb-image-warning[data-lang=en]")
    warning.wait_for(state="visible")
    assert FOREIGN in warning.inner_text()
    # Gone again once the image is gone.
    body.fill(body.input_value().replace(f"![Pixel]({FOREIGN})", ""))
    warning.wait_for(state="hidden")
    screenshot(page, "admin-article-form-live-preview", full_page=False)


def test_an_image_uploaded_from_the_body_is_inserted_at_the_cursor(page, tmp_path):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    open_article(page, "withdrawal")
    body = page.locator("#id_body_en")
    text = body.input_value()
    cursor = text.index("\n\n") + 2  # after the first paragraph
    body.evaluate("(el, at) => { el.focus(); el.setSelectionRange(at, at); }", cursor)
    png = tmp_path / "screen.png"
    output = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(output, "PNG")
    png.write_bytes(output.getvalue())
    insert = page.locator(".kb-image-insert").first
    insert.locator("summary").click()
    insert.locator("input[type=file]").set_input_files(str(png))
    insert.locator("input[type=text]").fill("Withdrawal screen")
    insert.locator("button").click()
    insert.locator("[role=status]", has_text=re.compile(r"\S")).wait_for()
    page.wait_for_function(
        "() => document.getElementById('id_body_en').value.includes('![Withdrawal screen](')"
    )
    value = body.input_value()
    inserted = re.search(r"!\[Withdrawal screen\]\(/media/articles/[0-9a-f]{32}\.png\)", value)
    assert inserted and inserted.start() == cursor
    assert value[: inserted.start()] == text[:cursor] and text[cursor:] in value
    frame = page.frame_locator("iframe[name=kb-preview-en]")
    frame.locator(".article-body img[alt='Withdrawal screen']").wait_for()
