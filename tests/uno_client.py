"""A LibreOffice client driven through UNO, for tests: runs with the system python3 (python3-uno),
never the venv. It starts one headless soffice with a private profile, listening on a pipe, then
answers one JSON request per line on stdin with one JSON line on stdout:

    {"path": "x.docx", "action": "accept" | "reject" | "none"}
 -> {"redlines": 12, "left": 0, "body": [[in_table, mark_style, [[style, text], ...]], ...],
     "header": [...], "footer": [...]}

`redlines` is the number of tracked changes when the document was loaded; `body` lists every
paragraph after the action (accept or reject all tracked changes), table cells included, in reading
order, each as its text portions with their character style (the language: "Lang zh-Hans"), and
the character style of its paragraph mark (what an empty paragraph is in). The text is read from
the document as LibreOffice saves it after the action (flat ODF), page styles' headers and footers
included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET

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
            # the document as LibreOffice holds it, read from its own flat ODF: one call, where
            # walking the text portions over the bridge takes seconds per document
            flat = os.path.join(self.profile.name, "read.fodt")
            document.storeToURL(
                uno.systemPathToFileUrl(flat), (_property("FilterName", "OpenDocument Text Flat XML"),)
            )
            return {"redlines": count, "left": left, **_read_flat(flat)}
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


ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{ODF[prefix]}}}{local}"


PARAGRAPHS = (_q("text:p"), _q("text:h"))
CONTAINERS = (_q("text:list"), _q("text:list-item"), _q("text:list-header"), _q("text:section"))
ROW_GROUPS = (_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group"))
SPANS = (_q("text:span"), _q("text:a"))
# marks that hold no shown text (a field's shown text is its element's text)
NO_TEXT = ("soft-page-break", "bookmark", "change", "reference-mark", "alphabetical-index-mark", "toc-mark")


def _read_flat(path: str) -> dict:
    """body, header and footer of a flat ODF document (see the module's docstring)."""
    root = ET.parse(path).getroot()
    automatic = root.find(_q("office:automatic-styles"))
    direct = {s.get(_q("style:name")) for s in automatic.iter(_q("style:style"))}
    shown = {  # a character style's name as the user sees it ("Lang zh-Hans", not "Lang_20_zh-Hans")
        s.get(_q("style:name")): s.get(_q("style:display-name"), s.get(_q("style:name")))
        for s in root.iter(_q("style:style"))
        if s.get(_q("style:family")) == "text"
    }

    def style_of(span, inherited: str) -> str:
        name = span.get(_q("text:style-name"))
        return inherited if name is None or name in direct else shown.get(name, name)

    def portions(element, style: str, out: list) -> list:
        if element.text:
            out.append((style, element.text))
        for child in element:
            local = child.tag.rsplit("}", 1)[1]
            if child.tag in SPANS:
                portions(child, style_of(child, style), out)
            elif child.tag == _q("text:s"):
                out.append((style, " " * int(child.get(_q("text:c"), "1"))))
            elif child.tag == _q("text:tab"):
                out.append((style, "\t"))
            elif child.tag == _q("text:line-break"):
                out.append((style, "\n"))
            elif child.tag.startswith(f"{{{ODF['text']}}}") and not local.startswith(NO_TEXT):
                out.append((style, "".join(child.itertext())))  # a field (page number, count)
            if child.tail:
                out.append((style, child.tail))
        return out

    def paragraph(element, in_table: bool) -> list:
        merged: list[list[str]] = []
        for style, text in portions(element, "", []):
            if merged and merged[-1][0] == style:
                merged[-1][1] += text
            elif text:
                merged.append([style, text])
        # the paragraph mark's character style: an empty span that ends the paragraph
        last = element[-1] if len(element) else None
        empty_end = last is not None and last.tag == _q("text:span") and not "".join(last.itertext())
        return [in_table, style_of(last, "") if empty_end else "", merged]

    def blocks(element, in_table: bool, out: list) -> list:
        for child in element:
            if child.tag in PARAGRAPHS:
                out.append(paragraph(child, in_table))
            elif child.tag in CONTAINERS:
                blocks(child, in_table, out)
            elif child.tag == _q("table:table"):
                for row in _rows(child):  # row by row; a merged cell's covered cells hold nothing
                    for cell in row.findall(_q("table:table-cell")):
                        blocks(cell, True, out)
        return out

    header, footer = [], []
    for page in root.find(_q("office:master-styles")).findall(_q("style:master-page")):
        for part, found in ((_q("style:header"), header), (_q("style:footer"), footer)):
            element = page.find(part)
            if element is not None and element.get(_q("style:display"), "true") == "true":
                blocks(element, False, found)
    body = root.find(_q("office:body")).find(_q("office:text"))
    return {"body": blocks(body, False, []), "header": header, "footer": footer}


def _rows(table):
    for child in table:
        if child.tag == _q("table:table-row"):
            yield child
        elif child.tag in ROW_GROUPS:
            yield from _rows(child)


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
