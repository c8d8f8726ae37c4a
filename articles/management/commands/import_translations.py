from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.translations import edits
from articles.translations.po_import import TranslationFileError, import_translations

OUTCOMES = {
    edits.PUBLISHED: "published",
    edits.PENDING: "waits for review; readers keep the published text",
    edits.DRAFT: "stored as a draft or in review, not shown",
}


class Command(BaseCommand):
    help = (
        "Import a translated PO file written by export_translations: all or nothing; units "
        "with an unknown id, English changed since the export or broken Markdown refuse the "
        "file. Untranslated and fuzzy units are skipped. Changes to published translations "
        "wait for review and new translations are drafts, unless --publish."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the translated PO file")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="put the translations live at once instead of holding them for review",
        )

    def handle(self, *args, path: Path, publish: bool, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            report = import_translations(str(path), name=path.name, publish=publish)
        except TranslationFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was imported; fix these units first:\n{problems}"
            ) from None
        for slug, fields in report.changed.items():
            self.stdout.write(f"  {slug}: {', '.join(fields)} ({OUTCOMES[report.outcomes[slug]]})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.changed_units} changed units into {report.lang} "
                f"({len(report.changed)} articles); {report.unchanged} unchanged; "
                f"{report.untranslated} untranslated and {report.fuzzy} still fuzzy units skipped."
            )
        )
