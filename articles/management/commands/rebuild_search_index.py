from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database: a new index is built beside the old one "
        "and swapped in atomically, so searches keep working meanwhile."
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {documents} documents from {total} articles."
            )
        )
