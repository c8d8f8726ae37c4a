"""Pending versions in content files: `<lang>/pending/<slug>.md`, read by `import_content`.

A published translation's edits awaiting review (TranslationState.pending) are exported
beside it as the whole text its translator works on, `status: review`
(articles/publishing/content_files.py). Importing such a file stores the fields that
differ from the published translation as its pending version: readers keep the published
text until a reviewer approves. The file needs a published translation to wait on (its
`<lang>/<slug>.md` with `status: published`, or one already in the database). An
unchanged pending version is left alone, with its author and any reviewer's comment.
"""

from pathlib import Path

from articles.models import Article, TranslationState, column, normalize_text
from articles.models.translations import PENDING_FIELDS
from articles.publishing.content_files import (
    PENDING_FOLDER,
    PENDING_KEYS,
    PENDING_STATUS,
    SOURCE_LANGUAGE,
    TEXT_KEYS,
    ArticleFile,
    ImportReport,
    read_article_files,
)

PendingTexts = dict[tuple[str, str], tuple[str, dict[str, str]]]


def read_pending_files(
    directory: Path, languages: list[str], files: dict, existing: dict, problems: list[str]
) -> PendingTexts:
    """{(slug, lang): (file name, {field: text})} of every pending file, checked against
    the article files being imported (`files`: slug → {lang: ArticleFile}) and the
    articles already stored (`existing`: slug → Article); problems appended."""
    folders = [lang for lang in languages if (directory / lang / PENDING_FOLDER).is_dir()]
    found: dict[str, dict[str, ArticleFile]] = {}
    for lang in folders:
        pending_root = directory / lang
        for slug, per_lang in read_article_files(pending_root, [PENDING_FOLDER], problems).items():
            entry = per_lang[PENDING_FOLDER]
            entry.path, entry.lang = f"{lang}/{entry.path}", lang
            found.setdefault(slug, {})[lang] = entry
    texts: PendingTexts = {}
    for slug, per_lang in sorted(found.items()):
        for lang, entry in per_lang.items():
            article = existing.get(slug) or Article.objects.filter(slug=slug).first()
            if _problems(entry, files.get(slug, {}).get(lang), article, problems):
                continue
            text = {key: normalize_text(str(entry.front.get(key) or "")) for key in TEXT_KEYS}
            texts[(slug, lang)] = (entry.path, {**text, "body": normalize_text(entry.body)})
    return texts


def _problems(entry: ArticleFile, translation, article, problems: list[str]) -> bool:
    """Append why `entry` cannot be imported; True when there is a reason."""
    before = len(problems)
    for key in entry.front:
        if key not in PENDING_KEYS:
            problems.append(f"{entry.path}: unknown key {key!r} (known: {', '.join(PENDING_KEYS)})")
    if entry.front.get("status", PENDING_STATUS) != PENDING_STATUS:
        problems.append(f"{entry.path}: status must be {PENDING_STATUS} (edits awaiting review)")
    if entry.lang == SOURCE_LANGUAGE:
        problems.append(f"{entry.path}: only translations have pending versions")
    elif not _published(entry.lang, translation, article):
        problems.append(
            f"{entry.path}: pending edits wait on a published translation: "
            f"{entry.lang}/{entry.slug}.md needs status published"
        )
    return len(problems) > before


def _published(lang: str, translation: ArticleFile | None, article: Article | None) -> bool:
    """The `lang` translation is published once the import is done."""
    if translation is not None:
        return translation.front.get("status", "published") == "published"
    state = article.translation_state(lang) if article is not None else None
    return bool(state and state.is_published)


def save_pending(texts: PendingTexts, report: ImportReport) -> None:
    """Store each pending version (inside the import's transaction, after the articles)."""
    for (slug, lang), (path, text) in texts.items():
        article = Article.objects.get(slug=slug)
        state = TranslationState.objects.get(article=article, language=lang)
        pending = {
            field: text[field]
            for field in PENDING_FIELDS
            if text[field] != normalize_text(getattr(article, column(field, lang)))
        }
        report.pending_translations.append(path)
        if pending == state.pending:
            continue
        state.pending, state.pending_by, state.review_comment = pending, None, ""
        state.save()
