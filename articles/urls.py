from django.urls import path

from .views import desk_links, feedback, pages, support_desk

app_name = "articles"
urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search_results, name="search"),
    path("support/", support_desk.support_desk, name="support_desk"),
    path("support/copied/", desk_links.desk_link_copied, name="desk_link_copied"),
    path("categories/<slug:slug>/", pages.category_detail, name="category"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("articles/<slug:slug>/feedback/", feedback.article_feedback, name="feedback"),
]
