"""A small Language Server Protocol client, for the editor's view of a spec: it starts the real
yaml-language-server (installed by `make setup` into .cache/node from tools/language-server/'s
package-lock.json) and talks JSON-RPC to it over stdio as an editor does: initialize, settings,
didOpen, then it collects the textDocument/publishDiagnostics the server sends."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / ".cache" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"

# what an editor would set; the schema store is off: it would fetch a catalogue from the network
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": False,
        "completion": False,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "yamlVersion": "1.2",
    }
}


class ServerMissing(RuntimeError):
    pass


def server_command() -> list[str]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None or not SERVER.is_file():
        raise ServerMissing(
            "yaml-language-server is not installed: run `make setup` (Node.js and npm, then "
            "`npm ci` into .cache/node from tools/language-server/package-lock.json)"
        )
    return [node, str(SERVER), "--stdio"]


def server_version() -> str:
    package = SERVER.parent.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


class LanguageServer:
    """One yaml-language-server process whose workspace is `root`."""

    def __init__(self, root: Path, settings: dict | None = None) -> None:
        self.root = root
        self.process = subprocess.Popen(
            server_command(),
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict | None] = queue.Queue()
        self.diagnostics: dict[str, list[dict]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {"textDocument": {"publishDiagnostics": {}}},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings or SETTINGS})

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 60) -> dict:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        return self._pump(lambda message: message.get("id") == self.next_id, timeout)["result"]

    def _pump(self, done, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError("yaml-language-server did not answer in time") from None
            if message is None:
                raise RuntimeError("yaml-language-server ended")
            self._handle(message)
            if done(message):
                return message

    def _handle(self, message: dict) -> None:
        if message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif "method" in message and "id" in message:
            # a request from the server (workspace/configuration, client/registerCapability, ...)
            result = [SETTINGS["yaml"]] if message["method"] == "workspace/configuration" else None
            self._send({"id": message["id"], "result": result})

    def check(self, paths: list[Path], timeout: float = 60, quiet: float = 1.5) -> dict[Path, list[dict]]:
        """Opens every file as an editor would and returns the diagnostics published for each,
        once every file has some and the server has been quiet for `quiet` seconds."""
        uris = {path.resolve().as_uri(): path for path in paths}
        for uri, path in uris.items():
            self.diagnostics.pop(uri, None)
            self.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "yaml",
                        "version": 1,
                        "text": path.read_text(encoding="utf-8"),
                    }
                },
            )
        deadline = time.monotonic() + timeout
        while not uris.keys() <= self.diagnostics.keys():
            self._pump(lambda message: True, deadline - time.monotonic())
        while True:
            try:
                self._pump(lambda message: True, quiet)
            except TimeoutError:
                break
        return {path: self.diagnostics[uri] for uri, path in uris.items()}

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, RuntimeError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LanguageServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
