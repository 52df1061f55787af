"""The minutes as the documents a coalition circulates: Word (.docx) and PDF.

Both are made from what the minutes already are, so every format says the same thing:
- `.docx`: the Markdown parsed with the minutes' own parser (`minutes_parser`), each block
  written with python-docx: headings, paragraphs with bold and italic, bulleted lists, tables
  with a header row, rules. An Arabic committee's document is right to left throughout:
  every paragraph carries `w:bidi`, every run `w:rtl`, every table `w:bidiVisual`, and the
  document's default language is Arabic.
- PDF: the HTML page (`render_html`) laid out by WeasyPrint, which needs no browser; Arabic is
  shaped by its text engine (Pango/HarfBuzz) with a font of this computer (Noto Naskh Arabic
  or DejaVu Sans, named in the page's stylesheet).

Both libraries are imported only when such a file is made, so starting the app never pays
for them; `DocumentError` says what is missing when one is not installed.
"""

from __future__ import annotations

import io
from typing import Any

from meeting_tui.i18n import _, is_rtl
from meeting_tui.minutes import minutes_parser


class DocumentError(Exception):
    """A document could not be made; `message` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------------


# Where an element goes among its siblings (the order the OOXML schema requires; Word refuses
# a file whose pPr/tblPr children are out of order).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi") + _AFTER_BIDI
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _has_rtl_letters(text: str) -> bool:
    import unicodedata

    return any(ch.isalpha() and unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _rtl_paragraph(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()  # python-docx's documented route to paragraph XML
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _rtl_run(run) -> None:
    """Mark a run right to left when it holds Arabic (or other right-to-left) letters; a run of
    Latin text (an English name, a register id) stays left to right inside the paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not _has_rtl_letters(run.text):
        return
    rpr = run._r.get_or_add_rPr()
    if rpr.find(qn("w:rtl")) is None:
        rpr.insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)


def _rtl_table(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    if tblpr.find(qn("w:bidiVisual")) is None:
        tblpr.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)


def _add_inline(paragraph, token, rtl: bool) -> None:
    """The inline children of a markdown-it `inline` token as runs (bold, italic, code)."""
    bold = italic = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("text", "code_inline"):
            if not child.content:
                continue
            run = paragraph.add_run(child.content)
            run.bold = bold or None
            run.italic = italic or None
            if kind == "code_inline":
                run.font.name = "DejaVu Sans Mono"
            if rtl:
                _rtl_run(run)
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind == "softbreak":
            run = paragraph.add_run(" ")
            if rtl:
                _rtl_run(run)


def _paragraph(doc_or_cell, style: str | None, rtl: bool):
    paragraph = doc_or_cell.add_paragraph(style=style) if style else doc_or_cell.add_paragraph()
    if rtl:
        _rtl_paragraph(paragraph)
    return paragraph


def markdown_to_docx(markdown: str, *, lang: str = "en", title: str = "", identifier: str = "") -> bytes:
    """The minutes' Markdown as a Word document (bytes of a .docx file)."""
    try:
        from docx import Document
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt
    except ImportError:  # pragma: no cover - a dependency of the package
        raise DocumentError(_("Word files need python-docx: pip install python-docx")) from None
    rtl = is_rtl(lang)
    document = Document()
    document.core_properties.title = title
    document.core_properties.identifier = identifier  # the session file: whose minutes these are
    document.core_properties.language = lang
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10.5)
    rpr = style.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "en-GB")
    lang_el.set(qn("w:bidi"), "ar-SA" if rtl else "en-GB")
    rpr.append(lang_el)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        fonts.set(qn("w:cs"), "Noto Naskh Arabic" if rtl else "DejaVu Sans")
    if rtl:  # the section too: page numbers, columns and the gutter right to left
        sect = document.sections[0]._sectPr
        if sect.find(qn("w:bidi")) is None:
            sect.insert_element_before(OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
    tokens = minutes_parser().parse(markdown)
    i = 0
    list_depth = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1])
            paragraph = _paragraph(document, f"Heading {min(level, 4)}" if level > 1 else "Title", rtl)
            _add_inline(paragraph, tokens[i + 1], rtl)
            i += 3
            continue
        if kind == "bullet_list_open":
            list_depth += 1
        elif kind == "bullet_list_close":
            list_depth -= 1
        elif kind == "paragraph_open":
            style_name = "List Bullet" if list_depth else None
            paragraph = _paragraph(document, style_name, rtl)
            _add_inline(paragraph, tokens[i + 1], rtl)
            i += 3
            continue
        elif kind == "hr":
            paragraph = _paragraph(document, None, rtl)
            ppr = paragraph._p.get_or_add_pPr()
            border = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "999999")):
                bottom.set(qn(key), value)
            border.append(bottom)
            ppr.insert_element_before(border, *_AFTER_PBDR)
        elif kind == "table_open":
            i = _table(document, tokens, i, rtl)
            continue
        i += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, tokens: list[Any], start: int, rtl: bool) -> int:
    """Write the table that starts at tokens[start]; returns the index after it."""
    rows: list[tuple[bool, list[Any]]] = []
    i = start
    header = False
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "thead_open":
            header = True
        elif kind == "tbody_open":
            header = False
        elif kind == "tr_open":
            rows.append((header, []))
        elif kind == "inline":
            rows[-1][1].append(tokens[i])
        i += 1
    width = max((len(cells) for _h, cells in rows), default=1)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    if rtl:
        _rtl_table(table)
    for r, (is_header, cells) in enumerate(rows):
        for c, inline_token in enumerate(cells):
            cell = table.cell(r, c)
            paragraph = cell.paragraphs[0]
            if rtl:
                _rtl_paragraph(paragraph)
            _add_inline(paragraph, inline_token, rtl)
            if is_header:
                for run in paragraph.runs:
                    run.bold = True
    document.add_paragraph()
    return i + 1


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def html_to_pdf(page: str) -> bytes:
    """The minutes' HTML page as a PDF (WeasyPrint: no browser)."""
    try:
        import logging

        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is missing from the system
        raise DocumentError(
            _("PDF files need WeasyPrint and its Pango library: {error}", error=error)
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=page).write_pdf()
