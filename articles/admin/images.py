"""Images in the admin: uploaded from the article form, listed under Help center → Images.

After saving, each image shows the Markdown to paste into a body (`![alt](/media/…)`); with
JavaScript, "Insert an image" under a body uploads one at once (`upload/`) and inserts its
Markdown at the cursor.
Uploads are checked and re-encoded by articles/publishing/images.py before anything is stored.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.models import Article, ArticleImage
from articles.publishing.images import clean_upload, megabytes

CHANGE_ARTICLE = "articles.change_article"


class ArticleImageForm(forms.ModelForm):
    """Checks a new upload for real (`clean_upload`) and keeps its clean re-encoding."""

    class Meta:
        model = ArticleImage
        fields = ("file", "alt")
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "image/*"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = gettext(
                "PNG, JPEG, WebP or GIF, up to %(max)s MB. Location and camera data are removed."
            ) % {"max": megabytes(settings.KB_IMAGE_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # the stored file, unchanged
        clean = clean_upload(upload)
        self.instance.width, self.instance.height = clean.width, clean.height
        return clean.file


class ImageRefusalStatusAdmin:
    """For an admin whose form takes images: a POST whose image is refused answers 400
    (the form comes back with the message and everything typed), as the contact form does."""

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if request.method == "POST" and refuses_an_image(context):
            response.status_code = 400
        return response


def refuses_an_image(context: dict) -> bool:
    """True when the change form's context holds an image form whose file was refused."""
    forms = [context["adminform"].form] + [
        form for inline in context.get("inline_admin_formsets", ()) for form in inline.formset
    ]
    return any(isinstance(form, ArticleImageForm) and "file" in form.errors for form in forms)


@admin.display(description=_("Markdown to paste into the body"))
def markdown_snippet(image: ArticleImage) -> str:
    if not image.pk:
        return _("Save to get the Markdown to paste.")
    return format_html('<code class="kb-image-snippet">{}</code>', image.markdown)


@admin.display(description=_("preview"))
def thumbnail(image: ArticleImage) -> str:
    if not image.pk:
        return ""
    return format_html(
        '<img class="kb-thumbnail" src="{}" alt="{}" loading="lazy">', image.file.url, image.alt
    )


class OptionalImageFormSet(BaseInlineFormSet):
    """The image rows are optional in a POST of the article form.

    A POST without them (a script or test that saves only the text) saves the article and
    leaves its images as they are, instead of failing Django's management-form check.
    """

    def __init__(self, data=None, *args, prefix=None, **kwargs) -> None:
        total = f"{prefix or self.get_default_prefix()}-TOTAL_FORMS"
        if data is not None and total not in data:
            data = data.copy()
            data[total] = data[total.replace("TOTAL", "INITIAL")] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ArticleImageInline(admin.TabularInline):
    """Upload images from the article's own form; the snippet appears once it is saved."""

    model = ArticleImage
    form = ArticleImageForm
    formset = OptionalImageFormSet
    extra = 1
    # Collapsed (<details>): the body's "Insert an image" uploads without it
    # (articles/static/articles/admin-editor.js); without JavaScript, it opens with a click.
    classes = ("collapse",)
    fields = ("file", "alt", thumbnail, markdown_snippet)
    readonly_fields = (thumbnail, markdown_snippet)


@admin.register(ArticleImage)
class ArticleImageAdmin(ImageRefusalStatusAdmin, admin.ModelAdmin):
    """Every uploaded image, to find one again and copy its Markdown into another article."""

    form = ArticleImageForm
    list_display = (thumbnail, "alt", "article", markdown_snippet, "uploaded_by", "created_at")
    list_select_related = ("article", "uploaded_by")
    search_fields = ("alt", "article__slug")
    autocomplete_fields = ()
    fields = ("article", "file", "alt", thumbnail, markdown_snippet, "uploaded_by", "created_at")
    readonly_fields = (thumbnail, markdown_snippet, "uploaded_by", "created_at")

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        kwargs["fields"] = ("article", "file", "alt")
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request: HttpRequest, obj: ArticleImage, form, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        upload = self.admin_site.admin_view(require_POST(self.upload_view))
        return [
            path("upload/", upload, name="articles_articleimage_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> JsonResponse:
        """POST article=<id>, file, alt: store an image of that article at once (the body's
        "Insert an image", admin-editor.js), checked as any upload (`clean_upload`).

        Answers 201 {"id", "url", "markdown"} (`![alt](/media/articles/….png)` to insert),
        400 {"error": message} for a refused file or a missing description, 403 without
        the permission to add images or to change the article, 404 for an unknown article.
        """
        if not (self.has_add_permission(request) and request.user.has_perm(CHANGE_ARTICLE)):
            return JsonResponse({"error": gettext("You may not add images.")}, status=403)
        article_id = request.POST.get("article", "")
        article = Article.objects.filter(pk=article_id).first() if article_id.isdigit() else None
        if article is None:
            return JsonResponse({"error": gettext("No such article.")}, status=404)
        form = ArticleImageForm(request.POST, request.FILES, instance=ArticleImage(article=article))
        if not form.is_valid():
            errors = [str(error) for field in form.errors.values() for error in field]
            return JsonResponse({"error": " ".join(errors)}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse(
            {"id": image.pk, "url": image.file.url, "markdown": image.markdown}, status=201
        )
