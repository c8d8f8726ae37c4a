"""Live help's honest waiting: agents' presence, the chat's opening hours and exceptions,
deflection, chats answered by e-mail, chats taken (the answer deadline); Editors keep the hours."""

import articles.models.live_help
import articles.models.support
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from articles.migrations import _groups

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("chatschedule", "chathours", "chathoursexception")
    for action in ("add", "change", "delete", "view")
] + ["view_agentpresence", "change_agentpresence"]


def grant(apps, schema_editor):
    """Editors keep the chat's opening hours and say which languages agents serve."""
    _groups.grant(apps, {"Editors": EDITOR_PERMISSIONS})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0034_workspace"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChatSchedule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("zh-hans", "Simplified Chinese"),
                            ("ru", "Russian"),
                            ("es", "Spanish"),
                            ("ar", "Arabic"),
                        ],
                        max_length=10,
                        unique=True,
                        verbose_name="language",
                    ),
                ),
                (
                    "time_zone",
                    models.CharField(
                        default="UTC",
                        help_text="An IANA name, e.g. Europe/Madrid or Asia/Shanghai.",
                        max_length=64,
                        validators=[articles.models.support.validate_time_zone],
                        verbose_name="time zone",
                    ),
                ),
            ],
            options={
                "verbose_name": "chat opening hours",
                "verbose_name_plural": "chat opening hours",
                "ordering": ["language"],
            },
        ),
        migrations.CreateModel(
            name="AgentPresence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("available", "available"),
                            ("away", "away"),
                            ("offline", "offline"),
                        ],
                        default="offline",
                        max_length=10,
                        verbose_name="presence",
                    ),
                ),
                (
                    "languages",
                    models.CharField(
                        blank=True,
                        help_text="Language codes separated by spaces, e.g. “en ru”; blank: all languages.",
                        max_length=100,
                        validators=[articles.models.live_help.validate_language_codes],
                        verbose_name="serves languages",
                    ),
                ),
                (
                    "seen_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="workspace last seen"),
                ),
                (
                    "changed_at",
                    models.DateTimeField(auto_now=True, verbose_name="presence changed"),
                ),
                (
                    "agent",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chat_presence",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agent",
                    ),
                ),
            ],
            options={
                "verbose_name": "agent presence",
                "verbose_name_plural": "agent presence",
                "ordering": ["agent__username"],
            },
        ),
        migrations.CreateModel(
            name="ChatByEmail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("closed", "outside opening hours"),
                            ("no_agent", "no agent available"),
                        ],
                        max_length=10,
                        verbose_name="reason",
                    ),
                ),
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="by_email",
                        to="articles.contactrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "chat answered by e-mail",
                "verbose_name_plural": "chats answered by e-mail",
            },
        ),
        migrations.CreateModel(
            name="ChatClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("taken_at", models.DateTimeField(db_index=True)),
                (
                    "agent",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claim",
                        to="articles.contactrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "chat taken",
                "verbose_name_plural": "chats taken",
            },
        ),
        migrations.CreateModel(
            name="ChatDeflection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("zh-hans", "Simplified Chinese"),
                            ("ru", "Russian"),
                            ("es", "Spanish"),
                            ("ar", "Arabic"),
                        ],
                        max_length=10,
                        verbose_name="language",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[("solved", "this solved it"), ("person", "talk to a person")],
                        max_length=10,
                        verbose_name="choice",
                    ),
                ),
                (
                    "offered",
                    models.PositiveSmallIntegerField(default=0, verbose_name="articles offered"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="created at"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.article",
                        verbose_name="article that solved it",
                    ),
                ),
            ],
            options={
                "verbose_name": "chat deflection",
                "verbose_name_plural": "chat deflections",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="ChatHours",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "Monday"),
                            (1, "Tuesday"),
                            (2, "Wednesday"),
                            (3, "Thursday"),
                            (4, "Friday"),
                            (5, "Saturday"),
                            (6, "Sunday"),
                        ],
                        verbose_name="day",
                    ),
                ),
                ("opens", models.TimeField(verbose_name="opens at")),
                ("closes", models.TimeField(verbose_name="closes at")),
                (
                    "schedule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hours",
                        to="articles.chatschedule",
                    ),
                ),
            ],
            options={
                "verbose_name": "opening hours",
                "verbose_name_plural": "opening hours",
                "ordering": ["weekday", "opens"],
            },
        ),
        migrations.CreateModel(
            name="ChatHoursException",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("closed", models.BooleanField(default=True, verbose_name="closed all day")),
                ("opens", models.TimeField(blank=True, null=True, verbose_name="opens at")),
                ("closes", models.TimeField(blank=True, null=True, verbose_name="closes at")),
                ("note", models.CharField(blank=True, max_length=100, verbose_name="note")),
                (
                    "schedule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exceptions",
                        to="articles.chatschedule",
                    ),
                ),
            ],
            options={
                "verbose_name": "exception (holiday or special hours)",
                "verbose_name_plural": "exceptions (holidays or special hours)",
                "ordering": ["date"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("schedule", "date"), name="chat_hours_one_exception"
                    )
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
