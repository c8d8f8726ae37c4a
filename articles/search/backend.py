"""The Whoosh index: the only module that imports whoosh.

Layout on disk: `KB_INDEX_DIR/current` is a symlink to a generation directory
(`gen-<time>-<pid>`) holding one Whoosh index. A rebuild writes a new generation beside
the old one (as `.building-<pid>-gen-…` until it is complete) and swaps the symlink
atomically, so readers never see a half-built index, and a killed rebuild leaves nothing
that could be taken for a generation.
One document per published translation; fields are per language (`title_ru`, …), each
analyzed with its language's analyzer. A `__meta__` document, written in the same commit
as the changes it describes, records the schema version and the last change-log id
applied, so "what this index has seen" can never disagree with the index itself.
"""

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from whoosh import index
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, LockError

from ..languages import language_codes
from .analysis import analyzer_for
from .backends.base import (
    Hit,
    HitPage,
    IndexBusy,
    IndexStatus,
    IndexUnavailable,
    SearchBackend,
)
from .backends.base import IndexBatch as BaseBatch
from .query import QueryPlan
from .ranking import TEXT_FIELDS, options
from .scoring import EMPTY_IDS, EMPTY_WEIGHTS, Leaf, Ranker, cached
from .snippets import result_snippet
from .spelling import closest_word, worth_correcting
from .suggestions import TitleIndex

logger = logging.getLogger(__name__)

# Bumped whenever documents would be indexed differently (fields, analyzers, the Chinese
# dictionary): an index of another version asks for `rebuild_search_index`.
SCHEMA_VERSION = 4
META_ID = "__meta__"
# All parts of an article (ranking.TEXT_FIELDS) go into one weighted field per language
# (`text_ru`): one posting list per word instead of four makes queries several times
# faster than a field per part.
STORED_FIELDS = ("title", "summary", "body")
# How a weighted value is passed to the tokenizer: sections "<weight>\x1f<text>" joined by
# \x1e (ASCII record/unit separators never occur in article text; documents.py strips them).
SECTION, WEIGHT = "\x1e", "\x1f"
REFRESH_SECONDS = 0.2
BUILDING = ".building-"  # prefix of a generation being written (then renamed to gen-…)
REPAIR = "run `python manage.py rebuild_search_index`"


@contextmanager
def unreadable_as_unavailable(where: Path) -> Iterator[None]:
    """The one place where a failure to open or read the index's files becomes
    IndexUnavailable (one line, naming `rebuild_search_index`; the cause is chained).

    Damage shows as whatever the first read of the damaged bytes raises: OSError (a file
    deleted, unreadable, a directory in its place), EOFError or struct.error (truncated),
    pickle errors (a garbled table of contents), Whoosh's own errors, and others; which
    one depends on where the damage is and which thread reads first. So every Exception
    raised while Whoosh opens or reads the index counts, and searches degrade to the
    database instead of answering 500.
    """
    try:
        yield
    except (IndexUnavailable, IndexBusy):
        raise
    except Exception as error:  # noqa: BLE001  (see above: damage has no single type)
        kind = type(error)
        name = (
            kind.__qualname__
            if kind.__module__ == "builtins"
            else f"{kind.__module__}.{kind.__qualname__}"
        )
        detail = " ".join(f"{name}: {error}".split())[:300]
        raise IndexUnavailable(
            f"The search index in {where} cannot be read ({detail}): {REPAIR}."
        ) from error


def suffix(lang: str) -> str:
    return lang.replace("-", "_")


class LanguageTokenizer(Tokenizer):
    """Adapts analysis.py's analyzer of one language to Whoosh's token stream.

    Only the language code is pickled into the index's schema; the analyzer itself (and
    jieba) is looked up at run time.
    """

    def __init__(self, language: str, stem: bool = True) -> None:
        self.language = language
        self.stem = stem

    def __eq__(self, other) -> bool:
        return (
            type(other) is type(self)
            and other.language == self.language
            and other.stem == self.stem
        )

    def __hash__(self) -> int:
        return hash((self.language, self.stem))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        analyzer = analyzer_for(self.language)
        offset, pos = 0, start_pos
        for section in value.split(SECTION):
            weight, _sep, text = section.rpartition(WEIGHT)
            boost = float(weight) if weight else 1.0
            begin = offset + len(section) - len(text)
            for item in analyzer.tokens(text, stem=self.stem):
                token.text = item.text
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = text[item.start : item.end]
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + begin + item.start
                    token.endchar = start_char + begin + item.end
                pos += 1
                yield token
            offset += len(section) + len(SECTION)


