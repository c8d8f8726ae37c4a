"""Rewriting a query that finds little into what the visitor meant, labelled for them.

`complete` is tried for every query: its last word taken as the beginning of a word, as
the suggestions take it (suggestions.completing_words: `refu` → refund, `pasw` →
password), when it matches nothing whole and the suggestions find a title — a search never
finds less than the suggestions offered a moment before, and no correction overrules them.

`improve` is tried when a query finds fewer than ranking.FEW_RESULTS articles (and was not
completed), in this order of preference:

- `layout`: typed with another keyboard layout active (layouts.py: `ntktajy` → телефон),
  kept when it finds ranking.REWRITE_GAIN times as many articles;
- `pinyin`: Latin letters on a Chinese site read as pinyin of the index's words
  (pinyin.py: `tixian mei daozhang` → 提现没到账), kept under the same rule;
- `language`: words that match nothing here but are words of the English articles'
  text (`refund` typed on the Spanish site) are searched in English, labelled as such
  (`fallback`), never "corrected" into an unrelated word of the language (`reuna`);
- `spelling`: misspelled words replaced by likely corrections (spelling.py), the least
  costly slips first, and among equally likely ones the one whose best match scores
  highest (a strong match, not a word in passing); kept when it finds more.

Traditional characters need no second search (the Chinese analyzer reads them as
simplified); `simplified_label` only says so, as a correction would.
"""

import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from articles.search.analysis import analyzer_for
from articles.search.analysis.chinese import to_simplified
from articles.search.backends.base import HitPage, SearchBackend
from articles.search.layouts import swapped_layout
from articles.search.normalization import clean_word
from articles.search.pinyin import pinyin_index
from articles.search.query import replace_words
from articles.search.ranking import FALLBACK_LANGUAGE, REWRITE_GAIN
from articles.search.suggestions import completing_words

MAX_SPELLING_TRIES = 4  # combinations of candidate corrections searched at most
TAGS = re.compile(r"<[^>]+>")


@dataclass
class Rewrite:
    text: str  # the query searched instead of what was typed
    kind: str  # "layout", "pinyin", "language", "completion", "spelling" or "simplified"
    page: HitPage


# (query text[, language, topic]) → its page of results; by default in the asked language
# and topic.
Run = Callable[..., HitPage]


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
    language = _language(index, text, lang, run, words)
    if language is not None and language.page.total:
        return language
    corrected = _spelling(index, text, lang, run, words)
    if corrected is not None and corrected.page.total > page.total:
        return corrected
    return None


def _wholesale(index: SearchBackend, text: str, lang: str):
    yield "layout", swapped_layout(text, lang)
    if lang == "zh-hans":
        key = (index.name, index.version(), lang)
        yield "pinyin", pinyin_index(key, lambda: index.vocabulary(lang)).convert(text)


def _language(
    index: SearchBackend, text: str, lang: str, run: Run, words: list[str]
) -> Rewrite | None:
    """The query searched in English when the words that match nothing here are words of
    the English articles' text; else None."""
    if lang == FALLBACK_LANGUAGE or not words:
        return None
    unmatched = index.unmatched_words(lang, words)
    if not unmatched or not index.known_words(FALLBACK_LANGUAGE, unmatched) >= set(unmatched):
        return None
    return Rewrite(text, "language", run(text, FALLBACK_LANGUAGE))


def complete(
    index: SearchBackend, text: str, lang: str, run: Run, words: list[str]
) -> Rewrite | None:
    """The query with its last word completed from the best suggestion's words, when that
    word matches nothing whole (however much the other words find) and the completed query
    finds something; else None. `words` as for `improve`."""
    analyzer = analyzer_for(lang)
    typed = analyzer.words(text)
    if not analyzer.corrects_spelling or not typed or not words or typed[-1] != words[-1]:
        return None  # the last word belongs to a synonym phrase: it matched
    if not index.unmatched_words(lang, [typed[-1]]):
        return None
    suggested = index.suggest(lang, typed, 1)
    completions = completing_words(typed[-1], suggested[0]["words"]) if suggested else []
    if not completions:
        return None
    # A word of the articles' text before a keyword's misspelling ("password", "pasword").
    written = index.known_words(lang, completions)
    completion = next((word for word in completions if word in written), completions[0])
    page = run(replace_words(text, lang, {typed[-1]: completion}))
    if not page.total:
        return None
    return Rewrite(_as_written(text, lang, {typed[-1]: completion}, page), "completion", page)


def _spelling(
    index: SearchBackend, text: str, lang: str, run: Run, words: list[str]
) -> Rewrite | None:
    """The likeliest correction of the misspelled words, the strongest among equals."""
    fixes = index.corrections(lang, words) if words else {}
    if not fixes:
        return None
    misspelled = list(fixes)
    choices = itertools.product(*(fixes[word] for word in misspelled))
    tried: list[tuple[float, float, int, dict[str, str], HitPage]] = []
    for number, combination in enumerate(itertools.islice(choices, MAX_SPELLING_TRIES)):
        cost = sum(candidate_cost for candidate_cost, _word in combination)
        if tried and cost > min(entry[0] for entry in tried):
            continue  # a likelier correction was found already
        mapping = {word: fix for word, (_c, fix) in zip(misspelled, combination, strict=True)}
        page = run(replace_words(text, lang, mapping))
        if page.total:
            tried.append((cost, -page.top_score, number, mapping, page))
    if not tried:
        return None
    *_ranks, mapping, page = min(tried, key=lambda entry: entry[:3])
    return Rewrite(_as_written(text, lang, mapping, page), "spelling", page)


def _as_written(text: str, lang: str, mapping: dict[str, str], page: HitPage) -> str:
    """The query text with `mapping`'s words (typed → its replacement, in the index's
    normalized form: "contrasena") spelled as the found articles write them
    ("contraseña"), read from the titles, summaries and snippets of `page`'s hits."""
    analyzer = analyzer_for(lang)
    wanted, written = set(mapping.values()), {}
    for hit in page.hits:
        shown = f"{hit.title} {hit.summary} {html.unescape(TAGS.sub('', hit.snippet))}"
        for raw, _start, _end in analyzer.split(analyzer.prepare(shown)[0]):
            word = analyzer.normalize(raw)
            if word in wanted and word not in written:
                written[word] = clean_word(raw).lower()
    return replace_words(
        text, lang, {typed: written.get(fix, fix) for typed, fix in mapping.items()}
    )


def simplified_label(text: str, lang: str) -> str | None:
    """The simplified form of a Chinese query typed in traditional characters, else None."""
    if lang != "zh-hans":
        return None
    simplified = to_simplified(text)
    return simplified if simplified != text else None
