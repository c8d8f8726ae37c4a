"""Relevance measurement: hit@3 and MRR of a query set, per language.

Query sets are YAML files, one per language (`<lang>.yaml`: a list of {q, expect}); the
repository's are in tests/data/relevance/, and the caller says where they are (nothing in the
installed package reads the tests). The engine is any function (query, lang) → ranked
slugs, so baselines can be measured the same way.

When the engine answers a `Ranking`, how many results each query shows above the fold
(strong matches, before "more articles that mention…") is averaged per language too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml


class Ranking(list):
    """Ranked slugs, with how many of them a results page shows above the fold."""

    def __init__(self, slugs, above_fold: int) -> None:
        super().__init__(slugs)
        self.above_fold = above_fold


@dataclass
class Quality:
    lang: str
    queries: int
    hit_at_3: float
    mrr: float
    misses: list[tuple[str, str, list[str]]]
    above_fold: float | None = None  # mean results shown above the fold (Ranking only)


class RelevanceSetError(ValueError):
    """A relevance-set folder that is missing, empty or malformed (the message says which)."""


def load_cases(directory: Path) -> dict[str, list[dict]]:
    """lang → [{q, expect}, …] from every `<lang>.yaml` in `directory`.

    Raises RelevanceSetError if the folder does not exist, holds no `.yaml` file, or a file
    is not a list of {q, expect} mappings.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise RelevanceSetError(f"{directory} is not a folder of relevance sets (<lang>.yaml).")
    cases = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            queries = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise RelevanceSetError(f"{path} cannot be read: {error}") from error
        if not isinstance(queries, list) or not all(
            isinstance(case, dict) and {"q", "expect"} <= case.keys() for case in queries
        ):
            raise RelevanceSetError(f"{path} must be a list of {{q: …, expect: <slug>}} entries.")
        cases[path.stem] = queries
    if not cases:
        raise RelevanceSetError(f"{directory} holds no relevance set (<lang>.yaml).")
    return cases


def measure(engine: Callable[[str, str], list[str]], cases: dict[str, list[dict]]) -> list[Quality]:
    report = []
    for lang, queries in cases.items():
        hits, reciprocal, misses, shown = 0, 0.0, [], []
        for case in queries:
            ranked = engine(case["q"], lang)
            if isinstance(ranked, Ranking):
                shown.append(ranked.above_fold)
            rank = ranked.index(case["expect"]) + 1 if case["expect"] in ranked else None
            hits += bool(rank and rank <= 3)
            reciprocal += 1 / rank if rank else 0.0
            if not rank or rank > 3:
                misses.append((case["q"], case["expect"], ranked[:3]))
        n = len(queries)
        fold = sum(shown) / len(shown) if shown else None
        report.append(Quality(lang, n, hits / n, reciprocal / n, misses, fold))
    return report
