"""Agents' presence in Chromium against kb.asgi: chosen by a plain form in the workspace,
heard live by every other open workspace, in English and right-to-left Arabic."""

from tests.browser.conftest import SUPPORT_PASSWORD, run_axe

DESK = {"width": 1280, "height": 900}


def _workspace(browser, asgi_url, lang):
    context = browser.new_context(base_url=asgi_url, viewport=DESK, locale=lang)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"/admin/login/?next=/{lang}/support/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", SUPPORT_PASSWORD)
    with page.expect_websocket() as opened:
        page.locator("input[type=submit]").click()
    opened.value.expect_event("framereceived", lambda frame: '"presence"' in frame)
    return context, page, problems


def test_an_agent_becomes_available_and_every_workspace_hears_it(browser, asgi_url):
    english_context, english, english_problems = _workspace(browser, asgi_url, "en")
    arabic_context, arabic, arabic_problems = _workspace(browser, asgi_url, "ar")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert english.locator("[data-presence-list]").inner_text() == "nobody"

    arabic.locator("input[name=status][value=available]").check()
    arabic.locator(".presence-form button[type=submit]").click()
    arabic.wait_for_url("**/ar/support/#presence")
    assert arabic.locator("input[name=status][value=available]").is_checked()
    # Live, no reload: well before the next heartbeat (25 s) would bring it.
    english.locator("[data-presence-list]", has_text="agent").wait_for(timeout=5000)
    assert run_axe(arabic) == []

    english.locator("input[name=status][value=away]").check()
    english.locator(".presence-form button[type=submit]").click()
    english.wait_for_url("**/en/support/#presence")
    assert "You are away" in english.locator("#presence").inner_text()
    arabic.locator("[data-presence-list]", has_text="لا أحد").wait_for(timeout=5000)
    assert run_axe(english) == []
    english_context.close()
    arabic_context.close()
    assert english_problems == [] and arabic_problems == []
