"""The editor admin: one tab per language, translation status at a glance, preview.

Editors (group "Editors") do everything; translators (group "Translators") may change the
translations but not the English source nor any language-neutral field (slug, category,
position, publication state…): every admin here is a `SourceProtectedAdmin`.
"""

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.forms import modelformset_factory
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator

from . import analytics_admin, article_list_columns, selectors, services
from .admin_revisions import RevisionAdmin
from .image_admin import ArticleImageInline  # also registers the Images admin
from .markdown import render_markdown
from .models import (
    SOURCE_LANGUAGE,
    Article,
    ArticleImage,
    Category,
    SearchLog,
    SynonymGroup,
    column,
    language_codes,
)

STATUS_SYMBOLS = {"current": "✓", "outdated": "↻", "missing": "—"}
STATUS_LABELS = {
    "current": _("up to date"),
    "outdated": _("English changed since"),
    "missing": _("missing"),
}
SOURCE_PERMISSION = "articles.edit_source"


def translation_columns(model) -> frozenset[str]:
    """The columns of `model` holding a translation out of the source language.

    E.g. {"name_zh_hans", "name_ru", …} for Category; empty for a model without translated
    fields. Read from modeltranslation's registry, so a newly translated field is included.
    """
    if model not in translator.get_registered_models():
        return frozenset()
    translated = translator.get_options_for_model(model).all_fields.values()
    return frozenset(
        field.name for fields in translated for field in fields if field.language != SOURCE_LANGUAGE
    )


def source_fields(model) -> list[str]:
    """The fields of `model` a form could change that are not a translation column.

    The source-language columns (title_en…) and every language-neutral field (slug,
    category, position, status…); the untranslated names modeltranslation keeps ("title")
    are left out, as the admin never puts them in a form.
    """
    translations = translation_columns(model)
    originals = set()
    if model in translator.get_registered_models():
        originals = set(translator.get_options_for_model(model).all_fields)
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in translations
        and field.name not in originals
    ]


class SourceProtectedAdmin:
    """Mixin of every admin of the help center: only editors change the source.

    A user without `articles.edit_source` (a translator) may change the translation columns
    only: every other field is read-only in the change form (so a crafted POST cannot set
    it: the form has no such field), dropped from `list_editable` (the changelist's POST
    saves only the columns it shows as editable), never prepopulated, and actions declared
    with `permissions=["edit_source"]` are hidden. It is an allowlist: a field added to a
    model later is protected without anyone listing it here.
    """

    def has_edit_source_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(SOURCE_PERMISSION)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_edit_source_permission(request):
            fields += [name for name in source_fields(self.model) if name not in fields]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if self.has_edit_source_permission(request):
            return prepopulated
        return {}

    def editable_in_list(self, request: HttpRequest) -> tuple[str, ...]:
        """The `list_editable` columns this user may change from the changelist."""
        if self.has_edit_source_permission(request):
            return tuple(self.list_editable)
        allowed = translation_columns(self.model)
        return tuple(name for name in self.list_editable if name in allowed)

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)
        if not changelist.is_popup:
            changelist.list_editable = self.editable_in_list(request)
        return changelist

    def get_changelist_formset(self, request: HttpRequest, **kwargs):
        # Django's own builds the formset from `self.list_editable`, whoever asks.
        defaults = {
            "formfield_callback": partial(self.formfield_for_dbfield, request=request),
            **kwargs,
        }
        return modelformset_factory(
            self.model,
            self.get_changelist_form(request),
            extra=0,
            fields=self.editable_in_list(request),
            **defaults,
        )


@admin.register(Category)
class CategoryAdmin(SourceProtectedAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "position", "article_count")
    list_editable = ("position",)
    search_fields = ("slug", *(column("name", lang) for lang in language_codes()))
    prepopulated_fields = {"slug": ("name_en",)}

    @admin.display(description=_("articles"))
    def article_count(self, category: Category) -> int:
        return category.articles.count()


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(lang, _("missing in %(lang)s") % {"lang": lang}) for lang in language_codes()]

    def queryset(self, request, queryset):
        lang = self.value()
        if lang not in language_codes():
            return queryset
        translated = queryset.translated_into(lang).values("pk")
        return queryset.exclude(pk__in=translated)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class ReviewByFilter(admin.SimpleListFilter):
    """Articles whose facts (fees, limits, response times) are due for a check."""

    title = _("review by")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("soon", _("due within %(days)d days") % {"days": selectors.REVIEW_SOON_DAYS}),
            ("none", _("no review date")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(review_by=None)
        due = selectors.review_due()
        if self.value() in due:
            return queryset.filter(pk__in=due[self.value()].values("pk"))
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication window")
    parameter_name = "window"

    def lookups(self, request, model_admin):
        return [
            ("live", _("visible now")),
            ("scheduled", _("scheduled")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        if self.value() == "live":
            return queryset.published(now)
        if self.value() == "scheduled":
            return published.filter(publish_at__gt=now)
        if self.value() == "expired":
            return published.filter(unpublish_at__lte=now)
        return queryset


@admin.register(Article)
class ArticleAdmin(RevisionAdmin, SourceProtectedAdmin, TabbedTranslationAdmin):
    list_display = (
        article_list_columns.title,
        article_list_columns.category,
        "publication",
        "translations",
        article_list_columns.updated,
    )
    list_filter = ("status", PublicationFilter, ReviewByFilter, "category", TranslationStatusFilter)
    search_fields = (
        "slug",
        *(column(name, lang) for lang in language_codes() for name in ("title", "keywords")),
    )
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = (
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
        (None, {"fields": ("title", "slug", "category", "position", "edit_version")}),
        (_("Publication"), {"fields": ("status", "publish_at", "unpublish_at", "review_by")}),
        (_("Text"), {"fields": ("summary", "body", "keywords")}),
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
                )
            },
        ),
    )

    class Media:
        js = ("articles/admin-preview.js",)
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
        if not article.review_by:
            return state
        review = _("review by %(date)s") % {
            "date": date_format(article.review_by, "SHORT_DATE_FORMAT")
        }
        return format_html('{}<br><small class="kb-review-by">{}</small>', state, review)

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
        """Render the posted Markdown exactly as the site will (sanitized), for the editor."""
        if not (
            request.user.has_perm("articles.change_article")
            or request.user.has_perm("articles.add_article")
        ):
            return JsonResponse({"error": "forbidden"}, status=403)
        text = request.POST.get("markdown", "")[:200_000]
        return JsonResponse({"html": render_markdown(text)})


@admin.register(SynonymGroup)
class SynonymGroupAdmin(SourceProtectedAdmin, admin.ModelAdmin):
    list_display = ("terms", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    list_editable = ("is_active",)
    search_fields = ("terms",)


class FoundFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("no", _("nothing found")), ("yes", _("something found"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(results=0)
        if self.value() == "yes":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(SearchLog)
class SearchLogAdmin(SourceProtectedAdmin, admin.ModelAdmin):
    """What visitors searched for; filter "nothing found" to see which articles are missing."""

    list_display = (
        "query",
        "language",
        "results",
        "corrected_query",
        "fallback",
        "source",
        "created_at",
    )
    list_filter = (FoundFilter, "language", "source", "fallback", "synthetic", "created_at")
    search_fields = ("query",)
    date_hierarchy = "created_at"

    def get_urls(self):
        return [*analytics_admin.urls(self.admin_site), *super().get_urls()]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Registered from their own modules: users (help-center membership) and images.
from . import member_admin  # noqa: E402, F401
