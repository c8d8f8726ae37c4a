"""Content as files: the help center as a folder of Markdown files, and back.

    <PATH>/<lang>/<slug>.md         YAML front matter between `---` lines, then Markdown
    <PATH>/<lang>/categories.yaml   slug → {name, description}, in display order
    <PATH>/<lang>/synonyms.yaml     a list of synonym groups (lists of terms)
    <PATH>/<lang>/pending/<slug>.md the pending version of a published translation:
                                    edits awaiting review (`status: review`), read by
                                    articles/publishing/pending_import.py

`import_content` reads every file first and reports every problem (file and reason)
before changing anything; then it upserts by slug in one transaction, saving only what
changed. `export_content` writes the database out in the same format, so export → import
→ export gives the same bytes. Articles, categories and synonyms that are not in the
folder are left alone (an import never deletes).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article, Category, SynonymGroup, column, language_codes

TEXT_KEYS = ("title", "summary", "keywords")
SOURCE_ONLY_KEYS = ("publish_at", "unpublish_at", "review_by")
ARTICLE_KEYS = ("category", "position", *TEXT_KEYS, "status", *SOURCE_ONLY_KEYS)
STATES = ("draft", "review", "published")  # a translation's state in the files
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?(.*)\Z", re.S | re.M)


class ContentFileError(Exception):
    """Files that cannot be imported; `problems` lists "file: what is wrong" lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ArticleFile:
    """One `<lang>/<slug>.md`: its front matter and Markdown body."""

    path: str  # relative to the imported folder, for messages: "ru/fees.md"
    lang: str
    slug: str
    front: dict
    body: str


@dataclass
class ImportReport:
    categories: int = 0
    articles: int = 0
    created: int = 0
    changed: int = 0
    synonym_groups: int = 0
    languages: list[str] = field(default_factory=list)
    # Translations stored but not shown (their article is published): "ru/fees.md (draft)"
    unpublished_translations: list[str] = field(default_factory=list)
    # Pending versions stored, awaiting review: "ru/pending/fees.md"
    pending_translations: list[str] = field(default_factory=list)


def read_article_file(path: Path) -> tuple[dict, str]:
    """Split an article file into (front matter, Markdown body ending in one newline).

    Raises ValueError naming the file when the front matter is missing or not YAML.
    """
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{path}: expected YAML front matter between '---' lines")
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: the front matter is not valid YAML ({error})") from None
    if not isinstance(front, dict):
        raise ValueError(f"{path}: the front matter must be a mapping of keys to values")
    return front, match.group(2).strip() + "\n"


def read_yaml(path: Path, problems: list[str], root: Path):
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(f"{path.relative_to(root)}: not valid YAML ({error})")
        return None


def content_languages(directory: Path, problems: list[str]) -> list[str]:
    """The site's languages that have a folder; a folder with Markdown files named after no
    language of the site is a problem (a typo would otherwise be silently ignored)."""
    known = language_codes()
    for child in sorted(directory.iterdir()):
        if child.is_dir() and child.name not in known and any(child.glob("*.md")):
            problems.append(
                f"{child.name}/: not a language of this site (LANGUAGES: {', '.join(known)})"
            )
    return [lang for lang in known if (directory / lang).is_dir()]


def read_article_files(directory: Path, languages: list[str], problems: list[str]):
    """slug → {lang: ArticleFile} of every readable article file."""
    articles: dict[str, dict[str, ArticleFile]] = {}
    for lang in languages:
        for path in sorted((directory / lang).glob("*.md")):
            name = f"{lang}/{path.name}"
            if not SLUG.match(path.stem):
                problems.append(f"{name}: the file name must be a slug (a-z, 0-9 and hyphens)")
                continue
            try:
                front, body = read_article_file(path)
            except (ValueError, UnicodeDecodeError) as error:
                problems.append(f"{name}: {str(error).split(': ', 1)[-1]}")
                continue
            entry = ArticleFile(name, lang, path.stem, front, body)
            articles.setdefault(path.stem, {})[lang] = entry
    return articles


