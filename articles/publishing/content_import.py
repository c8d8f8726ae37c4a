"""`import_content PATH`: upsert categories, articles and synonyms from content files.

Everything is read and checked before anything is written; the writes then happen in one
transaction, so a bad file leaves the database as it was. Problems are reported all at
once, each as "<lang>/<file>: what is wrong".

Publication state: the source-language (English) file's `status` is the article's
(`published`, or `draft`; `review` is kept as a draft, never shown). Each translation
file's `status` (default `published`) is stored as that translation's state
(articles/models/translations.py): a `draft` or `review` translation is stored but never
shown — readers get the English — and the report lists it. A published translation's
pending version (`<lang>/pending/<slug>.md`) is stored as its edits awaiting review
(articles/publishing/pending_import.py). Text is compared normalized (line ends, trailing
spaces), so re-importing an exported folder changes nothing.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, Category, SynonymGroup, column, language_codes, normalize_text
from articles.publishing.content_files import (
    ARTICLE_KEYS,
    SOURCE_LANGUAGE,
    SOURCE_ONLY_KEYS,
    STATES,
    TEXT_KEYS,
    ArticleFile,
    ContentFileError,
    ImportReport,
    content_languages,
    parse_moment,
    read_article_files,
    read_yaml,
)
from articles.publishing.pending_import import read_pending_files, save_pending


def import_content(*, directory: Path) -> ImportReport:
    """Upsert the content of `directory` by slug; idempotent. Raises ContentFileError."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentFileError([f"{directory}: no such folder"])
    problems: list[str] = []
    report = ImportReport(languages=content_languages(directory, problems))
    categories = _read_categories(directory, report.languages, problems)
    synonyms = _read_synonyms(directory, report.languages, problems)
    files = read_article_files(directory, report.languages, problems)
    existing = Article.objects.in_bulk(list(files), field_name="slug")
    known_categories = set(categories) | set(Category.objects.values_list("slug", flat=True))
    plans = [
        _plan_article(slug, per_lang, existing.get(slug), known_categories, problems, report)
        for slug, per_lang in sorted(files.items())
    ]
    pending = read_pending_files(directory, report.languages, files, existing, problems)
    if problems:
        raise ContentFileError(problems)
    with transaction.atomic():
        saved = _save_categories(categories, problems)
        report.categories = len(saved)
        if problems:
            raise ContentFileError(problems)  # rolls the whole import back
        slugs_to_ids = dict(Category.objects.values_list("slug", "pk"))
        for slug, values in plans:
            _save_article(slug, values, existing.get(slug), slugs_to_ids, problems, report)
        if problems:
            raise ContentFileError(problems)  # rolls the whole import back
        save_pending(pending, report)
        report.synonym_groups = _save_synonyms(synonyms)
    return report


def _read_categories(directory: Path, languages: list[str], problems: list[str]) -> dict:
    """slug → {lang: {"name", "description"}}, in the order of the files."""
    categories: dict[str, dict] = {}
    for lang in languages:
        path = directory / lang / "categories.yaml"
        if not path.exists():
            continue
        entries = read_yaml(path, problems, directory)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            problems.append(f"{lang}/categories.yaml: expected a mapping of slug → name")
            continue
        for slug, entry in entries.items():
            if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
                problems.append(f"{lang}/categories.yaml: category {slug!r} needs a name")
                continue
            categories.setdefault(str(slug), {})[lang] = {
                "name": str(entry["name"]).strip(),
                "description": str(entry.get("description") or "").strip(),
            }
    return categories


def _read_synonyms(directory: Path, languages: list[str], problems: list[str]) -> dict:
    """lang → list of comma-joined synonym groups."""
    synonyms: dict[str, list[str]] = {}
    for lang in languages:
        path = directory / lang / "synonyms.yaml"
        if not path.exists():
            continue
        groups = read_yaml(path, problems, directory) or []
        if not isinstance(groups, list):
            problems.append(f"{lang}/synonyms.yaml: expected a list of groups ([a, b, c])")
            continue
        joined = []
        for group in groups:
            terms = group if isinstance(group, list) else str(group).split(",")
            terms = [str(term).strip() for term in terms if str(term).strip()]
            if len(terms) > 1:
                joined.append(", ".join(terms))
        synonyms[lang] = joined
    return synonyms


def _plan_article(slug, per_lang, article, categories, problems, report) -> tuple[str, dict]:
    """The column values the files give an article (checked; problems appended)."""
    source = per_lang.get(SOURCE_LANGUAGE)
    if source is None and article is None:
        first = next(iter(per_lang.values()))
        problems.append(
            f"{first.path}: no {SOURCE_LANGUAGE}/{slug}.md and no article {slug!r} to translate"
        )
        return slug, {}
    for entry in per_lang.values():
        _check_keys(entry, source, problems)
    values: dict = {}
    if source is not None:
        values.update(_source_values(source, categories, problems))
        published = source.front.get("status", "published") == "published"
    else:
        published = article.is_published
    statuses = {}
    for lang, entry in per_lang.items():
        state = entry.front.get("status", "published")
        if lang != SOURCE_LANGUAGE:
            statuses[lang] = state
            if published and state != "published":
                report.unpublished_translations.append(f"{entry.path} ({state})")
        for key in TEXT_KEYS:
            value = entry.front.get(key) or ""
            if isinstance(value, list):
                value = ", ".join(str(item).strip() for item in value)
            values[column(key, lang)] = normalize_text(str(value))
        values[column("body", lang)] = normalize_text(entry.body)
    values["translation_statuses"] = statuses
    return slug, values


