"""Reaching a human: the channels an operator offers per language, and contact requests.

`ContactChannels` (one row per language, with `PhoneLine` and `SocialAccount` rows) is what
the contact page, the zero-result page and every article show: only channels configured
there are offered. `ContactRequest` is what a visitor sends from `/<lang>/contact/`; its
thread (`ContactMessage`), screenshots (`ContactAttachment`) and rating live with it.
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
    chat_url = models.URLField(_("live chat URL"), blank=True)
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
    """A visitor's request from the contact form, with its status and rating.

    The status link's token is never stored: only its SHA-256 (`token_hash`), so the
    database alone does not open anyone's status page.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        WAITING = "waiting", _("waiting for the visitor")
        SOLVED = "solved", _("solved")

    class Forwarding(models.TextChoices):
        NONE = "", _("not forwarded")
        PENDING = "pending", _("waiting to be forwarded")
        DONE = "done", _("forwarded")
        FAILED = "failed", _("forwarding failed")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    query = models.CharField(_("searched for"), max_length=200, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contact_requests", verbose_name=_("came from article"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
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
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        permissions = [("answer_contact_requests", "Can answer contact requests in the desk")]

    def __str__(self) -> str:
        return self.reference


class ContactMessage(models.Model):
    """One message after the request itself: an agent's reply or the visitor's follow-up."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    from_agent = models.BooleanField(_("from an agent"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("agent"),
    )  # fmt: skip
    body = models.TextField(_("message"), max_length=5000)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return f"{self.request_id} {'agent' if self.from_agent else 'visitor'} {self.created_at}"


ATTACHMENT_DIRECTORY = "contact"  # under MEDIA_ROOT; never served by /media/ (media.py)


class ContactAttachment(models.Model):
    """A screenshot sent with a request: checked and re-encoded like article images."""

    request = models.ForeignKey(
        ContactRequest, on_delete=models.CASCADE, related_name="attachments"
    )
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
