"""This process's memory of recent search results (an LRU), shared by its threads."""

import threading
from collections import OrderedDict


class ResultCache:
    """A small LRU of search results. Keys include the index version and the synonyms'
    version, so any index change or synonym edit makes old entries unreachable."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
