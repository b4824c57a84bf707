"""Compiled Jinja templates kept between runs, in a bytecode cache that cannot be poisoned.

A cold command compiles every clause text it renders (about 170 templates for a trilingual
agreement, ~0.2 s) plus the HTML and DOCX templates. `Sandbox` is the sandboxed environment all
our templates use; it keeps the compiled code in a cache folder, one file per template source.
AGREEMENTS_TEMPLATE_CACHE=off turns it off; AGREEMENTS_TEMPLATE_CACHE=DIR keeps it in DIR; the
default is `$TMPDIR/_jinja2-cache-<uid>` (the folder Jinja uses, created 0700).

Cached code is executed when a template renders, so whoever can write an entry runs code in the
next build. Jinja's own FileSystemBytecodeCache trusts whatever it finds (and unpickles part of
every entry, which runs code before any check), so it is not used. Instead:

- **The folder** is used only when it is a real folder (not a symbolic link), owned by the
  current user and not writable by group or others. It is opened (O_DIRECTORY|O_NOFOLLOW) and
  checked with fstat at *every* load and store, so a folder opened up after the cache was made
  (AGREEMENTS_TEMPLATE_CACHE pointing at a 1777 folder) is refused from then on.
- **Each entry** is opened relative to that folder descriptor with O_NOFOLLOW and used only when
  it is a regular file owned by us with no permission bits for group or others (mode 0600). We
  write entries that way: O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, then an atomic rename.
- **Each entry is bound to its key**: it starts with our magic, then the sha256 of (Python's
  bytecode magic, the environment's settings, Jinja's version, our code's fingerprint, the
  template's name and source checksum), then the sha256 of the marshalled code. An entry under
  another key (copied, renamed, written by another version or by Jinja itself) or damaged is a
  miss; marshal only ever reads bytes that passed these checks; pickle is never used.

Why no HMAC: a secret key would have to be stored somewhere only we can write, which is exactly
what the folder checks establish. Anyone who can pass them is the user already (or root), and
could change our code as easily as our cache. The header check is not a signature: it keeps an
entry from being used for another template, settings or version, and catches damage.

When the folder is refused the templates are compiled without a cache: nothing is printed (the
library never prints), the reason is kept and `cache_notes()` returns it for the CLI to show.
The cache never changes what is rendered, and failing to read or write it only costs the compile.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import marshal
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import safe_io
from .template_data import Record, attribute_allowed, call_allowed
from .templates import tool_fingerprint

ENV_VARIABLE = "AGREEMENTS_TEMPLATE_CACHE"
MAGIC = b"agreements-template-cache-1\n"
MAX_ENTRY_BYTES = 16 * 1024 * 1024

_notes: list[str] = []


def cache_notes() -> list[str]:
    """Why the template cache was not used (folder refused, entries rejected), for the CLI to
    show; empty when it worked or was turned off."""
    return list(_notes)


def forget_notes() -> None:
    """For a process that changes where the cache is (watch, tests)."""
    _notes.clear()


def _note(text: str) -> None:
    if text not in _notes:
        _notes.append(text)


def _folder_problem(info: os.stat_result) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if info.st_uid != os.geteuid():
        return "belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"is writable by others (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _entry_problem(info: os.stat_result) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_uid != os.geteuid():
        return "belongs to another user"
    if info.st_mode & 0o077:
        return f"is readable or writable by others (mode {stat.S_IMODE(info.st_mode):04o}, not 0600)"
    if info.st_size > MAX_ENTRY_BYTES:
        return "is too large"
    return None


_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_ENTRY_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW_ENTRY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class TrustedCache(BytecodeCache):
    """A bytecode cache in one folder that is checked, with each entry, at every use."""

    def __init__(self, directory: str, pattern: str, settings_key: str):
        self.directory = directory
        self.pattern = pattern
        self.settings_key = settings_key
        self.refused: str | None = None  # the last reason the folder was refused

    def _open_folder(self) -> int | None:
        try:
            fd = os.open(self.directory, _FOLDER_FLAGS)
        except OSError as exc:
            reason = (
                "is a symbolic link"
                if exc.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(self.directory)
                else f"cannot be opened ({exc.strerror})"
            )
            return self._refuse(reason)
        problem = _folder_problem(os.fstat(fd))
        if problem:
            os.close(fd)
            return self._refuse(problem)
        self.refused = None
        return fd

    def _refuse(self, problem: str) -> None:
        self.refused = f"template cache {self.directory} {problem}; templates are compiled without a cache"
        _note(self.refused)
        return None

    def _name(self, bucket: Bucket) -> str:
        return self.pattern % (bucket.key,)

    def _header(self, bucket: Bucket) -> bytes:
        key = hashlib.sha256(
            "\n".join(
                [importlib.util.MAGIC_NUMBER.hex(), self.settings_key, bucket.key, bucket.checksum]
            ).encode()
        ).hexdigest()
        return MAGIC + key.encode() + b"\n"

    def load_bytecode(self, bucket: Bucket) -> None:
        folder = self._open_folder()
        if folder is None:
            return
        try:
            data = self._read_entry(folder, self._name(bucket))
        finally:
            os.close(folder)
        if data is None:
            return
        header = self._header(bucket)
        digest_end = len(header) + 65
        if not data.startswith(header) or len(data) < digest_end:
            return  # another key, version or format: a miss
        payload = data[digest_end:]
        if data[len(header) : digest_end - 1] != hashlib.sha256(payload).hexdigest().encode():
            return  # damaged
        try:
            bucket.code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            bucket.reset()

    def _read_entry(self, folder: int, name: str) -> bytes | None:
        try:
            fd = os.open(name, _ENTRY_FLAGS, dir_fd=folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                _note(
                    f"template cache entry {os.path.join(self.directory, name)} is a symbolic link; not used"
                )
            return None
        try:
            problem = _entry_problem(os.fstat(fd))
            if problem:
                _note(f"template cache entry {os.path.join(self.directory, name)} {problem}; not used")
                return None
            chunks = []
            while chunk := os.read(fd, 1024 * 1024):
                chunks.append(chunk)
            data = b"".join(chunks)
            return data if len(data) <= MAX_ENTRY_BYTES else None
        except OSError:
            return None
        finally:
            os.close(fd)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        folder = self._open_folder()
        if folder is None:
            return
        name = self._name(bucket)
        temp = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            payload = marshal.dumps(bucket.code)
            data = self._header(bucket) + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
            fd = os.open(temp, _NEW_ENTRY_FLAGS, 0o600, dir_fd=folder)
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except (OSError, ValueError):
            try:
                os.unlink(temp, dir_fd=folder)
            except OSError:
                pass
        finally:
            os.close(folder)

    def clear(self) -> None:
        folder = self._open_folder()
        if folder is None:
            return
        try:
            prefix, suffix = self.pattern.split("%s")
            for name in os.listdir(folder):
                if name.startswith(prefix) and name.endswith(suffix):
                    try:
                        os.unlink(name, dir_fd=folder)
                    except OSError:
                        pass
        finally:
            os.close(folder)


def _default_folder() -> str:
    """Jinja's per-user folder, `$TMPDIR/_jinja2-cache-<uid>` (created 0700 if missing)."""
    return os.path.join(tempfile.gettempdir(), f"_jinja2-cache-{os.getuid()}")