def parse_moment(value, *, as_date: bool = False):
    """An ISO 8601 date or time from YAML (already a date/datetime, or a string) → an aware
    datetime (a date alone means its midnight in TIME_ZONE), or a date with `as_date`.
    Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value) or parse_date(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not an ISO 8601 date or time")
        value = parsed
    if not isinstance(value, date):
        raise ValueError(f"{value!r} is not an ISO 8601 date or time")
    if as_date:
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def format_moment(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.get_fixed_timezone(0)).isoformat()
    return value.isoformat()


# --- export ---------------------------------------------------------------------------
@dataclass
class ExportReport:
    articles: int = 0
    files: int = 0
    removed: int = 0


def _dump(value, *, flow: bool | None = False) -> str:
    return yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=flow
    )


def article_front_matter(article: Article, lang: str) -> dict:
    """The front matter of an article's file in `lang` (empty values left out)."""
    front = {"category": article.category.slug, "position": article.position}
    for key in TEXT_KEYS:
        if value := article.text(key, lang).strip():
            front[key] = value
    front["status"] = article.status if lang == SOURCE_LANGUAGE else _state_of(article, lang)
    if lang == SOURCE_LANGUAGE:
        for key in SOURCE_ONLY_KEYS:
            if (value := getattr(article, key)) is not None:
                front[key] = format_moment(value)
    return front


def _state_of(article: Article, lang: str) -> str:
    """A translation's state for its file (a translation without one is a draft)."""
    state = article.translation_state(lang)
    return state.status if state is not None else "draft"


def article_file_text(article: Article, lang: str) -> str | None:
    """The file `<lang>/<slug>.md` of an article; None when nothing is written in `lang`."""
    if lang != SOURCE_LANGUAGE and not any(
        article.text(key, lang).strip() for key in (*TEXT_KEYS, "body")
    ):
        return None
    body = article.text("body", lang).strip()
    return f"---\n{_dump(article_front_matter(article, lang))}---\n{body}\n"


PENDING_FOLDER = "pending"  # <lang>/pending/<slug>.md: a translation's pending version
PENDING_KEYS = (*TEXT_KEYS, "status")
PENDING_STATUS = "review"  # what a pending version awaits


def pending_file_text(article: Article, lang: str) -> str | None:
    """The file `<lang>/pending/<slug>.md`: the translation with its pending edits applied
    (the text its translator works on), `status: review`; None without pending edits."""
    state = article.translation_state(lang)
    if state is None or not state.pending:
        return None
    text = {key: state.pending.get(key, article.text(key, lang)).strip() for key in TEXT_KEYS}
    front = {key: value for key, value in text.items() if value}
    front["status"] = PENDING_STATUS
    body = state.pending.get("body", article.text("body", lang)).strip()
    return f"---\n{_dump(front)}---\n{body}\n"


def _write_pending(folder: Path, articles: list[Article], lang: str) -> tuple[int, int]:
    """Write `lang`'s pending versions into `folder`; (files written, stale ones removed)."""
    files = {}
    for article in articles:
        if (text := pending_file_text(article, lang)) is not None:
            files[f"{article.slug}.md"] = text
    if files:
        folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    stale = [path for path in folder.glob("*.md") if path.name not in files]
    for path in stale:
        path.unlink()
    return len(files), len(stale)


def _category_entries(lang: str) -> dict:
    entries = {}
    for category in Category.objects.order_by("position", "slug"):
        name = (getattr(category, column("name", lang)) or "").strip()
        if not name:
            continue
        entry = {"name": name}
        if description := (getattr(category, column("description", lang)) or "").strip():
            entry["description"] = description
        entries[category.slug] = entry
    return entries


def export_content(*, directory: Path) -> ExportReport:
    """Write every category, article and active synonym group into `directory`.

    The language folders then hold exactly what the database holds: `.md` files and
    YAML files there that the export did not write are removed (so an article deleted
    since the last export is not brought back by the next import); other files are
    left alone. Raises OSError when the folder cannot be written.
    """
    directory = Path(directory)
    report = ExportReport()
    articles = list(
        Article.objects.select_related("category")
        .prefetch_related("translation_states")
        .order_by("slug")
    )
    report.articles = len(articles)
    for lang in language_codes():
        folder = directory / lang
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        if categories := _category_entries(lang):
            files["categories.yaml"] = _dump(categories)
        groups = SynonymGroup.objects.filter(language=lang, is_active=True).order_by("pk")
        if groups:
            files["synonyms.yaml"] = _dump([group.term_list() for group in groups], flow=None)
        for article in articles:
            if (text := article_file_text(article, lang)) is not None:
                files[f"{article.slug}.md"] = text
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        report.files += len(files)
        for stale in [*folder.glob("*.md"), *folder.glob("*.yaml")]:
            if stale.name not in files:
                stale.unlink()
                report.removed += 1
        written, removed = _write_pending(folder / PENDING_FOLDER, articles, lang)
        report.files += written
        report.removed += removed
    return report
