from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.translations.po_import import TranslationFileError, import_translations


class Command(BaseCommand):
    help = (
        "Import a translated PO file written by export_translations: all or nothing; units "
        "with an unknown id, English changed since the export or broken Markdown refuse the "
        "file. Untranslated and fuzzy units are skipped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the translated PO file")

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            report = import_translations(str(path), name=path.name)
        except TranslationFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was imported; fix these units first:\n{problems}"
            ) from None
        for slug, fields in report.changed.items():
            self.stdout.write(f"  {slug}: {', '.join(fields)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.changed_units} changed units into {report.lang} "
                f"({len(report.changed)} articles); {report.unchanged} unchanged; "
                f"{report.untranslated} untranslated and {report.fuzzy} still fuzzy units skipped."
            )
        )
