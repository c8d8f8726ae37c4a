from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_results, name="search"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
]
