"""System checks: configuration mistakes reported by `manage.py check` and at start-up,
with the setting that fixes them."""

from django.core import checks
from django.db import connections


@checks.register()
def search_backend_check(app_configs=None, databases=None, **kwargs) -> list[checks.Error]:
    """KB_SEARCH_BACKEND names a backend that can run on the configured database."""
    from .search.backends import configuration_error

    error = configuration_error(vendor=connections["default"].vendor)
    if error is None:
        return []
    return [
        checks.Error(
            error,
            hint="See README, section 'Search backends'.",
            id="articles.E001",
        )
    ]
