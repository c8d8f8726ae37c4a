"""Search-as-you-type: titles whose words start with what was typed.

No Whoosh here. A `TitleIndex` maps every prefix of every title word to the titles that
have it, so a keystroke costs a few dictionary lookups and a set intersection, not a scan
of every title.
"""

from dataclasses import dataclass, field

MAX_PREFIX = 12  # longer typed words are checked against the titles found for 12 letters


@dataclass
class TitleIndex:
    titles: list[dict]  # {"title", "words", …} in display order
    prefixes: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for number, entry in enumerate(self.titles):
            for word in set(entry["words"]):
                for size in range(1, min(len(word), MAX_PREFIX) + 1):
                    self.prefixes.setdefault(word[:size], set()).add(number)

    def match(self, words: list[str], limit: int) -> list[dict]:
        """Titles with a word starting with each typed word; titles starting with the
        first typed word first, then shorter titles first."""
        found: set[int] | None = None
        for word in words:
            numbers = self.prefixes.get(word[:MAX_PREFIX], set())
            if len(word) > MAX_PREFIX:
                numbers = {
                    n for n in numbers if any(w.startswith(word) for w in self.titles[n]["words"])
                }
            found = numbers if found is None else found & numbers
            if not found:
                return []
        ranked = sorted(
            found,
            key=lambda n: (
                not self.titles[n]["words"][0].startswith(words[0]),
                len(self.titles[n]["title"]),
                n,
            ),
        )
        return [self.titles[n] for n in ranked[:limit]]
