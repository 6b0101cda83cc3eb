"""The course's Jupyter servers send the kernel's small messages at once (helpers/server.py)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from helpers import app, hub, server

ROOT = Path(__file__).resolve().parent.parent


def test_the_connection_turns_nagle_off_on_the_websocket_before_it_connects(monkeypatch):
    order = []

    class Handler:  # stands in for jupyter_server's KernelWebsocketHandler
        def set_nodelay(self, value):
            order.append(("nodelay", value))

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: order.append(("connect", None)))
    connection = server.KernelConnection.__new__(server.KernelConnection)
    connection.__dict__["_trait_values"] = {"websocket_handler": Handler()}  # no kernel, no server
    connection.connect()
    assert order == [("nodelay", True), ("connect", None)]


def test_the_option_names_the_connection_class():
    assert import_item(server.CONNECTION) is server.KernelConnection
    assert issubclass(server.KernelConnection, ZMQChannelsWebsocketConnection)
    assert server.LAB_OPTIONS == [f"--ServerApp.kernel_websocket_connection_class={server.CONNECTION}"]
    assert server.VOILA_OPTIONS == [f"--Voila.kernel_websocket_connection_class={server.CONNECTION}"]


def test_tornado_sets_tcp_nodelay_on_the_socket():
    # What the handler's set_nodelay(True) comes down to: the TCP socket option, through tornado's IOStream.
    from tornado.iostream import IOStream

    with socket.create_server(("127.0.0.1", 0)) as listener:
        with socket.create_connection(listener.getsockname()):
            accepted, _ = listener.accept()
            stream = IOStream(accepted)
            try:
                assert not accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                stream.set_nodelay(True)
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            finally:
                stream.close()


def test_every_server_the_course_starts_uses_it(tmp_path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^LAB = (.*?)(?<!\\)$", makefile, re.S | re.M).group(1)
    assert server.LAB_OPTIONS[0] in lab  # make start, make teacher
    c = Config()
    hub.configure(c, folder=tmp_path / "class")
    assert set(server.LAB_OPTIONS) <= set(c.Spawner.args)  # each student's server in make classroom
    (tmp_path / "app" / "notebooks").mkdir(parents=True)
    assert set(server.VOILA_OPTIONS) <= set(app.command(tmp_path / "app"))  # make app
    driver = (ROOT / "tests" / "labdriver.py").read_text(encoding="utf-8")
    assert "*LAB_OPTIONS]" in driver  # the browser tests and the end-to-end benchmark
