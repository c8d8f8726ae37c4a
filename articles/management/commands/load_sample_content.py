from django.core.management.base import BaseCommand

from articles.publishing.services import load_sample_content


class Command(BaseCommand):
    help = "Load the sample help center (categories, articles, translations); idempotent."

    def handle(self, *args, **options) -> None:
        report = load_sample_content()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample content: {report.categories} categories, {report.articles} articles "
                f"({report.created} new) in {', '.join(report.languages)}."
            )
        )
