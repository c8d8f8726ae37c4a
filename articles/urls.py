from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_results, name="search"),
    path("support/", views.support_desk, name="support_desk"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/feedback/", views.article_feedback, name="feedback"),
]
