"""The help center's data, one module per subject; everything is importable from here.

content.py (Article and its translated columns), category.py (Category), naming.py
(URLs and column names), publication.py (old slugs, publication boundaries), feedback.py
(votes), search_data.py (synonyms, change log, search log, result clicks), images.py
(uploaded images), translations.py (per-translation states and source versions),
drafts.py (drafts of a live article's English, who has an article's form open),
querysets.py (what visitors see, in which language), support.py (contact channels,
requests), canned_replies.py (the workspace's canned replies per language),
live_help.py (agents' presence, the chat's opening hours, deflection, chats answered by
e-mail, chats taken), api_tokens.py, link_usage.py, deletions.py (deleted articles, for
the API's changes list), content_version.py (the content, structure and topic
versions: page-cache keys, and when search looks for index changes it has not applied).

Imports: markup (bodies are rendered at save time) and core only; never search, the site
or any feature package (pyproject.toml's layers contract).
"""

from articles.core.languages import SOURCE_LANGUAGE, language_codes
from articles.models.api_tokens import ApiToken
from articles.models.canned_replies import CannedReply
from articles.models.content import (
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
from articles.models.content_version import ContentVersion, TopicVersion
from articles.models.deletions import DeletedArticle
from articles.models.drafts import EditorPresence, SourceDraft, merge_pending
from articles.models.feedback import ArticleFeedback
from articles.models.images import ArticleImage, ContentAddressedStorage, _image_storage
from articles.models.link_usage import LinkUsage
from articles.models.live_help import (
    AgentPresence,
    ChatByEmail,
    ChatClaim,
    ChatDeflection,
    ChatHours,
    ChatHoursException,
    ChatSchedule,
)
from articles.models.publication import ArticleSlug, PublicationBoundary, record_slug_change
from articles.models.search_data import IndexChange, SearchClick, SearchLog, SynonymGroup
from articles.models.support import (
    ContactAttachment,
    ContactChannels,
    ContactMessage,
    ContactRequest,
    PhoneLine,
    SocialAccount,
)
from articles.models.translations import SourceVersion, TranslationState, normalize_text

__all__ = [
    "SOURCE_LANGUAGE",
    "AgentPresence",
    "ApiToken",
    "CannedReply",
    "ChatByEmail",
    "ChatClaim",
    "ChatDeflection",
    "ChatHours",
    "ChatHoursException",
    "ChatSchedule",
    "STAMPED_FIELDS",
    "TRANSLATED_TEXT_FIELDS",
    "Article",
    "ArticleFeedback",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleSlug",
    "Category",
    "ContactAttachment",
    "ContactChannels",
    "ContactMessage",
    "ContactRequest",
    "ContentAddressedStorage",
    "ContentVersion",
    "TopicVersion",
    "IndexChange",
    "PhoneLine",
    "DeletedArticle",
    "EditorPresence",
    "LinkUsage",
    "PublicationBoundary",
    "SearchClick",
    "SearchLog",
    "SourceDraft",
    "SourceVersion",
    "SocialAccount",
    "SynonymGroup",
    "TranslationState",
    "_image_storage",  # referenced by migration 0012
    "article_path",
    "column",
    "language_codes",
    "live_condition",
    "merge_pending",
    "normalize_text",
    "record_slug_change",
    "short_path",
]
