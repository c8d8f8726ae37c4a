"""Importing a translated PO file back (the file export_translations wrote).

All or nothing: the whole file is checked, inside one transaction holding the articles'
row locks, before anything is written. Only the units that change something are checked
(a unit whose text is the translation's working text — what the export wrote — is
"unchanged", whatever the English or the Markdown say: a file is never refused for what
its own export put in it). A changed unit is refused (and with it the file) when its id
is not an article field of this site, when the English changed since the export (its
msgid is no longer the English text), when it appears twice, or when its text is broken:
a title or keywords on several lines or too long, a summary or body whose Markdown lost
something of the English that the current translation had
(articles/markup/structure_checks.py). Untranslated units and units still flagged fuzzy
are skipped and counted, as gettext itself does.

Who may import: the per-language rule of every way in (`roles.can_translate` for the
file's language). Accepted text goes through articles/translations/edits.py like any
edit: an edit of a published translation waits for review as its pending version, a new
translation is a draft, unless an approver asks to publish directly; saves are one
revision commented with the file's name and the user.
"""

from dataclasses import dataclass, field

import polib
import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import get_language_info, gettext

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE, language_codes, match_language
from articles.markup.structure_checks import markdown_problems
from articles.models import Article, column, normalize_text
from articles.translations import edits
from articles.translations.po_files import LANGUAGE_HEADER, normalized, parse_unit_id

SINGLE_LINE_FIELDS = ("title", "keywords")
MARKDOWN_FIELDS = ("summary", "body")


class TranslationFileError(Exception):
    """The file was refused; `problems` lists each reason, naming the unit."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    """What an import did: `changed` units with new text, per article slug, and per
    slug what readers get now (`outcomes`: edits.PUBLISHED, PENDING or DRAFT)."""

    lang: str
    changed: dict[str, list[str]] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    unchanged: int = 0
    untranslated: int = 0
    fuzzy: int = 0

    @property
    def changed_units(self) -> int:
        return sum(len(fields) for fields in self.changed.values())

    def articles(self, outcome: str) -> list[str]:
        """The slugs whose import had `outcome`."""
        return [slug for slug, done in self.outcomes.items() if done == outcome]


def read_po(source: str) -> polib.POFile:
    """Parse PO text or a path; TranslationFileError when it is not a readable PO file."""
    try:
        return polib.pofile(source)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        message = gettext("Not a readable PO file: %(error)s") % {"error": error}
        raise TranslationFileError([message]) from error


def file_language(po: polib.POFile) -> str:
    """The site language the file translates into, from its headers."""
    tag = po.metadata.get(LANGUAGE_HEADER) or po.metadata.get("Language", "")
    lang = match_language(tag)
    if lang is None or lang == SOURCE_LANGUAGE or lang not in language_codes():
        raise TranslationFileError(
            [gettext("The file’s language “%(tag)s” is not one articles are translated into.")
             % {"tag": tag}]
        )  # fmt: skip
    return lang


def import_translations(
    source: str, *, user=None, name: str = "", publish: bool = False
) -> ImportReport:
    """Check and apply a translated PO file (text or path); returns what it changed.

    `user` (None: the command line) must be allowed to translate the file's language,
    and to approve it for `publish` (the edits go live at once instead of waiting for
    review). Raises TranslationFileError, with every problem found, and changes
    nothing, when any unit is refused (module docstring) or the user may not.
    """
    po = read_po(source)
    lang = file_language(po)
    _check_rights(user, lang, publish)
    entries = [entry for entry in po if not entry.obsolete]
    comment = gettext("Imported the %(lang)s translation file %(name)s") % {
        "lang": lang,
        "name": name,
    }
    with transaction.atomic(), reversion.create_revision():
        ids = {parsed[0] for entry in entries if (parsed := parse_unit_id(entry.msgctxt))}
        articles = Article.objects.select_for_update().in_bulk(ids)
        report, updates = _checked_updates(entries, articles, lang)
        for article_id, texts in updates.items():
            article = articles[article_id]
            outcome = edits.change_translation(
                article=article, lang=lang, texts=texts, user=user, publish=publish, comment=comment
            )
            if outcome != edits.UNCHANGED:
                report.outcomes[article.slug], report.changed[article.slug] = outcome, list(texts)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return report


def _check_rights(user, lang: str, publish: bool) -> None:
    try:
        edits.check_may_change(user, lang, publish=publish)
    except PermissionDenied:
        names = {"language": get_language_info(lang)["name_translated"], "lang": lang}
        if publish and user is not None and roles.can_translate(user, lang):
            message = gettext(
                "You may not publish the %(language)s translation directly: import the "
                "file without “publish”, and a reviewer of %(language)s approves it."
            )
        else:
            message = gettext(
                "This file is for %(language)s (%(lang)s), a language you may not "
                "translate: nothing was imported. Ask an editor for the “Translators "
                "(%(lang)s)” group, or export a file of your own language."
            )
        raise TranslationFileError([message % names]) from None


def _checked_updates(entries, articles: dict, lang: str) -> tuple[ImportReport, dict]:
    """(report, {article id: {field: text}} to apply), or TranslationFileError."""
    report, updates, problems, seen = ImportReport(lang), {}, [], set()
    working = {}
    for entry in entries:
        unit = parse_unit_id(entry.msgctxt)
        article = articles.get(unit[0]) if unit else None
        if article is None:
            problems.append(gettext("%(unit)s: unknown unit id") % {"unit": entry.msgctxt or "?"})
            continue
        if unit in seen:
            problems.append(gettext("%(unit)s: appears twice") % {"unit": entry.msgctxt})
            continue
        seen.add(unit)
        if article.pk not in working:
            working[article.pk] = edits.working_text(article, lang)
        current = working[article.pk][unit[1]]
        if not entry.msgstr.strip():
            report.untranslated += 1
        elif entry.fuzzy:
            report.fuzzy += 1
        elif normalize_text(entry.msgstr) == current:
            report.unchanged += 1
        elif wrong := _unit_problems(article, unit[1], entry, current):
            where = f"{entry.msgctxt} ({article.slug}, {unit[1]})"
            problems.extend(f"{where}: {text}" for text in wrong)
        else:
            updates.setdefault(article.pk, {})[unit[1]] = normalize_text(entry.msgstr)
    if problems:
        raise TranslationFileError(problems)
    return report, updates


def _unit_problems(article: Article, name: str, entry: polib.POEntry, current: str) -> list[str]:
    """Why a changed unit cannot be applied (empty: it can). `current` is the working
    text it replaces: Markdown it already lacked is not the file's fault."""
    text = normalized(entry.msgstr)
    source = normalized(article.text(name, SOURCE_LANGUAGE))
    if normalized(entry.msgid) != source:
        return [gettext("the English changed since the file was exported: export it again")]
    if name in SINGLE_LINE_FIELDS and "\n" in text:
        return [gettext("must be a single line")]
    limit = Article._meta.get_field(column(name, SOURCE_LANGUAGE)).max_length
    if limit and len(text) > limit:
        return [gettext("longer than %(limit)d characters") % {"limit": limit}]
    if name not in MARKDOWN_FIELDS:
        return []
    known = set(markdown_problems(source, current)) if current else set()
    return [problem for problem in markdown_problems(source, text) if problem not in known]
