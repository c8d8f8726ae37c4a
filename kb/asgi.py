"""ASGI entry point: every page and the live chat's WebSockets (docs/operating.md).

Production: `gunicorn kb.asgi:application -k kb.chat_worker.ChatWorker` (settings in
gunicorn.conf.py); the demo: `manage.py demo` (Daphne's runserver). `kb.wsgi` still serves
pages alone for a WSGI server. WebSockets pass two checks before any consumer runs: the
handshake's Origin must name an allowed host (AllowedHostsOriginValidator; the consumers
then require this very site's origin) and the path must be one of the two below. Only
the agents' socket then reads the session (AuthMiddlewareStack: agents sign in as for the
admin); a visitor's is opened by its private link's token, so it reads no session and
its frames skip the session middleware's check on every send.
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
    path("ws/support/", AuthMiddlewareStack(AgentConsumer.as_asgi())),
]

application = ProtocolTypeRouter(
    {
        "http": pages,
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_routes)),
    }
)
