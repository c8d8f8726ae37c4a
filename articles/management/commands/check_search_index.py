from django.core.management.base import BaseCommand, CommandError

from articles import search


class Command(BaseCommand):
    help = "Compare the search index with the database; exit non-zero when they differ."

    def handle(self, *args, **options) -> None:
        try:
            report = search.check()
        except search.IndexUnavailable as error:
            raise CommandError(str(error)) from error
        if report.in_step:
            self.stdout.write(self.style.SUCCESS("Search index and database are in step."))
            return
        for label, items in (
            ("missing from the index", report.missing),
            ("older in the index than in the database", report.stale),
            ("in the index but not published", report.extra),
        ):
            if items:
                self.stdout.write(f"{len(items)} document(s) {label}: {', '.join(items[:20])}")
        if report.pending_changes:
            self.stdout.write(f"{report.pending_changes} logged change(s) not applied yet.")
        raise CommandError(
            "The search index has drifted from the database: run "
            "`python manage.py sync_search_index` (or `rebuild_search_index`)."
        )
