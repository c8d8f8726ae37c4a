"""A synthetic help center for benchmarks and scale tests.

Articles are stitched from the sample content's own sentences, per language, so term
statistics (vocabulary, word frequencies, lengths) look like a real help center's, only
bigger. Deterministic for a given seed.
"""

import random
import re
from collections.abc import Iterator
from functools import cache

from articles.markup.markdown import render_markdown
from articles.models import language_codes
from articles.publishing.services import SAMPLE_CONTENT_DIR, read_article_file
from articles.search.documents import html_to_text

SENTENCE_END = re.compile(r"(?<=[.!?。！？؟])\s*")


@cache
def _sample(lang: str) -> list[dict]:
    articles = []
    for path in sorted((SAMPLE_CONTENT_DIR / lang).glob("*.md")):
        front, body = read_article_file(path)
        text = html_to_text(render_markdown(body))
        sentences = [
            s.strip() for s in SENTENCE_END.split(text.replace("\n", " ")) if len(s.strip()) > 8
        ]
        articles.append({**front, "slug": path.stem, "sentences": sentences})
    return articles


def synthetic_articles(count: int, *, seed: int = 7) -> Iterator[dict]:
    """`count` articles, each {slug, category, lang → {title, summary, body, keywords}}.

    Article i is modelled on sample article i % 17: its title and keywords, a body of its
    own sentences mixed with sentences of two other articles of the same language.
    """
    rng = random.Random(seed)  # noqa: S311  (reproducible test data, not secrets)
    languages = [lang for lang in language_codes() if (SAMPLE_CONTENT_DIR / lang).is_dir()]
    samples = {lang: _sample(lang) for lang in languages}
    for number in range(count):
        base = number % len(samples["en"])
        article = {"slug": f"synthetic-{number}", "category": samples["en"][base]["category"]}
        for lang in languages:
            pool = samples[lang]
            own = pool[base]
            others = rng.sample(pool, 2)
            sentences = rng.sample(own["sentences"], min(8, len(own["sentences"])))
            for other in others:
                sentences += rng.sample(other["sentences"], min(4, len(other["sentences"])))
            rng.shuffle(sentences)
            article[lang] = {
                "title": f"{own['title']} ({number})",
                "summary": own["summary"],
                "body": "\n\n".join(
                    " ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)
                ),
                "keywords": own["keywords"]
                if isinstance(own["keywords"], str)
                else ", ".join(own["keywords"]),
            }
        yield article


def synthetic_documents(count: int, *, seed: int = 7) -> Iterator[dict]:
    """Index documents (as documents.article_documents makes) of a synthetic corpus."""
    for number, article in enumerate(synthetic_articles(count, seed=seed), start=1_000_000):
        for lang in language_codes():
            if lang not in article:
                continue
            text = article[lang]
            yield {
                "doc_id": f"{number}:{lang}",
                "article_id": str(number),
                "lang": lang,
                "slug": article["slug"],
                "category": article["category"],
                "position": number,
                "version": "synthetic",
                "title": text["title"],
                "summary": text["summary"],
                "body": text["body"],
                "keywords": text["keywords"].replace(",", " "),
            }
