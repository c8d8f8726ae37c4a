"""Importing a translated PO file back (the file export_translations wrote).

All or nothing: the whole file is checked, inside one transaction holding the articles'
row locks, before anything is written. A unit is refused (and with it the file) when its
id is not an article field of this site, when the English changed since the export (its
msgid is no longer the English text), when it appears twice, or when its text is broken:
a title or keywords on several lines or too long, a summary or body whose Markdown lost
something of the English (articles/markup/structure_checks.py). Untranslated units and units still
flagged fuzzy are skipped and counted, as gettext itself does. Accepted text is saved the
way the admin saves it: `Article.save()` (rendered HTML, "text last changed" stamps, search
indexing and listings by signals) inside one revision, commented and with the user.
"""

from dataclasses import dataclass, field

import polib
import reversion
from django.db import transaction
from django.utils.translation import gettext

from articles.core.languages import SOURCE_LANGUAGE, language_codes, match_language
from articles.markup.structure_checks import markdown_problems
from articles.models import Article, column
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
    """What an import did: `changed` units saved with new text, per article slug."""

    lang: str
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    untranslated: int = 0
    fuzzy: int = 0

    @property
    def changed_units(self) -> int:
        return sum(len(fields) for fields in self.changed.values())


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


def import_translations(source: str, *, user=None, name: str = "") -> ImportReport:
    """Check and apply a translated PO file (text or path); returns what it changed.

    Raises TranslationFileError, with every problem found, and changes nothing, when any
    unit is refused (module docstring).
    """
    po = read_po(source)
    lang = file_language(po)
    entries = [entry for entry in po if not entry.obsolete]
    with transaction.atomic(), reversion.create_revision():
        ids = {parsed[0] for entry in entries if (parsed := parse_unit_id(entry.msgctxt))}
        articles = Article.objects.select_for_update().in_bulk(ids)
        report, updates = _checked_updates(entries, articles, lang)
        for article_id, texts in updates.items():
            _save(articles[article_id], lang, texts, report)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(
            gettext("Imported the %(lang)s translation file %(name)s")
            % {"lang": lang, "name": name}
        )
    return report


def _checked_updates(entries, articles: dict, lang: str) -> tuple[ImportReport, dict]:
    """({article id: {field: text}} to apply, report), or TranslationFileError."""
    report, updates, problems, seen = ImportReport(lang), {}, [], set()
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
        wrong = _unit_problems(article, unit[1], entry)
        problems.extend(f"{entry.msgctxt} ({article.slug}, {unit[1]}): {text}" for text in wrong)
        if not entry.msgstr.strip():
            report.untranslated += 1
        elif entry.fuzzy:
            report.fuzzy += 1
        elif not wrong:
            updates.setdefault(article.pk, {})[unit[1]] = normalized(entry.msgstr)
    if problems:
        raise TranslationFileError(problems)
    return report, updates


def _unit_problems(article: Article, name: str, entry: polib.POEntry) -> list[str]:
    """Why one unit cannot be applied (empty: it can, or it is skipped anyway)."""
    text = normalized(entry.msgstr)
    if not text or entry.fuzzy:
        return []
    source = normalized(article.text(name, SOURCE_LANGUAGE))
    if normalized(entry.msgid) != source:
        return [gettext("the English changed since the file was exported: export it again")]
    if name in SINGLE_LINE_FIELDS and "\n" in text:
        return [gettext("must be a single line")]
    limit = Article._meta.get_field(column(name, SOURCE_LANGUAGE)).max_length
    if limit and len(text) > limit:
        return [gettext("longer than %(limit)d characters") % {"limit": limit}]
    return markdown_problems(source, text) if name in MARKDOWN_FIELDS else []


def _save(article: Article, lang: str, texts: dict[str, str], report: ImportReport) -> None:
    changed = [name for name, text in texts.items() if normalized(article.text(name, lang)) != text]
    report.unchanged += len(texts) - len(changed)
    if not changed:
        return
    for name in changed:
        setattr(article, column(name, lang), texts[name])
    article.save()
    report.changed[article.slug] = changed
