from django.core.management.base import BaseCommand, CommandError

from articles.publishing.link_check import broken_article_links


class Command(BaseCommand):
    help = (
        "List links between articles (article:<slug>#<heading>) that lead nowhere: an "
        "unknown slug, or a heading the target lacks in that language. Exit 1 when any."
    )

    def handle(self, *args, **options) -> None:
        broken = broken_article_links()
        if not broken:
            self.stdout.write(self.style.SUCCESS("Every link between articles leads somewhere."))
            return
        for link in broken:
            self.stdout.write(str(link))
        raise CommandError(
            f"{len(broken)} broken link(s) between articles: fix the reference in the "
            "article's Markdown, or give the target heading a name with {#name}."
        )
