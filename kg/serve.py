"""Publish a graph through the Oxigraph SPARQL server (the ``oxigraph`` package's CLI) on loopback.

    with Server("out", port=0) as server:      # port 0: any free port
        print(server.query_url)                # http://127.0.0.1:PORT/query — SPARQL 1.1 Protocol
        ...                                    # SPARQLWrapper, YASGUI (server.url), curl

The graph is loaded into an on-disk Oxigraph store (a temporary folder, removed on stop, or the
folder of ``--store oxigraph:PATH``, kept and reused) and served read-only unless ``writable``.
The endpoint's default graph is the graph's default graph; provenance is in named graphs.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .store import GraphError, resolve_graph

HOST = "127.0.0.1"


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable installed next to this Python (PyPI package ``oxigraph``)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise GraphError("the Oxigraph server is not installed: pip install oxigraph==0.5.13")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _store_is_empty(location: Path) -> bool:
    return not location.exists() or not any(location.iterdir())


class Server:
    """One Oxigraph server process over one graph."""

    def __init__(self, graph: str | Path | None, port: int = 7878, location: str | Path | None = None,
                 writable: bool = False, reload: bool = False, timeout_s: int | None = 60):
        self.graph = graph
        self.port = port or free_port()
        self.location = Path(location) if location else None
        self.writable = writable
        self.reload = reload
        self.timeout_s = timeout_s
        self.process: subprocess.Popen | None = None
        self._tmp: str | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def query_url(self) -> str:
        return f"http://{HOST}:{self.port}/query"

    @property
    def update_url(self) -> str:
        return f"http://{HOST}:{self.port}/update"

    def _prepare(self) -> Path:
        exe = oxigraph_binary()
        if self.location is None:
            self._tmp = tempfile.mkdtemp(prefix="kg-serve-")
            location = Path(self._tmp) / "store"
        else:
            location = self.location
            if self.reload and location.exists():
                shutil.rmtree(location)
        if _store_is_empty(location):
            if self.graph is None:
                raise GraphError(f"the store at {location} is empty: give a GRAPH to load into it")
            source = resolve_graph(self.graph)
            done = subprocess.run([exe, "load", "--location", str(location), "--file", str(source)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise GraphError(f"oxigraph could not load {source}: {done.stderr.strip().splitlines()[-1:]}")
        return location

    def start(self, wait_s: float = 30.0) -> "Server":
        try:
            location = self._prepare()
        except BaseException:
            self._cleanup()
            raise
        command = [oxigraph_binary(), "serve" if self.writable else "serve-read-only",
                   "--location", str(location), "--bind", f"{HOST}:{self.port}"]
        if self.timeout_s:
            command += ["--timeout-s", str(self.timeout_s)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + wait_s
        probe = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().strip() if self.process.stderr else ""
                self._cleanup()
                raise GraphError(f"the Oxigraph server stopped at once: {err or 'no message'}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.1)
        self.stop()
        raise GraphError(f"the Oxigraph server did not answer on {self.url} within {wait_s:.0f}s")

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._cleanup()

    def _cleanup(self) -> None:
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


__all__ = ["Server", "free_port", "oxigraph_binary", "HOST"]
