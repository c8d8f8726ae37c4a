"""The normalized form of a query, by which the search log and the analytics group searches."""

import re
import unicodedata

MAX_KEY_LENGTH = 200


def query_key(text: str) -> str:
    """`text` folded for counting: NFKC (full width → half width), case folded, every run
    of punctuation, symbols and white space made one space, trimmed; at most 200 characters.

    "Refund?", "ＲＥＦＵＮＤ" and " refund " share the key "refund"; words are not stemmed
    nor corrected (that is the search's job; the log keeps what visitors typed).
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in folded)
    return re.sub(r"\s+", " ", kept).strip()[:MAX_KEY_LENGTH]
