"""The cited counterparty dossier: built as data, rendered to Markdown or HTML."""

from lodemap.dossier.build import Dossier, build_dossier
from lodemap.dossier.render import FORMATS, render

__all__ = ["FORMATS", "Dossier", "build_dossier", "render"]
