"""Editors upload and manage article images; bodies rendered anew with the image policy.

Re-rendering drops every <img> whose source is not served by the site (or an origin in
KB_IMAGE_ORIGINS) from stored bodies, leaving its alt text, and makes the rest lazy.
"""

from django.db import migrations

from articles.migrations import _groups

IMAGE_PERMISSIONS = [f"{action}_articleimage" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    _groups.grant(apps, {"Editors": IMAGE_PERMISSIONS})


def rerender(apps, schema_editor):
    from django.conf import settings

    from articles.markup.markdown import render_markdown

    Article = apps.get_model("articles", "Article")
    suffixes = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    for article in Article.objects.all():
        for suffix in suffixes:
            body = getattr(article, f"body_{suffix}") or ""
            setattr(article, f"body_html_{suffix}", render_markdown(body))
        article.save(update_fields=[f"body_html_{suffix}" for suffix in suffixes])


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_article_images")]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(rerender, migrations.RunPython.noop),
    ]
