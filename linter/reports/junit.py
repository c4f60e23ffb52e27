"""JUnit XML for Jenkins, GitLab and other CI test views: a test case per file and rule; a rule whose findings
the manuscript's own comments suppressed (allowed by --allow-inline-suppressions) is a skipped case that lists them."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from ..engine import FileResult
from ..escape import xml_safe
from ..rules import all_rules


def render(results: Sequence[FileResult], color: bool = False) -> str:
    names = {r.code: r.name for r in all_rules()}
    suites = ET.Element("testsuites", name="citeqa")
    for result in results:
        suite = ET.SubElement(suites, "testsuite", name=result.path)
        cases = failures = errors = skipped = 0
        if result.error:
            case = ET.SubElement(suite, "testcase", classname=result.path, name="read")
            ET.SubElement(case, "error", message=result.error, type="input").text = result.error
            cases, errors = 1, 1
        for code in result.rules:
            mine = [f for f in result.findings if f.rule == code]
            hidden = [f for f in result.suppressed if f.rule == code]
            case = ET.SubElement(suite, "testcase", classname=result.path, name=f"{code} {names[code]}")
            cases += 1
            if hidden and not mine:
                skipped += 1
                ET.SubElement(
                    case, "skipped", message=f"{len(hidden)} suppressed by the manuscript's own comments"
                ).text = "\n".join(f"line {f.location.line or '-'}: {f.message}" for f in hidden)
            if mine:
                failures += 1
                text = "\n".join(
                    f"{f.severity.value} line {f.location.line or '-'}"
                    + (f" ref {f.location.reference}" if f.location.reference else "")
                    + f": {f.message}"
                    + (f" (fix: {f.suggestion})" if f.suggestion else "")
                    for f in mine
                )
                ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(mine)} finding{'s' if len(mine) != 1 else ''}",
                    type=mine[0].severity.value,
                ).text = text
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", str(skipped))
    for element in suites.iter():  # a manuscript's ESC or NUL would make the file unreadable XML
        element.text = xml_safe(element.text) if element.text else element.text
        for name, value in element.attrib.items():
            element.set(name, xml_safe(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
