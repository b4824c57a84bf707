"""A LibreOffice client driven through UNO, for tests: runs with the system python3 (python3-uno),
never the venv. It starts one headless soffice with a private profile, listening on a pipe, then
answers one JSON request per line on stdin with one JSON line on stdout:

    {"path": "x.docx", "action": "accept" | "reject" | "none"}
 -> {"redlines": 12, "left": 0, "body": [[in_table, mark_style, [[style, text], ...]], ...],
     "header": [...], "footer": [...]}

`redlines` is the number of tracked changes when the document was loaded; `body` lists every
paragraph after the action (accept or reject all tracked changes), table cells included, in reading
order, each as its text portions with their character style (the language: "Lang zh-Hans"), and
the character style of its paragraph mark (what an empty paragraph is in).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


class Office:
    def __init__(self) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="uno-profile-")
        self.pipe = f"agreements-test-{uuid.uuid4().hex}"
        self.process = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                f"-env:UserInstallation=file://{self.profile.name}",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("LibreOffice did not start") from None
                time.sleep(0.1)
        manager = context.ServiceManager
        self.desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        self.dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)

    def read(self, path: str, action: str) -> dict:
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        document = self.desktop.loadComponentFromURL(
            url, "_blank", 0, (_property("Hidden", True), _property("ReadOnly", False))
        )
        if document is None:
            raise RuntimeError(f"LibreOffice cannot load {path}")
        try:
            count = document.Redlines.Count if hasattr(document, "Redlines") else 0
            if action != "none":
                command = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
                frame = document.CurrentController.Frame
                self.dispatcher.executeDispatch(frame, command[action], "_self", 0, ())
            left = document.Redlines.Count
            styles = document.StyleFamilies.getByName("PageStyles")
            header, footer = [], []
            for name in styles.ElementNames:
                style = styles.getByName(name)
                if style.IsInUse if hasattr(style, "IsInUse") else True:
                    if style.HeaderIsOn:
                        header += _paragraphs(style.HeaderText, False)
                    if style.FooterIsOn:
                        footer += _paragraphs(style.FooterText, False)
            return {
                "redlines": count,
                "left": left,
                "body": _paragraphs(document.Text, False),
                "header": header,
                "footer": footer,
            }
        finally:
            document.close(True)

    def close(self) -> None:
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.profile.cleanup()


def _paragraphs(text, in_table: bool) -> list:
    result = []
    enumeration = text.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            for name in _cell_names(element):
                result += _paragraphs(element.getCellByName(name).Text, True)
            continue
        pieces = []
        portions = element.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType in ("Text", "TextField") and portion.String:
                pieces.append([portion.CharStyleName or "", portion.String])
        result.append([in_table, element.CharStyleName or "", pieces])
    return result


def _cell_names(table) -> list[str]:
    """Cell names in reading order (row by row), merged cells included."""
    names = list(table.CellNames)

    def key(name: str):
        letters = "".join(c for c in name.split(".")[0] if c.isalpha())
        rest = name[len(letters) :]
        column = 0
        for char in letters:
            column = column * 52 + (ord(char) - (65 if char.isupper() else 71))
        parts = [int(p) for p in rest.split(".")]
        return (parts[0], column, parts[1:])

    return sorted(names, key=key)


def main() -> None:
    office = Office()
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                answer = office.read(request["path"], request.get("action", "none"))
            except Exception as error:  # reported to the test, which fails with it
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer, ensure_ascii=False), flush=True)
    finally:
        office.close()


if __name__ == "__main__":
    main()
