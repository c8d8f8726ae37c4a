"""The Whoosh backend (KB_SEARCH_BACKEND=whoosh, the default): see backend.py."""

from .backend import WhooshBackend
from .writing import IndexBatch

__all__ = ["IndexBatch", "WhooshBackend"]