@cache
def bytecode_cache(settings: str) -> BytecodeCache | None:
    """The cache for one environment's settings (None when turned off or no usable folder).

    Whether the folder may be used is decided again at every load and store (TrustedCache).
    """
    where = os.environ.get(ENV_VARIABLE, "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    key = hashlib.sha256(f"{settings}|{jinja2.__version__}|{tool_fingerprint()}".encode())
    pattern = f"agreements-{key.hexdigest()[:16]}-%s.cache"
    folder = where or _default_folder()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as exc:
        _note(
            f"template cache {folder} cannot be created ({exc.strerror or exc}); templates are "
            "compiled without a cache"
        )
        return None
    cache = TrustedCache(folder, pattern, key.hexdigest())
    probe = cache._open_folder()  # refused now: say so, and do not bother later
    if probe is None:
        return None
    os.close(probe)
    return cache


def probe() -> list[str]:
    """Check the cache folder now (as each worker will) and return why it is not used, if so."""
    bytecode_cache("probe")
    return cache_notes()


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

    # Templates see data, not objects (template_data.py): a Record's fields before its methods,
    # and nothing of any object beyond its data and the methods named for templates.
    def getattr(self, obj, attribute):
        if isinstance(obj, Record) and isinstance(attribute, str):
            if attribute in obj:
                return obj[attribute]
            if attribute not in Record.TEMPLATE_METHODS:
                fields = ", ".join(sorted(obj)) or "none"
                return self.undefined(f"no field {attribute!r} here (its fields: {fields})", obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return super().is_safe_attribute(obj, attr, value) and attribute_allowed(obj, attr, value)

    def is_safe_callable(self, obj) -> bool:
        return super().is_safe_callable(obj) and call_allowed(obj)

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
            data = safe_io.read_input(
                filename, limit=safe_io.MAX_TEMPLATE_BYTES, root=self.root, what="a template"
            )
            mtime = os.path.getmtime(filename)
        except OSError as exc:
            from .errors import display_path

            raise jinja2.TemplateError(
                f"{display_path(Path(filename))}: cannot use this template: {exc.strerror or exc}"
            ) from None

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return data.decode(self.encoding), os.path.normpath(filename), uptodate
