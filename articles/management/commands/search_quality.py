"""search_quality: hit@3, MRR and, per language, how many results a query shows above the
fold (strong matches on the first page, before "more articles that mention…")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import search
from articles.models import language_codes
from articles.search.quality import Ranking, RelevanceSetError, load_cases, measure


class Command(BaseCommand):
    help = (
        "Print hit@3 and MRR per language of the relevance sets (<lang>.yaml: a list of "
        "{q, expect}) in a folder, e.g. `search_quality tests/data/relevance` in a checkout."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "folder", type=Path, help="folder of relevance sets, one <lang>.yaml per language"
        )

    def handle(self, *args, folder: Path, **options) -> None:
        try:
            cases = load_cases(folder)
        except RelevanceSetError as error:
            raise CommandError(str(error)) from error
        unknown = sorted(set(cases) - set(language_codes()))
        if unknown:
            raise CommandError(
                f"No such language on this site: {', '.join(unknown)} (file names must be "
                f"codes from LANGUAGES: {', '.join(language_codes())})."
            )

        def engine(query: str, lang: str) -> Ranking:
            results = search.search(query, lang, per_page=10, log=False)
            slugs = [hit.slug for hit in results.hits]
            return Ranking(slugs, above_fold=min(results.strong, len(slugs)))

        report = measure(engine, cases)
        self.stdout.write(f"{'lang':<8} {'queries':>7} {'hit@3':>6} {'MRR':>5} {'shown':>5}")
        for row in report:
            self.stdout.write(
                f"{row.lang:<8} {row.queries:>7} {row.hit_at_3:>6.2f} {row.mrr:>5.2f} "
                f"{row.above_fold:>5.1f}"
            )
            for query, expected, got in row.misses:
                self.stdout.write(f"    miss: {query!r} → expected {expected}, got {got}")
