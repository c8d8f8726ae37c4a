"""E-mails to visitors, through Django's e-mail framework (EMAIL_* settings: docs/operating.md).

Each is written in the request's language from a text template under
templates/articles/email/. A failure to send is logged with the reference only (never the
address or the text) and does not undo anything: the request and the reply are stored and
shown on the status page whatever the mail server says.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext, override

from articles.models import ContactMessage, ContactRequest

logger = logging.getLogger(__name__)


def _send(contact: ContactRequest, subject: str, template: str, context: dict) -> bool:
    if not contact.email:  # a chat opened without an address: answers wait on its page
        return False
    with override(contact.language):
        body = render_to_string(template, {"contact": contact, **context})
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[contact.email],
        reply_to=settings.KB_CONTACT_REPLY_TO or None,
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001  (SMTP down, refused: logged, not fatal)
        kind = type(error).__name__
        logger.error("E-mail for contact request %s not sent: %s", contact.reference, kind)
        return False
    return True


def send_acknowledgement(contact: ContactRequest, status_url: str) -> bool:
    """ "We received your request": the reference and the private status link, nothing the
    visitor typed (so the form cannot be used to send chosen text to any address)."""
    with override(contact.language):
        subject = gettext("We received your request %(reference)s") % {
            "reference": contact.reference
        }
    return _send(contact, subject, "articles/email/acknowledgement.txt", {"status_url": status_url})


def send_reply(contact: ContactRequest, reply: ContactMessage) -> bool:
    """An agent's reply, with the reference; marks the message `emailed` when sent."""
    with override(contact.language):
        subject = gettext("Reply to your request %(reference)s") % {"reference": contact.reference}
    sent = _send(contact, subject, "articles/email/reply.txt", {"reply": reply})
    if sent:
        ContactMessage.objects.filter(pk=reply.pk).update(emailed=True)
    return sent
