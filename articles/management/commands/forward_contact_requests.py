from django.core.management.base import BaseCommand

from articles.support import forwarding


class Command(BaseCommand):
    help = (
        "Forward contact requests that are due (new ones whose first attempt failed, retries "
        "after 1, 5, 30, 120, 720 minutes) to KB_CONTACT_FORWARD_WEBHOOK or "
        "KB_CONTACT_FORWARD_EMAIL. Run it every minute from cron or a systemd timer."
    )

    def handle(self, *args, **options) -> None:
        if not forwarding.is_configured():
            self.stdout.write("Forwarding is not configured: nothing to do.")
            return
        counts = forwarding.forward_due()
        self.stdout.write(
            f"Forwarded {counts['sent']}, failed {counts['failed']} (retried later or given up), "
            f"skipped {counts['skipped']} (held by another process)."
        )
