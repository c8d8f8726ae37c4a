"""The agent's path in Chromium: sign in, land on the desk, read both languages, copy."""

import re

from tests.browser.conftest import SUPPORT_PASSWORD, run_axe, screenshot


def test_an_agent_lands_on_the_desk_reads_both_languages_and_a_copy_is_counted(browser, live_url):
    context = browser.new_context(
        base_url=live_url, permissions=["clipboard-read", "clipboard-write"], locale="en"
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", SUPPORT_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/en/support/")  # a Support-only user lands on the desk
    page.select_option("#customer-lang", "ar")
    page.fill("#desk-q", "استرداد")
    page.locator(".desk-form button").click()
    first = page.locator(".desk-result").first
    first.wait_for()
    assert first.locator('.desk-text[lang="ar"][dir="rtl"] h2').inner_text().strip()
    assert first.locator('.desk-text.agent[lang="en"] h3').inner_text().strip()
    assert first.locator(".desk-text.agent .desk-preview").inner_text().strip()
    with page.expect_response(re.compile(r"/en/support/copied/$")) as counted:
        first.get_by_role("button", name="Copy link").click()
    assert counted.value.status == 204  # same-origin POST with the page's CSRF token
    assert re.fullmatch(
        rf"{live_url}/a/\d+/\?lang=ar", page.evaluate("navigator.clipboard.readText()")
    )
    assert run_axe(page) == []
    screenshot(page, "support-desk-two-languages")
    context.close()
