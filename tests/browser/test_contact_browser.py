"""The way to a human, in Chromium: no result → contact form (two clicks, query carried) →
reference and private link → an agent answers in the desk → the visitor reads the reply on
their status page and rates it. Once with JavaScript (in Spanish), once without."""

import pytest

from tests.browser.conftest import SUPPORT_PASSWORD, run_axe, screenshot
from tests.image_files import animated_gif


@pytest.fixture
def live_url(asgi_url):
    """The private page is live (chat.js opens a WebSocket): served by kb.asgi, as the
    site is wherever the chat runs."""
    return asgi_url


@pytest.fixture
def page(browser, asgi_url):
    """A fresh page on kb.asgi; console errors and failed requests fail the test."""
    context = browser.new_context(base_url=asgi_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], problems


def send_request(page, lang: str, query: str, send_label: str) -> str:
    """From the home page: search, nothing found, write to support; the status URL."""
    page.goto(f"/{lang}/")
    page.fill("#search-input", query)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/search/**")
    page.locator(".contact-options a[href*='/contact/?q=']").click()  # click 1
    page.wait_for_url(f"**/{lang}/contact/?q=*")
    assert page.locator("#id_q").input_value() == query
    page.fill("input[name=email]", "visitor@example.com")
    page.fill("textarea[name=message]", "Recargué 50 EUR a las 10:00 y no aparece en mi saldo.")
    return page  # the caller may type a subject before the second click


def submit(page, send_label: str) -> str:
    page.get_by_role("button", name=send_label, exact=True).click()  # click 2
    page.wait_for_url("**/requests/*/?sent=1")
    reference = page.locator(".notice.success strong").inner_text()
    assert reference.startswith("R-")
    return page.locator("#status-link").input_value()


def answer_in_the_desk(browser, live_url, query: str, reply: str, queue_label: str) -> None:
    context = browser.new_context(base_url=live_url)
    desk = context.new_page()
    desk.goto("/es/support/")
    desk.fill("#id_username", "agent")
    desk.fill("#id_password", SUPPORT_PASSWORD)
    desk.locator("input[type=submit]").click()
    desk.wait_for_url("**/es/support/")
    desk.get_by_role("link", name=queue_label).click()
    row = desk.locator(".request-queue tbody tr", has_text=query).first
    row.locator("a").click()
    desk.fill("#reply-message", reply)
    desk.locator("input[name=solve]").check()
    desk.locator(".feedback-comment button[type=submit]").click()
    desk.locator(".thread-message.from-agent", has_text=reply).wait_for()
    screenshot(desk, "desk-contact-request")
    context.close()


def test_no_result_to_a_human_and_back_with_javascript(page, browser, live_url):
    send_request(page, "es", "zzqqxx", "Enviar")
    page.fill("input[name=subject]", "recarga")
    suggestions = page.locator(".subject-suggestions")
    suggestions.locator("a").first.wait_for()  # articles suggested while typing
    assert run_axe(page) == []
    screenshot(page, "contact-form-es")
    submit(page, "Enviar")
    assert run_axe(page) == []

    answer_in_the_desk(browser, live_url, "zzqqxx", "Hemos revisado su recarga.",
                       "Solicitudes de contacto")  # fmt: skip

    # The private page, still open, hears that the request is solved and reloads itself
    # with the answer and the rating form (a goto here would race that reload).
    page.locator("input[name=rating][value='5']").wait_for()  # only once solved: reloaded
    page.locator(".thread-message.from-agent", has_text="Hemos revisado su recarga.").wait_for()
    page.locator("input[name=rating][value='5']").check()
    page.fill("#rating-comment", "Rápido y claro")
    page.get_by_role("button", name="Enviar valoración").click()
    page.wait_for_url("**?rated=1#rating")
    page.get_by_text("¡Gracias por su valoración!").wait_for()
    screenshot(page, "request-status-es")


def test_the_same_path_without_javascript(browser, live_url):
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    send_request(page, "en", "qqzzyy", "Send")
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0  # a public page
    status_url = submit(page, "Send")
    answer_in_the_desk(browser, live_url, "qqzzyy", "Your withdrawal is on its way.",
                       "Solicitudes de contacto")  # fmt: skip
    page.goto(status_url)
    page.locator(".thread-message.from-agent", has_text="on its way").wait_for()
    page.locator("input[name=rating][value='4']").check()
    page.get_by_role("button", name="Send rating").click()
    page.get_by_text("Thank you for your rating!").wait_for()
    context.close()


def test_the_contact_page_is_accessible_in_arabic(page):
    page.goto("/ar/contact/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".line-open, .line-closed").count() >= 1
    assert run_axe(page) == []
    screenshot(page, "contact-ar")


def test_a_refused_screenshot_comes_back_with_its_reason_and_the_text_kept(browser, live_url):
    context = browser.new_context(base_url=live_url)  # a 400 page: not the `page` fixture
    page = context.new_page()
    page.goto("/en/contact/")
    page.fill("input[name=email]", "visitor@example.com")
    page.fill("textarea[name=message]", "My top-up of 20 EUR failed; screenshot attached.")
    bomb = {"name": "screen.gif", "mimeType": "image/gif", "buffer": animated_gif(10, (6000, 6000))}
    page.set_input_files("#contact-screenshots", files=[bomb])
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send", exact=True).click()
    assert navigation.value.status == 400
    page.get_by_text("The animation has 10 frames of 6000 × 6000 pixels").wait_for()
    assert page.locator("textarea[name=message]").input_value().startswith("My top-up of 20 EUR")
    assert page.locator("#contact-screenshots").get_attribute("aria-invalid") == "true"
    assert run_axe(page) == []
    context.close()
