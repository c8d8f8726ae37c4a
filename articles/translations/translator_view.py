"""The translator's view of the article change form: the English beside each translation.

Beside every translated field (title, summary, body, keywords in each language but the
source) the form shows the English source as it is now and, when the English changed
since this translation was last edited, the word-by-word diff from the translation's base
(articles/translations/base.py) to today's English. Every field carries the `lang` and
`dir` of its language, so Arabic is typed and shown right to left. `?language=<code>`
narrows the form to one language (works without JavaScript).
"""

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from articles.markup.image_check import dropped_images
from articles.models import SOURCE_LANGUAGE, TRANSLATED_TEXT_FIELDS, Article, column, language_codes
from articles.publishing.revisions import text_diff
from articles.translations import localization
from articles.translations.base import current_source_text, source_text_at_base

# The URL parameter that narrows the change form to one language's fields.
LANGUAGE_PARAMETER = "language"
# A translation's state (articles.publishing.selectors.translation_status) in the admin's lists.
STATUS_SYMBOLS = {
    localization.CURRENT: "✓",
    localization.OUTDATED: "↻",
    localization.MISSING: "—",
    localization.REVIEW: "◔",
    localization.DRAFT: "✎",
    localization.INCOMPLETE: "◌",
}
STATUS_LABELS = {**localization.STATE_LABELS, localization.OUTDATED: _("English changed since")}


def text_direction(lang: str) -> str:
    """ "rtl" for a right-to-left language (settings.LANGUAGES_BIDI), else "ltr"."""
    return "rtl" if get_language_info(lang)["bidi"] else "ltr"


def translated_column(name: str) -> tuple[str, str] | None:
    """("body", "zh-hans") for the form field "body_zh_hans"; None for any other field."""
    for field_name in TRANSLATED_TEXT_FIELDS:
        for lang in language_codes():
            if name == column(field_name, lang):
                return field_name, lang
    return None


def field_languages(model) -> dict[str, str]:
    """{column: language} of every translated column of `model`, e.g. {"name_ar": "ar"};
    empty for a model modeltranslation does not translate."""
    if model not in translator.get_registered_models():
        return {}
    options = translator.get_options_for_model(model).all_fields.values()
    return {field.name: field.language for fields in options for field in fields}


def focus_language(request: HttpRequest) -> str | None:
    """The language `?language=` asks to show alone, or None (all languages, or unknown)."""
    lang = request.GET.get(LANGUAGE_PARAMETER, "")
    return lang if lang in language_codes() else None


@dataclass(frozen=True)
class SourcePanel:
    """What a translator sees beside one translated field.

    `source` is today's English; `segments` the (operation, text) word diff from the
    English at the translation's base to today's ("equal", "delete", "insert"), empty
    when nothing changed or the field is not translated yet.
    """

    field: str
    lang: str
    source: str
    translated: bool
    segments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.segments)


def source_panels(article: Article, lang: str) -> dict[str, SourcePanel]:
    """{field: SourcePanel} of `lang` (not the source language) for a saved article."""
    now = current_source_text(article)
    base = source_text_at_base(article, lang)
    panels = {}
    for name in TRANSLATED_TEXT_FIELDS:
        translated = bool(article.text(name, lang).strip())
        changed = translated and base[name] != now[name]
        segments = text_diff(base[name], now[name]) if changed else []
        panels[name] = SourcePanel(name, lang, now[name], translated, segments)
    return panels


class TranslatedFieldWidget(forms.Widget):
    """Wraps a translated field's widget: the field, then the English source beside it.

    Rendering, data and labels are the wrapped widget's; only the HTML around it is added
    (admin/articles/article/translated_field.html, everything escaped). `panel` is None for
    the English fields; `preview_url` is set for bodies (the site-styled preview).
    """

    def __init__(self, widget: forms.Widget, *, panel: SourcePanel | None, preview: dict | None):
        self.widget = widget
        self.panel = panel
        self.preview = preview
        super().__init__(widget.attrs)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.widget = self.widget.__deepcopy__(memo)
        return copy

    @property
    def is_hidden(self) -> bool:
        return self.widget.is_hidden

    @property
    def media(self):
        return self.widget.media

    def render(self, name, value, attrs=None, renderer=None):
        # A body's images the site will drop are named under it (articles/markup/image_check.py).
        dropped = dropped_images(value or "") if self.preview else []
        return render_to_string(
            "admin/articles/article/translated_field.html",
            {
                "field": self.widget.render(name, value, attrs, renderer),
                "panel": self.panel,
                "preview": self.preview,
                "dropped": dropped,
                "source_language": SOURCE_LANGUAGE,
            },
        )

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)

    def use_required_attribute(self, initial):
        return self.widget.use_required_attribute(initial)
