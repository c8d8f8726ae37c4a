"""An editor at work during the load run: logs in to the admin and saves articles over HTTP.

Each save goes through the real change form (GET it, change the English title, POST every
field back with the form's CSRF token), as a person in a browser would, so it costs what
a real save costs: validation, the rendered HTML of every language, the change log, and
the after-commit index update in the gunicorn worker that answered.
"""

import http.client
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}
PUBLISH_NOW = "_publish_source"  # articles/admin/pending.py's button


class ChangeForm(HTMLParser):
    """The fields an admin change form would submit: {name: [values]} (browser rules:
    unchecked boxes and unselected options are left out)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: dict[str, list[str]] = {}
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._inside = attrs.get("id") == self.form_id
        if not self._inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type", "text") not in SKIPPED_INPUTS:
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            default = "on" if checkable else ""
            self.fields.setdefault(attrs["name"], []).append(attrs.get("value", default))
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []
        elif tag == "select":
            self._select = attrs["name"]
            self.fields.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select].append(attrs.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # The HTML parser keeps the newline a browser drops after <textarea>.
            self.fields.setdefault(self._textarea, []).append(text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False


def form_fields(html: str, form_id: str = "article_form") -> dict[str, list[str]]:
    parser = ChangeForm(form_id)
    parser.feed(html)
    if not parser.fields:
        raise RuntimeError(f"No form #{form_id} in the page: is the editor logged in?")
    return parser.fields


def title_published(change_form: str, title: str) -> dict[str, list[str]]:
    """The fields to POST back from an article's change form (its HTML) so that the
    English title becomes `title` on the site at once (the form's "Save and publish the
    English now" button, as an Editor would press it)."""
    fields = form_fields(change_form)
    fields["title_en"] = [title]
    fields[PUBLISH_NOW] = ["Save and publish the English now"]
    return fields


class AdminEditor:
    """One logged-in admin session over HTTP (its own connection and cookies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, body text, Location header) of one request with this session's cookies."""
        headers = {"Accept-Language": "en", "Referer": f"http://127.0.0.1:{self.port}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed the idle keep-alive connection (gunicorn: after 5 s,
            # the editor's pace): open a new one and send again.
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, text, response.headers.get("Location", "")

    def log_in(self, username: str, password: str) -> None:
        _status, page, _ = self.request("GET", "/admin/login/")
        fields = form_fields(page, "login-form")
        fields.update(username=[username], password=[password], next=["/admin/"])
        status, _page, location = self.request("POST", "/admin/login/?next=/admin/", fields)
        if status != 302 or "login" in location:
            raise RuntimeError(f"The benchmark editor could not log in (HTTP {status}).")

    def save_title(self, article_id: int, title: str) -> tuple[float, float]:
        """Change a live article's English title through the change form and publish it
        ("Save and publish the English now": a plain save of a live article only changes
        its English draft, which readers and search never see); return when the POST was
        sent (time.monotonic()) and the seconds it took (the save, its index update and
        the redirect answer). Raises RuntimeError when the server refuses the save."""
        path = f"/admin/articles/article/{article_id}/change/"
        status, page, _ = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        fields = title_published(page, title)
        started = time.monotonic()
        status, page, _ = self.request("POST", path, fields)
        elapsed = time.monotonic() - started
        if status != 302:
            raise RuntimeError(f"Saving article {article_id} answered {status}: {page[:300]}")
        return started, elapsed
