"""Reading search results in tests."""


def slugs(results) -> list[str]:
    """The article slugs of `results.hits`, best first."""
    return [hit.slug for hit in results.hits]
