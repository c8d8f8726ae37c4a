"""The article change form: revisions' edit version, "minor change", and text compared as
stored (a CRLF post of an untouched text box is not a change)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.admin.edit_conflicts import ArticleEditForm
from articles.models import TRANSLATED_TEXT_FIELDS, column, language_codes, normalize_text
from articles.publishing import drafts


class ArticleForm(ArticleEditForm):
    """The change form, plus "minor change": an English edit translations need not follow."""

    minor_change = forms.BooleanField(
        label=_("Minor change (no translation update needed)"),
        required=False,
        help_text=_(
            "Tick for typo fixes and wording that does not change the meaning: the "
            "translations stay up to date. Otherwise every translation is marked outdated."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        draft = drafts.draft_of(self.instance)
        if draft is not None:  # the draft's own choice, until it is published
            self.initial["minor_change"] = draft.minor_change
        # Browsers post textareas with CRLF: a text box counts as changed only when its text
        # differs as it will be stored (normalize_text), so an untouched field is not
        # "changed" in the revision's comment ("Changed Body [ru]") or anywhere else.
        for name in TRANSLATED_TEXT_COLUMNS:
            field = self.fields.get(name)
            if isinstance(field, forms.CharField):
                field.has_changed = _text_changed(field)


# The translated text columns of every language: title_en, summary_zh_hans, body_ar, …
TRANSLATED_TEXT_COLUMNS = frozenset(
    column(name, lang) for name in TRANSLATED_TEXT_FIELDS for lang in language_codes()
)


def _text_changed(field: forms.CharField):
    """A `has_changed(initial, data)` for `field` that compares the texts as stored."""

    def has_changed(initial, data) -> bool:
        if field.disabled:
            return False
        return normalize_text(initial) != normalize_text(field.to_python(data))

    return has_changed
