from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.translations.po_files import export_translations


class Command(BaseCommand):
    help = (
        "Write what needs translating in LANG (articles whose translation is missing or out "
        "of date; --all for every article) as a gettext PO file for a translation tool. "
        "Outdated units are flagged fuzzy with the English they were made from."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("lang", help="the language to translate into, e.g. ru, zh-hans")
        parser.add_argument("path", type=Path, help="the PO file to write")
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="every article, even up to date"
        )

    def handle(self, *args, lang: str, path: Path, everything: bool, **options) -> None:
        try:
            po = export_translations(lang, everything=everything)
            po.save(str(path))
        except ValueError as error:
            raise CommandError(
                f"{error}; translatable languages are in settings.LANGUAGES"
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from None
        articles = len({entry.msgctxt.split(":")[1] for entry in po})
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(po)} unit(s) of {articles} article(s) to {path} "
                f"({len(po.fuzzy_entries())} outdated, marked fuzzy)."
            )
        )
