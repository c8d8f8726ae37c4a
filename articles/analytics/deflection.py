"""Deflection: chats the visitor ended with "this solved it" on an offered article.

The chat offers articles before a human; what the visitor chose is recorded by the chat
(articles/support/deflection.py: one ChatDeflection row per choice, never the visitor's
text). The reports read it through `deflection_outcomes` alone.

Rate: "this solved it" ÷ (it + "talk to a person"), per language.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from articles.models import ChatDeflection

SOLVED_BY_ARTICLE = "solved_by_article"
TO_PERSON = "to_person"


def deflection_outcomes(window) -> Counter:
    """How many visitors chose each outcome in `window` (analytics.support_reports
    .SupportWindow: `since`, `language`): a Counter of (language code, outcome) →
    choices, outcome SOLVED_BY_ARTICLE or TO_PERSON (one query; empty without choices).
    """
    rows = ChatDeflection.objects.filter(created_at__gte=window.since)
    if window.language:
        rows = rows.filter(language=window.language)
    outcome = {ChatDeflection.Outcome.SOLVED: SOLVED_BY_ARTICLE,
               ChatDeflection.Outcome.PERSON: TO_PERSON}  # fmt: skip
    counts = rows.values("language", "outcome").annotate(choices=Count("pk"))
    return Counter({(row["language"], outcome[row["outcome"]]): row["choices"] for row in counts})


@dataclass
class Deflection:
    """One language's choices ("" for all languages together)."""

    language: str
    solved_by_article: int = 0
    to_person: int = 0

    @property
    def offered(self) -> int:
        return self.solved_by_article + self.to_person

    @property
    def rate(self) -> float | None:
        """The share of choices that were "this solved it" (0–1); None without choices."""
        return self.solved_by_article / self.offered if self.offered else None


def deflection_by_language(
    outcomes: Counter, languages: list[str]
) -> tuple[list[Deflection], Deflection]:
    """(one Deflection per language, the total) from `deflection_outcomes`."""
    rows = [
        Deflection(lang, outcomes[(lang, SOLVED_BY_ARTICLE)], outcomes[(lang, TO_PERSON)])
        for lang in languages
    ]
    total = Deflection("", sum(r.solved_by_article for r in rows), sum(r.to_person for r in rows))
    return rows, total
