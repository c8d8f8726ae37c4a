"""The article list's filters: translations (missing, outdated, in review), review-by
dates, publication window."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import SOURCE_LANGUAGE, Article, language_codes
from articles.publishing import selectors
from articles.translations import localization


def _translations() -> list[str]:
    return [lang for lang in language_codes() if lang != SOURCE_LANGUAGE]


class TranslationWorkFilter(admin.SimpleListFilter):
    """What translators and reviewers have to do: "outdated in xx", "in review (in xx)"."""

    title = _("translation work")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = [("review", _("in review (any language)"))]
        for lang in _translations():
            choices.append((f"outdated-{lang}", _("outdated in %(lang)s") % {"lang": lang}))
        for lang in _translations():
            choices.append((f"review-{lang}", _("in review in %(lang)s") % {"lang": lang}))
        return choices

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value == "review":
            return localization.in_review(queryset)
        kind, _sep, lang = value.partition("-")
        if lang not in _translations():
            return queryset
        if kind == "outdated":
            return localization.outdated_in(queryset, lang)
        if kind == "review":
            return localization.in_review(queryset, lang)
        return queryset


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
