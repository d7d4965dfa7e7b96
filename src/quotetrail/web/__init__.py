"""The local web app and JSON API over a quotetrail store (`quotetrail serve`)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