def _check_keys(entry: ArticleFile, source: ArticleFile | None, problems: list[str]) -> None:
    for key in entry.front:
        if key not in ARTICLE_KEYS:
            problems.append(f"{entry.path}: unknown key {key!r} (known: {', '.join(ARTICLE_KEYS)})")
        elif key in SOURCE_ONLY_KEYS and entry.lang != SOURCE_LANGUAGE:
            problems.append(f"{entry.path}: {key} belongs in the {SOURCE_LANGUAGE} file only")
    state = entry.front.get("status", "published")
    if state not in STATES:
        problems.append(f"{entry.path}: status {state!r} must be one of {', '.join(STATES)}")
    if source is not None and entry is not source:
        for key in ("category", "position"):
            if key in entry.front and entry.front[key] != source.front.get(key):
                problems.append(f"{entry.path}: {key} differs from {source.path}'s")


def _source_values(source: ArticleFile, categories: set[str], problems: list[str]) -> dict:
    front = source.front
    values: dict = {"status": Article.Status.PUBLISHED}
    if front.get("status", "published") != "published":
        values["status"] = Article.Status.DRAFT
    if front.get("category") not in categories:
        problems.append(f"{source.path}: category {front.get('category')!r} does not exist")
    values["category_slug"] = front.get("category")
    try:
        values["position"] = int(front.get("position", 0))
        if values["position"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(f"{source.path}: position must be a whole number ≥ 0")
    if not str(front.get("title") or "").strip():
        problems.append(f"{source.path}: title is required")
    for key in SOURCE_ONLY_KEYS:
        try:
            values[key] = parse_moment(front.get(key), as_date=key == "review_by")
        except ValueError as error:
            problems.append(f"{source.path}: {key}: {error}")
    return values


def _save_categories(categories: dict, problems: list[str]) -> list[Category]:
    saved = []
    for position, (slug, per_lang) in enumerate(categories.items(), start=1):
        category = Category.objects.filter(slug=slug).first() or Category(slug=slug)
        values = {}
        for lang, entry in per_lang.items():
            values[column("name", lang)] = entry["name"]
            values[column("description", lang)] = entry["description"]
        if SOURCE_LANGUAGE in per_lang or category.pk is None:
            values["position"] = position
        if category.pk is None and SOURCE_LANGUAGE not in per_lang:
            values[column("name", SOURCE_LANGUAGE)] = slug
        if category.pk is None or any(getattr(category, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(category, key, value)
            try:
                category.full_clean(validate_unique=False)
            except ValidationError as error:
                problems.extend(_validation_problems(error, f"categories.yaml: {slug}"))
                continue
            category.save()
        saved.append(category)
    return saved


def _save_article(slug, values, article, category_ids, problems, report) -> None:
    values = dict(values)
    statuses = values.pop("translation_statuses", {})
    category_slug = values.pop("category_slug", None)
    if category_slug is not None:
        values["category_id"] = category_ids[category_slug]
    created = article is None
    if created:
        article = Article(slug=slug)
    report.articles += 1
    stored_statuses = {} if created else _translation_statuses(article)
    if (
        not created
        and all(_same(getattr(article, key), value) for key, value in values.items())
        and all(stored_statuses.get(lang) == state for lang, state in statuses.items())
    ):
        return
    for key, value in values.items():
        setattr(article, key, value)
    article.translation_statuses = statuses
    try:
        article.full_clean(validate_unique=created)
    except ValidationError as error:
        problems.extend(_validation_problems(error, f"{slug}.md"))
        return
    article.save()
    report.created += int(created)
    report.changed += int(not created)


def _translation_statuses(article: Article) -> dict[str, str]:
    return dict(article.translation_states.values_list("language", "status"))


def _same(stored, value) -> bool:
    """Stored and imported values are equal (text compared normalized)."""
    if isinstance(value, str) and isinstance(stored, str | None):
        return normalize_text(stored) == value
    return stored == value


def _validation_problems(error: ValidationError, file_name: str) -> list[str]:
    """ "<lang>/<file>: <key>: <messages>" for each invalid field; a translated field's
    problem names the file of its language."""
    problems = []
    for name, messages in error.message_dict.items():
        lang = next(
            (code for code in language_codes() if name.endswith(f"_{code.replace('-', '_')}")),
            "",
        )
        key = name.removesuffix(f"_{lang.replace('-', '_')}") if lang else name
        problems.append(f"{lang or SOURCE_LANGUAGE}/{file_name}: {key}: {' '.join(messages)}")
    return problems


def _save_synonyms(synonyms: dict[str, list[str]]) -> int:
    """Seed each language's synonym groups; groups editors added or changed are kept."""
    count = 0
    for lang, groups in synonyms.items():
        for terms in groups:
            SynonymGroup.objects.get_or_create(language=lang, terms=terms)
            count += 1
    return count
