"""Pending versions in Chromium: a translator keeps editing theirs; an editor's change to
a live article is a draft, reviewed beside the published text, then published."""

import re

from tests.browser.conftest import TRANSLATOR_PASSWORD, run_axe, screenshot, sign_in

ADDED = "Withdrawals to a new card wait 24 hours."


def test_pending_translation_and_english_draft_without_losing_a_word(browser, live_url):
    translator = browser.new_context(base_url=live_url).new_page()
    translator.goto("/admin/login/")
    translator.fill("#id_username", "csp-translator")
    translator.fill("#id_password", TRANSLATOR_PASSWORD)
    translator.locator("input[type=submit]").click()
    translator.goto("/admin/articles/article/?q=withdrawal")
    translator.locator("#result_list tbody th a").first.click()
    translator.wait_for_url(re.compile(r".*/change/"))
    change_url = translator.url
    body_ru = translator.locator("#id_body_ru")
    body_ru.fill(body_ru.input_value() + " EDIT-3")
    translator.locator("input[name=_continue]").click()
    translator.wait_for_url(change_url)
    assert translator.locator("#id_body_ru").input_value().endswith("EDIT-3")
    assert translator.locator(".kb-pending-notices").is_visible()

    editor = browser.new_context(base_url=live_url).new_page()
    sign_in(editor)
    editor.goto(change_url)
    assert "csp-translator" in editor.locator(".kb-presence").inner_text()
    body_en = editor.locator("#id_body_en")
    body_en.fill(body_en.input_value() + "\n\n" + ADDED)
    editor.locator("input[name=_continue]").click()
    editor.wait_for_url(change_url)
    slug = editor.input_value("#id_slug")
    public = browser.new_context(base_url=live_url).new_page()
    public.goto(f"/en/articles/{slug}/")
    assert ADDED not in public.content()  # readers keep the published text

    editor.locator(".kb-pending-notices a[href$='/draft/']").click()
    editor.wait_for_url(re.compile(r".*/draft/"))
    assert editor.locator(".kb-diff-ins", has_text="24 hours").count() == 1
    assert (
        editor.frame_locator("iframe.kb-review-preview")
        .nth(1)
        .locator("text=" + ADDED)
        .is_visible()
    )
    assert run_axe(editor) == []
    screenshot(editor, "admin-english-draft")
    editor.locator("button[value=publish]").click()
    editor.wait_for_url(re.compile(r".*/draft/"))
    reader = browser.new_context(base_url=live_url).new_page()  # no page kept by a browser
    reader.goto(f"/en/articles/{slug}/")
    assert ADDED in reader.content()
