"""One self-contained HTML page for an editor: no network, no external assets.

A summary, the article's own findings, then every reference as a row with the
manuscript's text beside the Crossref record, the differing values highlighted,
its findings and suggestions; filters by severity and rule; the docs of every
rule that fired, linked from its findings.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from .. import __version__
from ..engine import FileResult
from ..escape import encodable
from ..model import Finding
from ..rules import all_rules
from ..verification import Verdict
from .text import crossref_line

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
main{padding:18px 28px}.summary span{display:inline-block;margin-right:14px;font-weight:600}
.counts .error,.sev-error .badge{color:#b42318}.counts .warning,.sev-warning .badge{color:#b54708}
.counts .info,.sev-info .badge{color:#175cd3}
#filters{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:10px 14px;margin:14px 0;
  display:flex;flex-wrap:wrap;gap:14px;align-items:center}
#filters fieldset{border:0;margin:0;padding:0}#filters legend{font-weight:600;float:left;margin-right:8px}
#filters label{margin-right:10px;white-space:nowrap}
section.file{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:6px 16px 16px;margin-bottom:18px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border-top:1px solid #e4e7ec;padding:8px;vertical-align:top;text-align:left}
th{background:#f2f4f7;font-size:13px}th.num,td.num{width:36px}td.ms,td.cr{word-wrap:break-word;font-size:14px}
mark.ms{background:#fde2e1}mark.cr{background:#d1fadf}
ul.findings{margin:0;padding-left:16px}ul.findings li{margin-bottom:6px}
.badge{font-weight:700;font-size:12px;text-transform:uppercase;margin-right:4px}
.fix{color:#344054;font-size:13px}.fix:before{content:"fix: ";font-weight:600}.muted{color:#667085;font-size:13px}
tr.hidden,li.hidden{display:none}details{margin:6px 0}
details pre{white-space:pre-wrap;background:#f9fafb;padding:10px;border-radius:6px}
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('#filters input[type=checkbox]');
  function wanted(kind) {
    var on = {};
    document.querySelectorAll('#filters input[data-' + kind + ']').forEach(function (b) {
      on[b.dataset[kind]] = b.checked;
    });
    return on;
  }
  function apply() {
    var severities = wanted('severity'), rules = wanted('rule');
    var showClean = document.getElementById('show-clean').checked;
    document.querySelectorAll('li.finding').forEach(function (li) {
      li.classList.toggle('hidden', !(severities[li.dataset.severity] && rules[li.dataset.rule]));
    });
    document.querySelectorAll('tr.row').forEach(function (tr) {
      var all = tr.querySelectorAll('li.finding');
      var visible = tr.querySelectorAll('li.finding:not(.hidden)').length;
      tr.classList.toggle('hidden', all.length ? visible === 0 : !showClean);
    });
    var shown = document.querySelectorAll('li.finding:not(.hidden)').length;
    document.getElementById('shown').textContent = shown + ' finding' + (shown === 1 ? '' : 's') + ' shown';
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _mark(text: str, values: list[str], kind: str) -> str:
    """The escaped text with each value (as printed) highlighted."""
    out = _e(text)
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        escaped = _e(value)
        if escaped in out:
            out = out.replace(escaped, f'<mark class="{kind}">{escaped}</mark>', 1)
    return out


def _finding(f: Finding) -> str:
    fix = f'<div class="fix">{_e(f.suggestion)}</div>' if f.suggestion else ""
    return (
        f'<li class="finding sev-{f.severity.value}" data-severity="{f.severity.value}" data-rule="{f.rule}">'
        f'<span class="badge">{f.severity.value}</span><a href="#rule-{f.rule}">{f.rule}</a> {_e(f.message)}{fix}</li>'
    )


def _record(result: FileResult, position: int) -> tuple[str, list[str]]:
    """What Crossref says of the reference, and the values that differ."""
    answers = result.crossref.references.get(position) if result.crossref else None
    if answers is None:
        return '<span class="muted">not looked up</span>', []
    work = answers.work.record if answers.work else None  # the DOI's record, of this work or another
    if work is None and answers.match:
        work = answers.match.work
    if work is None:
        if not answers.checked:
            return f'<span class="muted">not checked: {_e(answers.reason or "no answer")}</span>', []
        if answers.verdict is Verdict.NO_RECORD:
            registered = answers.work is not None and answers.work.registered
            where = "registered with another agency" if registered else "not in Crossref, no doi.org handle"
            return f'<span class="muted">{where}</span>', []
        return '<span class="muted">no confident match in Crossref</span>', []
    differing = [v for f in result.findings if f.location.reference == position for v in f.differing("crossref")]
    return _mark(work.citation(), differing, "cr"), differing


def _file(result: FileResult) -> str:
    if result.error:
        return (
            f'<section class="file"><h2>{_e(result.path)}</h2>'
            f'<p class="sev-error"><span class="badge">error</span>{_e(result.error)}</p></section>'
        )
    ms = result.manuscript
    if ms is None:  # no error and no manuscript: nothing was read
        return f'<section class="file"><h2>{_e(result.path)}</h2></section>'
    parts = [
        f'<section class="file"><h2>{_e(result.path)}</h2>',
        f'<p class="muted">{_e(result.format)}; DOI {_e(ms.doi or "none")}; {len(ms.references)} references;'
        f" {_e(crossref_line(result))}</p>",
    ]
    article = [f for f in result.findings if not f.location.reference]
    if article:
        rows = "".join(
            f'<tr class="row"><td class="num">{f.location.line or ""}</td>'
            f'<td><ul class="findings">{_finding(f)}</ul></td></tr>'
            for f in article
        )
        parts.append(
            '<h3>The article</h3><table class="article">'
            f'<thead><tr><th class="num">line</th><th>finding</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    references = []
    for reference in ms.references:
        mine = [f for f in result.findings if f.location.reference == reference.position]
        printed = [v for f in mine for v in f.differing("manuscript")]
        record, _ = _record(result, reference.position)
        findings = "".join(_finding(f) for f in mine) or ""
        references.append(
            f'<tr class="row" id="{_e(result.path)}-ref-{reference.position}"><td class="num">{reference.position}</td>'
            f'<td class="ms">{_mark(reference.raw, printed, "ms")}</td><td class="cr">{record}</td>'
            f'<td><ul class="findings">{findings}</ul></td></tr>'
        )
    if result.suppressed:  # allowed by --allow-inline-suppressions: listed, never hidden
        rows = "".join(
            f'<tr><td class="num">{f.location.line or ""}</td><td>{_e(f.rule)} {_e(f.message)}</td></tr>'
            for f in result.suppressed
        )
        parts.append(
            f"<h3>Suppressed by the manuscript's own comments ({len(result.suppressed)})</h3>"
            f'<table class="suppressed"><thead><tr><th class="num">line</th><th>finding</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    parts.append(
        '<h3>References</h3><table class="refs"><thead><tr><th class="num">#</th><th>manuscript</th>'
        f"<th>Crossref record</th><th>findings</th></tr></thead><tbody>{''.join(references)}</tbody></table></section>"
    )
    return "".join(parts)


def render(results: Sequence[FileResult], color: bool = False) -> str:
    findings = [f for r in results for f in r.findings]
    counts = Counter(f.severity.value for f in findings)
    fired = sorted({f.rule for f in findings})
    rules = {r.code: r for r in all_rules()}
    severity_boxes = "".join(
        f'<label><input type="checkbox" data-severity="{s}" checked> {s} ({counts[s]})</label>'
        for s in ("error", "warning", "info")
    )
    rule_boxes = "".join(
        f'<label><input type="checkbox" data-rule="{code}" checked> {code} {rules[code].name}</label>' for code in fired
    )
    docs = "".join(
        f'<details id="rule-{code}"><summary>{code} {rules[code].name} ({rules[code].severity.value})</summary>'
        f"<pre>{_e(rules[code].doc)}</pre></details>"
        for code in fired
    )
    return encodable(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>citeqa report</title><style>{STYLE}</style></head>
<body><header><h1>citeqa report</h1>
<div class="muted" style="color:#cfd4dc">citeqa {_e(__version__)}</div></header><main>
<section class="summary" id="summary"><h2>Summary</h2><p class="counts">
<span>{len(results)} file{"s" if len(results) != 1 else ""}</span>
<span>{sum(len(r.manuscript.references) for r in results if r.manuscript)} references</span>
<span class="error">{counts["error"]} errors</span><span class="warning">{counts["warning"]} warnings</span>
<span class="info">{counts["info"]} info</span>
<span id="shown"></span></p></section>
<section id="filters"><fieldset><legend>Severity</legend>{severity_boxes}</fieldset>
<fieldset><legend>Rule</legend>{rule_boxes}</fieldset>
<label><input type="checkbox" id="show-clean" checked> references without findings</label></section>
{"".join(_file(r) for r in results)}
<section id="rules"><h2>Rules</h2>{docs or '<p class="muted">No rule fired.</p>'}</section>
</main><script>{SCRIPT}</script></body></html>
""")
