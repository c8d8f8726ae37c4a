"""Bodies rendered anew: heading ids now start with "section-" (articles.markup.markdown), so
that no heading can repeat an id of the page around it (two id="feedback" before)."""

from django.db import migrations


def rerender(apps, schema_editor):
    from django.conf import settings

    from articles.markup.markdown import render_markdown

    Article = apps.get_model("articles", "Article")
    suffixes = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    fields = [f"body_html_{suffix}" for suffix in suffixes]
    for article in Article.objects.only("pk", *(f"body_{s}" for s in suffixes)).iterator():
        for suffix in suffixes:
            body = getattr(article, f"body_{suffix}") or ""
            setattr(article, f"body_html_{suffix}", render_markdown(body))
        article.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_topic_order_index")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
