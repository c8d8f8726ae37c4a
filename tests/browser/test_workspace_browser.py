"""The agents' workspace in Chromium: a new chat raises the title badge, the composer finds
an article in the customer's language (Arabic) and inserts its link at the cursor, an
internal note stays with the agents; both pages pass axe."""

import re

from tests.browser.chat_start import start_chat
from tests.browser.conftest import run_axe, screenshot
from tests.browser.test_chat_browser import PHONE, _agent_on_workspace, _context


def test_the_composer_inserts_an_article_in_the_customers_language(browser, asgi_url):
    agent_context, agent, agent_problems = _agent_on_workspace(browser, asgi_url)
    visitor_context, visitor, visitor_problems = _context(browser, asgi_url, PHONE, "ar")
    toggle = agent.locator("[data-sound-toggle] input")
    assert toggle.is_visible() and not toggle.is_checked()  # off until the agent wants it
    toggle.check()
    assert run_axe(agent) == []

    first = "أريد استرداد أموالي من طلب ملغى"
    visitor.goto("/ar/chat/")
    start_chat(visitor, first)

    row = agent.locator(".queue-row", has_text=first)
    row.wait_for()
    agent.wait_for_function("() => /^\\(\\d+\\) /.test(document.title)")  # the badge
    assert row.locator(".timer.waiting time").inner_text().strip() != ""
    row.get_by_role("link").click()

    agent.locator("textarea[name=message]").fill("انظر: ")
    agent.get_by_label(re.compile("Find an article to link")).fill("استرداد")
    result = agent.locator("[data-composer-results] li", has_text="استرداد").first
    result.wait_for()
    result.get_by_role("button", name="Insert").click()
    inserted = agent.locator("textarea[name=message]").input_value()
    assert inserted.startswith("انظر: ") and "/a/" in inserted and "lang=ar" in inserted
    agent.locator("form.chat-composer button[type=submit]").click()
    log = visitor.get_by_role("log")
    log.locator("a[href*='/a/'][href$='?lang=ar']").first.wait_for()

    agent.locator("textarea[name=message]").fill("Checked with finance: refund approved")
    agent.get_by_label("Internal note (only agents see it)").check()
    agent.locator("form.chat-composer button[type=submit]").click()
    note = agent.locator(".thread-message.internal-note", has_text="Checked with finance")
    note.wait_for()
    assert "the visitor does not see it" in note.inner_text()
    assert run_axe(agent) == []
    screenshot(agent, "workspace-composer")

    visitor.wait_for_timeout(500)
    visitor.reload()
    assert "Checked with finance" not in visitor.content()
    assert visitor.get_by_role("log").locator(".thread-message").count() == 2
    # The workspace and the conversation in Arabic: right to left, and axe-clean.
    reference = agent.url.rstrip("/").rsplit("/", 1)[1]
    for path in ("/ar/support/", f"/ar/support/requests/{reference}/"):
        agent.goto(path)
        assert agent.locator("html").get_attribute("dir") == "rtl"
        assert run_axe(agent) == []
    screenshot(agent, "workspace-conversation-ar")
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []
