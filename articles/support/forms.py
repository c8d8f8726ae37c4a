"""The forms of reaching a human: the visitor's request, a follow-up, a rating, a reply, a
chat's first message.

Every text goes through VisitorTextField (control characters cleaned, never refused).
Screenshots are checked by articles/publishing/images.py (`clean_upload`: PNG/JPEG/WebP/GIF only,
within the byte, pixel and frame limits, decoded in a bounded process, re-encoded to pixels only).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.core.visitor_text import VisitorTextField
from articles.publishing.images import CleanImage, clean_upload, megabytes
from articles.search.request import MAX_QUERY_LENGTH

MAX_ATTACHMENTS = 3
MESSAGE_MAX_LENGTH = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Up to MAX_ATTACHMENTS images; cleans to a list of CleanImage (re-encoded files)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[CleanImage]:
        files = [upload for upload in (data or []) if upload]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(count)d screenshots.") % {"count": MAX_ATTACHMENTS}
            )
        cleaned = []
        for upload in files:
            super().clean(upload, initial)
            cleaned.append(clean_upload(upload))
        return cleaned


def screenshot_limits() -> dict:
    """What a screenshot field's hint says: {"max_attachments", "max_megabytes"}."""
    return {
        "max_attachments": MAX_ATTACHMENTS,
        "max_megabytes": megabytes(settings.KB_IMAGE_MAX_BYTES),
    }


class ContactForm(forms.Form):
    """`/<lang>/contact/`: e-mail and message required; the query and article carried.

    `website` is a honeypot: hidden from people (CSS, aria-hidden, no tab stop), filled
    by form-filling robots; a request that fills it is refused with a form error.
    """

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    subject = VisitorTextField(label=_("Subject"), max_length=200, required=False)
    message = VisitorTextField(
        label=_("Your message"), multiline=True, max_length=MESSAGE_MAX_LENGTH
    )
    screenshots = ScreenshotsField(label=_("Screenshots (optional)"))
    q = VisitorTextField(required=False, widget=forms.HiddenInput)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_q(self) -> str:
        """A carried query longer than the search limit is cut, never refused."""
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Please leave this field empty."))
        return ""


class FollowUpForm(forms.Form):
    """The visitor adds to their request from the status page."""

    message = VisitorTextField(
        label=_("Add to your request"), multiline=True, max_length=MESSAGE_MAX_LENGTH
    )
    screenshots = ScreenshotsField(label=_("Screenshots (optional)"))


RATING_CHOICES = [(str(score), str(score)) for score in range(5, 0, -1)]


class RatingForm(forms.Form):
    """After a request is solved: 1 (poor) to 5 (excellent), and an optional comment."""

    rating = forms.TypedChoiceField(
        label=_("How would you rate the help you received?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = VisitorTextField(
        label=_("Anything you want to tell us? (optional)"),
        multiline=True,
        max_length=2000,
        required=False,
    )


class ReplyForm(forms.Form):
    """The agent's reply from the desk; `solve` marks the request solved as well;
    `internal` makes it a note for agents that the visitor never gets."""

    message = VisitorTextField(label=_("Reply"), multiline=True, max_length=MESSAGE_MAX_LENGTH)
    solve = forms.BooleanField(label=_("Mark as solved"), required=False)
    internal = forms.BooleanField(label=_("Internal note (only agents see it)"), required=False)
    screenshots = ScreenshotsField(label=_("Screenshots (optional)"))
    client_id = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)


class ChatStartForm(forms.Form):
    """`/<lang>/chat/`: the visitor's first message opens a chat conversation.

    `email` is optional (answers also wait on the conversation's page). `token` is the
    private link's token when the browser drew it (chat.js: a start sent twice finds the
    same conversation); `client_id` the message's own id. `website` is the honeypot.
    """

    message = VisitorTextField(
        label=_("Your message"), multiline=True, max_length=MESSAGE_MAX_LENGTH
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"), max_length=254, required=False
    )
    q = VisitorTextField(required=False, widget=forms.HiddenInput)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{32}$", required=False)
    client_id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{8,36}$", required=False)
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # Articles before a human (articles/support/deflection.py): the visitor's choice.
    choice = forms.ChoiceField(choices=[("person", "person")], required=False)
    solved = forms.IntegerField(required=False, min_value=1)
    offered = forms.IntegerField(required=False, min_value=0, max_value=20)

    def clean_q(self) -> str:
        """A carried query longer than the search limit is cut, never refused."""
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Please leave this field empty."))
        return ""


class PresenceForm(forms.Form):
    """The workspace's presence chooser: available, away or offline."""

    status = forms.ChoiceField(
        label=_("Your presence"),
        choices=[
            ("available", _("Available")),
            ("away", _("Away")),
            ("offline", _("Offline")),
        ],
        widget=forms.RadioSelect,
    )
