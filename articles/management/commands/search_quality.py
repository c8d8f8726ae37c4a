from django.core.management.base import BaseCommand

from articles import search
from articles.search.quality import load_cases, measure


class Command(BaseCommand):
    help = "Print hit@3 and MRR of the relevance query sets (tests/relevance/*.yaml) per language."

    def handle(self, *args, **options) -> None:
        def engine(query: str, lang: str) -> list[str]:
            return [hit.slug for hit in search.search(query, lang, per_page=10, log=False).hits]

        report = measure(engine, load_cases())
        self.stdout.write(f"{'lang':<8} {'queries':>7} {'hit@3':>6} {'MRR':>5}")
        for row in report:
            self.stdout.write(
                f"{row.lang:<8} {row.queries:>7} {row.hit_at_3:>6.2f} {row.mrr:>5.2f}"
            )
            for query, expected, got in row.misses:
                self.stdout.write(f"    miss: {query!r} → expected {expected}, got {got}")
