"""The Support group (support desk, read articles), and bodies rendered anew with the
heading deep links ("#") added to the Markdown renderer."""

from django.db import migrations

from articles.migrations import _groups


def grant(apps, schema_editor):
    _groups.grant(
        apps,
        {
            "Support": ["use_support_desk", "view_article", "view_category"],
            "Editors": ["use_support_desk"],
        },
    )


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
    dependencies = [("articles", "0006_support_desk_permission")]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(rerender, migrations.RunPython.noop),
    ]