def build_schema(languages: list[str]) -> Schema:
    fields = {
        "doc_id": ID(unique=True, stored=True),
        "article_id": ID(stored=True),
        "lang": ID(stored=True),
        "category": ID(stored=True),
        "slug": STORED(),
        "position": NUMERIC(stored=True),
        "version": STORED(),
        "meta": STORED(),
    }
    for lang in languages:
        fields[f"text_{suffix(lang)}"] = TEXT(analyzer=LanguageTokenizer(lang), phrase=False)
        for name in STORED_FIELDS:
            fields[f"{name}_{suffix(lang)}"] = STORED()
        if analyzer_for(lang).corrects_spelling:
            # Unstemmed vocabulary: spelling corrections must be real words, not stems.
            fields[f"spell_{suffix(lang)}"] = TEXT(
                analyzer=LanguageTokenizer(lang, stem=False), phrase=False
            )
    return Schema(**fields)


class WhooshSegment:
    """scoring.Segment over one segment reader of Whoosh."""

    def __init__(self, reader, key: tuple) -> None:
        self.reader = reader
        self.key = key
        self.doc_count = reader.doc_count_all()

    def read_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        if (field, term) not in self.reader:
            return EMPTY_IDS, EMPTY_WEIGHTS
        # The reader leaves out documents deleted so far; later deletions only add to those,
        # and the ranker masks them (Leaf.deleted), so the cached list stays right.
        matcher = self.reader.postings(field, term)
        ids, weights = array("q"), array("d")
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.frombuffer(ids, dtype=np.int64), np.frombuffer(weights, dtype=np.float64)

    def read_lengths(self, field: str) -> np.ndarray:
        # One byte per document on disk (a logarithmic approximation, which Whoosh's BM25F
        # uses too); a document without the field reads as length 1, as in Whoosh.
        reader = self.reader
        return np.array(
            [reader.doc_field_length(n, field, 1) or 1 for n in range(self.doc_count)],
            dtype=np.float64,
        )

    def read_vocabulary(self, field: str) -> list[str]:
        return [_text(word) for word in self.reader.lexicon(field)]

    def read_titles(self, lang: str) -> list[dict]:
        analyzer = analyzer_for(lang)
        s = suffix(lang)
        titles = []
        for docnum in self.read_postings("lang", lang)[0].tolist():
            fields = self.reader.stored_fields(docnum)
            title = fields.get(f"title_{s}", "")
            titles.append(
                {
                    "docnum": docnum,
                    "article_id": int(fields["article_id"]),
                    "slug": fields["slug"],
                    "category": fields["category"],
                    "title": title,
                    "words": analyzer.words(title) or [""],
                    "position": fields.get("position", 0),
                }
            )
        return titles

    def read_categories(self) -> tuple[list[str], np.ndarray]:
        codes = np.full(self.doc_count, -1, dtype=np.int32)
        names = []
        for number, name in enumerate(self.reader.lexicon("category")):
            names.append(_text(name))
            codes[self.read_postings("category", names[-1])[0]] = number
        return names, codes


def _text(term: bytes | str) -> str:
    return term.decode() if isinstance(term, bytes) else term


def _ranker(searcher, generation: str) -> Ranker:
    """scoring.py's view of a searcher: its segments (cached by id) and deletions."""
    leaves = []
    for leaf_searcher, offset in searcher.leaf_searchers():
        reader = leaf_searcher.reader()
        if reader.segment() is None:  # an empty index has no segment
            continue
        key = (generation, reader.segment().segment_id())
        deleted = None
        if reader.has_deletions():
            deleted = np.fromiter(sorted(reader.deleted_docs_set), dtype=np.int64)
        leaves.append(Leaf(WhooshSegment(reader, key), offset, deleted))
    return Ranker(
        leaves,
        doc_count_all=searcher.doc_count_all(),
        doc_frequency=searcher.doc_frequency,
        field_length=searcher.field_length,
    )


