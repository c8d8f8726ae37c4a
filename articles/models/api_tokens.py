"""API tokens editors issue to help-desk tools: only a hash is stored.

A tool sends `Authorization: Bearer <token>`; the token gets its own, higher rate limits
and its requests are counted on it. Revoking keeps the row (and its count) but refuses
the token from then on.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "kb_"  # noqa: S105  (a visible prefix, not a secret)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored for `token` (tokens are random: no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for `/api/`: its name, who issued it, its hash, use and revocation."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which tool uses it, e.g. Zendesk macros sync.")
    )
    digest = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    hint = models.CharField(
        _("starts with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    requests = models.PositiveBigIntegerField(_("requests"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def set_new_token(self) -> str:
        """Give this (unsaved) row a new random token; returns the token, which is shown
        once and never stored: only its hash and first characters are kept."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.digest, self.hint = token_digest(token), token[:10]
        return token

    @classmethod
    def issue(cls, *, name: str, user=None) -> tuple["ApiToken", str]:
        """A new token named `name`: returns the saved row and the token itself."""
        row = cls(name=name, created_by=user)
        token = row.set_new_token()
        row.save()
        return row, token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
