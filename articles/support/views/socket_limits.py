"""What one chat socket may send: messages a minute and typing events a second.

Per connection, in the socket's own memory (the per-address limits, shared by every
worker, are articles/web/throttles.py's). Used by consumers.py.
"""

import time
from collections import deque

CONNECTION_MESSAGES = 20  # messages a connection may send in a minute
TYPING_INTERVAL = 1.0  # seconds between two typing events a connection passes on


class ConnectionLimits:
    """One connection's message and typing limits (time.monotonic() seconds)."""

    def __init__(self) -> None:
        self.sent_times: deque[float] = deque()  # the last minute's messages
        self.last_typing = 0.0  # when the last typing event was passed on
        self.typing_shown: set = set()  # conversations whose last event passed said "typing"

    def over_message_limit(self) -> bool:
        """Whether one more message passes CONNECTION_MESSAGES in the last 60 s (counted
        when it does not)."""
        now = time.monotonic()
        while self.sent_times and now - self.sent_times[0] > 60:
            self.sent_times.popleft()
        if len(self.sent_times) >= CONNECTION_MESSAGES:
            return True
        self.sent_times.append(now)
        return False

    def typing_due(self, conversation, typing: bool) -> bool:
        """Whether to pass on a typing event saying `typing` in `conversation` (any key):
        one a TYPING_INTERVAL per connection, and besides, a "stopped" in a conversation
        whose last event passed said "typing" (an indicator must not outlive the typing;
        each such stop follows a passed "typing")."""
        if not typing and conversation in self.typing_shown:
            self.typing_shown.discard(conversation)
            return True
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return False
        self.last_typing = now
        (self.typing_shown.add if typing else self.typing_shown.discard)(conversation)
        return True
