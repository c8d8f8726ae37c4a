from django.urls import path

from articles.support.views import (
    chat,
    composer,
    contact,
    contact_files,
    desk_links,
    history,
    presence,
)
from articles.support.views import desk as support_desk
from articles.support.views import requests as support_requests
from articles.web.views import feedback, pages, search_clicks

app_name = "articles"
urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search_results, name="search"),
    path("search/click/", search_clicks.count_result_click, name="result_click"),
    path("support/", support_desk.support_desk, name="support_desk"),
    path("support/copied/", desk_links.desk_link_copied, name="desk_link_copied"),
    path("support/presence/", presence.set_presence, name="support_presence"),
    path("categories/<slug:slug>/", pages.category_detail, name="category"),
    path("articles/<slug:slug>/", pages.article_detail, name="article"),
    path("articles/<slug:slug>/feedback/", feedback.article_feedback, name="feedback"),
    # Reaching a human: articles/support/views/ (contact, chat, history, requests, contact_files).
    path("contact/", contact.contact, name="contact"),
    path("chat/", chat.chat_page, name="chat"),
    path("requests/", history.my_requests, name="my_requests"),
    path("requests/mine/<str:signed>/", history.my_requests_list, name="my_requests_list"),
    path("chat/offers/", chat.chat_offers, name="chat_offers"),
    path("requests/<str:token>/", contact.request_status, name="request_status"),
    path("requests/<str:token>/rate/", contact.request_rate, name="request_rate"),
    path("requests/<str:token>/follow-up/", contact.request_follow_up, name="request_follow_up"),
    path(
        "requests/<str:token>/messages/",
        chat.conversation_messages,
        name="conversation_messages",
    ),
    path(
        "requests/<str:token>/files/<int:attachment_id>/",
        contact_files.visitor_attachment,
        name="request_file",
    ),
    path("support/requests/", support_requests.request_queue, name="desk_requests"),
    path(
        "support/requests/<str:reference>/",
        support_requests.request_detail,
        name="desk_request",
    ),
    path(
        "support/requests/<str:reference>/articles/",
        composer.composer_articles,
        name="composer_articles",
    ),
    path("support/files/<int:attachment_id>/", contact_files.desk_attachment, name="desk_file"),
]
