"""Compiled Jinja templates kept between runs, with Jinja's own bytecode cache.

A cold command compiles every clause text it renders (about 170 templates for a trilingual
agreement, ~0.2 s) plus the HTML and DOCX templates. `Sandbox` is the sandboxed environment all
our templates use; it stores the compiled code in Jinja's per-user cache folder (created 0700,
owner checked by Jinja), one file per template source. Entries are named by the environment's
settings, Jinja's version and a hash of our code, so a change to any of them never reuses old code.

The cache never changes what is rendered, and failing to read or write it only costs the compile.
AGREEMENTS_TEMPLATE_CACHE=off turns it off; AGREEMENTS_TEMPLATE_CACHE=DIR keeps it in DIR.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import safe_io
from .templates import tool_fingerprint

ENV_VARIABLE = "AGREEMENTS_TEMPLATE_CACHE"


class _TolerantCache(FileSystemBytecodeCache):
    """Jinja's file cache, with unreadable or unwritable files treated as misses."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:   # a damaged entry (truncated, garbage): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=None)
def bytecode_cache(settings: str) -> BytecodeCache | None:
    """The cache for one environment's settings (None when turned off or no safe folder)."""
    where = os.environ.get(ENV_VARIABLE, "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    key = hashlib.sha256(f"{settings}|{jinja2.__version__}|{tool_fingerprint()}".encode())
    pattern = f"agreements-{key.hexdigest()[:16]}-%s.cache"
    try:
        if where:
            os.makedirs(where, mode=0o700, exist_ok=True)
        return _TolerantCache(where or None, pattern)
    except (OSError, RuntimeError):   # RuntimeError: Jinja found no safe temporary folder
        return None


def _stable(value) -> str:
    """A setting as text that is the same in every process (functions by name, not address)."""
    if callable(value):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandboxed environment of every template we render, compiled code cached on disk.

    `from_string` (clause texts, the DOCX template through docxtpl) goes through the cache too;
    templates from a loader use it by Jinja's own path.
    """

    def __init__(self, name: str, **options):
        super().__init__(**options)
        settings = f"{name}|{sorted((k, _stable(v)) for k, v in options.items() if k != 'loader')}"
        self.bytecode_cache = bytecode_cache(settings)

    def from_string(self, source, globals=None, template_class=None):
        if self.bytecode_cache is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        name = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        bucket = self.bytecode_cache.get_bucket(self, name, None, source)
        if bucket.code is None:
            bucket.code = self.compile(source)
            self.bytecode_cache.set_bucket(bucket)
        cls = template_class or self.template_class
        return cls.from_code(self, bucket.code, self.make_globals(globals), None)


class TemplateLoader(FileSystemLoader):
    """Jinja's FileSystemLoader, reading each template under the file-access policy (safe_io).

    Jinja's own loader opens whatever the search path names (a link to /etc/passwd, a FIFO);
    this one finds the file the same way and reads it with `safe_io.read_input`.
    """

    def __init__(self, searchpath, encoding: str = "utf-8", root=None):
        super().__init__(searchpath, encoding=encoding, followlinks=False)
        self.root = root

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise TemplateNotFound(template)
        try:
            data = safe_io.read_input(filename, limit=safe_io.MAX_TEMPLATE_BYTES, root=self.root,
                                      what="a template")
            mtime = os.path.getmtime(filename)
        except OSError as exc:
            from .errors import display_path
            raise jinja2.TemplateError(f"{display_path(Path(filename))}: cannot use this template: "
                                       f"{exc.strerror or exc}") from None

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return data.decode(self.encoding), os.path.normpath(filename), uptodate
