"""Property tests (issue 10, item 7): for any input, every reader, the reference parser, configuration
loading and every output format raise nothing but citeqa's own input errors, and every report is valid.
Bounded example counts keep CI fast; benchmarks/fuzz.py runs the same strategies for far longer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Config, ConfigError, apply, validate
from linter.readers.reference_fields import parse
from linter.reports import FORMATS
from tests.hostile.inputs import SUFFIX, check_one, file_results, inputs, json_value, reference_string
from tests.hostile.report_validity import check

FEW = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
MORE = settings(FEW, max_examples=60)


@pytest.mark.parametrize("kind", sorted(SUFFIX))
def test_every_reader_survives_hostile_input(kind):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{SUFFIX[kind]}"

        @FEW
        @given(inputs(kind))
        def survive(data):
            result = check_one(path, data)
            for fmt, render in FORMATS.items():
                check(fmt, render([result], False))

        survive()


@MORE
@given(reference_string)
def test_the_reference_parser_takes_any_string(text):
    fields = parse(text)
    assert fields.year is None or 1800 <= fields.year <= 2039


config_table = st.dictionaries(
    st.sampled_from(["select", "ignore", "severity", "fail-on", "allow-inline-suppressions", "limits", "other"]),
    json_value
    | st.sampled_from(["RF", "ALL", "TX03", "title-variant", "nonsense"])
    | st.lists(st.sampled_from(["RF", "CR01", "XX"]))
    | st.dictionaries(
        st.sampled_from(["RF01", "TX", "max-file-mb", "max-seconds", "bibliography-outside-folder"]),
        json_value | st.sampled_from(["error", "info"]),
    ),
    max_size=5,
)


@MORE
@given(config_table)
def test_configuration_of_any_shape_loads_or_is_a_config_error(table):
    try:
        validate(table, "citeqa.toml")
        config = apply(Config(), table, "citeqa.toml")
    except ConfigError as error:
        assert str(error).startswith("citeqa.toml: ") and "\n" not in str(error)
        return
    assert config.rules(), "a configuration that runs no rule must be refused"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_output_format_renders_any_findings_validly(fmt):
    @FEW
    @given(st.lists(file_results(), min_size=1, max_size=3))
    def render(results):
        check(fmt, FORMATS[fmt](results, False))

    render()
