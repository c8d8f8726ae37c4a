"""Result snippets: the passage of a text where the query's words are densest, escaped,
with the matching words in <mark>.

No Whoosh here, and cheaper than Whoosh's highlighter: the text is analyzed only until
enough matches are found, with the same analyzer that indexed it (so "refunds" marks a
search for "refund", and Chinese words are found without spaces).
"""

import re
from bisect import bisect_left
from html import escape

from articles.search.analysis import Analyzer
from articles.search.analysis.chinese import ChineseAnalyzer
from articles.search.normalization import TOKEN, WORD

# Characters of context shown: about two lines of a phone's results list. A Chinese
# character is about twice as wide as a Latin letter, and says more.
WIDTH = 160
CJK_WIDTH = 56
MAX_MATCHES = 24


def snippet_width(analyzer: Analyzer) -> int:
    """How many characters of context a snippet in the analyzer's language shows."""
    return CJK_WIDTH if isinstance(analyzer, ChineseAnalyzer) else WIDTH


def _matches(text: str, terms: set[str], analyzer: Analyzer) -> list[tuple[int, int]]:
    """Spans in `text` (as stored) of the words whose index term is one of `terms`."""
    prepared, offsets = analyzer.prepare(text)
    found = _prepared_matches(prepared, terms, analyzer)
    if offsets is None:
        return found
    return [(offsets[start], offsets[end - 1] + 1) for start, end in found]


def _prepared_matches(text: str, terms: set[str], analyzer: Analyzer) -> list[tuple[int, int]]:
    matches: list[tuple[int, int]] = []
    if isinstance(analyzer, ChineseAnalyzer):
        # Chinese terms are words as written (no stemming): finding them is a string search,
        # far cheaper than segmenting the whole text again.
        pattern = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if t)
        if pattern:
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                matches.append(match.span())
                if len(matches) >= MAX_MATCHES:
                    break
        return matches
    # Analyze each distinct word once (a body repeats its words; the analyzer caches
    # them), then look for just the words that match: a second regex pass over the whole
    # text would cost more than all the rest.
    for word in analyzer.forms_of(set(TOKEN.findall(text)), terms):
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not _word_char(text, start - 1) and not _word_char(text, end):
                matches.append((start, end))
            start = text.find(word, end)
    return sorted(matches)[:MAX_MATCHES]


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and WORD.match(text, i, i + 1) is not None


def snippet(text: str, terms: set[str], analyzer: Analyzer, *, width: int | None = None) -> str:
    """HTML: the best window of `text` with `terms` marked, or "" when none occurs."""
    width = width or snippet_width(analyzer)
    matches = _matches(text, terms, analyzer)
    if not matches:
        return ""
    # The window that holds the most matches, starting a little before its first one.
    lead = min(40, width // 5)
    starts = [start for start, _end in matches]  # sorted
    best, best_count = 0, 0
    for i, start in enumerate(starts):
        count = bisect_left(starts, start + width - lead, i) - i
        if count > best_count:
            best, best_count = i, count
    first = matches[best][0]
    begin = max(0, first - lead)
    if begin:
        space = text.rfind(" ", 0, begin + 1)
        begin = space + 1 if first - space < lead + 20 and space >= 0 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    parts, cursor = [], begin
    for start, stop in matches:
        if start < begin or stop > end:
            continue
        parts.append(escape(text[cursor:start], quote=False))
        parts.append(f"<mark>{escape(text[start:stop], quote=False)}</mark>")
        cursor = stop
    parts.append(escape(text[cursor:end], quote=False))
    html = " ".join("".join(parts).split())
    return f"{'… ' if begin else ''}{html}{' …' if end < len(text) else ''}"


def result_snippet(body: str, summary: str, terms: set[str], analyzer: Analyzer) -> str:
    """A result's snippet: the best passage of the body, else of the summary, else the
    summary's beginning (escaped HTML in every case)."""
    return (
        snippet(body, terms, analyzer)
        or snippet(summary, terms, analyzer)
        or escape(summary[: snippet_width(analyzer) + 20], quote=False)
    )
