"""A whole chat in Chromium against kb.asgi: a visitor on a phone (390 px) and an agent at
a desk (1,280 px), each in their own browser context, messages both ways over WebSockets."""

import json

import pytest

from tests.browser.conftest import SUPPORT_PASSWORD, run_axe, screenshot

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _context(browser, asgi_url, viewport, locale):
    context = browser.new_context(base_url=asgi_url, viewport=viewport, locale=locale)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return context, page, problems


def _agent_on_workspace(browser, asgi_url):
    """An English-speaking agent on the workspace, its queue's socket joined."""
    context, agent, problems = _context(browser, asgi_url, DESK, "en")
    agent.goto("/admin/login/?next=/en/support/")
    agent.fill("#id_username", "agent")
    agent.fill("#id_password", SUPPORT_PASSWORD)
    with agent.expect_websocket() as opened:
        agent.locator("input[type=submit]").click()
    socket = opened.value
    socket.expect_event("framereceived", lambda frame: '"queued"' in frame)  # queue joined
    return context, agent, problems


def _hold_sockets(page, pattern):
    """Hold the WebSockets `page` opens to `pattern` from now on: the page's frames are
    kept, none reach the server, until the returned function connects them (frames in
    order); sockets opened after that connect at once. Returns release() -> None, whose
    `sent` lists every frame the page sent on them (decoded)."""
    held = []
    released = []
    sent = []

    def hold(route):
        entry = {"route": route, "frames": [], "server": None}
        if released:
            entry["server"] = route.connect_to_server()

        def from_page(frame):
            sent.append(json.loads(frame))
            if entry["server"] is None:
                entry["frames"].append(frame)
            else:
                entry["server"].send(frame)

        route.on_message(from_page)
        held.append(entry)

    page.route_web_socket(pattern, hold)

    def release():
        released.append(True)
        for entry in held:
            entry["server"] = entry["route"].connect_to_server()
            for frame in entry["frames"]:
                entry["server"].send(frame)

    release.sent = sent
    return release


def _refuse_messages(page, pattern):
    """Route the WebSockets `page` opens to `pattern` through Playwright: frames pass both
    ways, except that while the returned list is not empty, the page's messages are
    answered with the server's "too_long" error instead of reaching the server."""
    refusing = []

    def route(socket):
        server = socket.connect_to_server()

        def from_page(frame):
            content = json.loads(frame)
            if refusing and content.get("type") == "message":
                refusal = {"type": "error", "code": "too_long", "client_id": content["client_id"]}
                socket.send(json.dumps(refusal))
            else:
                server.send(frame)

        socket.on_message(from_page)

    page.route_web_socket(pattern, route)
    return refusing


