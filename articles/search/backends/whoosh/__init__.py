"""The Whoosh backend (KB_SEARCH_BACKEND=whoosh, the default): see backend.py."""

from articles.search.backends.whoosh.backend import WhooshBackend
from articles.search.backends.whoosh.writing import IndexBatch

__all__ = ["IndexBatch", "WhooshBackend"]
