"""Translation files: what needs translating in a language, as a gettext PO file.

PO is the format translation tools share most widely (Poedit, Weblate, Lokalize, OmegaT,
Crowdin, Transifex, Phrase, memoQ, Trados…), and it already carries what a translator of
an outdated text needs: a `fuzzy` flag ("check this") and the previous source
(`#| msgid`), which Poedit and Weblate show as a diff. polib reads and writes it.

One unit (PO entry) per article field that needs work: `msgctxt` is the unit's id,
`article:<id>:<field>`; `msgid` is the English text the translation must follow (the
import refuses a changed unit whose English changed since, by comparing it with this
text); `msgstr` the translation as its translator works on it, pending edits included
(empty when there is none). Units of an outdated translation are
flagged fuzzy, with the English at the translation's base as previous msgid.
"""

from dataclasses import dataclass

import polib
from django.utils import timezone
from django.utils.translation import to_locale

from articles.models import SOURCE_LANGUAGE, TRANSLATED_TEXT_FIELDS, Article, language_codes
from articles.publishing import selectors
from articles.translations.base import current_source_text, source_text_at_base
from articles.translations.edits import working_text

UNIT_PREFIX = "article"
# Header naming the site language a file is for (its Language header is a locale, zh_Hans).
LANGUAGE_HEADER = "X-KB-Language"


def unit_id(article_id: int, field: str) -> str:
    """The id of one article field in a translation file: "article:12:body"."""
    return f"{UNIT_PREFIX}:{article_id}:{field}"


def parse_unit_id(text: str) -> tuple[int, str] | None:
    """(article id, field) of a unit id, or None when it is not one of ours."""
    prefix, _, rest = (text or "").partition(":")
    article_id, _, field = rest.partition(":")
    if prefix != UNIT_PREFIX or not article_id.isdigit() or field not in TRANSLATED_TEXT_FIELDS:
        return None
    return int(article_id), field


def normalized(text: str | None) -> str:
    """Text as compared and stored: LF line ends, no surrounding blank space."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class Unit:
    """One article field to translate: the English now, the translation, and for an
    outdated one the English it was made from (`previous`) and `fuzzy`."""

    article: Article
    field: str
    source: str
    translation: str
    previous: str | None = None
    fuzzy: bool = False


def article_units(article: Article, lang: str, *, everything: bool = False) -> list[Unit]:
    """The units of one article that need work in `lang` (or all, with `everything`).

    Missing translation: every field with English text. Outdated: the fields whose
    English changed since the translation's base, fuzzy (all of them when none did, e.g.
    a base the history cannot tell). Up to date: none, unless `everything`.
    """
    state = selectors.translation_status(article)[lang]
    if state == "current" and not everything:
        return []
    now = current_source_text(article)
    base = source_text_at_base(article, lang) if state == "outdated" else now
    changed = {name for name in TRANSLATED_TEXT_FIELDS if base[name] != now[name]}
    working = working_text(article, lang)
    units = []
    for name in TRANSLATED_TEXT_FIELDS:
        stale = state == "outdated" and (name in changed or not changed)
        if not now[name] or (state == "outdated" and not stale and not everything):
            continue
        translation = working[name]
        previous = base[name] if name in changed and stale else None
        units.append(
            Unit(article, name, now[name], translation, previous, stale and bool(translation))
        )
    return units


def units_to_translate(lang: str, *, everything: bool = False, articles=None) -> list[Unit]:
    """Every unit needing work in `lang`, article by article in the site's order.

    `articles` narrows the articles (a queryset; default all, drafts included: a
    translation is best made before publication). Raises ValueError for the source
    language or a code that is not a site language.
    """
    if lang not in language_codes() or lang == SOURCE_LANGUAGE:
        raise ValueError(f"{lang!r} is not a language articles are translated into")
    articles = Article.objects.all() if articles is None else articles
    units = []
    for article in articles.select_related("category").order_by(
        "category__position", "position", "slug"
    ):
        units.extend(article_units(article, lang, everything=everything))
    return units


def po_file(lang: str, units: list[Unit]) -> polib.POFile:
    """The PO file of `units` for `lang` (headers say the language and when)."""
    po = polib.POFile(wrapwidth=0)
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": "OKPay help center",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Language": to_locale(lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        LANGUAGE_HEADER: lang,
    }
    for unit in units:
        po.append(
            polib.POEntry(
                msgctxt=unit_id(unit.article.pk, unit.field),
                msgid=unit.source,
                msgstr=unit.translation,
                previous_msgid=unit.previous,
                flags=["fuzzy"] if unit.fuzzy else [],
                comment=f"{unit.article.slug} · {unit.field} · {unit.article.url_in(lang)}",
            )
        )
    return po


def export_translations(lang: str, *, everything: bool = False, articles=None) -> polib.POFile:
    """The PO file of what needs translating in `lang` (see units_to_translate)."""
    return po_file(lang, units_to_translate(lang, everything=everything, articles=articles))
