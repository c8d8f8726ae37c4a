from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.support import visitor_data


class Command(BaseCommand):
    help = (
        "Delete conversations (chats and contact requests) untouched for more than "
        "--keep-days (default: KB_CONVERSATION_RETENTION_DAYS, 730), with their messages, "
        "ratings and screenshots (files on disk too). Run it daily from cron."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="keep conversations touched in this many days (at least 1; default "
            "KB_CONVERSATION_RETENTION_DAYS)",
        )

    def handle(self, *args, keep_days: int | None, **options) -> None:
        if keep_days is None:
            keep_days = settings.KB_CONVERSATION_RETENTION_DAYS
        if keep_days < 1:
            raise CommandError(
                "--keep-days must be at least 1 (days a conversation is kept after its "
                "last activity); check KB_CONVERSATION_RETENTION_DAYS."
            )
        conversations, files = visitor_data.prune(keep_days=keep_days)
        self.stdout.write(
            f"Conversations pruned: {conversations} untouched for more than {keep_days} "
            f"day(s) deleted, with {files} screenshot file(s)."
        )
