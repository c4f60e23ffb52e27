"""linter/jsontext.py writes what json.dumps(ensure_ascii=False) writes, indented or on one line."""

import json

from hypothesis import given
from hypothesis import strategies as st

from linter.jsontext import line, pretty

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
JSON = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)


def _with_exponent(value) -> bool:
    if isinstance(value, float):
        return "e" in repr(value)
    if isinstance(value, list):
        return any(map(_with_exponent, value))
    if isinstance(value, dict):
        return any(map(_with_exponent, value.values()))
    return False


@given(JSON)
def test_the_same_json_and_the_same_text_but_for_exponents(value):
    written, expected = pretty(value), json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(written) == json.loads(expected)
    if not _with_exponent(value):  # Python writes 1e-05 and 1e+16, orjson 1e-5 and 1e16
        assert written == expected


def test_what_json_would_write_as_invalid_json_is_null():
    assert pretty([float("nan"), float("inf"), -float("inf")]) == "[\n  null,\n  null,\n  null\n]\n"


def test_what_orjson_refuses_is_written_by_json():
    for value in ({"text": "a lone \ud800 surrogate"}, {"big": 2**70}, {1: "a key that is no string"}):
        assert pretty(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@given(JSON)
def test_a_line_is_the_same_json_on_one_line(value):
    written = line(value)
    assert json.loads(written) == json.loads(json.dumps(value, ensure_ascii=False))
    assert "\n" not in written and not written.isspace()


def test_what_orjson_refuses_is_written_on_one_line_by_json():
    for value in ({"text": "a lone \ud800 surrogate"}, {"big": 2**70}, {1: "a key that is no string"}):
        assert line(value) == json.dumps(value, ensure_ascii=False)
