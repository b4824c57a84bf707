"""What the CLI says when something unexpected happens: exit code 70 and a short bug report.

Every mistake in the input is an AgreementError (exit 2, with file:line:col); anything else is a
bug in this tool. The traceback goes to a file of its own in the temporary folder (and also to
stderr on CI, where that file is gone with the runner), and one paragraph says what to send.
"""

from __future__ import annotations

import errno
import os
import tempfile
import traceback

from . import __version__
from .errors import visible

BUG = 70  # EX_SOFTWARE (sysexits.h): an internal error
ENVIRONMENT = 2  # the machine, not the tool: disk full, read-only, no permission, no memory
_ENVIRONMENT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EMFILE}


def unexpected(exc: Exception, command: str) -> tuple[str, int]:
    """What to print, and the exit code, for an exception that is not an AgreementError."""
    if isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno in _ENVIRONMENT_ERRORS):
        return f"error: {visible(str(exc) or type(exc).__name__)}", ENVIRONMENT
    summary, trace = describe(exc)
    return report(summary, trace, command), BUG


def save_traceback(text: str) -> str | None:
    """The path of a new private file (0600, never an existing one) holding `text`, or None."""
    try:
        fd, path = tempfile.mkstemp(prefix="agreements-bug-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"agreements {__version__}\n{text}")
    except OSError:
        return None
    return path


def report(summary: str, trace: str, command: str = "") -> str:
    """The paragraph (and on CI the traceback) to print for an unexpected error."""
    path = save_traceback(trace)
    where = f"The details are in {path}." if path else "The details follow."
    paragraph = (
        f"agreements stopped on an unexpected error, a bug in the tool rather than a problem in "
        f"your files ({visible(summary)}). {where} Please report it to the maintainers of "
        f"agreements (the project's issue tracker) with that file, the command you ran"
        f"{f' ({command})' if command else ''}, `agreements --version` ({__version__}) and, if "
        "you can share them, the spec and templates it read."
    )
    if path is None or os.environ.get("CI"):
        return paragraph + "\n" + visible(trace, keep="\n")
    return paragraph


def describe(exc: BaseException) -> tuple[str, str]:
    """(one line, full traceback) of an exception."""
    return f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc))
