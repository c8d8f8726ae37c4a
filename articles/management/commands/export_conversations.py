import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from articles.support import visitor_data


class Command(BaseCommand):
    help = (
        "Write every conversation opened with an e-mail address (any case) as JSON: what a "
        "visitor receives when they ask for their data. Prints to standard output, or "
        "writes --output FILE."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the visitor's e-mail address")
        parser.add_argument("--output", "-o", help="a file to write instead of printing")

    def handle(self, *args, email: str, output: str | None, **options) -> None:
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}.") from error
        data = visitor_data.export(email)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        count = len(data["conversations"])
        self.stderr.write(f"{count} conversation(s) written to {output}.")
