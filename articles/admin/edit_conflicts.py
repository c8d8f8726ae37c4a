"""The article change form's protection against lost edits (articles/publishing/edit_conflicts.py).

`ArticleEditForm` carries the version it was loaded from (a digest per field of what it
showed) and, on save, merges what someone else changed in fields this user did not
touch, and refuses the save when both changed the same field, showing both with their
differences marked. `EditConflictAdmin` (a mixin of ArticleAdmin) records who has the
form open, warns the next person who opens it, and says what a save merged.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext

from articles.models import Article
from articles.publishing import presence, revisions
from articles.publishing.edit_conflicts import (
    conflicting_field,
    digest,
    edit_version,
    editable_fields,
    encode_version,
    lock_for_edit,
    parse_version,
    reconcile,
)


def _nothing_shown(article: Article) -> dict[str, str]:
    return {}


class ArticleEditForm(forms.ModelForm):
    """The article change form, plus the hidden version it was loaded from.

    `shown_text(article)` ({column: text}, set per request by the admin) is what the form
    shows instead of the stored text: the pending versions the user edits. After a save,
    `merged_names` (and `merged_fields`, their labels) are the fields taken from someone
    else's save; after a refused one,
    `edit_conflict` lists the fields both changed, and the hidden version then holds the
    stored value of those, so saving again is a deliberate choice made with both in view.
    """

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)
    edit_conflict = None
    merged_fields: tuple = ()  # labels
    merged_names: tuple = ()
    shown_text: Callable[[Article], dict] = staticmethod(_nothing_shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            shown = self.shown_text(self.instance)
            self.initial.update({name: text for name, text in shown.items() if name in self.fields})
            self.fields["edit_version"].initial = edit_version(self.instance, shown)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored = lock_for_edit(article_id=self.instance.pk)
        shown = self.shown_text(stored)
        names = set(editable_fields())
        submitted = {
            name: value
            for name, value in cleaned.items()
            if name in names and not self.fields[name].disabled
        }
        now = {name: shown.get(name, getattr(stored, name, None)) for name in submitted}
        loaded = parse_version(cleaned.get("edit_version"))
        result = reconcile(loaded=loaded, stored=now, submitted=submitted)
        for name in result.merged:
            cleaned[name] = now[name]
        self.merged_names = tuple(result.merged)
        self.merged_fields = tuple(self._label(name) for name in result.merged)
        if result.conflicts:
            self._refuse(stored, now, submitted, result.conflicts, loaded)
        return cleaned

    def _label(self, name: str) -> str:
        return str(self.fields[name].label or name)

    def _refuse(self, stored: Article, now: dict, submitted: dict, conflicts, loaded) -> None:
        self.edit_conflict = [
            conflicting_field(name, self._label(name), now[name], submitted[name])
            for name in conflicts
        ]
        # Saving the re-shown form again keeps its values for the conflicting fields (now
        # seen), and still merges the fields only someone else changed.
        digests = dict(loaded or {name: digest(value) for name, value in now.items()})
        digests.update({name: digest(now[name]) for name in conflicts})
        self.data = self.data.copy()
        self.data["edit_version"] = encode_version(digests)
        latest = revisions.article_history(stored)[:1]
        who = latest[0].revision.user if latest and latest[0].revision.user else None
        raise ValidationError(
            gettext(
                "%(who)s saved this article at %(time)s, after you opened it, and changed "
                "fields you changed too, so your changes were not saved. What you typed is "
                "still in the form. Both versions of those fields are shown below with "
                "their differences marked: copy what you want to keep from theirs, then "
                "save again (saving replaces their version of those fields with the form's)."
            )
            % {
                "who": who.get_username() if who else gettext("Someone else"),
                "time": date_format(stored.updated_at, "DATETIME_FORMAT"),
            },
            code="edit_conflict",
        )


class EditConflictAdmin:
    """Mixin of ArticleAdmin: who has the form open, and what a save merged."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            if self.has_change_permission(request, obj):  # readers only are not editing
                presence.record_opening(article=obj, user=request.user)
            context["kb_presence"] = presence.others_editing(article=obj, user=request.user)
            context["kb_presence_minutes"] = presence.PRESENCE_MINUTES
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        merged = getattr(form, "merged_fields", ())
        if merged:
            self.message_user(
                request,
                gettext(
                    "Someone else changed this article since you opened it: their changes to "
                    "%(fields)s were kept, with yours."
                )
                % {"fields": ", ".join(merged)},
                messages.INFO,
            )
        super().save_model(request, obj, form, change)

    def response_change(self, request: HttpRequest, obj: Article):
        presence.record_leaving(article=obj, user=request.user)
        return super().response_change(request, obj)
