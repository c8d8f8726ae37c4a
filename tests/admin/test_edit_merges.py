"""A conflict is a change to the same content since the form was opened, nothing else
(issue 22, item 2): saves that change nothing, or change other fields, merge."""

import re

import pytest

from articles.models import Article
from tests.admin.browser_form import browser_form, change_url, signed_in

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this article"


def posted(client, article, data: dict):
    return client.post(change_url(article), data)


def shown_value(client, article, name: str) -> str:
    """What the change form shows `client` in field `name` now."""
    return browser_form(client, change_url(article))[name].replace("\r\n", "\n")


def test_a_save_that_changed_nothing_is_no_conflict(sample_content):
    article = Article.objects.get(slug="fees")
    editor, reviewer = signed_in("ed", "Editors"), signed_in("rev", "Reviewers")
    editor_form = browser_form(editor, change_url(article))
    # The reviewer opens the article and saves without changing anything.
    response = posted(reviewer, article, browser_form(reviewer, change_url(article)))
    assert response.status_code == 302
    editor_form["keywords_en"] += ", quokka"
    response = posted(editor, article, editor_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert shown_value(editor, article, "keywords_en").endswith(", quokka")


def test_changes_to_different_fields_are_merged(sample_content):
    article = Article.objects.get(slug="fees")
    alice, bob = signed_in("alice", "Editors"), signed_in("bob", "Editors")
    alice_form = browser_form(alice, change_url(article))
    bob_form = browser_form(bob, change_url(article))
    alice_form["title_en"] = "Fees, explained by Alice"
    assert posted(alice, article, alice_form).status_code == 302
    bob_form["summary_en"] = "A summary by Bob."
    bob_form["position"] = "7"
    response = posted(bob, article, bob_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert shown_value(bob, article, "title_en") == "Fees, explained by Alice"
    assert shown_value(bob, article, "summary_en") == "A summary by Bob."
    assert Article.objects.get(pk=article.pk).position == 7


def test_changes_to_the_same_field_are_shown_as_a_word_diff(sample_content):
    article = Article.objects.get(slug="fees")
    alice, bob = signed_in("alice", "Editors"), signed_in("bob", "Editors")
    alice_form = browser_form(alice, change_url(article))
    bob_form = browser_form(bob, change_url(article))
    original = alice_form["body_en"]
    alice_form["body_en"] = original + "\r\n\r\nAlice adds a paragraph."
    alice_form["title_en"] = "Fees (Alice)"
    assert posted(alice, article, alice_form).status_code == 302
    bob_form["body_en"] = original + "\r\n\r\nBob adds a paragraph."
    response = posted(bob, article, bob_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    table = html[html.index("kb-conflict") : html.index("</section>", html.index("kb-conflict"))]
    # Only the field both changed is a conflict, with its differences marked word by word.
    assert re.search(r'<del class="kb-diff-del">\s*Alice\s*</del>', table)
    assert re.search(r'<ins class="kb-diff-ins">\s*Bob\s*</ins>', table)
    assert "Fees (Alice)" not in table.split("kb-merged")[0]
    # The unchanged part of a long body is shortened, not shown twice in full.
    assert table.count("…") >= 1
    # Saving again is deliberate: Bob's body, Alice's title (merged) are both kept.
    refreshed = html.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
    bob_form["edit_version"] = refreshed
    assert posted(bob, article, bob_form).status_code == 302
    assert shown_value(bob, article, "body_en").endswith("Bob adds a paragraph.")
    assert shown_value(bob, article, "title_en") == "Fees (Alice)"


def test_the_form_says_who_else_has_the_article_open(sample_content):
    article = Article.objects.get(slug="fees")
    editor, reviewer = signed_in("ed", "Editors"), signed_in("rev", "Reviewers")
    first = editor.get(change_url(article)).content.decode()
    assert "kb-presence" not in first  # nobody else yet
    reviewer.get(change_url(article))
    html = editor.get(change_url(article)).content.decode()
    notice = html[html.index("kb-presence") :][:600]
    assert "rev" in notice and "ed<" not in notice
    # Another article is not affected.
    other = Article.objects.get(slug="reset-password")
    assert "kb-presence" not in editor.get(change_url(other)).content.decode()
