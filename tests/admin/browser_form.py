"""The admin change form as a browser would post it: every field's current value, with
textareas sent with CRLF line ends (as browsers submit them)."""

from html.parser import HTMLParser

from django.test import Client


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self.textareas: set[str] = set()
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.textareas.add(name)
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.data.setdefault(self._select, self._first_option or "")
            self._select = None

    def handle_data(self, data) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def browser_form(client: Client, url: str) -> dict[str, str]:
    """The fields of the admin form at `url`, as a browser submits them (CRLF textareas).

    The leading newline Django writes after <textarea> is dropped, as browsers do.
    """
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    data = reader.data
    for name in reader.textareas:
        text = data[name].removeprefix("\n")
        data[name] = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = "Save"
    return data


def publishing_now(data: dict[str, str]) -> dict[str, str]:
    """`data` posted with "Save and publish the English now" instead of "Save": changes to
    a live article's English go to the site at once instead of to its draft."""
    data = {key: value for key, value in data.items() if key != "_save"}
    return {**data, "_publish_source": "1"}


def signed_in(username: str, *groups: str) -> Client:
    """A client signed in as a new staff user in `groups`."""
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username=username, groups=list(groups)))
    return client


def change_url(article) -> str:
    """The article's admin change form."""
    return f"/admin/articles/article/{article.pk}/change/"


def make_outdated(article) -> None:
    """A major English change: every translation of `article` becomes outdated."""
    from articles.publishing import selectors

    article.body_en += "\n\nRefunds now take 5 working days."
    article.save()
    assert selectors.translation_status(article)["ru"] == "outdated"
