"""A logging filter that hides status-link tokens and signed links (links.py): Django
logs the path of every 4xx/5xx ("Not Found: /en/requests/<token>/"), and a token opens
a visitor's request (their e-mail address and message), so it must not reach the logs.
Installed on the console handler (kb/settings.py, LOGGING)."""

import logging
import re

# A private token ([A-Za-z0-9_-]), a signed conversation link or sign-in link (with ":").
TOKEN_IN_PATH = re.compile(r"(/requests/(?:mine/)?)[A-Za-z0-9_:-]{8,}")


def redact(text: str) -> str:
    """Hide the token of a status path: /en/requests/abc…xyz/rate/ → /en/requests/…/rate/."""
    return TOKEN_IN_PATH.sub(r"\1…", text)


class HideStatusTokens(logging.Filter):
    """Rewrites the record's message (after %-formatting) without the token; keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/requests/" in message:
            record.msg, record.args = redact(message), ()
        return True
