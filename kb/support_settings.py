"""The settings of e-mail, contact requests, the live chat and conversations' data, read
from the environment (docs/operating.md "E-mail", "Live chat", "Conversations' data").

kb/settings.py takes them all: `globals().update(support_settings(debug=DEBUG))`, so each
is an ordinary Django setting (`settings.KB_CHAT_ANSWER_TIMEOUT`, override_settings in
tests). Kept apart because they are the support side's, and settings.py stays readable.

Imports: kb.environment only.
"""

import os

from kb.environment import env_bool, env_list


def support_settings(*, debug: bool) -> dict:
    """{setting name: value} from the environment; `debug` (DJANGO_DEBUG) prints e-mails
    on the console when no mail server is set. Raises ValueError for a number that is not
    one (e.g. KB_CHAT_ANSWER_TIMEOUT=abc): a misconfiguration stops the start-up."""
    # Django's e-mail framework: replies to visitors and forwarded requests go through it. Set
    # EMAIL_HOST for SMTP. Without it nothing is sent: in development (DJANGO_DEBUG=1) the
    # console backend prints e-mails; otherwise they are refused and recorded as not sent,
    # since the console would write visitors' addresses and private status links into the
    # log (articles/support/mail_backends.py; `check --deploy` warns, articles.W008).
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
    if EMAIL_HOST:
        default_email_backend = "django.core.mail.backends.smtp.EmailBackend"
    elif debug:
        default_email_backend = "django.core.mail.backends.console.EmailBackend"
    else:
        default_email_backend = "articles.support.mail_backends.UnconfiguredEmailBackend"
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", default_email_backend)
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OKPay support <support@localhost>")
    SERVER_EMAIL = DEFAULT_FROM_EMAIL
    # Where visitors' answers to our e-mails go (empty: to DEFAULT_FROM_EMAIL).
    KB_CONTACT_REPLY_TO = env_list("KB_CONTACT_REPLY_TO", "")
    # Forward each new request to the operator's own help desk: a webhook (JSON, signed with
    # the secret) or else an e-mail address (articles/support/forwarding.py).
    KB_CONTACT_FORWARD_WEBHOOK = os.environ.get("KB_CONTACT_FORWARD_WEBHOOK", "")
    KB_CONTACT_WEBHOOK_SECRET = os.environ.get("KB_CONTACT_WEBHOOK_SECRET", "")
    KB_CONTACT_FORWARD_EMAIL = os.environ.get("KB_CONTACT_FORWARD_EMAIL", "")
    # The site's address for links in forwarded requests and e-mails ("https://help.example.com").
    KB_SITE_URL = os.environ.get("KB_SITE_URL", "")
    # Conversations' data (articles/support/links.py, retention.py; docs/operating.md): how long a
    # signed link in an e-mail opens its conversation, how long a "My requests" sign-in link
    # works, and after how many days without activity `prune_conversations` deletes one.
    KB_CONVERSATION_LINK_DAYS = int(os.environ.get("KB_CONVERSATION_LINK_DAYS", "30"))
    KB_MY_REQUESTS_LINK_MINUTES = int(os.environ.get("KB_MY_REQUESTS_LINK_MINUTES", "60"))
    KB_CONVERSATION_RETENTION_DAYS = int(os.environ.get("KB_CONVERSATION_RETENTION_DAYS", "730"))
    # The most open chats one agent holds at once (articles/support/assignment.py).
    KB_CHAT_MAX_PER_AGENT = int(os.environ.get("KB_CHAT_MAX_PER_AGENT", "5"))
    # Honest waiting (articles/support/presence.py, answer_timeout.py, waiting.py): an agent
    # counts as present while a workspace of theirs showed a sign of life within
    # KB_CHAT_PRESENCE_TIMEOUT seconds; a taken chat not answered within
    # KB_CHAT_ANSWER_TIMEOUT seconds goes back to the queue; the expected wait is the median
    # first answer of the last KB_CHAT_WAIT_SAMPLE answered chats.
    KB_CHAT_PRESENCE_TIMEOUT = int(os.environ.get("KB_CHAT_PRESENCE_TIMEOUT", "75"))
    KB_CHAT_ANSWER_TIMEOUT = int(os.environ.get("KB_CHAT_ANSWER_TIMEOUT", "180"))
    KB_CHAT_WAIT_SAMPLE = int(os.environ.get("KB_CHAT_WAIT_SAMPLE", "20"))
    return {name: value for name, value in locals().items() if name.isupper()}
