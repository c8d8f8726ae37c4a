"""Images in articles: uploaded from the article form, checked, cleaned, served safely."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.markup.markdown import render_markdown
from articles.models import ArticleImage
from articles.publishing.edit_conflicts import edit_version
from tests.factories import ArticleFactory
from tests.image_files import animated_gif, multipart_body, png_declaring, resource_bound

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str = "PNG", size=(40, 30), **save_options) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, fmt, **save_options)
    return output.getvalue()


def photo_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPS
    return image_bytes("JPEG", exif=exif.tobytes())


def change_form(article, *, file=None, alt="Top-up screen", **extra) -> dict:
    """The article change form as the admin posts it, with one image row."""
    data = {
        "slug": article.slug,
        "category": article.category_id,
        "position": 0,
        "status": "draft",
        "title_en": article.title_en,
        "summary_en": article.summary_en,
        "body_en": article.body_en,
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-alt": alt,
        # The version the form was loaded from (edit-conflict protection).
        "edit_version": edit_version(article),
        **extra,
    }
    for lang in ("zh_hans", "ru", "es", "ar"):
        data.update({f"title_{lang}": "", f"body_{lang}": ""})
    if file is not None:
        data["images-0-file"] = file
    return data


def upload(editor_client, article, name, content, **kwargs):
    file = SimpleUploadedFile(name, content, content_type="image/png")
    return editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, file=file, **kwargs)
    )


def test_editor_uploads_an_image_from_the_article_form_and_gets_markdown(editor_client, settings):
    article = ArticleFactory()
    response = upload(editor_client, article, "screen.png", image_bytes())
    assert response.status_code == 302, response.content.decode()[:3000]
    image = ArticleImage.objects.get(article=article)
    assert image.uploaded_by.username == "ed"
    assert (image.width, image.height) == (40, 30)
    assert re.fullmatch(r"articles/[0-9a-f]{32}\.png", image.file.name)
    assert (settings.MEDIA_ROOT / image.file.name).is_file()
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f"![Top-up screen](/media/{image.file.name})" in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.png", b"just some text, not an image", "not an image"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "not an image",
        ),
        ("page.png", b"<html><script>alert(1)</script></html>", "not an image"),
        ("scan.png", image_bytes("BMP"), "BMP images are not accepted"),
        ("scan.tiff", image_bytes("TIFF"), "TIFF images are not accepted"),
        ("cut.png", image_bytes()[:60], "damaged"),
    ],
)
def test_what_is_not_a_png_jpeg_webp_or_gif_is_refused(editor_client, name, content, message):
    article = ArticleFactory()
    response = upload(editor_client, article, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArticleImage.objects.exists()


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        (lambda: animated_gif(10, (6000, 6000)), "10 frames of 6000 × 6000 pixels"),
        (lambda: png_declaring(100_000, 100_000), "more than 40 million pixels"),
    ],
)
def test_an_image_bomb_is_a_400_that_keeps_the_article_text(editor_client, bomb, message):
    article = ArticleFactory()
    with resource_bound():
        response = upload(editor_client, article, "bomb.gif", bomb(), title_en="New title")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'value="New title"' in page
    assert not ArticleImage.objects.exists()
    article.refresh_from_db()
    assert article.title_en != "New title"  # nothing saved until the editor sends it again


def test_the_images_list_refuses_a_bomb_with_a_400_too(editor_client):
    article = ArticleFactory()
    bomb = SimpleUploadedFile("bomb.png", png_declaring(100_000, 100_000))
    with resource_bound():
        response = editor_client.post(
            "/admin/articles/articleimage/add/",
            {"article": article.pk, "alt": "Fee table", "file": bomb},
        )
    assert response.status_code == 400
    assert "more than 40 million pixels" in response.content.decode()
    assert 'value="Fee table"' in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_too_large_a_file_is_refused_with_the_limit(editor_client, settings):
    settings.KB_IMAGE_MAX_BYTES = 1024 * 1024
    article = ArticleFactory()
    noise = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    output = io.BytesIO()
    noise.save(output, "PNG")
    assert output.tell() > 1024 * 1024
    response = upload(editor_client, article, "big.png", output.getvalue())
    assert "images may be at most 1 MB" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_a_decompression_bomb_is_refused_before_decoding(editor_client, settings):
    settings.KB_IMAGE_MAX_PIXELS = 1_000_000
    article = ArticleFactory()
    bomb = image_bytes("PNG", size=(2000, 1000))  # 2 million pixels in a few kilobytes
    assert len(bomb) < 50_000
    response = upload(editor_client, article, "bomb.png", bomb)
    assert "2000 × 1000 pixels" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_an_image_whose_name_is_not_utf8_is_kept(editor_client):
    article = ArticleFactory()
    fields = {key: value for key, value in change_form(article).items() if value is not None}
    body, content_type = multipart_body(fields, "images-0-file", b"\xff\xfe.png", image_bytes())
    response = editor_client.generic(
        "POST", f"/admin/articles/article/{article.pk}/change/", body, content_type=content_type
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ArticleImage.objects.get(article=article).file.name.endswith(".png")


def test_alt_text_is_required(editor_client):
    article = ArticleFactory()
    response = upload(editor_client, article, "screen.png", image_bytes(), alt="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_location_and_camera_data_are_removed(editor_client, settings):
    original = photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    article = ArticleFactory()
    assert upload(editor_client, article, "photo.jpg", original).status_code == 302
    stored = ArticleImage.objects.get().file
    assert stored.name.endswith(".jpg")
    content = (settings.MEDIA_ROOT / stored.name).read_bytes()
    reopened = Image.open(io.BytesIO(content))
    assert reopened.format == "JPEG" and reopened.size == (40, 30)
    assert not reopened.getexif() and b"PhoneMaker" not in content


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_each_accepted_format_is_served_with_its_type_and_safe_headers(editor_client, client, fmt):
    article = ArticleFactory()
    assert upload(editor_client, article, "x.img", image_bytes(fmt)).status_code == 302
    url = ArticleImage.objects.get().file.url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{ {'JPEG': 'jpeg'}.get(fmt, fmt.lower()) }"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == fmt
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_same_image_uploaded_twice_is_stored_once(editor_client, settings):
    first, second = ArticleFactory(), ArticleFactory()
    upload(editor_client, first, "a.png", image_bytes())
    upload(editor_client, second, "b.png", image_bytes())
    names = {image.file.name for image in ArticleImage.objects.all()}
    assert len(names) == 1
    assert len(list((settings.MEDIA_ROOT / "articles").iterdir())) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/media/articles/" + "0" * 32 + ".png",  # no such file
        "/media/articles/evil.svg",
        "/media/articles/page.html",
        "/media/../kb.sqlite3",
        "/media/secret_key",
        "/media/articles/" + "a" * 32 + ".svg",
    ],
)
def test_nothing_but_stored_images_is_served(client, settings, path):
    folder = settings.MEDIA_ROOT / "articles"
    folder.mkdir(parents=True)
    for name in ("evil.svg", "page.html", "a" * 32 + ".svg"):
        (folder / name).write_text("<svg onload=alert(1)>")
    (settings.MEDIA_ROOT / "secret_key").write_text("x")
    assert client.get(path).status_code == 404


def test_only_the_sites_own_images_survive_the_sanitizer(settings):
    html = render_markdown(
        "![fee table](/media/articles/abc.png)\n\n"
        "![pixel](https://tracker.example/p.gif)\n\n"
        "![proto](//tracker.example/p.gif)\n\n"
        '<img src="http://tracker.example/x.gif" alt="raw">\n\n'
        "![up](/media/../admin/x.png)\n\n"
        "![elsewhere](/static/x.png)"
    )
    assert '<img alt="fee table" src="/media/articles/abc.png" loading="lazy">' in html
    assert html.count("<img") == 1 and "tracker.example" not in html
    assert "pixel" in html and "raw" in html  # the alt text stays, as text


def test_an_allowed_origin_keeps_its_images(settings):
    settings.KB_IMAGE_ORIGINS = ["https://cdn.okpay.example"]
    html = render_markdown(
        "![a](https://cdn.okpay.example/fees.png) ![b](http://cdn.okpay.example/x.png) "
        "![c](https://cdn.okpay.example.evil.example/x.png)"
    )
    assert 'src="https://cdn.okpay.example/fees.png"' in html
    assert html.count("<img") == 1


def test_an_image_shows_on_the_article_page(client, editor_client):
    article = ArticleFactory(published=True)
    upload(editor_client, article, "s.png", image_bytes())
    image = ArticleImage.objects.get()
    article.body_en = f"Look:\n\n{image.markdown}\n"
    article.save()
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    assert f'src="/media/{image.file.name}" loading="lazy"' in page
    assert client.get(image.file.url).status_code == 200


def test_saving_the_text_without_the_image_rows_keeps_the_images(editor_client):
    article = ArticleFactory()
    upload(editor_client, article, "s.png", image_bytes())
    article.refresh_from_db()  # the form is loaded after the upload's save
    data = {k: v for k, v in change_form(article).items() if not k.startswith("images-")}
    data["title_en"] = "Renamed"
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title_en == "Renamed" and article.images.count() == 1
