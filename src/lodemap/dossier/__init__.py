"""The cited counterparty dossier: built as data, rendered to Markdown, HTML or PDF."""

from lodemap.dossier.build import Dossier, build_dossier
from lodemap.dossier.render import FORMATS, render, render_bytes

__all__ = ["FORMATS", "Dossier", "build_dossier", "render", "render_bytes"]
