"""Images a body asks for that the site will drop: named, so the writer can be warned."""

from articles.markup.image_check import dropped_images
from articles.markup.markdown import render_markdown


def test_images_from_other_sites_are_listed_in_order_once(settings):
    settings.KB_IMAGE_ORIGINS = ["https://cdn.okpay.example"]
    text = (
        "![Top-up](https://evil.example/pixel.png)\n\n"
        "![Ours](/media/articles/3f9c.png) ![CDN](https://cdn.okpay.example/a.png)\n\n"
        '<img src="//tracker.example/t.gif" alt="t">\n\n'
        "![again](https://evil.example/pixel.png) ![inline](data:image/png;base64,AAAA)\n"
    )
    assert dropped_images(text) == [
        "https://evil.example/pixel.png",
        "//tracker.example/t.gif",
        "data:image/png;base64,AAAA",
    ]
    # The renderer does drop each one listed (its alt text stands in its place).
    html = render_markdown(text)
    assert "evil.example" not in html and "tracker.example" not in html
    assert 'src="/media/articles/3f9c.png"' in html


def test_a_body_without_foreign_images_has_none(settings):
    settings.KB_IMAGE_ORIGINS = []
    assert dropped_images("") == []
    assert dropped_images("Plain text with a [link](https://example.com/a.png).") == []
    assert dropped_images("![Ours](/media/articles/3f9c.png)") == []
    assert dropped_images("`![code](https://evil.example/a.png)`") == []  # code, not an image
