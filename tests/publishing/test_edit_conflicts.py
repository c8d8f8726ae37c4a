"""Edit conflicts: a save over someone else's newer change is refused, nothing is lost."""

import os
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
from django.test import Client

from articles.models import Article
from tests.admin_forms import change_form_post
from tests.factories import ArticleFactory, UserFactory
from tests.paths import ROOT


def editor(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, groups=["Editors"]))
    return client


def load_form(client: Client, article: Article) -> dict:
    """What the change form holds when `client` opens it now (the version included)."""
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    version = html.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
    article = Article.objects.get(pk=article.pk)
    fields = [f for f in Article._meta.get_fields() if getattr(f, "editable", False)]
    fields = [f for f in fields if f.concrete and not f.auto_created and f.name != "id"]
    data = change_form_post(article, fields, {})
    data["edit_version"] = version
    return data


@pytest.mark.django_db
def test_other_fields_merge_and_the_same_field_is_refused_with_both_versions():
    article = ArticleFactory(title_en="Old title", summary_en="Old summary")
    url = f"/admin/articles/article/{article.pk}/change/"
    alice, bob, carol = editor("alice"), editor("bob"), editor("carol")
    alice_form, bob_form = load_form(alice, article), load_form(bob, article)
    carol_form = load_form(carol, article)

    alice_form["title_en"] = "Alice's title"
    assert alice.post(url, alice_form).status_code == 302
    # Bob changed another field: merged, without asking.
    bob_form["summary_en"] = "Bob's summary"
    assert bob.post(url, bob_form).status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.summary_en) == ("Alice's title", "Bob's summary")

    # Carol changed the title too: refused, both versions shown, her input kept.
    carol_form["title_en"] = "Carol's title"
    response = carol.post(url, carol_form)
    assert response.status_code == 200  # the form again, not saved
    html = response.content.decode()
    assert "bob saved this article at" in html
    assert "your changes were not saved" in html
    conflict = html[
        html.index('class="kb-conflict"') : html.index(
            "</section>", html.index('class="kb-conflict"')
        )
    ]
    assert "Alice&#x27;s" in conflict and "Carol&#x27;s" in conflict
    assert "summary" not in conflict.split("kb-merged")[0].lower()  # Bob's field is no conflict
    assert 'value="Carol&#x27;s title"' in html
    article.refresh_from_db()
    assert article.title_en == "Alice's title"


@pytest.mark.django_db
def test_saving_again_after_seeing_the_conflict_is_a_deliberate_choice():
    article = ArticleFactory(title_en="Old title")
    url = f"/admin/articles/article/{article.pk}/change/"
    alice, bob = editor("alice"), editor("bob")
    alice_form, bob_form = load_form(alice, article), load_form(bob, article)
    alice_form["title_en"] = "Alice's title"
    alice.post(url, alice_form)
    bob_form["title_en"] = "Bob's title"
    html = bob.post(url, bob_form).content.decode()
    # The re-shown form carries the stored version now: Bob saves it knowingly.
    refreshed = html.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
    assert refreshed != bob_form["edit_version"]
    bob_form["edit_version"] = refreshed
    assert bob.post(url, bob_form).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Bob's title"
    # Alice's text is not lost: it is a revision.
    from articles.publishing import revisions

    titles = [e.version.field_dict["title_en"] for e in revisions.article_history(article)]
    assert "Alice's title" in titles


@pytest.mark.django_db
def test_a_form_without_its_version_is_refused():
    article = ArticleFactory(title_en="Old title")
    client = editor("carol")
    form = load_form(client, article)
    del form["edit_version"]
    form["title_en"] = "From a stale tab"
    response = client.post(f"/admin/articles/article/{article.pk}/change/", form)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_en == "Old title"


RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from django.db import transaction
    from articles.publishing.edit_conflicts import (
        form_values, lock_for_edit, parse_version, reconcile,
    )
    article_id, version, text, go = int(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.01)
    with transaction.atomic():
        article = lock_for_edit(article_id=article_id)
        found = reconcile(
            loaded=parse_version(version),
            stored=form_values(article),
            submitted={"summary_en": text},
        )
        if not found.conflicts:
            time.sleep(1.0)  # a slow save: the other process starts inside this window
            article.summary_en = text
            article.save()
    print("conflict" if found.conflicts else "saved")
    """
)

SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from articles.publishing.edit_conflicts import edit_version
    from articles.models import Article, Category
    category = Category.objects.create(slug="race", name_en="Race")
    article = Article.objects.create(slug="race", category=category, title_en="T", body_en="B")
    print(article.pk, edit_version(article))
    """
)


@pytest.fixture
def scratch_env(tmp_path):
    """A migrated database of its own (file SQLite, or a scratch PostgreSQL database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="kb.settings",
        KB_DATA_DIR=str(tmp_path / "data"),
        KB_BACKGROUND_WRITES="0",
        PYTHONPATH=str(ROOT),
    )
    scratch_db = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        scratch_db = f"kb_conflicts_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {scratch_db}")
        env["DATABASE_URL"] = f"{base}/{scratch_db}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    yield env
    if scratch_db:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {scratch_db} WITH (FORCE)")


@pytest.mark.slow
def test_two_processes_saving_the_same_version_cannot_both_win(scratch_env, tmp_path):
    def python(*args):
        return subprocess.Popen(
            [sys.executable, "-c", *args],
            cwd=ROOT,
            env=scratch_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    out, err = python(SETUP).communicate(timeout=120)
    assert out, err
    article_id, version = out.split()
    go = tmp_path / "go"
    racers = [python(RACER, article_id, version, f"racer {n}", str(go)) for n in (1, 2)]
    time.sleep(5)  # both have set Django up and wait for the start
    go.touch()
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        results.append(out.strip())
    assert sorted(results) == ["conflict", "saved"]
