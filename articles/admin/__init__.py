"""The editor admin, one module per responsibility; importing this package registers all.

protection.py (who may change which field: the source, each language), articles.py (the
article admin), pending.py (what its form shows and where a save goes: pending versions,
English drafts), source_drafts.py (the English draft page), review.py (review panes),
edit_conflicts.py (merge or refuse; who has the form open), compact_form.py (the
form's sections: read-only languages and secondary sections folded; warnings for images
the site will drop), translations.py (translation page and localization dashboard),
filters.py (the article list's filters), categories.py, search.py (synonyms, search log),
canned_replies.py (the workspace's canned replies).
Users (help-center membership) and images register from their own modules.

Imports: anything below it (publishing, translations, search, analytics, accounts, models,
markup, core); nothing imports the admin.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Registered from their own modules: users, contact requests, canned replies, chat hours
# and agents' languages, link usage and API tokens.
from articles.admin import canned_replies, live_help, members, support, usage  # noqa: F401
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

# The admin's name in its header, page titles and index (templates/admin/base_site.html).
admin.site.site_header = _("Help center administration")
admin.site.site_title = _("Help center admin")
admin.site.index_title = _("Articles, translations and support")

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
