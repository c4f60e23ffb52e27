"""What every report citeqa writes must be, whatever the input: used by the hostile tests, the
property tests and benchmarks/fuzz.py."""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[2]
# Raw control characters (but newline) and bidirectional controls never reach a terminal or a CI log.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@cache
def _validator(name: str):
    import jsonschema

    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    cls = jsonschema.Draft4Validator if name.startswith("sarif") else jsonschema.Draft202012Validator
    return cls(schema)


@cache
def _file_row_validator():
    """A line of --format jsonl: the JSON report's `file`."""
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/file"}
    )


def check(fmt: str, text: str) -> None:
    """Raise AssertionError (or a parser's error) when the report is not what its format promises."""
    text.encode("utf-8")  # no unpaired surrogate: the report can be written
    if fmt == "json":
        _validator("report.schema.json").validate(json.loads(text))
    elif fmt == "jsonl":
        for line in text.splitlines():
            _file_row_validator().validate(json.loads(line))
    elif fmt == "sarif":
        _validator("sarif-schema-2.1.0.json").validate(json.loads(text))
    elif fmt == "jsonl":
        import jsonschema

        report = _validator("report.schema.json").schema
        one_file = jsonschema.Draft202012Validator({"$defs": report["$defs"], "$ref": "#/$defs/file"})
        for line in text.split("\n")[:-1]:
            one_file.validate(json.loads(line))
    elif fmt == "gitlab":
        assert isinstance(json.loads(text), list)
    elif fmt == "junit":
        ElementTree.fromstring(text.encode("utf-8"))
    elif fmt == "html":
        HTMLParser().feed(text)
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    elif fmt in ("text", "github"):
        found = UNSAFE.search(text)
        assert found is None, f"{fmt} output carries {found.group()!r} raw"
        if fmt == "github":
            for line in text.splitlines():
                assert re.match(r"::(error|warning|notice) [^\n]*::", line), f"not one workflow command: {line[:80]!r}"
    else:
        raise ValueError(fmt)