@pytest.mark.parametrize(
    ("lang", "first", "answer", "follow_up"),
    [
        ("en", "My top-up failed but the money left my bank", "We see it: refunded within 3 days. https://okpay.example/a/5/", "Thank you!"),
        ("ar", "فشل شحن رصيدي لكن المبلغ خُصم من البنك", "نرى ذلك: سيُعاد المبلغ خلال 3 أيام.", "شكرًا لكم!"),
    ],
)  # fmt: skip
def test_a_visitor_on_a_phone_and_an_agent_chat_live(
    browser, asgi_url, lang, first, answer, follow_up
):
    agent_context, agent, agent_problems = _agent_on_workspace(browser, asgi_url)
    visitor_context, visitor, visitor_problems = _context(browser, asgi_url, PHONE, lang)
    refusing = _refuse_messages(visitor, "**/ws/chat/")

    # The visitor reaches the chat from the header of any page, in their language.
    visitor.goto(f"/{lang}/search/?q=top-up")
    visitor.locator("a.header-chat").click()
    visitor.wait_for_url(f"**/{lang}/chat/?q=top-up")
    assert visitor.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert run_axe(visitor) == []
    # Nobody chose "Available" (and the sample hours may be closed): said before typing.
    availability = visitor.locator("[data-chat-availability]").get_attribute(
        "data-chat-availability"
    )
    assert availability in ("no_agent", "closed")
    visitor.fill("textarea[name=message]", first)
    # Articles before a human: as it is typed, then on Send, matches in the visitor's
    # language; the main button then means "talk to a person".
    offered = f"[data-chat-offers] .chat-offer a[href^='/{lang}/articles/']"
    visitor.locator(offered).first.wait_for()
    send = visitor.locator("[data-chat-send]")
    send.click()
    visitor.locator("[data-chat-send][name=choice]").wait_for()
    assert run_axe(visitor) == []
    send.click()
    visitor.wait_for_url(f"**/{lang}/requests/*/")
    log = visitor.get_by_role("log")
    log.get_by_text(first).wait_for()

    # The agent sees it arrive in the workspace, opens it and answers.
    row = agent.locator(".queue-row", has_text=first)
    row.wait_for()
    row.get_by_role("link").click()
    agent.get_by_role("log").get_by_text(first).wait_for()
    # The agent starts typing before the page's socket has joined (held here): the
    # indicator still reaches the visitor once it joins. The visitor's socket has joined
    # (typing is not stored, so a frame sent before that would not be replayed).
    release = _hold_sockets(agent, "**/ws/support/")
    agent.get_by_role("button", name="Take this conversation").click()
    agent.get_by_role("log").get_by_text(first).wait_for()
    visitor.locator("[data-chat-live]").wait_for(state="attached")
    agent.locator("textarea[name=message]").press_sequentially("We", delay=20)
    release()
    visitor.locator(".chat-typing").wait_for(state="visible")
    agent.locator("textarea[name=message]").fill(answer)
    agent.locator("form.chat-composer button[type=submit]").click()
    log.get_by_text(answer.split(" https")[0]).wait_for()
    # The answer's arrival hides the indicator: no "stopped typing" frame went before it.
    assert visitor.locator(".chat-typing").is_hidden()
    kinds = [(frame["type"], frame.get("typing")) for frame in release.sent]
    before = kinds[: kinds.index(("message", None))]
    assert [kind for kind in before if kind[0] == "typing"][-1] == ("typing", True)
    if "https://" in answer:
        link = log.get_by_role("link", name="https://okpay.example/a/5/")
        assert link.get_attribute("rel") == "noopener noreferrer nofollow"

    # The visitor answers; the agent reads it live.
    visitor.fill("textarea[name=message]", follow_up)
    visitor.locator("textarea[name=message]").press("Enter")
    agent.get_by_role("log").get_by_text(follow_up).wait_for()
    direction = agent.get_by_role("log").locator(".thread-body").last.get_attribute("dir")
    assert direction == ("rtl" if lang == "ar" else "ltr")  # the customer's text, their way
    assert run_axe(agent) == []
    screenshot(agent, f"chat-agent-{lang}")

    # A reload resumes the same conversation: every message once.
    visitor.wait_for_function("() => !document.querySelector('.thread-message.pending')")
    visitor.reload()
    items = visitor.get_by_role("log").locator(".thread-message")
    assert items.count() == 3
    assert [items.nth(n).locator(".thread-body").inner_text().strip() for n in range(3)] == [
        first, answer, follow_up
    ]  # fmt: skip
    assert run_axe(visitor) == []
    screenshot(visitor, f"chat-visitor-{lang}")

    # A refused message never arrives to hide the agent's indicator: the visitor's page
    # says "stopped typing" itself, long before the indicator's own 5 s run out.
    refusing.append(True)
    visitor.locator("textarea[name=message]").press_sequentially("Hm", delay=20)
    agent.locator(".chat-typing").wait_for(state="visible")
    visitor.locator("textarea[name=message]").press("Enter")
    visitor.locator(".thread-message.not-sent").wait_for()
    agent.locator(".chat-typing").wait_for(state="hidden", timeout=2500)
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []
