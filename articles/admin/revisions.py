"""The article admin's revisions (edit conflicts: articles/admin/edit_conflicts.py).

`RevisionAdmin` records every admin save as a revision with its user and change message,
and replaces the History page with the list of revisions (pending versions included), a
diff of any two in one language, and "restore" (a new revision).
"""

import reversion
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article
from articles.publishing import revisions
from articles.translations import edits

# What a restore did, by edits.restore_text's outcome.
RESTORED = {
    edits.PUBLISHED: _("The %(lang)s text of the revision was restored as a new revision."),
    edits.PENDING: _(
        "The %(lang)s text of the revision was restored as pending changes: readers see "
        "the published text until a reviewer approves them."
    ),
    edits.DRAFT: _("The %(lang)s text of the revision was restored (not shown: a draft)."),
    edits.UNCHANGED: _("The %(lang)s text already is the revision's: nothing to restore."),
}


class RevisionCompareForm(forms.Form):
    """Which two revisions to compare, and in which language (GET parameters)."""

    old = forms.TypedChoiceField(label=_("From"), coerce=int)
    new = forms.TypedChoiceField(label=_("To"), coerce=int)
    lang = forms.ChoiceField(label=_("Language"))

    def __init__(self, data, *, entries, languages):
        super().__init__(data)
        choices = [(entry.version.pk, f"#{entry.number}") for entry in entries]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        self.fields["lang"].choices = languages


class RevisionAdmin:
    """Mixin of ArticleAdmin: revisions of every save, their history, diff and restore."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Actions (publish, unpublish) save from the list: their revision names the user.
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        reversion.set_comment(gettext("Created"))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reversion.set_comment(entry.get_change_message() or gettext("Saved with no change"))
        return entry

    def get_urls(self):
        restore = self.admin_site.admin_view(require_POST(self.restore_view))
        return [
            path(
                "<path:object_id>/restore/<int:version_id>/",
                restore,
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def may_restore(self, request: HttpRequest, article: Article, lang: str) -> bool:
        """Restoring is changing: the change permission, and the language's own rule
        (roles.can_translate; the source needs `edit_source`)."""
        return self.has_change_permission(request, article) and roles.can_translate(
            request.user, lang
        )

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        """Revisions, newest first; with ?old=&new=&lang= the diff of two of them."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        entries = revisions.article_history(article)
        languages = self.restorable_languages(request, article, all_languages=True)
        data = {**self.default_comparison(entries), **request.GET.dict()}
        compare = RevisionCompareForm(data, entries=entries, languages=languages)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revisions of “%(article)s”") % {"article": article},
            "object": article,
            "opts": self.model._meta,
            "entries": entries,
            "compare": compare,
            "restorable": [code for code, _name in self.restorable_languages(request, article)],
            **(extra_context or {}),
        }
        if data and compare.is_valid():
            context.update(self.comparison(entries, compare.cleaned_data))
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restorable_languages(self, request, article, *, all_languages=False):
        """[(code, name)] of the languages this user may restore (or all of them)."""
        return [
            (code, name)
            for code, name in settings.LANGUAGES
            if all_languages or self.may_restore(request, article, code)
        ]

    @staticmethod
    def default_comparison(entries) -> dict:
        if len(entries) < 2:
            return {}
        return {"old": entries[1].version.pk, "new": entries[0].version.pk, "lang": SOURCE_LANGUAGE}

    @staticmethod
    def comparison(entries, choice: dict) -> dict:
        by_pk = {entry.version.pk: entry for entry in entries}
        old, new, lang = by_pk[choice["old"]], by_pk[choice["new"]], choice["lang"]
        return {
            "old_entry": old,
            "new_entry": new,
            "lang": lang,
            "old_pending": old.has_pending(lang),
            "new_pending": new.has_pending(lang),
            "diffs": revisions.text_diffs(old.shown(lang), new.shown(lang)),
            # A restore copies published text: offered for revisions that show it.
            "restore_entries": [
                entry
                for entry in sorted([old] if old is new else [old, new], key=lambda e: -e.number)
                if entry is not entries[0] and not entry.has_pending(lang)
            ],
        }

    def restore_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        """POST lang=<code>: restore that language's text of the revision as a new one."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        version = get_object_or_404(revisions.article_versions(article), pk=version_id)
        lang = request.POST.get("lang", "")
        if lang not in dict(self.restorable_languages(request, article, all_languages=True)):
            return HttpResponse(gettext("Unknown language."), status=400)
        if not self.may_restore(request, article, lang):
            raise PermissionDenied
        try:
            outcome = edits.restore_text(
                article=article, version=version, lang=lang, user=request.user
            )
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, RESTORED[outcome] % {"lang": lang}, messages.SUCCESS)
        url = reverse("admin:articles_article_history", args=[article.pk])
        return HttpResponseRedirect(f"{url}?lang={lang}")
