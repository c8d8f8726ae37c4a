from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.publishing.content_files import export_content


class Command(BaseCommand):
    help = (
        "Write every category, article and synonym group to a folder in the sample-content "
        "format, so that `import_content` on that folder is a round trip."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the folder to write (created if missing)")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            report = export_content(directory=path)
        except OSError as error:
            raise CommandError(f"Cannot write to {path}: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {report.articles} articles to {path} ({report.files} files written, "
                f"{report.removed} stale files removed)."
            )
        )
