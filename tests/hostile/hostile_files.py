"""Small hostile files, generated (nothing binary is kept in the repository)."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

REFERENCES = """Targeted therapy works [1, 2].

References

1. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260. doi:1016/j.hoc.2018.12.001
2. Janz TA, Neskey DM, Nguyen SA, et al. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.
"""


def pdf(content: bytes, compress: bool = True) -> bytes:
    """A one-page PDF whose page content stream is `content` (FlateDecode unless told), with a correct xref."""
    stream = zlib.compress(content, 9) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if compress else b"")
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_operators(lines: int) -> bytes:
    """Page content that shows `lines` short lines of text."""
    return (
        b"BT /F1 9 Tf "
        + b"".join(b"1 0 0 1 40 %d Tm (Line %d of text) Tj " % (700 - i % 600, i) for i in range(lines))
        + b"ET"
    )


def docx(path: Path, paragraphs: list[str], white: str | None = None) -> Path:
    """A Word document; `white` is added as white 1-point text (invisible to a reader of the document)."""
    import docx as python_docx
    from docx.shared import Pt, RGBColor

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if white:
        run = document.add_paragraph().add_run(white)
        run.font.size = Pt(1)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.save(str(path))
    return path


def rezip(source: Path, target: Path, change) -> Path:
    """source's parts copied to target, each through change(name, data) -> data."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, change(item.filename, old.read(item.filename)))
    return target
