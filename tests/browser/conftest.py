"""Browser tests: Playwright driving Debian's Chromium against a real gunicorn server.

Every test in this folder is marked `browser` (see `pytest_collection_modifyitems`), so
the PostgreSQL pass of scripts/test.sh, which runs `-m "not browser"`, skips them all.
Screenshots go to tests/browser/screenshots/, which scripts/test.sh empties before a run.

The server runs in its own data directory (SQLite file, sample content, search index) set
up by `manage.py demo --no-serve`, so these tests see exactly what a visitor would.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"
SUPPORT_PASSWORD = "desk-pass-4921"
EDITOR_PASSWORD = "edit-pass-7315"
TRANSLATOR_PASSWORD = "tran-pass-2648"  # csp-translator, in Translators (ru)


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`: a file cannot forget it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The environment of a demo help center of its own (data directory, accounts)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium.")
        pytest.skip(f"{CHROMIUM} not installed (run scripts/test.sh, which installs it)")
    data = tmp_path_factory.mktemp("browser-data")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(KB_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="kb.settings")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "demo", "--no-serve", "-v0"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    subprocess.run(
        [*manage, "shell", "-c",
         "from django.contrib.auth.models import Group, User; "
         f"u = User.objects.create_user('agent', password='{SUPPORT_PASSWORD}', is_staff=True); "
         "u.groups.add(Group.objects.get(name='Support')); "
         f"e = User.objects.create_user('csp-editor', password='{EDITOR_PASSWORD}', is_staff=True); "
         "e.groups.add(Group.objects.get(name='Editors')); "
         f"t = User.objects.create_user('csp-translator', password='{TRANSLATOR_PASSWORD}', is_staff=True); "
         "t.groups.add(Group.objects.get(name='Translators (ru)')); "
         # An operator's own chat beside the site's, in one language: its link is shown too.
         "from articles.models import ContactChannels; "
         "ContactChannels.objects.filter(language='ru').update(chat_url='https://chat.example.com/ru')"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return env


def _serve(env: dict, app: str, *options: str):
    """gunicorn serving `app` on a free port, once /healthz answers: (process, URL)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", *options],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310
            return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    pytest.fail(f"gunicorn {app} did not start")


@pytest.fixture(scope="session")
def live_url(demo_env):
    server, url = _serve(demo_env, "kb.wsgi", "-w", "2", "--threads", "4")
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def asgi_url(demo_env):
    """The same help center served by kb.asgi (pages and the chat's WebSockets), as in
    production: gunicorn with one Uvicorn worker (the in-memory chat layer is per process)."""
    server, url = _serve(demo_env, "kb.asgi:application", "-w", "1", "-k",
                         "kb.chat_worker.ChatWorker")  # fmt: skip
    yield url
    server.terminate()
    server.wait(timeout=20)


# Every page of every context reports Content-Security-Policy violations to Python: the
# `securitypolicyviolation` event (init scripts and bindings are not subject to the policy)
# and Chromium's "Refused to …" console messages. A test with any violation fails.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbCspViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || location.href}:${event.lineNumber}) ${event.sample || ""}`);
});
"""
csp_violations: list[str] = []
watched_contexts: list = []


def watch_csp(context) -> None:
    def report(source, text: str) -> None:
        csp_violations.append(f"{source['page'].url}: {text}")

    def console(message) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            csp_violations.append(f"console: {message.text}")

    context.expose_binding("__kbCspViolation", report)
    context.add_init_script(CSP_LISTENER)
    context.on("console", console)
    context.on("close", lambda closed: watched_contexts.remove(closed))
    watched_contexts.append(context)


class WatchedBrowser:
    """The Playwright browser, whose every new context reports CSP violations."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        watch_csp(context)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when a page violated the policy."""
    csp_violations.clear()
    result = yield
    for context in list(watched_contexts):
        for open_page in context.pages:
            open_page.wait_for_timeout(50)  # deliver reports still on their way
    if csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(csp_violations))
    return result


@pytest.fixture(scope="session")
def browser(demo_env):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser, live_url):
    """A fresh page; console errors and failed requests make the test fail."""
    context = browser.new_context(base_url=live_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], problems


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """Serious and critical accessibility violations on the current page: of WCAG 2 A/AA
    and best practice, or only of the axe `rules` named (faster: ["color-contrast"])."""
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core missing: scripts/test.sh installs it with npm ci")
        pytest.skip("axe-core not installed (npm ci)")
    # Evaluated through the DevTools protocol: an injected <script> would be inline code,
    # which the site's Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (only) => await axe.run(document, {runOnly: only})",
        {"type": "rule", "values": rules}
        if rules
        else {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]},
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def sign_in(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
