"""CSL-JSON checked against the Citation Style Language's own schema (linter/schemas/csl-data.json).

Two relaxations, so that real exports (Zotero, Crossref, citeproc-js) pass: extra
keys are allowed (the official schema forbids them) and `type` and `id` are not
required (citeqa needs neither). One tightening: a name or a structured date must
be an object; the official schema leaves those branches untyped, so `null` or `5`
would pass it and break every reader downstream.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "csl-data.json"


def _relaxed(node):
    if isinstance(node, dict):
        node = {k: _relaxed(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
        if "properties" in node and "type" not in node:
            node["type"] = "object"
        return node
    if isinstance(node, list):
        return [_relaxed(v) for v in node]
    return node


@lru_cache(maxsize=1)
def validator():
    from jsonschema import Draft7Validator

    schema = _relaxed(copy.deepcopy(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    schema["items"].pop("required", None)
    return Draft7Validator(schema)


def problem(items) -> str | None:
    """The first way items break the schema, in one line ("item 3, DOI: [None] is not of type 'string'"), or None."""
    from jsonschema.exceptions import best_match

    error = best_match(validator().iter_errors(items))
    if error is None:
        return None
    where = list(error.absolute_path)
    place = f"item {where[0] + 1}" if where and isinstance(where[0], int) else "the list"
    place += "".join(f", {p}" if isinstance(p, str) else f"[{p}]" for p in where[1:])
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f"{place}: {message}"
