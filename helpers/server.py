"""How the course's Jupyter servers talk to the browser: small messages leave at once.

A what-if update sends a handful of small messages from the kernel to the browser (busy, the slider's
echo, the new picture, idle). Tornado's websockets leave Nagle's algorithm on, so the server holds a
small message back until the client has acknowledged the previous one, and a client whose system delays
its acknowledgements (up to 40 ms on Linux, longer elsewhere) then waits. Measured here through
jupyter_server with a Python client: a widget update's "idle" arrived 47 ms after the request with the
default connection, 8 ms with this one. Chromium on Linux showed no difference (README, "Speed").

Every server the course starts uses it: ``make start``, ``make teacher``, ``make classroom`` (each
student's server), ``make app`` (Voila) and the browser tests. By hand:
``jupyter lab --ServerApp.kernel_websocket_connection_class=helpers.server.KernelConnection``.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CONNECTION = "helpers.server.KernelConnection"
# The command-line options that select it, for JupyterLab (ServerApp) and for Voila.
LAB_OPTIONS = [f"--ServerApp.kernel_websocket_connection_class={CONNECTION}"]
VOILA_OPTIONS = [f"--Voila.kernel_websocket_connection_class={CONNECTION}"]


class KernelConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with TCP_NODELAY set on the websocket."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()
