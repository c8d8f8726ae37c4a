from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
]
