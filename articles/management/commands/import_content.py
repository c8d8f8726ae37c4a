from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.publishing.content_files import ContentFileError
from articles.publishing.content_import import import_content


class Command(BaseCommand):
    help = (
        "Upsert categories, articles and synonyms from a folder in the sample-content format "
        "(<lang>/<slug>.md with YAML front matter, categories.yaml, synonyms.yaml). "
        "Idempotent; nothing is changed when a file has a problem."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the folder to import")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            report = import_content(directory=path)
        except ContentFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            message = f"Nothing was imported; fix these files first:\n{problems}"
            raise CommandError(message) from None
        for stored in report.unpublished_translations:
            self.stdout.write(
                f"Stored {stored}: not published, so readers of that language get the "
                "English until a reviewer publishes it."
            )
        for stored in report.pending_translations:
            self.stdout.write(
                f"Stored {stored}: edits awaiting review; readers keep the published text."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.categories} categories and {report.articles} articles "
                f"({report.created} new, {report.changed} changed) in "
                f"{', '.join(report.languages) or 'no language'}; "
                f"{report.synonym_groups} synonym groups."
            )
        )
