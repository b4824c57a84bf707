"""agreements: bilingual cooperation agreements (DOCX and PDF) from YAML specs."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("agreements")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
