"""Configuration: defaults < pyproject.toml [tool.citeqa] or citeqa.toml < --config < flags.

Selection follows flake8's decision engine: the longest matching selector wins;
on a tie an explicit selector beats a default one, and ignore beats select.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .limits import SETTINGS as LIMIT_SETTINGS
from .limits import Limits
from .rule_index import RULES, Entry
from .severity import Severity

if TYPE_CHECKING:  # the rules load when they run, after the first request to Crossref has gone
    from .rules import Rule

FAIL_ON = ("error", "warning", "info", "never")
KEYS = {"select", "ignore", "severity", "fail-on", "options", "allow-inline-suppressions", "limits"}
SCHEMA = Path(__file__).resolve().parent / "schemas" / "config.schema.json"


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Selector:
    text: str
    explicit: bool

    def specificity(self, rule: Rule | Entry) -> int:
        """How closely this selector names the rule; -1 when it does not name it."""
        wanted = self.text.upper()
        if wanted == "ALL":
            return 0
        if wanted == rule.name.upper():
            return len(rule.code) + 1
        return len(wanted) if rule.code.startswith(wanted) else -1


@dataclass(frozen=True)
class Config:
    select: tuple[Selector, ...] = (Selector("ALL", explicit=False),)
    ignore: tuple[Selector, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "warning"
    source: str | None = None  # the file it was read from
    allow_inline_suppressions: bool = False  # the manuscript's own `citeqa: ignore` comments: the editor's choice
    limits: Limits = Limits()
    options: dict[str, float] = field(default_factory=dict)  # rule thresholds, [tool.citeqa.options]

    def enabled(self, rule: Rule | Entry) -> bool:
        best_select = max(self.select, key=lambda s: (s.specificity(rule), s.explicit), default=None)
        best_ignore = max(self.ignore, key=lambda s: (s.specificity(rule), s.explicit), default=None)
        selected = best_select.specificity(rule) if best_select else -1
        ignored = best_ignore.specificity(rule) if best_ignore else -1
        if selected != ignored:
            return selected > ignored
        if selected < 0:
            return False
        return bool(best_select and best_ignore and best_select.explicit and not best_ignore.explicit)

    def severity_of(self, rule: Rule, suggested: Severity | None = None) -> Severity:
        """The configured severity, else what the rule suggests for this problem, else its default."""
        matches = [(len(k), v) for k, v in self.severity.items() if rule.code.startswith(k) or k == rule.name.upper()]
        if matches:
            return max(matches, key=lambda m: m[0])[1]
        return suggested or rule.severity

    def rules(self) -> list[Rule]:
        from .rules import all_rules

        return [r for r in all_rules() if self.enabled(r)]

    def needs_crossref(self) -> bool:
        """Whether a selected rule uses Crossref's answers (known without loading the rules)."""
        return any(entry.needs_crossref and self.enabled(entry) for entry in RULES)

    def fails(self, severity: Severity) -> bool:
        return self.fail_on != "never" and severity.rank >= Severity(self.fail_on).rank


def find_file(start: Path) -> Path | None:
    """The nearest citeqa.toml, or pyproject.toml with a [tool.citeqa] table, from start upwards."""
    for folder in [start, *start.parents]:
        own = folder / "citeqa.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        tool = _load(project).get("tool", {}) if project.is_file() else {}
        if isinstance(tool, dict) and "citeqa" in tool:
            return project
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _load(path)
    tool = data.get("tool", {}) if path.name == "pyproject.toml" else {}
    table = (tool.get("citeqa", {}) if isinstance(tool, dict) else {}) if path.name == "pyproject.toml" else data
    validate(table, str(path))
    return apply(Config(source=str(path)), table, str(path))


