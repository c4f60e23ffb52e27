"""Hypothesis strategies for hostile inputs of every kind citeqa reads, and what one input must survive.

Shared by tests/hostile/test_properties.py (a bounded number of examples, in CI) and
benchmarks/fuzz.py (hundreds of thousands). Each strategy mixes the format's real
structure with hostile values: control and bidirectional characters, unpaired
surrogates, huge numbers, wrong types, cut and damaged bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import strategies as st

from tests.hostile.hostile_files import pdf

NASTY = [
    "\x00",
    "\x1b[2J",
    "\x07",
    "\u202e",
    "\u2028",
    "\ud800",
    "\udcff",
    "%0A",
    "\r",
    "\t",
    "\x85",
    "\ufeff",
    "<",
    "&",
    "]]>",
    "{",
    "}",
]
WORDS = [
    "References",
    "REFERENCES",
    "Bibliography",
    "1.",
    "2.",
    "[1]",
    "[3-5]",
    "(1)",
    "10.",
    "doi:",
    "doi: 10.1016/j.hoc.2018.12.001",
    "https://doi.org/10.1000/xyz",
    "Ott PA.",
    "et al.",
    "2019;33(2):249-260.",
    "Received:",
    "Accepted:",
    "Citation:",
    "<!-- citeqa: ignore CR, DO -->",
    "<!-- citeqa: ignore-next-line RF06 -->",
    "Volume 8 Issue 6",
    "J Mol Oncol Res",
    "e0213475",
    "¢",
    "?",
    "\ufffd",
    "MÃ¼ller",
    "Manuscript No:",
    "DOI:",
    "2024",
    "1899",
    "2039",
    "99999999999999999999",
    "-",
    "–",
    ";",
    ":",
]

fragment = st.one_of(st.sampled_from(WORDS), st.sampled_from(NASTY), st.text(max_size=12))
line = st.lists(fragment, max_size=8).map(" ".join)
text_document = st.lists(line, max_size=40).map("\n".join)
reference_string = st.one_of(st.lists(fragment, max_size=15).map(" ".join), st.text(max_size=200))


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def jats_document(draw) -> bytes:
    refs = draw(
        st.lists(st.tuples(line, st.sampled_from(["mixed-citation", "element-citation", "nlm-citation"])), max_size=6)
    )
    raw = draw(st.booleans())  # the text unescaped, often not well-formed: an error, never a crash
    body = "".join(
        f'<ref id="r{i}"><{tag}>{text if raw else _escape_xml(_xml_text(text))}</{tag}></ref>'
        for i, (text, tag) in enumerate(refs)
    )
    xrefs = "".join(
        f'<xref ref-type="bibr" rid="{draw(st.sampled_from(["r0", "r1", "x", ""]))}">{i}</xref>'
        for i in range(draw(st.integers(0, 4)))
    )
    meta = draw(
        st.sampled_from(
            [
                "",
                '<article-id pub-id-type="doi">10.1/x</article-id>',
                "<pub-date><year>20x9</year><month>13</month></pub-date>",
                '<history><date date-type="received" iso-8601-date="2020-02-31"><day>31</day><month>2</month><year>2020</year></date></history>',
                "<issn>1234-567X</issn>",
                '<contrib><contrib-id contrib-id-type="orcid">0000-0002-1825-009X</contrib-id></contrib>',
            ]
        )
    )
    pi = draw(
        st.sampled_from(
            ["", "<?citeqa ignore DO01?>", "<!-- citeqa: ignore RF -->", '<!DOCTYPE article [<!ENTITY e "x">]>']
        )
    )
    document = (
        f'<?xml version="1.0"?>{pi if pi.startswith("<!DOCTYPE") else ""}<article><front><article-meta>'
        f"<title-group><article-title>{_escape_xml(_xml_text(draw(line)))}</article-title></title-group>{meta}</article-meta></front>"
        f"<body><p>{xrefs}</p></body><back>{'' if pi.startswith('<!DOCTYPE') else pi}<ref-list>{body}</ref-list></back></article>"
    )
    data = document.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def bibtex_document(draw) -> str:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        fields = draw(
            st.dictionaries(
                st.sampled_from(
                    ["author", "title", "journal", "year", "volume", "number", "pages", "doi", "url", "booktitle"]
                ),
                line,
                max_size=8,
            )
        )
        braces = draw(st.sampled_from(["{}", '""', "{"]))
        body = ",\n".join(f"  {k} = {braces[0]}{v}{braces[-1] if len(braces) > 1 else ''}" for k, v in fields.items())
        entries.append(
            f"@{draw(st.sampled_from(['article', 'book', 'misc', 'string', 'comment', '']))}{{{draw(st.text(max_size=8))},\n{body}\n}}"
        )
    return "\n\n".join(entries) + draw(st.sampled_from(["", "@", "}", "@article{"]))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | line,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
CSL_KEYS = [
    "id",
    "type",
    "title",
    "author",
    "editor",
    "issued",
    "container-title",
    "container-title-short",
    "publisher",
    "volume",
    "issue",
    "page",
    "DOI",
    "URL",
    "accessed",
    "custom",
    "note",
]


@st.composite
def csl_document(draw) -> str:
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return json.dumps(draw(json_value))
    if shape == 1:  # huge numbers and deep nesting, written by hand (json.dumps would refuse)
        return draw(
            st.sampled_from(
                [
                    "[" * 3000 + "]" * 3000,
                    '[{"volume": ' + "9" * 5000 + "}]",
                    '[{"issued": {"date-parts": [[1e400]]}}]',
                    '{"items": [{"title": "\\ud800x"}]}',
                    "[{",
                    "[]",
                ]
            )
        )
    items = []
    for _ in range(draw(st.integers(0, 4))):
        item = draw(st.dictionaries(st.sampled_from(CSL_KEYS), json_value, max_size=8))
        if draw(st.booleans()):
            item["author"] = draw(
                st.lists(
                    st.dictionaries(st.sampled_from(["family", "given", "literal"]), line | json_value, max_size=3),
                    max_size=3,
                )
            )
            item["issued"] = draw(
                st.sampled_from(
                    [
                        {"date-parts": [[draw(st.integers(-(10**30), 10**30))]]},
                        draw(line),
                        {"date-parts": []},
                        {"date-parts": [[]]},
                        {"raw": "2020"},
                    ]
                )
            )
        items.append(item)
    return json.dumps(items if draw(st.booleans()) else {"items": items}, ensure_ascii=draw(st.booleans()))


@st.composite
def ris_document(draw) -> str:
    records = []
    for _ in range(draw(st.integers(0, 4))):
        tags = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(
                        ["AU", "TI", "T1", "JO", "JF", "PY", "Y1", "VL", "IS", "SP", "EP", "DO", "UR", "ID", "A1", "ZZ"]
                    ),
                    line,
                ),
                max_size=10,
            )
        )
        body = "".join(f"{t}  - {v.replace(chr(10), ' ')}\n" for t, v in tags)
        records.append(
            f"TY  - {draw(st.sampled_from(['JOUR', 'BOOK', 'XXXX']))}\n{body}"
            + ("ER  - \n" if draw(st.integers(0, 5)) else "")
        )
    return "\n".join(records)


@st.composite
def latex_document(draw) -> str:
    parts = [draw(st.sampled_from(["\\documentclass{article}", ""])), "\\begin{document}"]
    for _ in range(draw(st.integers(0, 6))):
        parts.append(
            draw(
                st.sampled_from(
                    [
                        "\\cite{%s}",
                        "\\citep[p.~3]{%s}",
                        "\\bibitem{%s} ",
                        "\\bibitem[x]{%s} ",
                        "\\title{%s}",
                        "%% %s",
                        "\\bibliography{%s}",
                        "\\addbibresource{%s}",
                    ]
                )
            )
            % draw(line)
            + draw(line)
        )
    if draw(st.booleans()):
        parts.insert(2, "\\begin{thebibliography}{9}")
        parts.append(draw(st.sampled_from(["\\end{thebibliography}", ""])))
    return "\n".join(parts + ["\\end{document}"])


@st.composite
def docx_document(draw) -> bytes:
    """A Word package written by hand (python-docx is slow to build one), its parts hostile at times."""
    paragraphs = draw(st.lists(line, max_size=12))
    body = "".join(
        f'<w:p>{_numbered(draw)}<w:r><w:t xml:space="preserve">{_escape_xml(_xml_text(p))}</w:t></w:r></w:p>'
        for p in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    )
    numbering = (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{draw(st.sampled_from(["0", "x", "-1"]))}">'
        f'<w:start w:val="{draw(st.sampled_from(["1", "one", "-5", "99999999999"]))}"/><w:numFmt w:val="{draw(st.sampled_from(["decimal", "lowerLetter", "upperRoman", "bullet"]))}"/>'
        f'<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    damage = draw(st.integers(0, 7))
    if damage == 0:
        document = document[: draw(st.integers(0, len(document)))]
    elif damage == 1:
        document = document.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY e "e">]>', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/numbering.xml", numbering)
    data = out.getvalue()
    if damage == 2:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def _numbered(draw) -> str:
    return draw(
        st.sampled_from(
            [
                "",
                '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>',
                '<w:pPr><w:numPr><w:ilvl w:val="z"/><w:numId w:val="7"/></w:numPr></w:pPr>',
            ]
        )
    )


def _xml_text(text: str) -> str:
    """What XML can carry at all (a Word document cannot hold NUL or unpaired surrogates)."""
    from linter.escape import xml_safe

    return xml_safe(text)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>'
)


@st.composite
def pdf_document(draw) -> bytes:
    lines = draw(st.lists(line, max_size=15))
    content = (
        b"BT /F1 10 Tf 14 TL 40 750 Td "
        + b"".join(
            b"("
            + line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            + b") Tj T* "
            for line in lines
        )
        + b"ET"
    )
    if draw(st.integers(0, 4)) == 0:
        content += draw(st.binary(max_size=64))
    data = pdf(content, compress=draw(st.booleans()))
    damage = draw(st.integers(0, 5))
    if damage == 0:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == 1:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    return data


def raw_bytes(kind: str):
    """Any bytes, with the format's start at times: what detection and the reader must refuse cleanly."""
    starts = {
        "text": b"",
        "jats": b"<?xml version='1.0'?><article>",
        "bibtex": b"@article{",
        "csljson": b"[{",
        "ris": b"TY  - JOUR\n",
        "latex": b"\\documentclass{x}",
        "docx": b"PK\x03\x04",
        "pdf": b"%PDF-1.4\n",
    }
    return st.tuples(
        st.sampled_from([b"", starts[kind], b"\xff\xfe", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff"]), st.binary(max_size=300)
    ).map(b"".join)


def _text_bytes(strategy):
    return strategy.map(lambda t: t.encode("utf-8", "surrogatepass"))


STRUCTURED = {
    "text": _text_bytes(text_document),
    "jats": jats_document(),
    "bibtex": _text_bytes(bibtex_document()),
    "csljson": _text_bytes(csl_document()),
    "ris": _text_bytes(ris_document()),
    "latex": _text_bytes(latex_document()),
    "docx": docx_document(),
    "pdf": pdf_document(),
}
SUFFIX = {
    "text": ".md",
    "jats": ".xml",
    "bibtex": ".bib",
    "csljson": ".json",
    "ris": ".ris",
    "latex": ".tex",
    "docx": ".docx",
    "pdf": ".pdf",
}


def inputs(kind: str):
    """The structured hostile documents of a kind, and now and then raw bytes."""
    return st.one_of(STRUCTURED[kind], STRUCTURED[kind], STRUCTURED[kind], raw_bytes(kind))


def check_one(path: Path, data: bytes, config=None):
    """Write data to path and check it as citeqa does, without the last-resort handler, so that a bug shows
    as an exception. An input error is fine; the FileResult is returned for rendering."""
    from linter.config import Config
    from linter.engine import _check_file
    from linter.rules import Context

    path.write_bytes(data)
    return _check_file(path, config or Config(), Context(), None, None, None)


any_text = (
    st.text(alphabet=st.characters(codec=None), max_size=40) | line
)  # every code point, surrogates and controls included


_RULES: list = []


@st.composite
def findings(draw):
    from linter.model import Finding, Location, Severity
    from linter.rules import all_rules

    rule = draw(st.sampled_from(_RULES or _RULES.extend(all_rules()) or _RULES))
    position = st.none() | st.integers(1, 10**6)
    return Finding(
        rule.code,
        rule.name,
        draw(st.sampled_from(list(Severity))),
        draw(any_text.filter(bool)),
        Location(
            draw(position), draw(position), draw(position), draw(st.none() | any_text), draw(position), draw(position)
        ),
        draw(st.dictionaries(any_text, any_text | st.integers() | st.lists(any_text, max_size=3), max_size=3)),
        draw(st.none() | any_text),
        draw(st.text("0123456789abcdef", min_size=24, max_size=24)),
    )


@st.composite
def file_results(draw):
    """What the engine hands the reports, with every string hostile."""
    from linter.engine import FileResult
    from linter.model import Location, Manuscript, Reference, ReferenceFields

    path = draw(any_text.filter(bool))
    if draw(st.integers(0, 4)) == 0:
        return FileResult(path, draw(st.sampled_from(list(SUFFIX))), error=draw(any_text.filter(bool)))
    raws = draw(st.lists(any_text, max_size=4))
    references = tuple(Reference(i, raw, None, Location(line=i), ReferenceFields()) for i, raw in enumerate(raws, 1))
    manuscript = Manuscript(path, "text", doi=draw(st.none() | any_text), references=references)
    found = tuple(draw(st.lists(findings(), max_size=5)))
    hidden = tuple(draw(st.lists(findings(), max_size=2)))
    return FileResult(
        path,
        "text",
        manuscript,
        found,
        crossref_skipped=draw(st.none() | any_text),
        rules=tuple(sorted({f.rule for f in found})),
        suppressed=hidden,
    )
