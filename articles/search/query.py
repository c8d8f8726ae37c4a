"""What a visitor typed → a query plan: words, never query syntax.

No Whoosh here. The plan is a list of clauses; a clause is one thing the visitor asked
about (a word, or a phrase with its synonyms) with its alternatives; an alternative is the
terms that must all match. The backend turns a plan into its engine's query.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from articles.core.visitor_text import clean_visitor_text
from articles.search.analysis import analyzer_for
from articles.search.ranking import MAX_ALTERNATIVES

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12
MAX_SYNONYM_WORDS = 4
# Control characters (Cc), format characters (Cf: bidi overrides, zero-width joiners…),
# surrogates (Cs), private use (Co) and unassigned (Cn) never belong in a query.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def normalize_query(text: str) -> str:
    """NFKC, without control/bidi/surrogate characters, whitespace collapsed, capped.

    First cleaned like every visitor text (articles.core.visitor_text), then stricter: format
    characters (zero-width joiners…), private-use and unassigned ones never help a search.
    """
    text = clean_visitor_text(text[: MAX_QUERY_CHARS * 4])
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROP_CATEGORIES
    )
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_CHARS].strip()


@dataclass
class QueryPlan:
    lang: str
    text: str
    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # content words, unstemmed (spelling)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def terms(self) -> set[str]:
        """Every index term the plan looks for."""
        return {term for clause in self.clauses for terms in clause for term in terms}

    def highlight_terms(self) -> set[str]:
        """The terms worth marking in a snippet: what was typed, and one-word synonyms.
        (The words of a synonym phrase alone — "get", "back" of "get my money back" —
        would mark unrelated text.)"""
        return {
            term
            for clause in self.clauses
            for number, terms in enumerate(clause)
            if number == 0 or len(terms) == 1
            for term in terms
        }


class SynonymTable:
    """A language's synonym groups, indexed by their phrases' normalized words, and their
    one-word synonyms also by stem (so an inflected form finds the group too: Russian
    "заблокированным" → "заблокирован", Arabic "التوثيق" → "توثيق")."""

    def __init__(self, lang: str, groups: list[list[str]]) -> None:
        self.analyzer = analyzer = analyzer_for(lang)
        self.version = hash(tuple(tuple(group) for group in groups))
        self.groups: list[list[str]] = []
        self.phrases: dict[tuple[str, ...], int] = {}
        self.stems: dict[str, int] = {}
        for group in groups:
            index = len(self.groups)
            self.groups.append(group)
            for phrase in group:
                words = tuple(analyzer.words(normalize_query(phrase)))
                if 0 < len(words) <= MAX_SYNONYM_WORDS:
                    self.phrases.setdefault(words, index)
                if len(words) == 1 and (terms := analyzer.terms(words[0])):
                    self.stems.setdefault(terms[0], index)

    def match(self, words: list[str], start: int) -> tuple[int, int] | None:
        """(group, length) of the longest synonym phrase at words[start:], if any; else
        the group of a one-word synonym with the same stem as words[start]."""
        for length in range(min(MAX_SYNONYM_WORDS, len(words) - start), 0, -1):
            group = self.phrases.get(tuple(words[start : start + length]))
            if group is not None:
                return group, length
        terms = self.analyzer.terms(words[start])
        if terms and (group := self.stems.get(terms[0])) is not None:
            return group, 1
        return None


def plan_query(text: str, lang: str, synonyms: SynonymTable | None = None) -> QueryPlan:
    """Analyze normalized query text in `lang`: clauses of alternatives of terms."""
    analyzer = analyzer_for(lang)
    plan = QueryPlan(lang=lang, text=text)
    words = analyzer.words(text)
    seen: set[tuple] = set()
    i = 0
    while i < len(words) and len(plan.clauses) < MAX_CLAUSES:
        matched = synonyms.match(words, i) if synonyms else None
        if matched:
            group, length = matched
            phrases = [" ".join(words[i : i + length]), *synonyms.groups[group]]
            i += length
        else:
            phrases = [words[i]]
            i += 1
        alternatives = []
        for phrase in phrases:
            terms = tuple(analyzer.terms(phrase))
            if terms and terms not in alternatives and len(alternatives) < MAX_ALTERNATIVES:
                alternatives.append(terms)
        key = tuple(sorted(alternatives))
        if alternatives and key not in seen:
            seen.add(key)
            plan.clauses.append(alternatives)
            if not matched:
                plan.words.append(phrases[0])
    return plan


def replace_words(text: str, lang: str, corrections: dict[str, str]) -> str:
    """The query text with misspelled words replaced (for "Showing results for …")."""
    analyzer = analyzer_for(lang)
    out, last = [], 0
    for raw, start, end in analyzer.split(text):
        word = analyzer.normalize(raw)
        if word in corrections:
            out.append(text[last:start])
            out.append(corrections[word])
            last = end
    out.append(text[last:])
    return "".join(out)
