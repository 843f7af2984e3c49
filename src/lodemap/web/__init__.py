"""lodemap over HTTP: the JSON API (`create_app`) and the pages beside it."""

from lodemap.web.app import create_app

__all__ = ["create_app"]
