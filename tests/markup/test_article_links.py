"""Links between articles by slug and heading name (`article:fees#check-the-fee`), and
the check that lists the broken ones."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.markup.markdown import render_markdown
from articles.publishing.link_check import broken_article_links
from tests.factories import ArticleFactory


def test_an_article_link_renders_relative_to_the_readers_language():
    html = render_markdown("See [the fee schedule](article:fees#check-the-fee).")
    assert '<a href="../fees/#section-check-the-fee"' in html
    assert 'href="../fees/"' in render_markdown("[fees](article:fees)")
    # A name written with its prefix is not prefixed twice.
    assert 'href="../fees/#section-limits"' in render_markdown("[x](article:fees#section-limits)")


@pytest.mark.parametrize(
    "reference",
    ['article:"><script>alert(1)</script>', "article:../../admin", "article:fees#a b", "article:"],
)
def test_a_malformed_article_link_keeps_its_words_and_loses_its_href(reference):
    html = render_markdown(f"[words]({reference}) after")
    assert "words" in html
    assert "<script" not in html and "article:" not in html and "admin" not in html


def test_a_named_heading_keeps_its_id_in_every_language():
    english = render_markdown("## How to check the fee {#check-the-fee}\n\ntext")
    russian = render_markdown("## Как узнать комиссию {#check-the-fee}\n\ntext")
    for html in (english, russian):
        assert '<h2 id="section-check-the-fee">' in html
        assert "{#" not in html
    assert '<h2 id="section-plain">' in render_markdown("## Plain\n")


def test_the_sample_content_links_by_name_and_none_is_broken(client, sample_content):
    assert broken_article_links() == []
    html = client.get("/ru/articles/currencies-and-exchange/").content.decode()
    assert 'href="../fees/#section-check-the-fee"' in html
    assert 'id="section-check-the-fee"' in client.get("/ru/articles/fees/").content.decode()


def test_broken_links_are_listed_per_language(db, capsys):
    ArticleFactory(slug="target", body_en="## Limits {#limits}\n\nx", languages=["ru"])
    ArticleFactory(
        slug="source",
        body_en="[a](article:target#limits) [b](article:nowhere) [c](article:target#missing)",
        body_ru="[a](article:target#limits)",
    )
    problems = {(link.source, link.lang, link.reference) for link in broken_article_links()}
    # The Russian target text has no heading named "limits"; English has it.
    assert ("source", "ru", "article:target#limits") in problems
    assert ("source", "en", "article:target#limits") not in problems
    assert ("source", "en", "article:nowhere") in problems
    assert ("source", "en", "article:target#missing") in problems
    with pytest.raises(CommandError, match="3 broken link"):
        call_command("check_article_links")
    assert "source [en]: article:nowhere" in capsys.readouterr().out
