from django.core.management.base import BaseCommand, CommandError

from articles import search


class Command(BaseCommand):
    help = (
        "Apply logged article changes the search index has not seen yet (e.g. after a process "
        "died between its database commit and its index commit). Safe to run from cron."
    )

    def handle(self, *args, **options) -> None:
        try:
            count = search.sync()
        except search.IndexUnavailable as error:
            raise CommandError(str(error)) from error
        except search.IndexBusy as error:
            raise CommandError(f"{error} Try again; nothing was lost.") from error
        self.stdout.write(f"Search index in step: {count} article(s) updated.")
