"""A printable HTML page, made from the markdown rendering."""

from __future__ import annotations

import html as html_lib

from msstem.render.markdown import markdown
from msstem.views.document import Document

STYLE = """
body { font-family: system-ui, sans-serif; font-size: 12pt; line-height: 1.35; max-width: 50em;
       margin: 1.5em auto; padding: 0 1em; color: #111; background: #fff; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.4em; } h3 { font-size: 1.1em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #444; padding: 0.3em 0.4em; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th:first-child, td:first-child { width: 16%; }
a { color: #0645ad; overflow-wrap: anywhere; }
svg { max-width: 100%; height: auto; }  /* an icon array shrinks to its cell, never over the next */
ul.write li { margin-bottom: 1.4em; }
div.notes { border: 1px solid #444; min-height: 9em; padding: 0.4em; margin-top: 1em; font-weight: bold; }
@media print { @page { margin: 10mm; } body { margin: 0; max-width: none; font-size: 12pt; }
               h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; }
               a { color: #000; } li { break-inside: avoid; } h2, h3 { break-after: avoid; }
               svg { break-inside: avoid; } }
"""


def html(doc: Document) -> str:
    from markdown_it import MarkdownIt

    # Raw HTML is on only for the <br> that the markdown renderer puts in table cells and the SVG
    # icon arrays it draws: every piece of knowledge-base text was escaped there (and in the SVG's
    # text alternative), so no HTML can come from data.
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown(doc, for_html=True))
    title = html_lib.escape(doc.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
