"""Reaching a human: the channels an operator offers per language, and conversations.

`ContactChannels` (one row per language, with `PhoneLine` and `SocialAccount` rows) is what
the contact page, the zero-result page and every article show: only channels configured
there are offered. A conversation (`ContactRequest`: the model keeps its first name, its
table and its permissions) is what a visitor opens with support, by the contact form
(`/<lang>/contact/`) or the live chat (`/<lang>/chat/`), and what is forwarded to an
operator's help desk. Every message of it is a `ContactMessage`, the visitor's first one
included; its screenshots (`ContactAttachment`) and rating live with it.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article

WEEKDAYS = "0123456"  # Monday = 0, as datetime.weekday()


def validate_time_zone(value: str) -> None:
    """An IANA time zone name zoneinfo knows ("Europe/Berlin"); ValidationError otherwise."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


def validate_weekdays(value: str) -> None:
    """Digits 0 (Monday) to 6 (Sunday), each at most once: "01234" is Monday to Friday."""
    if not value or set(value) - set(WEEKDAYS) or len(set(value)) != len(value):
        raise ValidationError(_("Use the digits 0 (Monday) to 6 (Sunday), e.g. 01234."))


class ContactChannels(models.Model):
    """The ways to reach support offered to visitors of one language.

    A blank field means the channel is not offered: no chat URL → no chat anywhere. A
    language without a row of its own is shown the source language's row.
    """

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, unique=True
    )
    form_enabled = models.BooleanField(_("contact form"), default=True)
    form_response_time = models.CharField(
        _("contact form response time"), max_length=200, blank=True,
        help_text=_("What you promise, e.g. “We reply by e-mail within 48 hours.”"),
    )  # fmt: skip
    chat_enabled = models.BooleanField(
        _("live chat on this site"), default=True,
        help_text=_("Offer “Chat with us” (/<lang>/chat/) to this language's visitors."),
    )  # fmt: skip
    chat_url = models.URLField(
        _("other live chat URL"), blank=True,
        help_text=_("Only if you also run a chat elsewhere: offered as a second way."),
    )  # fmt: skip
    chat_response_time = models.CharField(_("live chat response time"), max_length=200, blank=True)
    email = models.EmailField(_("support e-mail address"), blank=True)
    email_response_time = models.CharField(_("e-mail response time"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("contact channels")
        verbose_name_plural = _("contact channels")

    def __str__(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


class PhoneLine(models.Model):
    """A phone number for a region, open on `days` from `opens` to `closes` in `time_zone`.

    `closes` earlier than `opens` is a line open overnight; equal times mean all day.
    """

    channels = models.ForeignKey(
        ContactChannels, on_delete=models.CASCADE, related_name="phone_lines"
    )
    region = models.CharField(_("region"), max_length=100)
    number = models.CharField(_("phone number"), max_length=40)
    days = models.CharField(
        _("open on days"), max_length=7, default="01234", validators=[validate_weekdays],
        help_text=_("0 = Monday … 6 = Sunday; 01234 is Monday to Friday."),
    )  # fmt: skip
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone],
        help_text=_("An IANA name, e.g. Europe/Madrid or Asia/Shanghai."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("phone line")
        verbose_name_plural = _("phone lines")

    def __str__(self) -> str:
        return f"{self.region}: {self.number}"


class SocialAccount(models.Model):
    """An official social-media account (network name and the account's address)."""

    channels = models.ForeignKey(
        ContactChannels, on_delete=models.CASCADE, related_name="social_accounts"
    )
    network = models.CharField(_("network"), max_length=60)
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("social-media account")
        verbose_name_plural = _("social-media accounts")

    def __str__(self) -> str:
        return self.network


class ContactRequest(models.Model):
    """A conversation a visitor opened with support, by the contact form or the live chat.

    `message` keeps the visitor's first message (the queue and forwarding show it); it is
    also the conversation's first `ContactMessage`, so a transcript is its messages alone.
    `new` means an agent's answer is due, `waiting` that the visitor is expected to write.
    The private link's token is never stored: only its SHA-256 (`token_hash`), so the
    database alone does not open anyone's conversation.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        WAITING = "waiting", _("waiting for the visitor")
        SOLVED = "solved", _("solved")

    class Channel(models.TextChoices):
        FORM = "form", _("contact form")
        CHAT = "chat", _("live chat")

    class Forwarding(models.TextChoices):
        NONE = "", _("not forwarded")
        PENDING = "pending", _("waiting to be forwarded")
        DONE = "done", _("forwarded")
        FAILED = "failed", _("forwarding failed")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.FORM
    )
    # Required by the contact form; optional in the chat (answers then wait on the page).
    email = models.EmailField(_("e-mail address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(_("first message"), max_length=5000)
    query = models.CharField(_("searched for"), max_length=200, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contact_requests", verbose_name=_("came from article"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_conversations", verbose_name=_("agent"),
    )  # fmt: skip
    # The workspace's timers: since when an answer is due (the first visitor message after
    # the last agent reply; None while the visitor is the one expected to write), and when
    # an agent first answered (None until then). Internal notes set neither.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True, max_length=2000)
    forwarding = models.CharField(
        _("forwarding"), max_length=10, choices=Forwarding.choices, blank=True, default=""
    )
    forward_attempts = models.PositiveSmallIntegerField(_("forwarding attempts"), default=0)
    forward_next_at = models.DateTimeField(_("next forwarding attempt"), null=True, blank=True)
    forward_error = models.CharField(_("last forwarding error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        permissions = [("answer_contact_requests", "Can answer contact requests in the desk")]

    def __str__(self) -> str:
        return self.reference


CLIENT_ID_LENGTH = 36  # a UUID as text: what the chat's browser code generates


class ContactMessage(models.Model):
    """One message of a conversation: the visitor's (the first one included) or an agent's.

    An `internal` message is a note agents write for each other: visitors never see it.
    `client_id` is the sender's own id for the message (the chat's browser code makes one
    per message): sending it again, after a lost acknowledgement or a reconnect, finds
    the stored message instead of adding a second (one per conversation and client id).
    """

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    from_agent = models.BooleanField(_("from an agent"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("agent"),
    )  # fmt: skip
    body = models.TextField(_("message"), max_length=5000)
    # An agents' note: never shown, sent or e-mailed to the visitor (conversations.py).
    internal = models.BooleanField(_("internal note"), default=False)
    client_id = models.CharField(max_length=CLIENT_ID_LENGTH, blank=True, default="")
    emailed = models.BooleanField(_("e-mailed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "client_id"],
                condition=~models.Q(client_id=""),
                name="contact_message_once_per_client_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {'agent' if self.from_agent else 'visitor'} {self.created_at}"


ATTACHMENT_DIRECTORY = "contact"  # under MEDIA_ROOT; never served by /media/ (media.py)


class ContactAttachment(models.Model):
    """A screenshot sent with a request: checked and re-encoded like article images.

    `message` is the message it was sent with (a chat's or a follow-up's, the visitor's or
    an agent's); none for the contact form's first screenshots, shown with the first message.
    """

    request = models.ForeignKey(
        ContactRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        ContactMessage, on_delete=models.CASCADE, null=True, blank=True,
        related_name="attachments", verbose_name=_("message"),
    )  # fmt: skip
    # Private: shown only through the status page and the desk (views/contact_files.py).
    file = models.FileField(_("file"), upload_to=ATTACHMENT_DIRECTORY, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.name
