"""The gunicorn worker class of the chat's ASGI group (docs/operating.md).

`gunicorn kb.asgi:application -k kb.chat_worker.ChatWorker`: uvicorn-worker's
UvicornWorker with WebSocket compression (permessage-deflate) off. Chat frames are small
(a message: a few hundred bytes) and the workspace's are sent to every agent; compressing
each frame per connection cost the chat's process more CPU than any other single thing
in the chat benchmark's profile (py-spy, 200 chats), for little saved on the wire.
"""

from uvicorn_worker import UvicornWorker


class ChatWorker(UvicornWorker):
    """UvicornWorker without permessage-deflate (uvicorn's `ws_per_message_deflate`)."""

    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "ws_per_message_deflate": False}
