"""The change form and pending versions: what it shows, where a save goes, what it says.

A user edits the pending version their saves go to (articles/translations/workflow.py,
`edited_text`): a translator who may not approve their language keeps editing their
pending edits of a published translation, and whoever edits the English of a live
article edits its draft (articles/publishing/drafts.py). `PendingVersionsAdmin` (a mixin of
ArticleAdmin) shows those in the form, sends each save to them, offers "Save and publish
the English now" to those who may publish it, and says above the form which versions are
pending and where to review them.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article, column
from articles.models.translations import PENDING_FIELDS
from articles.publishing import drafts
from articles.translations import workflow

# The submit button that saves the English of a live article straight to the site.
PUBLISH_NOW = "_publish_source"
# The English text columns of the form: title_en, summary_en, body_en, keywords_en.
ENGLISH_COLUMNS = frozenset(column(field, SOURCE_LANGUAGE) for field in PENDING_FIELDS)


def _language_name(lang: str) -> str:
    return gettext(dict(settings.LANGUAGES)[lang])


class PendingVersionsAdmin:
    """Mixin of ArticleAdmin: pending versions in the change form (module docstring)."""

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        def shown_text(article: Article) -> dict[str, str]:
            return workflow.edited_text(article=article, user=user)

        form.shown_text = staticmethod(shown_text)
        return form

    @staticmethod
    def edits_source(request: HttpRequest, form) -> bool:
        """The form holds the English text, and the user may change it."""
        return roles.can_translate(request.user, SOURCE_LANGUAGE) and any(
            name in form.fields for name in ENGLISH_COLUMNS
        )

    def divert_pending_edits(self, request: HttpRequest, obj: Article, form) -> None:
        """Before a change form's save: the English edits of a live article go to its
        draft (unless published now), translators' edits of published translations to
        their pending versions; the user is told."""
        changed = set(form.changed_data)
        if self.edits_source(request, form):
            self._divert_source(request, obj, form, changed)
        for lang in workflow.divert_to_pending(article=obj, user=request.user, changed=changed):
            self.message_user(
                request,
                gettext(
                    "Your changes to the %(lang)s translation wait for a reviewer: "
                    "readers see the published text until they are approved."
                )
                % {"lang": lang},
                messages.WARNING,
            )

    def _divert_source(self, request: HttpRequest, obj: Article, form, changed: set) -> None:
        stored = Article.objects.get(pk=obj.pk)
        publish_now = self._may_publish_now(request, form)
        if publish_now or not (stored.is_live and obj.is_live):
            drafted = drafts.draft_of(stored) is not None
            drafts.clear(article=obj)  # the form showed it: it is saved with the article
            if publish_now and (drafted or changed & ENGLISH_COLUMNS):
                self.message_user(
                    request, gettext("The English changes are published."), messages.SUCCESS
                )
            return
        minor = bool(form.cleaned_data.get("minor_change"))
        if drafts.divert_edits(article=obj, user=request.user, changed=changed, minor=minor):
            obj.minor_source_change = False
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext(
                        "Your changes to the English are a draft: readers and search keep "
                        "the published text until it is published."
                    ),
                    reverse("admin:articles_article_draft", args=[obj.pk]),
                    gettext("Preview it, send it for review or publish it"),
                ),
                messages.WARNING,
            )

    def _may_publish_now(self, request: HttpRequest, form) -> bool:
        """ "Save and publish the English now", by someone who may, of English they saw."""
        if PUBLISH_NOW not in request.POST:
            return False
        if not roles.can_approve(request.user, SOURCE_LANGUAGE):
            return False
        if ENGLISH_COLUMNS & set(getattr(form, "merged_names", ())):
            # Someone else's English changes came in since the form was shown: they are
            # not published unseen; the save goes to the draft, to be checked first.
            self.message_user(
                request,
                gettext(
                    "Someone else changed the English since you opened the form, so nothing "
                    "was published: your changes and theirs are in the draft. Check it, "
                    "then publish."
                ),
                messages.WARNING,
            )
            return False
        return True

    def response_change(self, request: HttpRequest, obj: Article):
        if PUBLISH_NOW in request.POST:  # back to the form, as "Save and continue editing"
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            form = context["adminform"].form
            context["kb_pending_notices"] = self.pending_notices(request, obj)
            context["kb_publish_source"] = (
                obj.is_live
                and self.edits_source(request, form)
                and roles.can_approve(request.user, SOURCE_LANGUAGE)
            )
            context["kb_publish_source_name"] = PUBLISH_NOW
        return super().render_change_form(request, context, add, change, form_url, obj)

    def pending_notices(self, request: HttpRequest, article: Article) -> list[dict]:
        """What is pending in the languages this user works on, one notice each:
        {lang, text, comment, url, link} (the page to review, preview or publish it)."""
        user, notices = request.user, []
        draft = drafts.draft_of(article)
        if draft is not None:
            notices.append(self._draft_notice(request, article, draft))
        for state in article.translation_states.all():
            lang = state.language
            if not (state.is_published and state.pending):
                continue
            if not (roles.can_translate(user, lang) or roles.can_approve(user, lang)):
                continue
            who = state.pending_by.get_username() if state.pending_by else "?"
            if roles.can_approve(user, lang):
                text = gettext(
                    "%(language)s: changes by %(who)s await review. The form shows the "
                    "published text; review the changes on the translation page."
                )
            else:
                text = gettext(
                    "%(language)s: the form shows your pending changes (by %(who)s), not yet "
                    "published: readers see the published text until a reviewer approves them."
                )
            notices.append(
                {
                    "lang": lang,
                    "text": text % {"language": _language_name(lang), "who": who},
                    "comment": state.review_comment,
                    "url": reverse("admin:articles_article_translation", args=[article.pk, lang]),
                    "link": gettext("Review page: the changes, previews and approval"),
                }
            )
        return notices

    def _draft_notice(self, request: HttpRequest, article: Article, draft) -> dict:
        if not roles.can_translate(request.user, SOURCE_LANGUAGE):
            text = gettext(
                "English: a draft of changes is not published yet; the English shown here "
                "is the published text."
            )
        elif draft.status == draft.Status.SCHEDULED:
            text = gettext(
                "English: the form shows the draft, approved to be published on %(when)s. "
                "Changing it withdraws the approval."
            ) % {"when": date_format(draft.publish_at, "DATETIME_FORMAT")}
        elif draft.status == draft.Status.REVIEW:
            text = gettext(
                "English: the form shows the draft, in review; readers see the published "
                "text until it is published."
            )
        else:
            text = gettext(
                "English: the form shows the draft; readers see the published text until "
                "it is published."
            )
        return {
            "lang": SOURCE_LANGUAGE,
            "text": text,
            "comment": draft.review_comment,
            "url": reverse("admin:articles_article_draft", args=[article.pk]),
            "link": gettext("The draft: changes, preview, review and publication"),
        }
