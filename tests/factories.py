"""Factories: `ArticleFactory(published=True)`, per-language text with `ArticleFactory(lang=…)`."""

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Category, column

SAMPLE_TEXT = {
    "en": ("How to top up", "Add money with a card.", "## Steps\n\nOpen **Top up** and pay."),
    "zh-hans": ("如何充值", "用银行卡充值。", "## 步骤\n\n打开**充值**并付款。"),
    "ru": ("Как пополнить счёт", "Пополните картой.", "## Шаги\n\nОткройте **Пополнить**."),
    "es": ("Cómo recargar", "Recargue con tarjeta.", "## Pasos\n\nAbra **Recargar** y pague."),
    "ar": ("كيفية شحن الرصيد", "اشحن بالبطاقة.", "## الخطوات\n\nافتح **شحن** وادفع."),
}


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    position = factory.Sequence(int)


class ArticleFactory(factory.django.DjangoModelFactory):
    """An English draft; `published=True` publishes it, `languages=[…]` adds translations."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(status=Article.Status.PUBLISHED)

    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    title_en = factory.Sequence(lambda n: f"Article {n} about top-ups")
    summary_en = "A short answer."
    body_en = "## Causes\n\nSomething went wrong.\n"
    status = Article.Status.DRAFT

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):  # noqa: N805  (factory_boy's signature)
        """`ArticleFactory(languages=["ru", "ar"])` fills those languages with sample text."""
        if not extracted:
            return
        for lang in extracted:
            title, summary, body = SAMPLE_TEXT[lang]
            setattr(obj, column("title", lang), f"{title} ({obj.slug})")
            setattr(obj, column("summary", lang), summary)
            setattr(obj, column("body", lang), body)
        if create:
            obj.save()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):  # noqa: N805
        """`UserFactory(groups=["Editors"])` puts the user in those (migrated) groups."""
        from django.contrib.auth.models import Group

        if create and extracted:
            obj.groups.add(*Group.objects.filter(name__in=extracted))
        obj.save()
