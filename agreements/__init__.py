"""agreements: bilingual cooperation agreements (DOCX and PDF) from YAML specs."""

__version__ = "0.1.0"  # the package version (pyproject.toml reads it from here)
