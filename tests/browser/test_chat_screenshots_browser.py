"""A screenshot in a live chat, in Chromium: the visitor on a phone (390 px) attaches an
image to a message; the agent at a desk (1,280 px) sees its thumbnail arrive live, and
the image loads (served to agents only, through the desk's address)."""

import io

from PIL import Image

from tests.browser.chat_start import start_chat
from tests.browser.test_chat_browser import PHONE, _agent_on_workspace, _context


def _png() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (30, 120, 200)).save(buffer, "PNG")
    return {"name": "error.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_the_agent_sees_the_visitors_screenshot_arrive_as_a_thumbnail(browser, asgi_url):
    agent_context, agent, agent_problems = _agent_on_workspace(browser, asgi_url)
    visitor_context, visitor, visitor_problems = _context(browser, asgi_url, PHONE, "en")
    first = "Screenshot test: the app shows an error code"
    visitor.goto("/en/chat/")
    start_chat(visitor, first)
    row = agent.locator(".queue-row", has_text=first)
    row.wait_for()
    row.get_by_role("link").click()
    agent.get_by_role("log").get_by_text(first).wait_for()

    visitor.fill("textarea[name=message]", "This is what I see")
    visitor.set_input_files("input[type=file][name=screenshots]", _png())
    visitor.locator("form.chat-composer button[type=submit]").click()
    thumbnail = agent.get_by_role("log").get_by_role("img", name="Screenshot 1")
    thumbnail.wait_for()  # live, over the agent's socket: no reload
    assert "/en/support/files/" in thumbnail.get_attribute("src")
    agent.wait_for_function("() => document.querySelector('img.thumbnail').naturalWidth === 64")
    # The visitor's page reloaded with the message; their own copy at their own address.
    mine = visitor.get_by_role("log").get_by_role("img", name="Screenshot 1")
    assert "/files/" in mine.get_attribute("src") and "/support/" not in mine.get_attribute("src")
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []
