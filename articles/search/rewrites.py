"""Rewriting a query that finds little into what the visitor meant, labelled for them.

Tried only when a query finds fewer than ranking.FEW_RESULTS articles, in this order of
preference:

- `layout`: typed with another keyboard layout active (layouts.py: `ntktajy` → телефон),
  kept when it finds ranking.REWRITE_GAIN times as many articles;
- `pinyin`: Latin letters on a Chinese site read as pinyin of the index's words
  (pinyin.py: `tixian mei daozhang` → 提现没到账), kept under the same rule;
- `spelling`: misspelled words replaced by likely corrections (spelling.py), the least
  costly slips first, and among equally likely ones the one whose best match scores
  highest (a strong match, not a word in passing); kept when it finds more.

Traditional characters need no second search (the Chinese analyzer reads them as
simplified); `simplified_label` only says so, as a correction would.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from articles.search.analysis.chinese import to_simplified
from articles.search.backends.base import HitPage, SearchBackend
from articles.search.layouts import swapped_layout
from articles.search.pinyin import pinyin_index
from articles.search.query import replace_words
from articles.search.ranking import REWRITE_GAIN

MAX_SPELLING_TRIES = 4  # combinations of candidate corrections searched at most


@dataclass
class Rewrite:
    text: str  # the query searched instead of what was typed
    kind: str  # "layout", "pinyin", "spelling" or "simplified"
    page: HitPage


Run = Callable[[str], HitPage]  # query text → its page of results in the asked language


def improve(
    index: SearchBackend, text: str, lang: str, page: HitPage, run: Run, words: list[str]
) -> Rewrite | None:
    """A rewrite of `text` that finds more than `page` did, or None. `words` are the
    query plan's words that may be misspelled (not those of a synonym phrase)."""
    for kind, rewritten in _wholesale(index, text, lang):
        if rewritten and rewritten != text:
            better = run(rewritten)
            if better.total and better.total >= REWRITE_GAIN * max(page.total, 1):
                return Rewrite(rewritten, kind, better)
    corrected = _spelling(index, text, lang, run, words)
    if corrected is not None and corrected.page.total > page.total:
        return corrected
    return None


def _wholesale(index: SearchBackend, text: str, lang: str):
    yield "layout", swapped_layout(text, lang)
    if lang == "zh-hans":
        key = (index.name, index.version(), lang)
        yield "pinyin", pinyin_index(key, lambda: index.vocabulary(lang)).convert(text)


def _spelling(
    index: SearchBackend, text: str, lang: str, run: Run, words: list[str]
) -> Rewrite | None:
    """The likeliest correction of the misspelled words, the strongest among equals."""
    fixes = index.corrections(lang, words) if words else {}
    if not fixes:
        return None
    misspelled = list(fixes)
    choices = itertools.product(*(fixes[word] for word in misspelled))
    tried: list[tuple[float, float, int, Rewrite]] = []
    for number, combination in enumerate(itertools.islice(choices, MAX_SPELLING_TRIES)):
        cost = sum(candidate_cost for candidate_cost, _word in combination)
        if tried and cost > min(entry[0] for entry in tried):
            continue  # a likelier correction was found already
        mapping = {word: fix for word, (_c, fix) in zip(misspelled, combination, strict=True)}
        corrected = replace_words(text, lang, mapping)
        page = run(corrected)
        if page.total:
            tried.append((cost, -page.top_score, number, Rewrite(corrected, "spelling", page)))
    return min(tried)[3] if tried else None


def simplified_label(text: str, lang: str) -> str | None:
    """The simplified form of a Chinese query typed in traditional characters, else None."""
    if lang != "zh-hans":
        return None
    simplified = to_simplified(text)
    return simplified if simplified != text else None
