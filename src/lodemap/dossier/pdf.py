"""The dossier as PDF: the HTML rendering laid out by WeasyPrint.

The PDF is made from the very HTML that `lodemap brief --format html` writes, so the
two say the same thing; WeasyPrint fetches nothing (the HTML references no external
resource, and its URL fetcher refuses any that appears).
"""

from __future__ import annotations

from typing import Any

from lodemap.errors import LodemapError

# A print layout for the same HTML: A4 pages, page numbers, no browser-only widths.
_PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
        font-size: 9pt; color: #667; } }
body { max-width: none; margin: 0; font-size: 10.5pt; }
a { color: inherit; }
table { page-break-inside: auto; } tr { page-break-inside: avoid; }
"""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the dossier fetches nothing: {url}")


def html_to_pdf(html: str) -> bytes:
    """Lay out dossier HTML as PDF bytes."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or its fonts are missing
        raise LodemapError(f"PDF output needs WeasyPrint and its system libraries: {exc}",
                           hint="run `make pdf-libs` (installs Pango with apt)") from exc
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    pdf = document.write_pdf(stylesheets=[weasyprint.CSS(string=_PRINT_CSS)])
    assert pdf is not None  # write_pdf without a target returns the bytes
    return bytes(pdf)
