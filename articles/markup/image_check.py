"""Images a body asks for that the site will not show: the warning before they vanish.

The sanitizer (articles/markup/markdown.py, `is_allowed_image_source`) replaces an image from
another site by its alt text, silently for readers. Whoever writes the body is told instead:
`dropped_images` lists those sources, for the change form's notices, the message after a
save, the preview page and the live preview (admin/articles/article/translated_field.html,
articles/static/articles/admin-editor.js).
"""

from html.parser import HTMLParser

from articles.markup.markdown import is_allowed_image_source, unsanitized_html


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def dropped_images(text: str) -> list[str]:
    """The sources of the images in Markdown `text` that the site will drop, in order,
    each once: `![Top-up](https://example.com/a.png)` → ["https://example.com/a.png"].

    Markdown images and raw `<img>` tags both count; an image without a source is listed
    as "". Uploaded images (MEDIA_URL) and KB_IMAGE_ORIGINS are kept, so never listed.
    """
    if not text or "<img" not in (html := unsanitized_html(text)):
        return []
    parser = _ImageSources()
    parser.feed(html)
    parser.close()
    dropped = [source for source in parser.sources if not is_allowed_image_source(source)]
    return list(dict.fromkeys(dropped))
