"""Fixtures of the support tests."""

import pytest


@pytest.fixture
def run_on_commit(monkeypatch):
    """Tests run inside a transaction that never commits: after-commit work (e-mails,
    forwarding) runs at once instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, *args, **kwargs: func())
