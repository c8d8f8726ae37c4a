"""The load run with an editor at work: visitors' latency while articles are being saved.

Two runs of the same length on the same server: visitors alone, then visitors while an
editor saves an article through the admin every few seconds (logged in, over HTTP) and
watches `/api/search` until the new title is found. Reported: visitors' p50/p95/p99 in
both runs and in the moments around saves, requests slower than a second per minute, and
each save's POST time and save-to-searchable time.
"""

import http.client
import json
import secrets
import threading
import time

from articles.models import Article
from bench.editor import AdminEditor
from bench.server import Server, url_quote
from bench.stats import summary

EDITOR = "bench-editor"
AROUND_SAVE_S = 1.0  # "during a save": from its POST until this long after it is searchable
SEARCHABLE_TIMEOUT_S = 30.0


def marker(number: int) -> str:
    """A made-up English word, distinct per save (letters only, so no analyzer splits it)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += chr(ord("a") + digit)
        if not number:
            return f"zorbl{letters}q"


def wait_until_found(port: int, word: str, slug: str) -> float:
    """Poll the API until `word` finds `slug`; return when (time.monotonic())."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    deadline = time.monotonic() + SEARCHABLE_TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            conn.request("GET", f"/api/search?q={url_quote(word)}&lang=en&limit=5")
            response = conn.getresponse()
            body = response.read()
            if response.status == 200 and any(
                hit["slug"] == slug for hit in json.loads(body)["results"]
            ):
                return time.monotonic()
            time.sleep(0.02)
    finally:
        conn.close()
    raise RuntimeError(f"{word!r} was not searchable {SEARCHABLE_TIMEOUT_S:.0f} s after saving")


class Editor(threading.Thread):
    """Saves one article every `every` seconds until `until` (time.monotonic())."""

    def __init__(self, port: int, password: str, every: float, until: float) -> None:
        super().__init__(daemon=True)
        self.port, self.password, self.every, self.until = port, password, every, until
        self.articles = list(
            Article.objects.published()
            .filter(slug__startswith="synthetic-")
            .order_by("pk")
            .values_list("pk", "slug", "title_en")[:20]
        )
        self.saves: list[dict] = []
        self.failed: list[str] = []  # saves the server refused (their error pages)
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            editor = AdminEditor(self.port)
            editor.log_in(EDITOR, self.password)
            number, next_save = 0, time.monotonic() + self.every / 2
            while not number or next_save < self.until - self.every / 2:  # at least one
                time.sleep(max(0.0, next_save - time.monotonic()))
                article_id, slug, title = self.articles[number % len(self.articles)]
                word = marker(number)
                try:
                    posted, post_s = editor.save_title(article_id, f"{title} {word}")
                except RuntimeError as error:  # a refused save: counted, the run goes on
                    self.failed.append(str(error)[:300])
                else:
                    found = wait_until_found(self.port, word, slug)
                    self.saves.append({"posted": posted, "post_s": post_s, "found": found})
                number, next_save = number + 1, next_save + self.every
        except Exception as error:  # noqa: BLE001  (reported with the results, not lost)
            self.error = error


def around_saves(timeline: list, saves: list[dict]) -> list[float]:
    """Milliseconds of the visitors' requests that started while a save was under way."""
    windows = [(s["posted"], s["found"] + AROUND_SAVE_S) for s in saves]
    return [ms for began, ms, _kind in timeline if any(a <= began <= b for a, b in windows)]


def visitors(load: dict, timeline: list) -> dict:
    slow = sum(1 for _began, ms, _kind in timeline if ms > 1000)
    return {
        "all": load["all"],
        "throughput_rps": load["throughput_rps"],
        "errors": load["errors"],
        "over_1s_per_minute": round(slow / load["seconds"] * 60, 1),
        **{kind: load[kind] for kind in ("article", "search", "suggest")},
    }


def create_bench_editor(username: str = EDITOR) -> str:
    """A staff account in the Editors group with a new random password (returned)."""

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(12)
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name="Editors")])
    return password


def load_with_saves(server: Server, mix: dict, seconds: float, clients: int, every: float):
    """Visitors alone, then visitors while an editor saves every `every` seconds."""
    password = create_bench_editor()
    quiet: list = []
    alone = visitors(server.load(mix, seconds, clients, timeline=quiet), quiet)
    busy: list = []
    editor = Editor(server.port, password, every, time.monotonic() + seconds)
    editor.start()
    with_saves = visitors(server.load(mix, seconds, clients, timeline=busy), busy)
    editor.join(timeout=SEARCHABLE_TIMEOUT_S + 60)
    if editor.error:
        raise RuntimeError(f"The editor's saves failed: {editor.error}") from editor.error
    saves = editor.saves
    return {
        "seconds": seconds,
        "clients": clients,
        "save_every_s": every,
        "without_saves": alone,
        "with_saves": with_saves,
        "around_saves": summary(around_saves(busy, saves)),
        "saves": len(saves),
        "failed_saves": len(editor.failed),
        "failed_examples": editor.failed[:3],
        "save_post": summary([s["post_s"] * 1000 for s in saves]),
        "save_to_searchable": summary([(s["found"] - s["posted"]) * 1000 for s in saves]),
    }
