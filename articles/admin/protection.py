"""Who may change which fields: the English source for editors, each language for its own
translators (articles/accounts/roles.py).

Every admin of the help center is a `SourceProtectedAdmin`: a user without
`articles.edit_source` may change translation columns only, and only those of the
languages they hold `translate_<code>` for; everything else is read-only.
"""

from functools import partial

from django.forms import modelformset_factory
from django.http import HttpRequest
from modeltranslation.translator import translator

from articles.accounts import roles
from articles.models import SOURCE_LANGUAGE

SOURCE_PERMISSION = roles.SOURCE_PERMISSION


def _translated_fields(model) -> list:
    if model not in translator.get_registered_models():
        return []
    translated = translator.get_options_for_model(model).all_fields.values()
    return [field for fields in translated for field in fields]


def translation_columns(model, lang: str | None = None) -> frozenset[str]:
    """The columns of `model` holding a translation out of the source language (of `lang`
    only, when given).

    E.g. {"name_zh_hans", "name_ru", …} for Category; empty for a model without translated
    fields. Read from modeltranslation's registry, so a newly translated field is included.
    """
    return frozenset(
        field.name
        for field in _translated_fields(model)
        if field.language != SOURCE_LANGUAGE and (lang is None or field.language == lang)
    )


def source_fields(model) -> list[str]:
    """The fields of `model` a form could change that are not a translation column.

    The source-language columns (title_en…) and every language-neutral field (slug,
    category, position, status…); the untranslated names modeltranslation keeps ("title")
    are left out, as the admin never puts them in a form.
    """
    translations = translation_columns(model)
    originals = set()
    if model in translator.get_registered_models():
        originals = set(translator.get_options_for_model(model).all_fields)
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in translations
        and field.name not in originals
    ]


def closed_translation_columns(model, user) -> list[str]:
    """The editable translation columns of languages `user` may not translate."""
    return [
        field.name
        for field in _translated_fields(model)
        if field.language != SOURCE_LANGUAGE
        and field.editable
        and not roles.can_translate(user, field.language)
    ]


class SourceProtectedAdmin:
    """Mixin of every admin of the help center: only editors change the source, and a
    translator only their own languages.

    A user without `articles.edit_source` (a translator) may change the translation columns
    of their languages only: every other field is read-only in the change form (so a
    crafted POST cannot set it: the form has no such field), dropped from `list_editable`
    (the changelist's POST saves only the columns it shows as editable), never
    prepopulated, and actions declared with `permissions=["edit_source"]` are hidden. It
    is an allowlist: a field added to a model later is protected without anyone listing it.
    """

    def has_edit_source_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(SOURCE_PERMISSION)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        closed = closed_translation_columns(self.model, request.user)
        if not self.has_edit_source_permission(request):
            closed = [*source_fields(self.model), *closed]
        return fields + [name for name in closed if name not in fields]

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if self.has_edit_source_permission(request):
            return prepopulated
        return {}

    def editable_in_list(self, request: HttpRequest) -> tuple[str, ...]:
        """The `list_editable` columns this user may change from the changelist."""
        closed = set(closed_translation_columns(self.model, request.user))
        if self.has_edit_source_permission(request):
            return tuple(name for name in self.list_editable if name not in closed)
        allowed = translation_columns(self.model) - closed
        return tuple(name for name in self.list_editable if name in allowed)

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)
        if not changelist.is_popup:
            changelist.list_editable = self.editable_in_list(request)
        return changelist

    def get_changelist_formset(self, request: HttpRequest, **kwargs):
        # Django's own builds the formset from `self.list_editable`, whoever asks.
        defaults = {
            "formfield_callback": partial(self.formfield_for_dbfield, request=request),
            **kwargs,
        }
        return modelformset_factory(
            self.model,
            self.get_changelist_form(request),
            extra=0,
            fields=self.editable_in_list(request),
            **defaults,
        )
