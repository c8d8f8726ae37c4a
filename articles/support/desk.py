"""What the support desk shows for an article: the customer's text beside the agent's.

An agent often does not read the customer's language (an English-speaking agent answering
in Arabic), so each result carries two texts: the one the customer will get and one in the
agent's own language, each with a short plain-text preview of the body. The customer's
text says what state it is in, from `selectors.translation_status`: served as translated,
translated but outdated, or not served (missing, or not published yet) so the customer
gets the English.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article
from articles.publishing.selectors import translation_status

PREVIEW_CHARS = 240
# The `#` deep link articles/markup/markdown.py puts after each heading: not text to read.
HEADING_LINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
HEADING_END = re.compile(r"</h[1-6]>")
DESK_PERMISSION = "articles.use_support_desk"


@dataclass(frozen=True)
class DeskText:
    """An article's title and body preview as read in `lang` (`requested` is the language
    asked for; `lang` differs from it when the source language is served instead)."""

    requested: str
    lang: str
    title: str
    summary: str
    preview: str

    @property
    def fallback(self) -> bool:
        return self.lang != self.requested

    @property
    def lang_name(self) -> str:
        return dict(settings.LANGUAGES)[self.lang]

    @property
    def direction(self) -> str:
        """ "rtl" for a right-to-left language (settings.LANGUAGES_BIDI), else "ltr"."""
        return "rtl" if self.lang in settings.LANGUAGES_BIDI else "ltr"


@dataclass(frozen=True)
class DeskResult:
    """One desk result: the customer's text, the agent's (None when the languages are the
    same), the customer's translation `state` (translation_status value) and the link."""

    article: Article
    customer: DeskText
    agent: DeskText | None
    state: str
    short_url: str

    @property
    def outdated(self) -> bool:
        return self.state == "outdated"

    @property
    def source_changed_at(self):
        """When the English last changed in a way translations must follow (major change)."""
        return self.article.source_changed_at

    @property
    def markdown(self) -> str:
        return f"[{self.customer.title}]({self.short_url})"

    @property
    def reply(self) -> str:
        return f"{self.customer.title}\n{self.customer.summary}\n{self.short_url}"


def served_language(article: Article, lang: str, status: dict[str, str] | None = None) -> str:
    """The language a reader asking for `lang` is served: `lang` when its translation is
    published and complete (up to date or not; `Article.shows_in`), else the source."""
    return lang if article.shows_in(lang) else SOURCE_LANGUAGE


def body_preview(article: Article, lang: str, chars: int = PREVIEW_CHARS) -> str:
    """The start of the body in `lang` as plain text (headings' `#` links dropped), at most
    `chars` characters, ending in "…" when cut."""
    html = HEADING_LINK.sub("", article.text("body_html", lang))
    html = HEADING_END.sub(" — ", html)  # a heading runs into its text otherwise
    return Truncator(" ".join(strip_tags(html).split())).chars(chars)


def desk_text(article: Article, lang: str, status: dict[str, str]) -> DeskText:
    """The text of `article` a reader asking for `lang` gets."""
    served = served_language(article, lang, status)
    return DeskText(
        requested=lang,
        lang=served,
        title=article.text("title", served),
        summary=article.text("summary", served),
        preview=body_preview(article, served),
    )


def desk_result(article: Article, *, customer_lang: str, agent_lang: str, short_url: str):
    """A DeskResult for `article`; `short_url` is the absolute `/a/<id>/?lang=…` link."""
    status = translation_status(article)
    customer = desk_text(article, customer_lang, status)
    agent = desk_text(article, agent_lang, status)
    return DeskResult(
        article=article,
        customer=customer,
        agent=None if agent.lang == customer.lang else agent,
        state=status.get(customer_lang, "missing"),
        short_url=short_url,
    )


def lands_on_desk(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for a support agent who does nothing else in the admin: may use the desk but not
    change articles (Editors, Reviewers and Translators may). Such users are sent to the
    desk after signing in."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and user.has_perm(DESK_PERMISSION)
        and not user.has_perm("articles.change_article")
    )
