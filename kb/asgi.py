"""ASGI entry point: every page and the live chat's WebSockets (docs/operating.md).

Production: `gunicorn kb.asgi:application -k kb.chat_worker.ChatWorker` (settings in
gunicorn.conf.py); the demo: `manage.py demo` (Daphne's runserver). `kb.wsgi` still serves
pages alone for a WSGI server. WebSockets pass three checks before any consumer runs: the
handshake's Origin must name an allowed host (AllowedHostsOriginValidator; the consumers
then require this very site's origin), the session is read (AuthMiddlewareStack: agents
sign in as for the admin), and the path must be one of the two below.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
# Django first: the consumers below import models, which need the apps loaded.
pages = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from articles.support.views.consumers import AgentConsumer, VisitorChatConsumer  # noqa: E402

websocket_routes = [
    path("ws/chat/", VisitorChatConsumer.as_asgi()),
    path("ws/support/", AgentConsumer.as_asgi()),
]

application = ProtocolTypeRouter(
    {
        "http": pages,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_routes))),
    }
)
