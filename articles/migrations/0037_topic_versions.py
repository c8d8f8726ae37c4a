import secrets

from django.db import migrations, models


def create_structure_row(apps, schema_editor):
    # As 0028's content version: a random start, so that a database created anew never
    # reuses the versions of another whose pages a shared Redis may still hold.
    apps.get_model("articles", "ContentVersion").objects.get_or_create(
        pk=2, defaults={"value": secrets.randbits(48)}
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0036_chat_screenshots")]

    operations = [
        migrations.CreateModel(
            name="TopicVersion",
            fields=[
                ("topic", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_structure_row, migrations.RunPython.noop),
    ]
