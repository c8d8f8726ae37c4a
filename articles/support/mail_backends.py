"""The e-mail backend of a site in production (DJANGO_DEBUG off) with no mail server
(no EMAIL_HOST): it sends nothing and writes nothing out.

Django's console backend, the usual stand-in, prints every e-mail into the server log:
each visitor's address and their private status link (which opens their request). Here an
e-mail is refused with `MailServerNotConfigured` instead, so that callers record it as not
sent (articles/support/mail.py logs the request's reference; forwarding retries, then
shows the error in the admin). `manage.py check --deploy` warns while this backend is in
use (articles.W008, articles/checks.py); with DJANGO_DEBUG=1 the console backend is kept
for development, and `manage.py demo` prints e-mails for the person running it.
"""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from articles.support.log_filter import redact

logger = logging.getLogger(__name__)

# The dotted path settings.EMAIL_BACKEND holds when no mail server is configured.
UNCONFIGURED_BACKEND = "articles.support.mail_backends.UnconfiguredEmailBackend"


class MailServerNotConfigured(Exception):
    """An e-mail was not sent because EMAIL_HOST is not set."""


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Sends nothing: raises MailServerNotConfigured, or with `fail_silently` logs one
    warning per e-mail naming its subject (status-link tokens hidden), never an address
    or the text."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """0 e-mails sent; raises MailServerNotConfigured unless `fail_silently`."""
        if not email_messages:
            return 0
        if not self.fail_silently:
            raise MailServerNotConfigured(
                "E-mail not sent: set EMAIL_HOST (docs/operating.md, 'E-mail')."
            )
        for message in email_messages:
            logger.warning("E-mail not sent (set EMAIL_HOST): %s", redact(message.subject))
        return 0
