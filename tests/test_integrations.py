"""The pre-commit hook and the GitHub Action are well formed and run what the README says."""

from __future__ import annotations

import shlex

import yaml
from click.testing import CliRunner

from linter.cli import main
from tests.support import ROOT, SEED


def test_pre_commit_hooks_run_real_commands():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"citeqa", "citeqa-offline"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["entry"].startswith("citeqa check")
        args = shlex.split(hook["entry"])[1:] + [str(SEED)]  # pre-commit appends the changed files
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output  # the seed's warnings fail the commit


def test_action_uploads_sarif_from_a_composite_action():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    check = next(s for s in steps if s.get("id") == "check")
    assert "--format sarif" in check["run"] and "${{ inputs.sarif }}" in check["run"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"
    assert set(action["inputs"]) == {"files", "mailto", "args", "sarif", "upload"}
