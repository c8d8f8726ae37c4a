"""Bodies rendered anew: a raw HTML tag outside the sanitizer's allowlist is now shown as
text (articles.markup.markdown), so "Use the <style> element" no longer hides the rest of
the body.

Only articles whose HTML changes are saved. Their change is logged for the search index
(every host's Whoosh index applies it, as after a save) and the content version goes up, so
no cached page shows the old HTML. With KB_SEARCH_BACKEND=postgres, `rebuild_search_index`
refreshes the indexed text of those articles (the words of the tags now shown).
"""

from django.db import migrations
from django.db.models import F


def rerender(apps, schema_editor):
    from django.conf import settings

    from articles.markup.markdown import render_markdown

    Article = apps.get_model("articles", "Article")
    suffixes = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    bodies = [f"body_{suffix}" for suffix in suffixes]
    htmls = [f"body_html_{suffix}" for suffix in suffixes]
    changed = []
    for article in Article.objects.only("pk", *bodies, *htmls).iterator():
        fields = []
        for body, html in zip(bodies, htmls, strict=True):
            rendered = render_markdown(getattr(article, body) or "")
            if rendered != (getattr(article, html) or ""):
                setattr(article, html, rendered)
                fields.append(html)
        if fields:
            article.save(update_fields=fields)
            changed.append(article.pk)
    if changed:
        IndexChange = apps.get_model("articles", "IndexChange")
        IndexChange.objects.bulk_create([IndexChange(article_id=pk) for pk in changed])
        apps.get_model("articles", "ContentVersion").objects.filter(pk=1).update(
            value=F("value") + 1
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0032_source_drafts_and_editor_presence")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
