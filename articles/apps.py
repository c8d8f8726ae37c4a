from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Help center")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import checks, signals  # noqa: F401  (registers checks; connects handlers)
        from articles.publishing.revisions import register_article

        register_article()
