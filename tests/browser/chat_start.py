"""A visitor opens a chat on /<lang>/chat/ as a person would: the first message is sent,
and when articles are offered first (articles before a human) *Talk to a person* is
chosen, so the conversation opens and its private page takes over."""

import time

OPENED_WITHIN = 30  # seconds


def start_chat(page, message: str) -> None:
    """Type `message` on the chat page, send it, choose a person if articles are offered,
    and wait for the conversation's private page. Raises AssertionError after
    OPENED_WITHIN seconds without it."""
    page.fill("textarea[name=message]", message)
    send = page.locator("[data-chat-send]")
    send.click()
    deadline = time.monotonic() + OPENED_WITHIN
    while "/requests/" not in page.url:
        assert time.monotonic() < deadline, f"no conversation opened for {message!r}"
        if page.locator("[data-chat-send][name=choice]").count() and send.is_enabled():
            send.click()
            page.wait_for_url("**/requests/*/", timeout=OPENED_WITHIN * 1000)
            return
        page.wait_for_timeout(100)
