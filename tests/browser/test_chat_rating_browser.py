"""After help, in Chromium against kb.asgi: the agent closes a chat while the visitor's
page is open, and the visitor's page shows the rating form without a reload by hand; then "My requests" in Arabic."""

from tests.browser.chat_start import start_chat
from tests.browser.conftest import run_axe
from tests.browser.test_chat_browser import PHONE, _agent_on_workspace, _context


def test_a_chat_solved_by_the_agent_offers_the_visitor_its_rating(browser, asgi_url):
    agent_context, agent, agent_problems = _agent_on_workspace(browser, asgi_url)
    visitor_context, visitor, visitor_problems = _context(browser, asgi_url, PHONE, "es")
    visitor.goto("/es/chat/")
    start_chat(visitor, "Mi retirada no llega")
    visitor.get_by_role("log").get_by_text("Mi retirada no llega").wait_for()
    assert visitor.locator("input[name=rating]").count() == 0

    row = agent.locator(".queue-row", has_text="Mi retirada no llega")
    row.wait_for()
    row.get_by_role("link").click()
    agent.get_by_role("log").get_by_text("Mi retirada no llega").wait_for()
    agent.locator("textarea[name=message]").fill("Ya está enviada, llegará hoy.")
    agent.locator("input[name=solve]").check()
    agent.locator("form.chat-composer button[type=submit]").click()

    visitor.locator("input[name=rating]").first.wait_for()  # the page redrew itself
    visitor.get_by_role("log").get_by_text("Ya está enviada, llegará hoy.").wait_for()
    visitor.locator("label.rating-choice", has_text="5").click()
    visitor.locator("#rating-comment").fill("¡Rápido!")
    visitor.locator("#rating button[type=submit]").click()
    visitor.locator("#rating [role=status]").wait_for()

    # "My requests", right to left in Arabic, accessible, answers without JavaScript's help.
    visitor.goto("/ar/requests/")
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    assert run_axe(visitor) == []
    visitor.fill("input[name=email]", "nobody@example.com")
    visitor.locator("form.my-requests-form button[type=submit]").click()
    visitor.wait_for_url("**/ar/requests/?sent=1")
    assert visitor.locator(".notice.success[role=status]").count() == 1
    assert run_axe(visitor) == []
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []
