"""The English draft page of an article: the draft beside the published text, its word
diff and previews; send for review, send back, publish now or at a set time, discard.

Views are thin: articles/publishing/drafts.py checks who may do what (PermissionDenied:
403) and which step applies (ValueError: shown as a message). Works without JavaScript
(forms and a `datetime-local` field; previews are frames of the preview page).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.accounts import roles
from articles.admin.review import review_pane
from articles.core.languages import SOURCE_LANGUAGE
from articles.models import SourceDraft
from articles.publishing import drafts, revisions, schedules

STEPS = {
    "submit": drafts.submit_for_review,
    "publish": drafts.publish,
    "unschedule": drafts.unschedule,
    "discard": drafts.discard,
}
DONE = {
    "submit": _("The draft was sent for review."),
    "publish": _("The draft is published: readers see the new English text."),
    "unschedule": _("The publication of the draft was cancelled: it is back in review."),
    "discard": _("The draft was discarded: the published English stays as it is."),
    "send_back": _("The draft was sent back to its writer."),
    "schedule": _("The draft is approved and will be published at the time set."),
}


class ScheduleForm(forms.Form):
    """When an approved draft goes live (the browser's own date and time picker)."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _panes(article, published: dict[str, str], drafted: dict[str, str]) -> list[dict]:
    """The published English beside the draft, each in full and previewed."""
    return [
        review_pane(
            heading=gettext("Published: what readers see"),
            article=article,
            lang=SOURCE_LANGUAGE,
            text=published,
            pending=False,
        ),
        review_pane(
            heading=gettext("Draft"),
            article=article,
            lang=SOURCE_LANGUAGE,
            text=drafted,
            pending=True,
        ),
    ]


class SourceDraftAdmin:
    """Mixin of ArticleAdmin: the English draft page (module docstring)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.draft_view)
        return [
            path("<path:object_id>/draft/", view, name="articles_article_draft"),
            *super().get_urls(),
        ]

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET: the draft and the published English; POST action=…: a step."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        schedules.next_boundary()  # a draft whose time has come is published first
        if request.method == "POST":
            return self._draft_step(request, article)
        article.refresh_from_db()
        draft = SourceDraft.objects.filter(article=article).first()
        published = drafts.published_source(article)
        drafted = drafts.draft_text(article)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Draft of the English of “%(article)s”") % {"article": article},
            "object": article,
            "opts": self.model._meta,
            "draft": draft if draft is not None and draft.exists else None,
            "can_write": roles.can_translate(request.user, SOURCE_LANGUAGE),
            "can_approve": roles.can_approve(request.user, SOURCE_LANGUAGE),
            "schedule_form": ScheduleForm(),
            "diffs": revisions.text_diffs(published, drafted, short=True),
            "panes": _panes(article, published, drafted),
        }
        return TemplateResponse(request, "admin/articles/article/source_draft.html", context)

    def _draft_step(self, request: HttpRequest, article) -> HttpResponse:
        user, action = request.user, request.POST.get("action", "")
        if not roles.can_translate(user, SOURCE_LANGUAGE):
            raise PermissionDenied
        try:
            if action in STEPS:
                STEPS[action](article=article, user=user)
            elif action == "send_back":
                comment = request.POST.get("comment", "")[:5000]
                drafts.send_back(article=article, user=user, comment=comment)
            elif action == "schedule":
                self._schedule(request, article)
            else:
                return HttpResponse(gettext("Unknown action."), status=400)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, DONE[action], messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_draft", args=[article.pk]))

    @staticmethod
    def _schedule(request: HttpRequest, article) -> None:
        if not roles.can_approve(request.user, SOURCE_LANGUAGE):
            raise PermissionDenied
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise ValueError(
                gettext("Choose the date and time to publish at: %(problem)s")
                % {"problem": " ".join(form.errors.get("publish_at", []))}
            )
        drafts.schedule(article=article, user=request.user, at=form.cleaned_data["publish_at"])
