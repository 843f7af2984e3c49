"""Renders a `Dossier` to Markdown or HTML with Jinja2, and to PDF from the HTML.

HTML is autoescaped: document text is untrusted and is never marked safe.
Markdown escapes the characters that would turn a quote into markup.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from lodemap.dossier.build import Dossier
from lodemap.dossier.pdf import html_to_pdf
from lodemap.errors import LodemapError

FORMATS = ("md", "html", "pdf")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline-HTML characters; fold line breaks inside a quote."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@cache
def _env(kind: str) -> Environment:
    env = Environment(
        loader=PackageLoader("lodemap", "dossier/templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False)
        if kind == "html" else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["squash"] = lambda t: " ".join(str(t).split())
    return env


def render(dossier: Dossier, fmt: str) -> str:
    """The dossier as Markdown or HTML text."""
    if fmt not in ("md", "html"):
        raise LodemapError(f"no text rendering for format {fmt!r}", hint="use md or html")
    template = _env(fmt).get_template(f"brief.{fmt}.j2" if fmt == "md" else "brief.html")
    return template.render(d=dossier)


def render_bytes(dossier: Dossier, fmt: str) -> bytes:
    """The dossier in any of `FORMATS`, as the bytes of a file."""
    if fmt not in FORMATS:
        raise LodemapError(f"unknown dossier format {fmt!r}", hint=f"use one of {FORMATS}")
    if fmt == "pdf":
        return html_to_pdf(render(dossier, "html"))
    return render(dossier, fmt).encode("utf-8")