class IndexBatch(BaseBatch):
    """Changes made under the writer lock; committed together with the new meta."""

    def __init__(self, writer, meta: dict, path: Path) -> None:
        self._writer = writer
        self.meta = meta
        self.path = path
        self.dirty = False

    @property
    def applied_change_id(self) -> int:
        return int(self.meta.get("applied_change_id", 0))

    def replace_article(self, article_id: int, documents: list[dict]) -> None:
        self.dirty = True
        with unreadable_as_unavailable(self.path):  # deleting reads the old segments
            self._writer.delete_by_term("article_id", str(article_id))
            for document in documents:
                self._writer.add_document(**to_fields(document))

    def mark_applied(self, change_id: int) -> None:
        self.meta["applied_change_id"] = max(self.applied_change_id, change_id)


def to_fields(document: dict) -> dict:
    s = suffix(document["lang"])
    fields = {
        key: document[key]
        for key in ("doc_id", "article_id", "lang", "category", "slug", "position", "version")
    }
    for name in STORED_FIELDS:
        fields[f"{name}_{s}"] = document[name]
    fields[f"text_{s}"] = SECTION.join(
        f"{weight}{WEIGHT}{document[name]}" for name, weight in TEXT_FIELDS.items()
    )
    if analyzer_for(document["lang"]).corrects_spelling:
        fields[f"spell_{s}"] = " ".join(document[name] for name in TEXT_FIELDS)
    return fields


def _meta_fields(meta: dict) -> dict:
    return {"doc_id": META_ID, "meta": json.dumps(meta)}


@dataclass
class ReaderState:
    """One thread's view of the index: a searcher, and scoring.py's ranker over it."""

    path: Path
    searcher: object
    ranker: Ranker
    version: tuple  # (generation, Whoosh generation): changes whenever the index does
    checked: float = 0.0
    changed: int = 0


