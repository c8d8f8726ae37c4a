"""Put chats taken and not answered within KB_CHAT_ANSWER_TIMEOUT seconds back in the queue.

Open workspaces do this on their heartbeat already (articles/support/answer_timeout.py);
the command is for a scheduler (cron, a systemd timer), e.g. every minute.
"""

from django.core.management.base import BaseCommand

from articles.support import answer_timeout, live


class Command(BaseCommand):
    help = "Put chats taken and not answered in time back in the agents' queue."

    def handle(self, *args, **options) -> None:
        events = answer_timeout.release_overdue()
        live.send_now(events)
        released = sum(1 for _group, event in events if event["type"] == "queue.changed")
        self.stdout.write(f"{released} chat(s) back in the queue.")
