"""Search indexing and cached listings follow the data: each handler is one call."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles import search
from articles.models import (
    Article,
    Category,
    DeletedArticle,
    SourceDraft,
    SynonymGroup,
    TranslationState,
)
from articles.publishing import drafts, revisions, schedules, selectors
from articles.web import page_cache, page_versions


@receiver(post_save, sender=Article, dispatch_uid="index_saved_article")
def index_saved_article(sender, instance: Article, **kwargs) -> None:
    search.record_change(instance.pk)


@receiver(schedules.publication_boundary_passed, dispatch_uid="index_boundary_passed")
def index_boundary_passed(sender, article_id: int, **kwargs) -> None:
    search.record_change(article_id)


@receiver(schedules.publication_boundary_passed, dispatch_uid="publish_due_draft")
def publish_due_draft(sender, article_id: int, **kwargs) -> None:
    drafts.publish_due(article_id=article_id)


@receiver(post_delete, sender=Article, dispatch_uid="index_deleted_article")
def index_deleted_article(sender, instance: Article, **kwargs) -> None:
    search.record_change(instance.pk)


@receiver([post_save, post_delete], sender=Article, dispatch_uid="article_listings_changed")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="category_listings_changed")
def listings_changed(sender, **kwargs) -> None:
    selectors.content_changed()


@receiver([post_save, post_delete], sender=SynonymGroup, dispatch_uid="reload_synonyms")
def reload_synonyms(sender, **kwargs) -> None:
    search.synonyms_changed()


@receiver(post_save, sender=Category, dispatch_uid="index_category_articles")
def index_category_articles(sender, instance: Category, **kwargs) -> None:
    search.record_category_change(instance)


@receiver(post_save, sender=Article, dispatch_uid="record_article_revision")
@receiver(post_save, sender=TranslationState, dispatch_uid="record_translation_revision")
@receiver(post_save, sender=SourceDraft, dispatch_uid="record_draft_revision")
def record_article_revision(sender, instance, **kwargs) -> None:
    revisions.record_unmanaged_save(instance)


@receiver([post_save, post_delete], sender=TranslationState, dispatch_uid="index_translation")
def index_translation(sender, instance: TranslationState, **kwargs) -> None:
    search.record_change(instance.article_id)


@receiver([post_save, post_delete], sender=TranslationState, dispatch_uid="translation_listings")
def translation_listings_changed(sender, **kwargs) -> None:
    selectors.content_changed()


@receiver(post_delete, sender=Article, dispatch_uid="remember_deleted_article")
def remember_deleted_article(sender, instance: Article, **kwargs) -> None:
    DeletedArticle.record(instance)


@receiver(pre_save, sender=Article, dispatch_uid="article_before_save")
def article_before_save(sender, instance: Article, **kwargs) -> None:
    page_versions.remember_before_save(instance)


def page_cache_content_changed(sender, signal, instance=None, created=False, **kwargs) -> None:
    deleted = signal is post_delete
    page_cache.model_changed(sender, instance, created=created, deleted=deleted)


# Every model of the app, new ones included (page_cache.NOT_CONTENT lists the exceptions),
# connected one by one: a receiver for any sender would take the fast path away from
# every bulk delete of the project (Django then loads and signals each deleted row).
for _model in apps.get_app_config("articles").get_models():
    if page_cache.is_content(_model):
        for _signal in (post_save, post_delete):
            _signal.connect(
                page_cache_content_changed,
                sender=_model,
                dispatch_uid=f"page_cache_{_model._meta.label_lower}",
            )
