"""Realistic query sets per language: what visitors type, not what titles say.

Mixes the relevance suite's questions, editors' keywords (short words and phrases people
use), synonyms, and typos made by dropping, doubling or swapping letters.
"""

import random
from pathlib import Path

import yaml

from articles.publishing.services import SAMPLE_CONTENT_DIR, read_article_file
from articles.search.quality import load_cases

# The relevance suite the tests use: the benchmark runs from a checkout, never a wheel.
RELEVANCE_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "relevance"

# What must never slow or break search: wildcards, query syntax, absurd lengths, control
# and bidi characters, lone surrogates (the tests and the benchmark both use these).
HOSTILE_QUERIES = [
    "*",
    "a* b* c*",
    "?????",
    "؟؟؟؟",
    "(" * 5000 + ")" * 5000,
    "x" * 10000,
    "\ud800 lone surrogate \udfff",
    "nul\x00byte",
    "\u202eoverride\u202c",
    "title:password OR body:x",
    "[a TO z] {a TO z}",
    "foo^1000 bar~5",
    "*:*",
    'AND OR NOT "unterminated',
    "'" * 300,
    " ".join(["pass*"] * 400),
    "充值" * 3000,
]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def query_set(lang: str, count: int, *, seed: int = 11) -> list[str]:
    """`count` distinct queries in `lang` (fewer if the sample content has fewer)."""
    rng = random.Random(seed)  # noqa: S311  (reproducible benchmark input)
    queries: list[str] = [case["q"] for case in load_cases(RELEVANCE_DIR).get(lang, [])]
    keywords: list[str] = []
    for path in sorted((SAMPLE_CONTENT_DIR / lang).glob("*.md")):
        front, _body = read_article_file(path)
        keywords += [k.strip() for k in str(front.get("keywords", "")).split(",") if k.strip()]
    synonyms = yaml.safe_load((SAMPLE_CONTENT_DIR / lang / "synonyms.yaml").read_text("utf-8"))
    queries += keywords
    queries += [term for group in synonyms for term in group]
    if lang != "zh-hans":  # Chinese typos are homophones, not letter slips
        queries += [" ".join(_typo(w, rng) for w in k.split()) for k in keywords]
    queries += [f"{a} {b}" for a, b in zip(keywords, reversed(keywords), strict=False)]
    distinct = list(dict.fromkeys(q for q in queries if q.strip()))
    rng.shuffle(distinct)
    return distinct[:count]


def prefixes(lang: str, count: int) -> list[str]:
    """What search-as-you-type sends: the first letters of queries."""
    out = []
    for query in query_set(lang, count):
        cut = 2 if lang == "zh-hans" else 4
        out.append(query[:cut])
    return list(dict.fromkeys(out))[:count] or ["a"]
