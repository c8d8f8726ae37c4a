"""The help center's data, one module per subject; everything is importable from here.

content.py (Category, Article, their URLs and translated columns), publication.py (old
slugs, publication boundaries), feedback.py (votes), search_data.py (synonyms, change
log, search log), images.py (uploaded images).
"""

from ..languages import SOURCE_LANGUAGE, language_codes
from .content import (
    STAMPED_FIELDS,
    TRANSLATED_TEXT_FIELDS,
    Article,
    ArticleQuerySet,
    Category,
    article_path,
    column,
    live_condition,
    short_path,
)
from .content_version import ContentVersion
from .feedback import ArticleFeedback
from .images import ArticleImage, ContentAddressedStorage, _image_storage
from .publication import ArticleSlug, PublicationBoundary, record_slug_change
from .search_data import IndexChange, SearchLog, SynonymGroup

__all__ = [
    "SOURCE_LANGUAGE",
    "STAMPED_FIELDS",
    "TRANSLATED_TEXT_FIELDS",
    "Article",
    "ArticleFeedback",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleSlug",
    "Category",
    "ContentAddressedStorage",
    "ContentVersion",
    "IndexChange",
    "PublicationBoundary",
    "SearchLog",
    "SynonymGroup",
    "_image_storage",  # referenced by migration 0012
    "article_path",
    "column",
    "language_codes",
    "live_condition",
    "record_slug_change",
    "short_path",
]
