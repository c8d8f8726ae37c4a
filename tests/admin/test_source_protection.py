"""A Translator cannot change the source: every field, every model admin, by direct POST.

The fields attacked are generated from the admin registry and the models (every editable
field that is not a translation out of English), not listed by hand, so a model or field
added later is attacked too. Each attack is a crafted POST — the change form and the
changelist's `list_editable` formset — never only what the rendered form offers.
"""

import datetime

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from modeltranslation.translator import translator

from articles.models import Article, Category, SearchLog, SynonymGroup
from tests.admin_forms import change_form_post, encoded
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

# How to make an instance of each model a translator can open in the admin. A model that
# is missing here makes the test fail with a message naming it: add it.
INSTANCE_MAKERS = {
    Article: lambda: ArticleFactory(published=True, languages=["ru"]),
    Category: CategoryFactory,
    SynonymGroup: lambda: SynonymGroup.objects.create(language="en", terms="top-up, deposit"),
    SearchLog: lambda: SearchLog.objects.create(query="refund", language="en", results=1),
}
ATTACK_TIME = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def translator_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(
        username="translator-probe", groups=["Translators", "Translators (es)"]
    )
    return request


def registered_models(permission: str) -> list:
    """Models whose admin grants the translator `permission` ("change" or "view" only)."""
    request = translator_request()
    found = []
    for model, model_admin in admin.site._registry.items():
        can_change = model_admin.has_change_permission(request)
        can_view = model_admin.has_view_permission(request)
        if (permission == "change" and can_change) or (
            permission == "view" and can_view and not can_change
        ):
            found.append(model)
    return found


def translated(model) -> dict:
    if model not in translator.get_registered_models():
        return {}
    return translator.get_options_for_model(model).all_fields


def attacked_fields(model) -> list:
    """Every editable field but the translations out of English: `slug`, `title_en`…"""
    columns = translated(model)
    non_source = {
        field.name for fields in columns.values() for field in fields if field.language != "en"
    }
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in columns  # modeltranslation's untranslated name: never in a form
        and field.name not in non_source
    ]


def allowed_change(model) -> tuple[str, str] | None:
    """A change a translator may make (a Spanish text column), to prove the POST was saved."""
    for fields in translated(model).values():
        for field in fields:
            if field.language == "es" and field.editable and isinstance(field, models.CharField):
                return field.name, "Traducción"
    return None


def make(model):
    if model not in INSTANCE_MAKERS:
        pytest.fail(
            f"Translators can open {model.__name__} in the admin: add it to INSTANCE_MAKERS"
        )
    return INSTANCE_MAKERS[model]()


def hostile_value(instance, field):
    """A valid new value for `field`, one an editor's form would save."""
    value = field.value_from_object(instance)
    if field.is_relation:
        return make(field.related_model).pk
    if field.choices:
        return next(choice for choice, _label in field.flatchoices if choice != value)
    if isinstance(field, models.SlugField):
        return f"hijacked-{field.name.replace('_', '-')}"
    if isinstance(field, models.CharField | models.TextField):
        return f"Hijacked {field.name}"
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.IntegerField):
        return (value or 0) + 7
    if isinstance(field, models.DateTimeField):
        return ATTACK_TIME
    if isinstance(field, models.DateField):
        return ATTACK_TIME.date()
    pytest.fail(f"No hostile value for {field.model.__name__}.{field.name}: teach hostile_value")


def stored(instance, field):
    return field.value_from_object(type(instance).objects.get(pk=instance.pk))


def admin_url(model, suffix: str) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def test_translators_can_change_articles_and_categories_only_in_the_registry():
    # Guards the enumeration below against attacking nothing.
    assert {Article, Category} <= set(registered_models("change"))
    assert SynonymGroup in registered_models("view")


def test_change_form_post_cannot_change_any_source_field(translator_client):
    for model in registered_models("change"):
        fields = attacked_fields(model)
        assert fields, model
        legit = allowed_change(model)
        for field in fields:
            instance = make(model)
            before = field.value_from_object(instance)
            override = {field.name: hostile_value(instance, field)}
            if legit:
                override[legit[0]] = f"{legit[1]} {field.name}"
            every_field = [f for f in model._meta.get_fields() if getattr(f, "editable", False)]
            every_field = [f for f in every_field if not f.auto_created and f.concrete]
            data = change_form_post(instance, every_field, override)
            response = translator_client.post(admin_url(model, f"{instance.pk}/change/"), data)
            where = f"{model.__name__}.{field.name}"
            assert response.status_code == 302, (where, response.content.decode()[:3000])
            assert response["Location"] == admin_url(model, ""), where
            assert stored(instance, field) == before, f"a translator changed {where}"
            if legit:
                saved = getattr(model.objects.get(pk=instance.pk), legit[0])
                assert saved == f"{legit[1]} {field.name}", (
                    f"the translation was not saved: {where}"
                )


def test_changelist_post_cannot_change_any_source_field(translator_client):
    for model in registered_models("change"):
        instance = make(model)
        fields = attacked_fields(model)
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(instance.pk),
            "_save": "Save",
        }
        before = {field.name: field.value_from_object(instance) for field in fields}
        for field in fields:
            for name, value in encoded(field.name, hostile_value(instance, field)).items():
                data[f"form-0-{name}"] = value
        response = translator_client.post(admin_url(model, "?all="), data)
        assert response.status_code in (200, 302), response.status_code
        after = {field.name: stored(instance, field) for field in fields}
        assert after == before, f"a translator changed {model.__name__} from its changelist"


def test_editor_changelist_still_edits_the_listed_columns(editor_client):
    # The same POST by an editor saves: the changelist attack above is a real one.
    category = CategoryFactory(position=3)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(category.pk),
        "form-0-position": "10",
        "_save": "Save",
    }
    response = editor_client.post("/admin/articles/category/?all=", data)
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.position == 10


def test_view_only_models_refuse_every_post(translator_client):
    for model in registered_models("view"):
        instance = make(model)
        fields = attacked_fields(model)
        before = {field.name: field.value_from_object(instance) for field in fields}
        override = {field.name: hostile_value(instance, field) for field in fields}
        data = change_form_post(instance, fields, override)
        response = translator_client.post(admin_url(model, f"{instance.pk}/change/"), data)
        assert response.status_code == 403, model
        listed = {f"form-0-{name}": value for name, value in data.items()}
        listed.update({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "_save": "Save"})
        listed["form-0-id"] = str(instance.pk)
        translator_client.post(admin_url(model, ""), listed)
        after = {field.name: stored(instance, field) for field in fields}
        assert after == before, f"a translator changed {model.__name__}"


def test_translator_change_form_shows_source_fields_read_only(translator_client):
    category = CategoryFactory(slug="fees-x", name_en="Fees")
    html = translator_client.get(f"/admin/articles/category/{category.pk}/change/").content
    html = html.decode()
    assert 'name="name_es"' in html and 'name="description_es"' in html
    # A Spanish translator: every other language is read-only too.
    for name in ("slug", "name_en", "description_en", "position", "name_ru", "name_ar"):
        assert f'name="{name}"' not in html, name
    changelist = translator_client.get("/admin/articles/category/").content.decode()
    assert 'name="form-0-position"' not in changelist
