"""The article admin: one tab per language, translation states at a glance, preview.

Editors (group "Editors") do everything; translators ("Translators (ru)"…) change their
languages' text only (admin/protection.py), and their edits of a published translation
wait for a reviewer (articles/translations/workflow.py). Changes to a live article's
English are a draft until published (admin/pending.py, admin/source_drafts.py);
publishing the English marks every translation outdated unless "minor change" is ticked.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TabbedTranslationAdmin

from articles.admin import list_columns as article_list_columns
from articles.admin.compact_form import CompactFormAdmin
from articles.admin.edit_conflicts import EditConflictAdmin
from articles.admin.filters import (
    PublicationFilter,
    ReviewByFilter,
    TranslationStatusFilter,
    TranslationWorkFilter,
)
from articles.admin.forms import ArticleForm
from articles.admin.images import (  # also registers the Images admin
    ArticleImageInline,
    ImageRefusalStatusAdmin,
)
from articles.admin.pending import PendingVersionsAdmin
from articles.admin.protection import SourceProtectedAdmin
from articles.admin.revisions import RevisionAdmin
from articles.admin.source_drafts import SourceDraftAdmin
from articles.admin.translation_files import TranslationFilesAdmin
from articles.admin.translations import TranslationWorkflowAdmin
from articles.admin.translator_view import TranslatorViewAdmin
from articles.markup.image_check import dropped_images
from articles.markup.markdown import render_markdown
from articles.models import Article, ArticleImage, column, language_codes
from articles.publishing import selectors, services
from articles.translations import localization
from articles.translations import workflow as translation_workflow
from articles.translations.translator_view import STATUS_LABELS, STATUS_SYMBOLS


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@admin.register(Article)
class ArticleAdmin(
    ImageRefusalStatusAdmin,
    PendingVersionsAdmin,
    EditConflictAdmin,
    SourceDraftAdmin,
    TranslationWorkflowAdmin,
    CompactFormAdmin,
    TranslatorViewAdmin,
    TranslationFilesAdmin,
    RevisionAdmin,
    SourceProtectedAdmin,
    TabbedTranslationAdmin,
):
    form = ArticleForm
    list_display = (
        article_list_columns.title,
        article_list_columns.category,
        "publication",
        "translations",
        article_list_columns.updated,
    )
    list_filter = (
        "status",
        PublicationFilter,
        ReviewByFilter,
        "category",
        TranslationWorkFilter,
        TranslationStatusFilter,
    )
    search_fields = (
        "slug",
        *(column(name, lang) for lang in language_codes() for name in ("title", "keywords")),
    )
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = (
        "translation_links",
        "public_links",
        "previous_slugs",
        "published_at",
        "created_at",
        "updated_at",
        "views",
    )
    actions = ("publish", "unpublish")
    list_select_related = ("category",)
    inlines = (ArticleImageInline,)
    fieldsets = (
        (
            None,
            {"fields": ("title", ("slug", "category"), ("status", "position"), "edit_version")},
        ),
        (_("Publication"), {"fields": ("publish_at", "unpublish_at", "review_by")}),
        (_("Text"), {"fields": ("summary", "body", "keywords", "minor_change")}),
        # Collapsed (<details>, no JavaScript needed): admin/compact_form.py.
        (_("Translations"), {"fields": ("translation_links",), "classes": ("collapse",)}),
        (
            _("On the site"),
            {
                "fields": (
                    "public_links",
                    "previous_slugs",
                    "views",
                    "published_at",
                    "created_at",
                    "updated_at",
                ),
                "classes": ("collapse",),
            },
        ),
    )

    class Media:
        js = ("articles/admin-preview.js", "articles/admin-editor.js")
        css = {"all": ("articles/admin.css",)}

    @admin.display(description=_("translations"))
    def translations(self, article: Article) -> str:
        status = selectors.translation_status(article)
        return format_html(
            '<span class="kb-tr-list">{}</span>',
            format_html_join(
                "",
                '<span class="kb-tr kb-tr-{}" title="{}">{} {}</span>',
                (
                    (state, STATUS_LABELS[state], lang, STATUS_SYMBOLS[state])
                    for lang, state in status.items()
                ),
            ),
        )

    @admin.display(description=_("publication"), ordering="status")
    def publication(self, article: Article) -> str:
        """The state, and under it the review-by date (one column: the list fits 1280 px)."""
        if not article.is_published:
            state = _("Draft")
        elif article.is_scheduled:
            state = _("Scheduled for %(when)s") % {"when": _when(article.publish_at)}
        elif article.is_expired:
            state = _("Expired on %(when)s") % {"when": _when(article.unpublish_at)}
        else:
            state = _("Published")
        draft = getattr(article, "source_draft", None)
        if draft is not None and draft.exists:  # changes to the English, not live yet
            state = format_html(
                '{}<br><small class="kb-draft-mark">{}</small>',
                state,
                _("English draft: %(state)s") % {"state": draft.get_status_display()},
            )
        if not article.review_by:
            return state
        review = _("review by %(date)s") % {
            "date": date_format(article.review_by, "SHORT_DATE_FORMAT")
        }
        return format_html('{}<br><small class="kb-review-by">{}</small>', state, review)

    def get_queryset(self, request: HttpRequest):
        articles = super().get_queryset(request).prefetch_related("translation_states")
        return articles.select_related("source_draft")

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_edit_source_permission(request):
            return fieldsets
        # Translators cannot change the English: "minor change" means nothing to them.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "minor_change"]})
            for name, options in fieldsets
        ]

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        """Minor English changes; new translations' states; pending edits and English
        drafts (not live)."""
        obj.minor_source_change = bool(form.cleaned_data.get("minor_change"))
        if change:
            obj.translation_statuses = translation_workflow.new_translation_statuses(
                article=obj, user=request.user
            )
            self.divert_pending_edits(request, obj, form)  # admin/pending.py
        super().save_model(request, obj, form, change)

    @admin.display(description=_("translations"))
    def translation_links(self, article: Article) -> str:
        """Each language's state, linking to its translation page (review, approve…)."""
        if not article.pk:
            return _("Save the article first.")
        status = localization.translation_status(article)
        return format_html_join(
            " · ",
            '<a href="{}" class="kb-tr kb-tr-{}">{} {} <small>({})</small></a>',
            (
                (
                    reverse("admin:articles_article_translation", args=[article.pk, code]),
                    status[code],
                    code,
                    STATUS_SYMBOLS[status[code]],
                    STATUS_LABELS[status[code]],
                )
                for code in language_codes()
                if code != settings.LANGUAGE_CODE
            ),
        )

    @admin.display(description=_("previous slugs"))
    def previous_slugs(self, article: Article) -> str:
        slugs = [old.slug for old in article.old_slugs.all()] if article.pk else []
        if not slugs:
            return _("none (old URLs of a renamed article redirect here)")
        return ", ".join(slugs)

    @admin.display(description=_("view on site"))
    def public_links(self, article: Article) -> str:
        if not article.pk:
            return _("Save the article first.")
        status = selectors.translation_status(article)
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a> <small>({})</small>',
            (
                (article.url_in(code), name, STATUS_LABELS[status[code]])
                for code, name in settings.LANGUAGES
            ),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["edit_source"])
    def publish(self, request: HttpRequest, queryset) -> None:
        count = services.publish_articles(articles=queryset)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["edit_source"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        count = services.unpublish_articles(articles=queryset)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is ArticleImage:
            for image_form in formset.forms:
                if image_form.instance.pk is None:
                    image_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="articles_article_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> JsonResponse:
        """Render the posted Markdown exactly as the site will (sanitized), for the editor:
        {"html", "dropped_images": [sources of the images the site will not show]}."""
        if not (
            request.user.has_perm("articles.change_article")
            or request.user.has_perm("articles.add_article")
        ):
            return JsonResponse({"error": "forbidden"}, status=403)
        text = request.POST.get("markdown", "")[:200_000]
        return JsonResponse({"html": render_markdown(text), "dropped_images": dropped_images(text)})
