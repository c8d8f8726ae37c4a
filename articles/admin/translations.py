"""The translation workflow in the admin: one page per article and language (state,
pending edits, what changed in the English since the base; submit, approve, send back,
mark up to date, withdraw), and the localization dashboard of each language.

Views are thin: permissions are checked by articles/translations/workflow.py (per
language, articles/accounts/roles.py); these only read the form and show the result.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from articles.accounts import roles
from articles.admin.review import review_pane
from articles.core.languages import SOURCE_LANGUAGE
from articles.models.translations import PENDING_FIELDS
from articles.publishing import revisions
from articles.translations import localization
from articles.translations import workflow as translation_workflow

STATE_LABELS = localization.STATE_LABELS
ACTIONS = {
    "submit": translation_workflow.submit_for_review,
    "approve": translation_workflow.approve,
    "withdraw": translation_workflow.withdraw,
    "up_to_date": translation_workflow.mark_up_to_date,
    "discard": translation_workflow.discard_pending,
}
DONE = {
    "submit": _("The %(lang)s translation was sent for review."),
    "approve": _("The %(lang)s translation is published."),
    "withdraw": _("The %(lang)s translation was unpublished: readers get the English."),
    "up_to_date": _("The %(lang)s translation is marked up to date."),
    "send_back": _("The %(lang)s translation was sent back to the translator."),
    "discard": _("The pending changes to the %(lang)s translation were discarded."),
}


def _languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _diffs(old: dict[str, str], new: dict[str, str]) -> list[revisions.FieldDiff]:
    """Word diffs of PENDING_FIELDS, long unchanged passages shortened."""
    return revisions.text_diffs(old, new, short=True)


def _review_panes(article, lang: str, state, source_now: dict[str, str]) -> list[dict]:
    """The English beside the translation under review (with its pending edits), each
    in full and previewed in the site's style."""
    name = gettext(dict(settings.LANGUAGES)[lang])
    if state.pending:
        heading = gettext("%(language)s: the changes awaiting review") % {"language": name}
    elif state.is_published:
        heading = gettext("%(language)s: published") % {"language": name}
    else:
        heading = gettext("%(language)s: not published yet") % {"language": name}
    return [
        review_pane(
            heading=gettext("English"),
            article=article,
            lang=SOURCE_LANGUAGE,
            text=source_now,
            pending=False,
        ),
        review_pane(
            heading=heading,
            article=article,
            lang=lang,
            text=translation_workflow.pending_text(article=article, lang=lang),
            pending=True,
        ),
    ]


class TranslationWorkflowAdmin:
    """Mixin of ArticleAdmin: the translation page of an article, and the dashboard."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "localization/",
                view(self.localization_view),
                name="articles_article_localization",
            ),
            path(
                "<path:object_id>/translation/<str:lang>/",
                view(self.translation_view),
                name="articles_article_translation",
            ),
            *super().get_urls(),
        ]

    def translation_view(self, request: HttpRequest, object_id: str, lang: str) -> HttpResponse:
        """GET: the state of one translation; POST action=…: a step of the workflow."""
        article = self.get_object(request, object_id)
        if article is None or lang not in dict(_languages()):
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            return self._translation_step(request, article, lang)
        state = article.translation_state(lang)
        source_now = {f: article.text(f, SOURCE_LANGUAGE) for f in PENDING_FIELDS}
        text_now = {f: article.text(f, lang) for f in PENDING_FIELDS}
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(lang)s translation of “%(article)s”")
            % {"lang": dict(settings.LANGUAGES)[lang], "article": article},
            "object": article,
            "opts": self.model._meta,
            "lang": lang,
            "state": state,
            "status": localization.language_status(article, lang),
            "status_label": STATE_LABELS[localization.language_status(article, lang)],
            "can_translate": roles.can_translate(request.user, lang),
            "can_approve": roles.can_approve(request.user, lang),
            "pending_diffs": _diffs(text_now, {**text_now, **state.pending}) if state else [],
            "source_diffs": _diffs(localization.based_on_source_text(article, lang), source_now),
            "panes": _review_panes(article, lang, state, source_now) if state else [],
        }
        return TemplateResponse(request, "admin/articles/article/translation.html", context)

    def _translation_step(self, request: HttpRequest, article, lang: str) -> HttpResponse:
        action = request.POST.get("action", "")
        try:
            if action == "send_back":
                translation_workflow.send_back(
                    article=article,
                    lang=lang,
                    user=request.user,
                    comment=request.POST.get("comment", "")[:5000],
                )
            elif action in ACTIONS:
                ACTIONS[action](article=article, lang=lang, user=request.user)
            else:
                return HttpResponse(gettext("Unknown action."), status=400)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, DONE[action] % {"lang": lang}, messages.SUCCESS)
        url = reverse("admin:articles_article_translation", args=[article.pk, lang])
        return HttpResponseRedirect(url)

    def localization_view(self, request: HttpRequest) -> HttpResponse:
        """Every article's state in one language (?lang=), most viewed first (?o=)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        mine = roles.translatable_languages(request.user)
        lang = localization.dashboard_language(
            asked=request.GET.get("lang"), own=mine, interface=get_language()
        )
        names = dict(_languages())
        languages = [(code, names[code]) for code in localization.dashboard_languages(mine)]
        order = request.GET.get("o", "views")
        rows = localization.dashboard_rows(lang, order=order)
        counts = localization.dashboard_counts()
        states = [(key, STATE_LABELS[key]) for key in reversed(localization.STATES)]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Localization dashboard"),
            "opts": self.model._meta,
            "lang": lang,
            "order": order,
            "languages": languages,
            "states": states,
            "count_rows": [
                (code, name, [(key, counts[code][key]) for key, _label in states])
                for code, name in languages
            ],
            "rows": [(article, state, STATE_LABELS[state]) for article, state in rows],
        }
        return TemplateResponse(request, "admin/articles/article/localization.html", context)
