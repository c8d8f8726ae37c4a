"""The editor admin, one module per responsibility; importing this package registers all.

protection.py (who may change which field: the source, each language), articles.py (the
article admin), translations.py (translation page and localization dashboard),
filters.py (the article list's filters), categories.py, search.py (synonyms, search log).
Users (help-center membership) and images register from their own modules.

Imports: anything below it (publishing, translations, search, analytics, accounts, models,
markup, core); nothing imports the admin.
"""

# Registered from their own modules: users, contact requests, link usage and API tokens.
from articles.admin import members, support, usage  # noqa: F401
from articles.admin.articles import STATUS_LABELS, STATUS_SYMBOLS, ArticleAdmin, ArticleForm
from articles.admin.categories import CategoryAdmin
from articles.admin.filters import (
    PublicationFilter,
    ReviewByFilter,
    TranslationStatusFilter,
    TranslationWorkFilter,
)
from articles.admin.protection import (
    SOURCE_PERMISSION,
    SourceProtectedAdmin,
    closed_translation_columns,
    source_fields,
    translation_columns,
)
from articles.admin.search import FoundFilter, SearchLogAdmin, SynonymGroupAdmin
from articles.admin.translations import TranslationWorkflowAdmin

__all__ = [
    "SOURCE_PERMISSION",
    "STATUS_LABELS",
    "STATUS_SYMBOLS",
    "ArticleAdmin",
    "ArticleForm",
    "CategoryAdmin",
    "FoundFilter",
    "PublicationFilter",
    "ReviewByFilter",
    "SearchLogAdmin",
    "SourceProtectedAdmin",
    "SynonymGroupAdmin",
    "TranslationStatusFilter",
    "TranslationWorkFilter",
    "TranslationWorkflowAdmin",
    "closed_translation_columns",
    "source_fields",
    "translation_columns",
]
