"""Images uploaded from a body ("Insert an image"): stored at once, Markdown to insert."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ArticleImage
from tests.admin.browser_form import change_url, signed_in
from tests.factories import ArticleFactory
from tests.publishing.test_images import image_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/articles/articleimage/upload/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post_image(client, article_id, *, content=None, alt="Top-up screen", name="screen.png"):
    file = SimpleUploadedFile(name, image_bytes() if content is None else content, "image/png")
    return client.post(UPLOAD, {"article": article_id, "file": file, "alt": alt})


def test_an_editor_uploads_and_gets_the_markdown_to_insert(editor_client):
    article = ArticleFactory()
    response = post_image(editor_client, article.pk, alt="Top-up [new] screen")
    assert response.status_code == 201
    image = ArticleImage.objects.get(article=article)
    answer = response.json()
    assert answer == {"id": image.pk, "url": image.file.url, "markdown": image.markdown}
    assert answer["markdown"] == f"![Top-up \\[new\\] screen]({image.file.url})"
    assert image.uploaded_by.username == "ed" and (image.width, image.height) == (40, 30)
    # The form offers it under each body of a saved article.
    html = editor_client.get(change_url(article)).content.decode()
    assert f'data-upload-url="{UPLOAD}"' in html


def test_refused_uploads_say_why(editor_client):
    article = ArticleFactory()
    refused = post_image(editor_client, article.pk, content=b"<svg onload=alert(1)>")
    assert refused.status_code == 400 and "not an image" in refused.json()["error"]
    no_alt = post_image(editor_client, article.pk, alt="")
    assert no_alt.status_code == 400 and no_alt.json()["error"]
    assert post_image(editor_client, 999_999).status_code == 404
    assert post_image(editor_client, "x").status_code == 404
    assert editor_client.get(UPLOAD).status_code == 405
    assert not ArticleImage.objects.exists()


def test_only_those_who_may_add_images_upload(client):
    article = ArticleFactory()
    translator = signed_in("tr-ru", "Translators (ru)")
    assert post_image(translator, article.pk).status_code == 403
    html = translator.get(change_url(article)).content.decode()
    assert "data-upload-url" not in html
    response = post_image(client, article.pk)  # not signed in: the admin's sign-in page
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ArticleImage.objects.exists()
