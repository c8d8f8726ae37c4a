"""The Whoosh backend (KB_SEARCH_BACKEND=whoosh, the default): an index directory per host."""

from ...backend import IndexBatch, WhooshIndex

WhooshBackend = WhooshIndex

__all__ = ["IndexBatch", "WhooshBackend", "WhooshIndex"]
