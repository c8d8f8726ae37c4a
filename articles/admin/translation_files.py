"""The article admin's translation files: download a PO file, upload the translated one.

`TranslationFilesAdmin` (a mixin of ArticleAdmin) adds one list action per language,
"Download a translation file (.po) for …", and the page "Import a translation file"
(linked from the article list). Both call the same functions as the management commands
`export_translations` and `import_translations` (articles/translations/po_files.py,
articles/translations/po_import.py). Both are offered per language to those who may
translate it; the import checks that rule itself, and holds edits for review like the
change form (an approver may tick "publish directly").
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.accounts import roles
from articles.translations import edits
from articles.translations.po_files import article_units, po_file
from articles.translations.po_import import TranslationFileError, import_translations

MAX_FILE_BYTES = 20 * 1024 * 1024


class TranslationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Translated file (.po)"),
        help_text=_("A file downloaded from the article list, translated in a translation tool."),
    )
    publish = forms.BooleanField(
        label=_("Publish directly, without review"),
        required=False,
        help_text=_(
            "Only for a language you may approve. Unticked, changes to published "
            "translations wait for a reviewer and new translations are drafts."
        ),
    )

    def __init__(self, *args, may_publish: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:  # a crafted POST of it is refused by the import itself
            del self.fields["publish"]


def _export_action(lang: str):
    def export(modeladmin, request: HttpRequest, queryset):
        """The selected articles' units that need work in `lang` (all their units if none)."""
        articles = list(queryset.order_by("category__position", "position", "slug"))
        units = [unit for article in articles for unit in article_units(article, lang)]
        if not units:
            units = [u for a in articles for u in article_units(a, lang, everything=True)]
        response = HttpResponse(
            str(po_file(lang, units)), content_type="text/x-gettext-translation"
        )
        name = f"okpay-help-{lang}-{timezone.now():%Y%m%d-%H%M}.po"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    export.__name__ = f"export_translation_{lang.replace('-', '_')}"
    return export


class TranslationFilesAdmin:
    """Mixin of ArticleAdmin: translation files from the list, and their import page."""

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        for lang in roles.translatable_languages(request.user):
            action = _export_action(lang)
            description = gettext("Download a translation file (.po) for %(language)s") % {
                "language": get_language_info(lang)["name_translated"]
            }
            actions[action.__name__] = (action, action.__name__, description)
        return actions

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_translations_view)
        return [
            path("translations/import/", view, name="articles_article_import_translations"),
            *super().get_urls(),
        ]

    def import_translations_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the upload form. POST: check and import the file, all or nothing."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        may_publish = any(
            roles.can_approve(request.user, lang)
            for lang in roles.translatable_languages(request.user)
        )
        form = TranslationFileForm(
            request.POST or None, request.FILES or None, may_publish=may_publish
        )
        problems = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_translations(
                    self._file_text(upload),
                    user=request.user,
                    name=upload.name,
                    publish=bool(request.POST.get("publish")),
                )
            except TranslationFileError as error:
                problems = error.problems
            else:
                self.message_user(request, self._report_message(report), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import a translation file"),
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/articles/article/import_translations.html", context)

    @staticmethod
    def _file_text(upload) -> str:
        if upload.size > MAX_FILE_BYTES:
            raise TranslationFileError([gettext("The file is larger than 20 MB.")])
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise TranslationFileError([gettext("The file is not UTF-8 text.")]) from None

    @staticmethod
    def _report_message(report) -> str:
        message = ngettext(
            "%(count)d unit imported into %(lang)s (%(articles)s).",
            "%(count)d units imported into %(lang)s (%(articles)s).",
            report.changed_units,
        ) % {
            "count": report.changed_units,
            "lang": report.lang,
            "articles": ", ".join(report.changed) or "—",
        }
        if pending := report.articles(edits.PENDING):
            message += " " + gettext(
                "Waiting for a reviewer (readers keep the published text): %(articles)s."
            ) % {"articles": ", ".join(pending)}
        if drafts := report.articles(edits.DRAFT):
            message += " " + gettext(
                "Stored as drafts or in review, not shown yet: %(articles)s."
            ) % {"articles": ", ".join(drafts)}
        if not report.changed:
            message = gettext("Nothing changed: every unit of the file is already there.")
        return message
