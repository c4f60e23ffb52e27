from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "manuscripts" / "advancing-oncology-all.txt"


@pytest.fixture(scope="session")
def report_schema() -> dict:
    return json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
