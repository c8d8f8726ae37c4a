from django.core.management.base import BaseCommand
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
            documents = search.rebuild(progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {documents} documents from {total} articles."
            )
        )
