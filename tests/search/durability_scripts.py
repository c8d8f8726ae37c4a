"""Python scripts the durability tests run in separate processes (then kill, or let die)."""

import textwrap

WORKER = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.db import transaction
    from articles.models import Article
    worker, rounds, slugs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for round_ in range(rounds):
        for slug in slugs:
            with transaction.atomic():
                article = Article.objects.get(slug=slug)
                article.title_en = f"{slug} saved by w{worker} round {round_}"
                article.save()
    """
)

DIE_AFTER_COMMIT = textwrap.dedent(
    """
    import os, sys, django
    django.setup()
    from articles.models import Article
    from articles.search import indexing
    indexing.sync = lambda **kwargs: os._exit(9)  # dies after the commit, before the index
    article = Article.objects.get(slug=sys.argv[1])
    article.title_en = "Capybara " + article.title_en
    article.save()
    """
)

KILLED_WHILE_WRITING = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from articles.models import Article
    from articles.search import get_index
    batch_type = get_index().batch_type
    original = batch_type.replace_article
    def slow(self, *args, **kwargs):
        original(self, *args, **kwargs)
        print("writing", flush=True)
        time.sleep(60)
    batch_type.replace_article = slow
    article = Article.objects.get(slug=sys.argv[1])
    article.title_en = "Axolotl " + article.title_en
    article.save()
    """
)

KILLED_WHILE_REBUILDING = textwrap.dedent(
    """
    import time, django
    django.setup()
    from articles.search import maintenance
    original = maintenance.article_documents
    def slow(article):
        print("building", flush=True)
        time.sleep(60)
        return original(article)
    maintenance.article_documents = slow
    maintenance.rebuild()
    """
)

TRUNCATED_UNDER_A_READER = textwrap.dedent(
    """
    import glob, json, os, django
    django.setup()
    from django.conf import settings
    from articles import search
    assert not search.search("password", "en", log=False).degraded  # a searcher is open
    segments = glob.glob(str(settings.KB_INDEX_DIR / "current" / "*.seg"))
    os.truncate(max(segments, key=os.path.getsize), 1000)
    results = search.search("refund withdrawal card", "en", log=False)
    print(json.dumps({
        "degraded": results.degraded,
        "found": [hit.slug for hit in results.hits],
        "suggestions": [hit.slug for hit in search.suggest("ref", "en")],
        "health": search.health()["ok"],
    }))
    """
)

SLOW_SAVE_IN_THE_BACKGROUND = textwrap.dedent(
    """
    import time
    from articles.models import Article
    from articles.search import get_index
    batch_type = get_index().batch_type
    replace = batch_type.replace_article
    def slow(self, *args):
        time.sleep(1.5)  # still applying when the command ends
        replace(self, *args)
    batch_type.replace_article = slow
    article = Article.objects.get(slug="fees")
    article.title_en = "Quokka " + article.title_en
    article.save()
    """
)
