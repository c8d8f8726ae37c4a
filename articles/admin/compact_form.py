"""The article change form, compact: what the user edits open, everything else one click away.

`CompactFormAdmin` (a mixin of ArticleAdmin) regroups the fieldsets:
- each language the user may not change (for a translator: English and the languages of
  other translators) leaves the form's fieldsets for a read-only fieldset of its own,
  collapsed (a `<details>` element, Django's "collapse" class: no JavaScript needed) — open
  when the form is narrowed to that language (`?language=es`);
- "Publication" (the dates) is collapsed while nothing is scheduled (no publish,
  unpublish or review-by date); the state is in the first fieldset, and "Translations"
  and "On the site" are always collapsed (ArticleAdmin.fieldsets);
- the summary is three lines high; a body sits beside its live preview on wide screens
  (articles/static/articles/admin-preview.js, admin.css); admin-editor.js inserts uploaded
  images at the cursor.
A fieldset holding a field with an error is never collapsed (Django opens it).

Saving warns about images a body asks for that the site will drop (articles/markup/
image_check.py): the text is saved, and the message names each image's address.
"""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from articles.accounts import roles
from articles.markup.image_check import dropped_images
from articles.models import Article, language_codes
from articles.translations.translator_view import focus_language, translated_column

COLLAPSE = "collapse"
SCHEDULE_FIELDS = ("publish_at", "unpublish_at", "review_by")
READ_ONLY_LANGUAGE = _("%(language)s (read only)")


def _split(fields, closed: set[str]) -> tuple[list, dict[str, list[str]]]:
    """(fields kept, {language: its columns moved out}) of one fieldset's `fields`."""
    kept, moved = [], {}
    for entry in fields:
        names = list(entry) if isinstance(entry, list | tuple) else [entry]
        line = []
        for name in names:
            translated = translated_column(name)
            if translated is not None and translated[1] in closed:
                moved.setdefault(translated[1], []).append(name)
            else:
                line.append(name)
        if len(line) == 1:
            kept.append(line[0])
        elif line:
            kept.append(tuple(line))
    return kept, moved


def is_scheduled(article: Article | None) -> bool:
    """True when the article has a publish, unpublish or review-by date set."""
    return article is not None and any(getattr(article, name) for name in SCHEDULE_FIELDS)


class CompactFormAdmin:
    """Mixin of ArticleAdmin: the compact change form (module docstring)."""

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        closed = {lang for lang in language_codes() if not roles.can_translate(request.user, lang)}
        focus = focus_language(request)
        regrouped, moved, insert_at = [], {}, None
        for title, options in fieldsets:
            fields, moved_here = _split(options["fields"], closed)
            for lang, names in moved_here.items():
                moved.setdefault(lang, []).extend(names)
                insert_at = len(regrouped) + (1 if fields else 0)
            if not fields:
                continue
            classes = tuple(options.get("classes", ()))
            if SCHEDULE_FIELDS[0] in fields and not is_scheduled(obj):
                classes = (*classes, COLLAPSE)
            regrouped.append((title, {**options, "fields": fields, "classes": classes}))
        languages = [
            (
                READ_ONLY_LANGUAGE % {"language": get_language_info(lang)["name_local"]},
                {
                    "fields": moved[lang],
                    "classes": ("kb-read-only-language", *(() if lang == focus else (COLLAPSE,))),
                },
            )
            for lang in language_codes()
            if lang in moved
        ]
        at = len(regrouped) if insert_at is None else insert_at
        return [*regrouped[:at], *languages, *regrouped[at:]]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name, field in form.base_fields.items():
            translated = translated_column(name)
            if translated is not None and translated[0] == "summary":
                # The textarea itself, also inside a TranslatedFieldWidget (translator_view.py).
                getattr(field.widget, "widget", field.widget).attrs["rows"] = 3
        return form

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        warn_dropped_images(request, form)


def warn_dropped_images(request: HttpRequest, form) -> None:
    """One warning message per body of the saved `form` whose images the site will drop."""
    for name, value in form.cleaned_data.items():
        translated = translated_column(name)
        if translated is None or translated[0] != "body":
            continue
        dropped = dropped_images(value or "")
        if dropped:
            message = ngettext(
                "Body [%(lang)s]: this image comes from another site and will not be shown "
                "(readers see its description instead): %(images)s. Upload it under Images "
                "and use its Markdown.",
                "Body [%(lang)s]: these %(count)d images come from other sites and will not "
                "be shown (readers see their descriptions instead): %(images)s. Upload them "
                "under Images and use their Markdown.",
                len(dropped),
            ) % {"lang": translated[1], "count": len(dropped), "images": ", ".join(dropped)}
            messages.warning(request, message)