def validate(table: Any, origin: str) -> None:
    """The settings' types against schemas/config.schema.json, the first problem in one line."""
    import json

    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(table))
    if error is None:
        return
    where = ".".join(str(p) for p in error.absolute_path) or "the table"
    if error.validator == "minItems" and where == "select":
        raise ConfigError(f"{origin}: select is empty, which would run no rule; list rules to run, or use ignore")
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        prefix = "" if where == "the table" else f"{where}."
        message = f"unknown setting {', '.join(prefix + str(k) for k in sorted(set(error.instance) - known))}"
        raise ConfigError(f"{origin}: {message}")
    if error.validator == "oneOf":
        message = f"must be a rule code or a list of them, not {str(error.instance)[:60]!r}"
    raise ConfigError(f"{origin}: {where}: {message}")


def apply(config: Config, table: dict[str, Any], origin: str) -> Config:
    """Config with the settings of table (a file's table, or the flags) laid over it."""
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown setting {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if table.get(key) is not None:
            values = table[key]
            values = [values] if isinstance(values, str) else list(values)
            if key == "select" and not values:
                raise ConfigError(
                    f"{origin}: select is empty, which would run no rule; list rules to run, or use ignore"
                )
            changes[key] = tuple(Selector(_known_selector(v, origin), explicit=True) for v in values)
    if table.get("allow-inline-suppressions") is not None:
        changes["allow_inline_suppressions"] = bool(table["allow-inline-suppressions"])
    if table.get("limits"):
        limits = {LIMIT_SETTINGS[k]: float(v) for k, v in table["limits"].items() if k in LIMIT_SETTINGS}
        if "bibliography-outside-folder" in table["limits"]:
            limits["bibliography_outside_folder"] = bool(table["limits"]["bibliography-outside-folder"])
        # Each key is a Limits field of the value's type (limits.SETTINGS), which mypy cannot see through **.
        changes["limits"] = replace(config.limits, **limits)  # type: ignore[arg-type]
    if table.get("severity"):
        severity = dict(config.severity)
        for code, level in table["severity"].items():
            if level not in {s.value for s in Severity}:
                raise ConfigError(f"{origin}: severity of {code} must be error, warning or info, not {level!r}")
            severity[_known_selector(code, origin).upper()] = Severity(level)
        changes["severity"] = severity
    if table.get("fail-on") is not None:
        if table["fail-on"] not in FAIL_ON:
            raise ConfigError(f"{origin}: fail-on must be one of {', '.join(FAIL_ON)}, not {table['fail-on']!r}")
        changes["fail_on"] = table["fail-on"]
    if table.get("options"):
        changes["options"] = {**config.options, **_options(table["options"], origin)}
    config = replace(config, **changes)
    if not any(config.enabled(entry) for entry in RULES):  # a run that checks nothing would report "no findings"
        raise ConfigError(f"{origin}: select and ignore leave no rule to run")
    return config


def _options(table: dict[str, Any], origin: str) -> dict[str, float]:
    """Rule thresholds: each a declared option (`citeqa explain CODE` lists a rule's) and a number in its range."""
    from .rules import OPTIONS, all_rules

    all_rules()  # the rule modules declare their options
    found = {}
    for name, value in table.items():
        declared = OPTIONS.get(name)
        if declared is None:
            raise ConfigError(f"{origin}: unknown option {name!r}; known: {', '.join(sorted(OPTIONS))}")
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value < declared.minimum
            or (declared.maximum is not None and value > declared.maximum)
        ):
            limit = (
                f"between {declared.minimum:g} and {declared.maximum:g}"
                if declared.maximum is not None
                else f"at least {declared.minimum:g}"
            )
            raise ConfigError(f"{origin}: option {name} must be a number {limit}, not {value!r}")
        found[name] = float(value)
    return found


def _known_selector(text: str, origin: str) -> str:
    text = str(text).strip()
    probe = Selector(text, True)
    if not any(probe.specificity(entry) >= 0 for entry in RULES):
        raise ConfigError(f"{origin}: no rule is called or starts with {text!r}")
    return text
