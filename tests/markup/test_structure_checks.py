"""What makes a translated Markdown text broken compared with its English source."""

import pytest

from articles.markup.structure_checks import fence_lines, link_targets, markdown_problems

pytestmark = pytest.mark.django_db

SOURCE = (
    "See [support](../contact-support/), [fees][f] and <https://example.com/a?b=1&c=2>.\n\n"
    "```\ncode\n```\n\n![chart](/media/articles/chart.png)\n\n[f]: ../fees/\n"
)


def test_link_targets_are_compared_as_rendered():
    assert link_targets(SOURCE) == {
        "article:contact-support",
        "article:fees",
        "https://example.com/a?b=1&c=2",
        "/media/articles/chart.png",
    }
    # Another language's article URL is the same article; heading permalinks do not count.
    assert link_targets("## Hi\n\n[x](/ru/articles/fees/)") == {"article:fees"}


def test_a_faithful_translation_has_no_problem():
    translation = (
        "См. [поддержку](/ru/articles/contact-support/), [комиссии](../fees/) и "
        "<https://example.com/a?b=1&c=2>.\n\n~~~\nкод\n~~~\n\n![график](/media/articles/chart.png)"
    )
    assert markdown_problems(SOURCE, translation) == []


def test_unclosed_fence_lost_link_and_lost_image_are_named():
    problems = markdown_problems(SOURCE, "См. [поддержку](../contact-support/).\n\n```\nкод\n")
    assert "a code block opened on line 3 is never closed" in problems
    assert "the link to the article “fees” is missing" in problems
    assert "the link or image “/media/articles/chart.png” of the English is missing" in problems


def test_fences_close_only_with_the_same_kind():
    assert fence_lines("```\n~~~\n```\n") == [1, 3]
    assert len(fence_lines("````\n```\n")) == 1
