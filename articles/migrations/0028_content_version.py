import secrets

from django.db import migrations, models


def create_row(apps, schema_editor):
    # A random start: a database created anew (or restored) never reuses the versions of
    # another whose pages a shared Redis may still hold.
    apps.get_model("articles", "ContentVersion").objects.get_or_create(
        pk=1, defaults={"value": secrets.randbits(48)}
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_search_analytics_permission")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
