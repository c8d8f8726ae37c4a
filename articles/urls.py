from django.urls import path

from .views import feedback, pages, search_clicks, support_desk

app_name = "articles"
urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search_results, name="search"),
    path("search/click/", search_clicks.count_result_click, name="result_click"),
    path("support/", support_desk.support_desk, name="support_desk"),
    path("categories/<slug:slug>/", pages.category_detail, name="category"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("articles/<slug:slug>/feedback/", feedback.article_feedback, name="feedback"),
]
