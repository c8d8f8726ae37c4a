"""Give every existing translation a state, and every article its source version 1.

A translation with text becomes `published` (it was shown before) and up to date
(`based_on_version` 1) when its "text last changed" is not older than the English one,
else outdated (`based_on_version` 0); one without a title or body becomes a `draft` (it
was shown mixed with English before; now it waits until complete). The English text is
kept as source version 1, so translators can compare with it later.
"""

from django.conf import settings
from django.db import migrations

TEXT_FIELDS = ("title", "summary", "body", "keywords")


def column(field, lang):
    return f"{field}_{lang.replace('-', '_')}"


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    TranslationState = apps.get_model("articles", "TranslationState")
    SourceVersion = apps.get_model("articles", "SourceVersion")
    source = settings.LANGUAGE_CODE
    others = [code for code, _name in settings.LANGUAGES if code != source]
    for article in Article.objects.iterator(chunk_size=200):
        source_changed = getattr(article, column("content_updated_at", source))
        article.source_changed_at = source_changed
        article.source_version = 1
        article.save(update_fields=["source_changed_at", "source_version"])
        SourceVersion.objects.get_or_create(
            article=article,
            version=1,
            defaults={f: getattr(article, column(f, source)) or "" for f in TEXT_FIELDS},
        )
        for lang in others:
            text = {f: (getattr(article, column(f, lang)) or "").strip() for f in TEXT_FIELDS}
            if not any(text.values()):
                continue
            changed = getattr(article, column("content_updated_at", lang))
            current = not (source_changed and changed and changed < source_changed)
            complete = bool(text["title"] and text["body"])
            TranslationState.objects.get_or_create(
                article=article,
                language=lang,
                defaults={
                    "status": "published" if complete else "draft",
                    "based_on_version": 1 if current else 0,
                    "updated_at": changed,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_translation_states")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
