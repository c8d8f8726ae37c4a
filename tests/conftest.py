import pytest
from django.test import Client

from articles.services import load_sample_content

LANGUAGES = ["en", "zh-hans", "ru", "es", "ar"]


@pytest.fixture(autouse=True)
def _isolated_data(settings, tmp_path):
    """Every test gets its own index directory (the search index is per-test state)."""
    settings.KB_INDEX_DIR = tmp_path / "index"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def sample_content(db):
    return load_sample_content()


@pytest.fixture
def editor_client(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="ed", groups=["Editors"]))
    return client


@pytest.fixture
def translator_client(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="tr", groups=["Translators"]))
    return client
