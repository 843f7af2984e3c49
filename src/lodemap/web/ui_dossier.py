"""The dossier inside a UI page: the body of the rendered HTML dossier.

The dossier's HTML is autoescaped by its own template, so its markup is ours and
document text in it is already inert; a `</body>` written in a document appears as
`&lt;/body&gt;`, so the first `<body>` and the last `</body>` are the real ones.
Its chain diagram is inline SVG with style attributes, which the UI's
Content-Security-Policy would strip, so it is swapped for an <img> of the same SVG.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_FIGURE = re.compile(r'<figure class="chain">.*?</figure>', re.S)


def dossier_body(html: str, chain_src: str) -> Markup:
    start = html.index("<body>") + len("<body>")
    end = html.rindex("</body>")
    img = (f'<figure class="chain"><img src="{escape(chain_src)}" '
           'alt="Chain position: suppliers, the company and customers by tier and stage">'
           "</figure>")
    # Markup: the slice is template output whose document text is already escaped.
    return Markup(_FIGURE.sub(lambda _: img, html[start:end], count=1))
