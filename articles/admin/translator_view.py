"""The article admin's translator view: English beside each translation, RTL, preview.

`TranslatorViewAdmin` (a mixin of ArticleAdmin) wraps every translated field in a
`TranslatedFieldWidget` (the English source and its diff since the translation's base
beside it; articles/translations/translator_view.py), gives every field the `lang` and `dir` of its
language, narrows the form to one language with `?language=<code>` (the language switch
above the form: links, so it works without JavaScript; admin-preview.js turns them into a
switch of every tab at once; a translator narrowing to a language they cannot change keeps
their own languages' fields), and serves the site-styled preview page (which names the
images the site will drop), live beside each body.
"""

from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language_info
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles.accounts import roles
from articles.markup.image_check import dropped_images
from articles.markup.markdown import render_markdown
from articles.models import SOURCE_LANGUAGE, Article, column, language_codes
from articles.publishing import selectors
from articles.translations import workflow
from articles.translations.translator_view import (
    LANGUAGE_PARAMETER,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    TranslatedFieldWidget,
    field_languages,
    focus_language,
    source_panels,
    text_direction,
    translated_column,
)

MAX_PREVIEW_CHARS = 200_000


def _shown_in(name: str, languages: set[str]) -> bool:
    """Whether form field `name` belongs in a form narrowed to `languages`."""
    translated = translated_column(name)
    return translated is None or translated[1] in languages


def _narrowed(fields, languages: set[str]) -> list:
    kept = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            line = [name for name in entry if _shown_in(name, languages)]
            if line:
                kept.append(tuple(line))
        elif _shown_in(entry, languages):
            kept.append(entry)
    return kept


def shown_languages(request: HttpRequest, lang: str) -> set[str]:
    """The languages of a form narrowed to `lang`: `lang`, and when the user may not change
    it (a translator looking at another language), also the languages they translate, so
    that the form (and its language select) always holds their own text to edit."""
    if roles.can_translate(request.user, lang):
        return {lang}
    return {lang, *roles.translatable_languages(request.user)}


class LanguageAttributesAdmin:
    """Mixin of the translated models' admins: each translated field carries the `lang`
    and `dir` of its language (Arabic fields are typed and shown right to left)."""

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        languages = field_languages(self.model)
        for name, field in form.base_fields.items():
            if name in languages:
                lang = languages[name]
                field.widget.attrs.update(lang=lang, dir=text_direction(lang))
        return form


class TranslatorViewAdmin(LanguageAttributesAdmin):
    """Mixin of ArticleAdmin: the translator's view of the change form (module docstring)."""

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        lang = focus_language(request)
        if lang is None:
            return fieldsets
        languages = shown_languages(request, lang)
        narrowed = []
        for title, options in fieldsets:
            fields = _narrowed(options["fields"], languages)
            if fields:
                narrowed.append((title, {**options, "fields": fields}))
        return narrowed

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        # The slug follows the English title, which a form narrowed to another lacks.
        lang = focus_language(request)
        if lang not in (None, SOURCE_LANGUAGE):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        panels = {}
        for name, field in form.base_fields.items():
            translated = translated_column(name)
            if translated is None:
                continue
            field_name, lang = translated
            if field_name == "body":
                field.widget.attrs["rows"] = 20  # beside a long English source
            panel = None
            if obj is not None and lang != SOURCE_LANGUAGE:
                if lang not in panels:
                    panels[lang] = source_panels(obj, lang)
                panel = panels[lang][field_name]
            preview = self.preview_links(request, obj, lang) if field_name == "body" else None
            if panel or preview:
                field.widget = TranslatedFieldWidget(field.widget, panel=panel, preview=preview)
        return form

    def preview_links(self, request: HttpRequest, obj: Article | None, lang: str) -> dict:
        """What a body's preview and image upload need: URLs, language, article id (the
        upload only for a saved article and a user who may add its images)."""
        url = reverse("admin:articles_article_preview_page")
        saved = f"{url}?{urlencode({'article': obj.pk, 'lang': lang})}" if obj else ""
        may_upload = obj is not None and request.user.has_perms(
            ["articles.add_articleimage", "articles.change_article"]
        )
        return {
            "url": url,
            "saved_url": saved,
            "lang": lang,
            "article": obj.pk if obj else "",
            "upload_url": reverse("admin:articles_articleimage_upload") if may_upload else "",
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["language_switch"] = self.language_switch(request, obj)
        context["focus_language"] = focus_language(request) or ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def language_switch(request: HttpRequest, obj: Article | None) -> list[dict]:
        """One link per language (and "all") to the form narrowed to it, with its status."""
        status = selectors.translation_status(obj) if obj is not None else {}
        current = focus_language(request)
        links = []
        for code in ["", *language_codes()]:
            query = request.GET.copy()
            query.pop(LANGUAGE_PARAMETER, None)
            if code:
                query[LANGUAGE_PARAMETER] = code
            state = status.get(code) if code != SOURCE_LANGUAGE else None
            links.append(
                {
                    "code": code,
                    "name": get_language_info(code)["name_local"] if code else "",
                    "url": f"?{query.urlencode()}" if query else request.path,
                    "current": code == (current or ""),
                    "state": state,
                    "symbol": STATUS_SYMBOLS.get(state, ""),
                    "state_label": STATUS_LABELS.get(state, ""),
                }
            )
        return links

    def get_urls(self):
        view = self.admin_site.admin_view(self.preview_page_view)
        # The preview is shown in a frame of the change form: this page only, same origin.
        view = csp_replace({"frame-ancestors": [SELF]})(xframe_options_sameorigin(view))
        return [
            path("preview/page/", view, name="articles_article_preview_page"),
            *super().get_urls(),
        ]

    def preview_page_view(self, request: HttpRequest) -> HttpResponse:
        """One language of an article as the site shows it, with the site's stylesheet.

        GET ?article=<id>&lang=<code>: the saved text (with `pending=1`: its pending
        version, articles/translations/workflow.py `pending_text`). POST lang, optional article, and
        title_<lang>, summary_<lang>, body_<lang> (the form's unsaved text; a field not
        posted is read from the saved article). The body is rendered by the site's own
        Markdown renderer and sanitizer; the page is served to frames of this site only.
        """
        if not (self.has_view_or_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        lang = data.get("lang", "")
        if lang not in language_codes():
            return HttpResponseBadRequest("Unknown language.")
        article = None
        if data.get("article", "").isdigit():
            article = Article.objects.filter(pk=int(data["article"])).first()
        saved_text = {}
        if article is not None:  # ?pending=1: the pending version (a draft, edits in review)
            saved_text = {name: article.text(name, lang) for name in ("title", "summary", "body")}
            if data.get("pending"):
                saved_text = workflow.pending_text(article=article, lang=lang)
        text = {}
        for name in ("title", "summary", "body"):
            posted = request.POST.get(column(name, lang)) if request.method == "POST" else None
            saved = saved_text.get(name, "")
            text[name] = (posted if posted is not None else saved)[:MAX_PREVIEW_CHARS]
        context = {
            "lang": lang,
            "direction": text_direction(lang),
            "title": text["title"],
            "summary": text["summary"],
            "body_html": render_markdown(text["body"]),
            "dropped": dropped_images(text["body"]),
        }
        return TemplateResponse(request, "admin/articles/article/preview_page.html", context)
