"""E-mails to visitors, through Django's e-mail framework (EMAIL_* settings: docs/operating.md).

Each is written in the request's language from a text template under
templates/articles/email/. Every e-mail carries a working link to the conversation: the
acknowledgement its private token's link, the later ones a signed link (links.py), since
the token itself is not stored. A failure to send is logged with the reference only (never the
address or the text) and does not undo anything: the request and the reply are stored and
shown on the status page whatever the mail server says.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from articles.models import ContactMessage, ContactRequest
from articles.support import links

logger = logging.getLogger(__name__)


def _send(contact: ContactRequest, subject: str, template: str, context: dict) -> bool:
    if not contact.email:  # a chat opened without an address: answers wait on its page
        return False
    with override(contact.language):
        body = render_to_string(template, {"contact": contact, **context})
    return _deliver(contact.email, subject, body, f"contact request {contact.reference}")


def _deliver(to: str, subject: str, body: str, what: str) -> bool:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=settings.KB_CONTACT_REPLY_TO or None,
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001  (SMTP down, refused: logged, not fatal)
        logger.error("E-mail for %s not sent: %s", what, type(error).__name__)
        return False
    return True


def send_sign_in(*, email: str, language: str, url: str) -> bool:
    """The "My requests" sign-in link (`url`, absolute) to `email`, in `language`."""
    with override(language):
        subject = gettext("Your requests to OKPay support")
        body = render_to_string(
            "articles/email/sign_in.txt",
            {"url": url, "minutes": int(links.sign_in_lifetime().total_seconds() // 60)},
        )
    return _deliver(email, subject, body, "a sign-in link to My requests")


def send_acknowledgement(contact: ContactRequest, status_url: str) -> bool:
    """ "We received your request": the reference and the private status link, nothing the
    visitor typed (so the form cannot be used to send chosen text to any address)."""
    with override(contact.language):
        subject = gettext("We received your request %(reference)s") % {
            "reference": contact.reference
        }
    return _send(contact, subject, "articles/email/acknowledgement.txt", {"status_url": status_url})


def conversation_links(contact: ContactRequest, site_url: str = "") -> dict:
    """What every e-mail after the first carries: {"conversation_url" (a new signed link
    to the conversation, absolute), "link_expires" (when it stops working, a datetime),
    "my_requests_url" (where to ask for a new one)}. `site_url` as for links.absolute."""
    with override(contact.language):
        token = links.conversation_link(contact)
        path = reverse("articles:request_status", kwargs={"token": token})
        my_requests = reverse("articles:my_requests")
    return {
        "conversation_url": links.absolute(path, site_url),
        "link_expires": timezone.now() + links.conversation_lifetime(),
        "my_requests_url": links.absolute(my_requests, site_url),
    }


def send_reply(contact: ContactRequest, reply: ContactMessage, site_url: str = "") -> bool:
    """An agent's reply, with the reference and a working link to the conversation
    (conversation_links); marks the message `emailed` when sent."""
    with override(contact.language):
        subject = gettext("Reply to your request %(reference)s") % {"reference": contact.reference}
    context = {"reply": reply, **conversation_links(contact, site_url)}
    sent = _send(contact, subject, "articles/email/reply.txt", context)
    if sent:
        ContactMessage.objects.filter(pk=reply.pk).update(emailed=True)
    return sent
