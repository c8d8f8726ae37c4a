import argparse

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.analytics.synthetic import seed_month
from articles.publishing.services import create_demo_accounts, load_sample_content
from articles.support.mail_backends import UNCONFIGURED_BACKEND
from articles.support.sample import seed_channels, seed_chat_hours
from articles.support.sample_canned import seed_canned_replies


def quiet_single_process_checks() -> None:
    """Silence "rate limits are per process" (articles.W001) for this process only.

    The demo serves from one process, where per-process counts are exact; every other
    setup (gunicorn's workers) still sees the warning in `manage.py check`.
    """
    settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, "articles.W001"]


def print_emails_here() -> None:
    """Without a mail server (no EMAIL_HOST), print e-mails to this console for this
    process only: the demo's visitor is the person at this terminal, and the contact
    flow's e-mails are part of what it shows. A deployed site refuses them instead, so
    that no private status link reaches its log (articles/support/mail_backends.py)."""
    if settings.EMAIL_BACKEND == UNCONFIGURED_BACKEND:
        settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


class Command(BaseCommand):
    help = (
        "Migrate, load the sample help center, build the search index, create one demo account "
        "per role (editor, reviewer, translator, support agent; credentials printed) and "
        "serve on http://127.0.0.1:8000/."
    )
    # runserver checks everything before serving (with "limits are per process" silenced
    # for the one-process demo); checking here too would print that warning first.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set everything up, then exit.")
        parser.add_argument(
            "--synthetic-searches",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Seed a generated month of searches, clicks and votes for the search "
            "analytics, marked synthetic (default: on; replaces earlier synthetic rows).",
        )

    def handle(self, *args, addrport: str, no_serve: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Database migrated, static files collected (hashed, compressed).")
        # The index first (of whatever the database holds), so loading the sample content
        # updates it article by article, as an editor's saves would.
        call_command("rebuild_search_index", verbosity=options["verbosity"])
        report = load_sample_content()
        self.stdout.write(
            f"Sample content loaded and indexed: {report.categories} categories, "
            f"{report.articles} articles in {', '.join(report.languages)}."
        )
        if seed_canned_replies():
            self.stdout.write(
                "Canned replies added (edit them in the admin: Help center → Canned replies)."
            )
        seeded = seed_channels()
        if seeded:
            self.stdout.write(
                f"Contact channels configured for {', '.join(seeded)} (edit them in the admin: "
                "Help center → Contact channels); e-mails are printed here (console backend)."
            )
        scheduled = seed_chat_hours()
        if scheduled:
            self.stdout.write(
                f"Live chat opening hours set for {', '.join(scheduled)} (edit them in the admin:"
                " Chat opening hours); visitors are offered a live chat while an agent is"
                " 'Available' in the workspace."
            )
        if options["synthetic_searches"]:
            seeded = seed_month()
            self.stdout.write(
                f"Synthetic analytics seeded (marked as such): {seeded.searches} searches, "
                f"{seeded.clicks} result clicks, {seeded.votes} votes over 30 days."
            )
        accounts = create_demo_accounts()
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        width = max(len(account.role) for account in accounts)
        lines = [
            f"  {account.role:<{width}}  username {account.username!r:<16} "
            f"password {account.password!r}  (group {account.group})"
            for account in accounts
        ]
        self.stdout.write(
            self.style.SUCCESS(
                "\nThe help center is ready.\n"
                f"  Site:  http://{host}/\n"
                f"  Admin: http://{host}/admin/ — sign in as any of these:\n" + "\n".join(lines)
            )
        )
        if not no_serve:
            quiet_single_process_checks()
            print_emails_here()
            call_command("runserver", addrport, use_reloader=False, use_threading=True)
