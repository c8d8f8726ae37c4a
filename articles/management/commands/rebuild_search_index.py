from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import search
from articles.models import Article
from articles.search.startup import build_if_needed


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database: a new index is built beside the old one "
        "and swapped in atomically, so searches keep working meanwhile."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="build only when this host's index does not open (missing, damaged, of "
            "another version) and no other process is building it: what a server starting "
            "runs by itself (Whoosh backend; nothing to do with KB_SEARCH_BACKEND=postgres)",
        )

    def handle(self, *args, **options) -> None:
        total = Article.objects.published().count()
        with tqdm(
            total=total,
            unit="article",
            disable=options["verbosity"] == 0 or not total,
            file=self.stderr._out,
        ) as bar:
            try:
                if options["if_needed"]:
                    documents = build_if_needed(progress=bar.update)
                else:
                    documents = search.rebuild(progress=bar.update)
            except OSError as error:
                raise CommandError(
                    f"Could not write the search index in {settings.KB_INDEX_DIR} "
                    f"({error.strerror or error}): check that KB_INDEX_DIR is writable "
                    "and has free space, then run this command again."
                ) from error
            except search.IndexBusy as error:
                raise CommandError(
                    f"The new index is in place, but changes saved meanwhile could not be "
                    f"applied ({error}): run `python manage.py sync_search_index`."
                ) from error
        if documents is None:
            self.stdout.write("Search index usable (or being built by another process): not built.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {documents} documents from {total} articles."
            )
        )
