"""Relevance measurement: hit@3 and MRR of a query set, per language.

Query sets are YAML lists of {q, expect} (see tests/relevance/<lang>.yaml). The engine
is any function (query, lang) → ranked slugs, so baselines can be measured the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

RELEVANCE_DIR = Path(settings.BASE_DIR) / "tests" / "relevance"


@dataclass
class Quality:
    lang: str
    queries: int
    hit_at_3: float
    mrr: float
    misses: list[tuple[str, str, list[str]]]


def load_cases(directory: Path = RELEVANCE_DIR) -> dict[str, list[dict]]:
    return {
        path.stem: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted(directory.glob("*.yaml"))
    }


def measure(engine: Callable[[str, str], list[str]], cases: dict[str, list[dict]]) -> list[Quality]:
    report = []
    for lang, queries in cases.items():
        hits, reciprocal, misses = 0, 0.0, []
        for case in queries:
            ranked = engine(case["q"], lang)
            rank = ranked.index(case["expect"]) + 1 if case["expect"] in ranked else None
            hits += bool(rank and rank <= 3)
            reciprocal += 1 / rank if rank else 0.0
            if not rank or rank > 3:
                misses.append((case["q"], case["expect"], ranked[:3]))
        n = len(queries)
        report.append(Quality(lang, n, hits / n, reciprocal / n, misses))
    return report
