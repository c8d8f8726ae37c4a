"""Live help's honest waiting: agents' presence, the chat's opening hours, deflection.

`AgentPresence` is what an agent set in the workspace (available, away, offline) and when
their workspace last showed a sign of life (`seen_at`); articles/support/presence.py
reads both (an "available" agent not seen for a while counts as offline). `ChatSchedule`
(one per language, in one time zone) holds the weekly `ChatHours` and the dated
`ChatHoursException`s (holidays, special hours); articles/support/hours.py computes
whether the chat is open and when it opens next. `ChatDeflection` records what a visitor
chose when articles were offered before a human ("this solved it" or "talk to a
person"); `ChatByEmail` marks a chat opened while nobody could answer live (its answers
are e-mailed); `ChatClaim` is when an agent took a chat (the answer deadline).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article
from articles.models.support import ContactRequest, validate_time_zone

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def validate_language_codes(value: str) -> None:
    """Blank, or site language codes separated by spaces or commas ("en ru")."""
    known = {code for code, _name in settings.LANGUAGES}
    unknown = [code for code in value.replace(",", " ").split() if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": ", ".join(unknown)}
        )


class AgentPresence(models.Model):
    """An agent's presence as set in the workspace, and the last sign of their workspace.

    `languages` blank: the agent serves every language; else the codes they serve.
    """

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        AWAY = "away", _("away")
        OFFLINE = "offline", _("offline")

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence",
        verbose_name=_("agent"),
    )  # fmt: skip
    status = models.CharField(
        _("presence"), max_length=10, choices=Status.choices, default=Status.OFFLINE
    )
    languages = models.CharField(
        _("serves languages"), max_length=100, blank=True, validators=[validate_language_codes],
        help_text=_("Language codes separated by spaces, e.g. “en ru”; blank: all languages."),
    )  # fmt: skip
    seen_at = models.DateTimeField(_("workspace last seen"), null=True, blank=True)
    changed_at = models.DateTimeField(_("presence changed"), auto_now=True)

    class Meta:
        ordering = ["agent__username"]
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")

    def __str__(self) -> str:
        return str(self.agent)

    def serves(self, language: str) -> bool:
        codes = self.languages.replace(",", " ").split()
        return not codes or language in codes


class ChatSchedule(models.Model):
    """When the live chat of one language is staffed: weekly hours and exceptions, read in
    `time_zone`. A language without a schedule uses the source language's; with none at
    all, the chat has no opening hours (agents' presence alone decides)."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, unique=True
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone],
        help_text=_("An IANA name, e.g. Europe/Madrid or Asia/Shanghai."),
    )  # fmt: skip

    class Meta:
        ordering = ["language"]
        verbose_name = _("chat opening hours")
        verbose_name_plural = _("chat opening hours")

    def __str__(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


def _check_span(opens, closes) -> None:
    """`closes` after `opens`, or 00:00 for "until midnight"."""
    if opens is None or closes is None or closes.hour + closes.minute == 0:
        return
    if closes <= opens:
        raise ValidationError(_("Closing must be after opening (00:00 means midnight)."))


class ChatHours(models.Model):
    """Open on `weekday` from `opens` to `closes` (00:00: until midnight); several rows
    on one day are several shifts."""

    schedule = models.ForeignKey(ChatSchedule, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAY_CHOICES)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        _check_span(self.opens, self.closes)


class ChatHoursException(models.Model):
    """A date whose hours differ from the week's: closed (a holiday), or open only from
    `opens` to `closes`."""

    schedule = models.ForeignKey(ChatSchedule, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens at"), null=True, blank=True)
    closes = models.TimeField(_("closes at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("exception (holiday or special hours)")
        verbose_name_plural = _("exceptions (holidays or special hours)")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "date"], name="chat_hours_one_exception")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.note}".strip()

    def clean(self) -> None:
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("Give the special hours, or tick “closed all day”."))
        _check_span(self.opens, self.closes)


class ChatDeflection(models.Model):
    """What a visitor chose when articles were offered before a human. Nothing the visitor
    typed is kept here: the language, the choice, the article that solved it."""

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("this solved it")
        PERSON = "person", _("talk to a person")

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    outcome = models.CharField(_("choice"), max_length=10, choices=Outcome.choices)
    offered = models.PositiveSmallIntegerField(_("articles offered"), default=0)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("article that solved it"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("chat deflection")
        verbose_name_plural = _("chat deflections")

    def __str__(self) -> str:
        return f"{self.language} {self.outcome} {self.created_at:%Y-%m-%d}"


class ChatByEmail(models.Model):
    """A chat opened while nobody could answer live: its answers are e-mailed (the visitor
    gave an address), and its private link stays the conversation's page."""

    class Reason(models.TextChoices):
        CLOSED = "closed", _("outside opening hours")
        NO_AGENT = "no_agent", _("no agent available")

    request = models.OneToOneField(
        ContactRequest, on_delete=models.CASCADE, related_name="by_email"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)

    class Meta:
        verbose_name = _("chat answered by e-mail")
        verbose_name_plural = _("chats answered by e-mail")

    def __str__(self) -> str:
        return f"{self.request_id} {self.reason}"


class ChatClaim(models.Model):
    """When `agent` took a chat: it goes back to the queue if they have not answered it
    within KB_CHAT_ANSWER_TIMEOUT seconds (articles/support/answer_timeout.py)."""

    request = models.OneToOneField(ContactRequest, on_delete=models.CASCADE, related_name="claim")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("chat taken")
        verbose_name_plural = _("chats taken")

    def __str__(self) -> str:
        return f"{self.request_id} {self.taken_at}"