class WhooshIndex(SearchBackend):
    """One index directory (with generations); per-thread searchers, refreshed cheaply."""

    name = "whoosh"
    uses_change_log = True
    batch_type = IndexBatch

    @classmethod
    def from_settings(cls) -> "WhooshIndex":
        return cls(settings.KB_INDEX_DIR, language_codes())

    def reset(self) -> None:
        """Drop this thread's reader: the next read opens the files anew."""
        self._local.state = None

    def __init__(self, root: Path, languages: list[str]) -> None:
        self.root = Path(root)
        self.languages = list(languages)
        self._local = threading.local()
        self._changed = 0  # bumped by writes in this process: readers refresh at once
        self._titles: dict[tuple, TitleIndex] = {}  # (index version, language) → titles
        self._titles_lock = threading.Lock()

    # --- opening ------------------------------------------------------------------
    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def generation_dir(self) -> Path:
        try:
            target = os.readlink(self.current_link)
        except FileNotFoundError:
            raise IndexUnavailable(f"No search index in {self.root}: {REPAIR}.") from None
        except OSError as error:  # not a symlink, or unreadable
            raise IndexUnavailable(
                f"{self.current_link} is not a link to a search index ({error.strerror}): {REPAIR}."
            ) from None
        return self.root / target

    def _open(self, path: Path):
        # Files are read, not memory-mapped: a segment truncated under a mapping kills
        # the whole process with SIGBUS on the next read, where a read raises EOFError.
        with unreadable_as_unavailable(path):
            try:
                ix = FileStorage(str(path), supports_mmap=False).open_index()
            except EmptyIndexError:
                raise IndexUnavailable(
                    f"The search index in {path} is empty or incomplete: {REPAIR}."
                ) from None
        expected = set(build_schema(self.languages).names())
        if set(ix.schema.names()) != expected:
            raise IndexUnavailable(
                f"The search index in {path} was built for other languages or another "
                f"version: {REPAIR}."
            )
        return ix

    def _state(self) -> "ReaderState":
        """This thread's searcher state, refreshed when the index changed (every 0.2 s).
        Call it within `reading()`, which turns any failure into IndexUnavailable."""
        local = self._local
        now = time.monotonic()
        state = getattr(local, "state", None)
        if state is None or now - state.checked > REFRESH_SECONDS or state.changed != self._changed:
            path = self.generation_dir()
            if state is None or state.path != path or not state.searcher.up_to_date():
                # A fresh reader, not Searcher.refresh(): refresh reuses segment readers
                # and can keep their old deletions (replaced documents would come back).
                fresh = self._open_state(path, check_meta=state is None or state.path != path)
                if state is not None:
                    state.searcher.close()
                state = fresh
            state.checked = now
            state.changed = self._changed
            local.state = state
        return state

    def _open_state(self, path: Path, *, check_meta: bool) -> "ReaderState":
        ix = self._open(path)
        searcher = ix.searcher()
        try:
            if check_meta:
                self._check_meta(searcher, path)
            return ReaderState(
                path=path,
                searcher=searcher,
                ranker=_ranker(searcher, str(path)),
                version=(path.name, ix.latest_generation()),
            )
        except BaseException:
            searcher.close()
            raise

    def _forget_state(self) -> None:
        """Drop this thread's searcher after a failure: the next call opens afresh."""
        state = getattr(self._local, "state", None)
        self._local.state = None
        if state is not None:
            with suppress(Exception):  # closing a damaged reader may fail too
                state.searcher.close()

    def version(self) -> tuple:
        """Changes whenever the index does: part of every result-cache key."""
        with self.reading() as state:
            return state.version

    @contextmanager
    def reading(self) -> Iterator["ReaderState"]:
        """This thread's searcher and ranker (see _state). Any failure to open or read
        the index, here or in the caller's `with` block, raises IndexUnavailable."""
        try:
            with unreadable_as_unavailable(self.root):
                yield self._state()
        except IndexUnavailable:
            # A file vanished or is damaged under a reader: start afresh next time.
            self._forget_state()
            raise

    def verify(self) -> "IndexStatus":
        """The status of the current generation, opened afresh as a worker starting now
        would open it (this thread's searcher may predate damage to the files and still
        answer). Raises IndexUnavailable when it cannot be opened, read, or is of another
        schema or other languages."""
        path = self.generation_dir()
        with unreadable_as_unavailable(path):
            state = self._open_state(path, check_meta=True)
            try:
                return self._status_of(state.searcher, path)
            finally:
                state.searcher.close()

    def _check_meta(self, searcher, path: Path) -> None:
        meta = self._read_meta(searcher)
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"The search index in {path} has schema version {meta.get('schema_version')}, "
                f"this code needs {SCHEMA_VERSION}: {REPAIR}."
            )

    @staticmethod
    def _read_meta(searcher) -> dict:
        stored = searcher.document(doc_id=META_ID)
        return json.loads(stored["meta"]) if stored else {}

    # --- reading ------------------------------------------------------------------
    def status(self) -> IndexStatus:
        """The status of the index as this thread's searcher sees it (cheap)."""
        with self.reading() as state:
            return self._status_of(state.searcher, state.path)

    def _status_of(self, searcher, path: Path) -> IndexStatus:
        meta = self._read_meta(searcher)
        return IndexStatus(
            generation=path.name,
            documents=searcher.doc_count() - (1 if meta else 0),
            schema_version=meta.get("schema_version"),
            applied_change_id=int(meta.get("applied_change_id", 0)),
            built_at=meta.get("built_at", ""),
        )

    def stored_versions(self) -> dict[str, str]:
        """doc_id → version of every article document (for drift checks)."""
        with self.reading() as state:
            return {
                fields["doc_id"]: fields.get("version", "")
                for fields in state.searcher.all_stored_fields()
                if fields.get("doc_id") != META_ID
            }

    def search(
        self,
        plan: QueryPlan,
        *,
        category: str | None,
        offset: int,
        limit: int,
        facets: bool = False,
    ) -> HitPage:
        if plan.is_empty:
            return HitPage(0, [], {})
        s = suffix(plan.lang)
        terms = plan.highlight_terms()
        analyzer = analyzer_for(plan.lang)
        # The fields are per language, so the query only ever matches `plan.lang`.
        with self.reading() as state:
            ranked = state.ranker.rank(
                f"text_{s}",
                options(plan),
                category=category,
                offset=offset,
                limit=limit,
                facets=facets,
            )
            hits = [
                self._hit(state.searcher.stored_fields(docnum), score, s, terms, analyzer)
                for docnum, score in zip(ranked.docnums, ranked.scores, strict=True)
            ]
        return HitPage(total=ranked.total, hits=hits, category_counts=ranked.category_counts)

    @staticmethod
    def _hit(hit: dict, score: float, s: str, terms: set[str], analyzer) -> Hit:
        summary = hit.get(f"summary_{s}", "")
        return Hit(
            article_id=int(hit["article_id"]),
            lang=hit["lang"],
            slug=hit["slug"],
            category=hit["category"],
            title=hit.get(f"title_{s}", ""),
            summary=summary,
            snippet=result_snippet(hit.get(f"body_{s}", ""), summary, terms, analyzer),
            score=score,
        )

    def corrections(self, lang: str, words: list[str]) -> dict[str, str]:
        """Misspelled words → the closest word of the language's vocabulary (spelling.py).

        Only words the index does not know are corrected. Each segment's vocabulary is
        read once and cached like its postings: Whoosh's own fuzzy term search took
        15-50 ms per misspelled word at 10,000 documents.
        """
        if not analyzer_for(lang).corrects_spelling:
            return {}
        field = f"spell_{suffix(lang)}"
        fixes = {}
        with self.reading() as state:
            reader = state.searcher.reader()
            vocabularies = [
                cached(leaf.segment, "vocabulary", field) for leaf in state.ranker.leaves
            ]
            for word in words:
                if not worth_correcting(word) or reader.frequency(field, word):
                    continue
                found = closest_word(word, vocabularies, lambda w: reader.frequency(field, w))
                if found:
                    fixes[word] = found
        return fixes

    def suggest(self, lang: str, words: list[str], limit: int) -> list[dict]:
        """Titles in `lang` with a word starting with each typed word, best first."""
        with self.reading() as state:
            key = (state.version, lang)
            titles = self._titles.get(key)
            if titles is None:
                # Built once per process and index version (not per thread: reading every
                # title of a language takes a while, and under load each thread paid it).
                with self._titles_lock:
                    titles = self._titles.get(key)
                    if titles is None:
                        titles = self._title_index(state.ranker, lang)
                        stale = [k for k in self._titles if k[0] != key[0]]
                        for old in stale:
                            del self._titles[old]
                        self._titles[key] = titles
        return titles.match(words, limit)

    @staticmethod
    def _title_index(ranker: Ranker, lang: str) -> TitleIndex:
        """The titles of a language: read per segment and cached like postings (after a
        save only the new, small segment is read), minus the documents deleted since."""
        live = ranker.live()
        titles = []
        for leaf in ranker.leaves:
            entries = cached(leaf.segment, "titles", lang)
            titles += [entry for entry in entries if live[leaf.offset + entry["docnum"]]]
        titles.sort(key=lambda entry: (entry["position"], entry["slug"]))
        return TitleIndex(titles)

    # --- writing ------------------------------------------------------------------
    @contextmanager
    def batch(self, *, timeout: float) -> Iterator[IndexBatch]:
        """Hold the writer lock (waiting at most `timeout` s) and commit on success.

        Raises IndexBusy when the lock is not free in time, IndexUnavailable when the
        index cannot be opened, read or written (the caller's own errors pass through).
        """
        path = self.generation_dir()
        ix = self._open(path)
        with unreadable_as_unavailable(path):
            try:
                writer = ix.writer(timeout=timeout, delay=0.05)
            except LockError:
                raise IndexBusy(
                    f"The search index is locked by another writer for > {timeout}s."
                ) from None
            try:
                # Read "last applied" under the lock, from the writer's own view of the
                # index. (Not closed: closing it would close the readers the writer
                # deletes through.)
                batch = IndexBatch(writer, self._read_meta(writer.searcher()), path)
            except BaseException:
                _cancel(writer)
                raise
        try:
            yield batch
        except BaseException:
            _cancel(writer)
            raise
        if not batch.dirty:
            _cancel(writer)
            return
        with unreadable_as_unavailable(path):
            try:
                writer.update_document(**_meta_fields(batch.meta))
                writer.commit()
            except BaseException:
                _cancel(writer)
                raise
        self._changed += 1

    def rebuild(
        self,
        documents: Iterable[dict],
        *,
        applied_change_id: int,
        on_document: Callable[[], None] = lambda: None,
    ) -> IndexStatus:
        """Build a new generation from `documents` and swap it in atomically.

        It is written as `.building-<pid>-gen-…` and renamed to `gen-…` only once
        complete: a rebuild killed half-way leaves no generation behind (the next rebuild
        removes its leftovers). The generation it replaces is kept as the previous one,
        for readers in other processes that still have it open; older ones are removed.
        Raises OSError when KB_INDEX_DIR cannot be written.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned_builds()
        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        building = self.root / f"{BUILDING}{os.getpid()}-{name}"
        building.mkdir()
        try:
            self._write_generation(building, documents, applied_change_id, on_document)
            with self._finishing():
                os.rename(building, self.root / name)
                previous = self._swap_current(name)
                self._remove_old_generations(keep={name, previous})
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        self._changed += 1
        return self.status()

    def _write_generation(
        self,
        path: Path,
        documents: Iterable[dict],
        applied_change_id: int,
        on_document: Callable[[], None],
    ) -> None:
        ix = index.create_in(str(path), build_schema(self.languages))
        # One analyzing process per core (up to 2), each writing its own segment: no
        # final merge ("optimize" would rewrite everything and cost as much again).
        procs = min(2, os.cpu_count() or 1)
        writer = ix.writer(
            limitmb=256, procs=procs, **({"multisegment": True} if procs > 1 else {})
        )
        for document in documents:
            writer.add_document(**to_fields(document))
            on_document()
        meta = {
            "schema_version": SCHEMA_VERSION,
            "applied_change_id": applied_change_id,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "languages": self.languages,
        }
        writer.add_document(**_meta_fields(meta))
        writer.commit()

    @contextmanager
    def _finishing(self) -> Iterator[None]:
        """Rebuilds finishing at the same time take turns: one's cleanup must not
        remove the generation another has just renamed and is about to swap in."""
        with open(self.root / ".rebuild.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _swap_current(self, name: str) -> str | None:
        """Point `current` at generation `name`; return the generation it pointed at."""
        try:
            previous = os.readlink(self.current_link)
        except FileNotFoundError:
            previous = None
        except OSError:
            # Not a link (someone put a directory or file there): moved aside, not lost.
            previous = None
            aside = self.root / f"current.replaced-{time.strftime('%Y%m%d%H%M%S')}"
            os.rename(self.current_link, aside)
            logger.warning(
                "%s was not a link to a search index: moved to %s.", self.current_link, aside
            )
        link = self.root / f".current-{name}"
        os.symlink(name, link)
        os.replace(link, self.current_link)
        return previous

    def _remove_old_generations(self, keep: set) -> None:
        # The previous generation stays a while: a reader in another process may still
        # have it open. Older ones go; never the one `current` points at now.
        keep = keep | {os.readlink(self.current_link)}
        for old in self.root.glob("gen-*"):
            if old.name not in keep and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)

    def _remove_abandoned_builds(self) -> None:
        """Remove what rebuilds killed half-way left: `.building-<pid>-…` directories
        whose process is gone (a rebuild still running elsewhere keeps its own)."""
        for leftover in self.root.glob(f"{BUILDING}*"):
            pid = leftover.name.removeprefix(BUILDING).split("-", 1)[0]
            if not (pid.isdigit() and _process_running(int(pid))):
                shutil.rmtree(leftover, ignore_errors=True)


def _cancel(writer) -> None:
    """Release the writer lock after a failure, keeping the original error."""
    with suppress(Exception):
        writer.cancel()


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
