"""Screenshots on the anonymous contact form: bombs refused with a 400 that keeps the form,
files with odd names kept, nothing of the original file but its pixels stored.

The bombs go through the view in this process under `resource_bound` (a memory and time
limit): a regression fails the test, it does not hang CI.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ContactAttachment, ContactRequest
from tests.image_files import (
    SCRIPT,
    animated_gif,
    jpeg_markers,
    multipart_body,
    png_declaring,
    red_image,
    resource_bound,
)
from tests.support.contact_helpers import FORM, SAME_ORIGIN, send, status_path_of

pytestmark = pytest.mark.django_db

BOMBS = {
    "gif of ten 6000 × 6000 frames": (
        lambda: animated_gif(10, (6000, 6000)),
        "The animation has 10 frames of 6000 × 6000 pixels",
    ),
    "gif of 185 frames": (
        lambda: animated_gif(185, (4000, 4000)),
        "The animation has 185 frames of 4000 × 4000 pixels",
    ),
    "png header of 100000 × 100000": (
        lambda: png_declaring(100_000, 100_000),
        "The image has more than 40 million pixels.",
    ),
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_an_image_bomb_is_a_400_that_keeps_what_the_visitor_typed(client, bomb):
    build, message = bomb
    screenshot = SimpleUploadedFile("screen.gif", build(), content_type="image/gif")
    with resource_bound():
        response = send(client, screenshots=[screenshot])
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f">{FORM['message']}</textarea>" in page
    assert f'value="{FORM["email"]}"' in page and f'value="{FORM["subject"]}"' in page
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    "file_name", [b"\xff\xfe.png", "截图.png".encode("gbk"), "Écran.png".encode("cp1252")]
)
def test_a_screenshot_whose_name_is_not_utf8_is_kept(client, file_name):
    body, content_type = multipart_body(FORM, "screenshots", file_name, red_image("PNG"))
    response = client.generic(
        "POST", "/en/contact/", body, content_type=content_type, **SAME_ORIGIN
    )
    path = status_path_of(response)
    attachment = ContactAttachment.objects.get()
    assert attachment.request.message == FORM["message"]
    assert attachment.file.name.startswith("contact/") and attachment.file.name.endswith(".png")
    assert client.get(f"{path}files/{attachment.pk}/").status_code == 200


def test_a_screenshot_keeps_no_comment_script(client, settings):
    screenshot = red_image("JPEG", comment=SCRIPT)
    assert 0xFE in jpeg_markers(screenshot)
    status_path_of(send(client, screenshots=[SimpleUploadedFile("s.jpg", screenshot)]))
    content = (settings.MEDIA_ROOT / ContactAttachment.objects.get().file.name).read_bytes()
    assert 0xFE not in jpeg_markers(content) and SCRIPT not in content


def test_the_refusal_is_in_the_visitors_language(client, settings):
    settings.KB_IMAGE_MAX_FRAMES = 20
    screenshot = SimpleUploadedFile("s.gif", animated_gif(21, (8, 8)))
    response = send(client, "ru", screenshots=[screenshot])
    assert response.status_code == 400
    assert "В анимации 21 кадр; допускается не больше 20." in response.content.decode()
