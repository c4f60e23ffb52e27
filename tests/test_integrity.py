"""The integrity rules (IN01-IN06) on real data: the seed, the 61 PLOS articles, a real Crossref
deposit served by the stand-in, and injected cases built from them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config import Config, ConfigError, Selector, apply
from linter.engine import run_rules
from linter.readers import jats, plaintext, read
from linter.rules import Context
from tests.support import CROSSREF_FIXTURES, FIXTURES, SEED

PLOS = sorted((FIXTURES / "plos").glob("*.xml"))
DEPOSIT = json.loads(
    (CROSSREF_FIXTURES / "integrity.jsonl").read_text(encoding="utf-8")
)  # 10.1016/j.canlet.2004.01.013


def check(manuscript, code, **context):
    return run_rules(manuscript, Config(select=(Selector(code, explicit=True),)), Context(**context))


@pytest.fixture(scope="module")
def plos():
    return [read(path) for path in PLOS]


# ---- IN01 deposit-reference-mismatch, against the stand-in serving a real deposit


def deposit_manuscript(entries: list[dict], extra: str = "", dois: bool = True) -> str:
    def entry(x: dict) -> str:
        text = f"{x['author']} A. {x['article-title']}. {x.get('journal-title', 'Synovitis')}. {x['year']};"
        text += (f"{x['volume']}:" if x.get("volume") else "") + x["first-page"] + "."
        return text + (f" doi:{x['DOI']}" if dois and x.get("DOI") else "")

    lines = [entry(x) for x in entries] + ([extra] if extra else [])
    listed = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    return (
        f"{DEPOSIT['title'][0]}\n\nDOI: {DEPOSIT['DOI']}\n\nVillonodular synovitis recurs [1-{len(lines)}].\n\n"
        f"References\n\n{listed}\n"
    )


@pytest.mark.parametrize("dois", [True, False], ids=["by DOI", "by fields"])
def test_in01_three_deposited_references_never_printed(shared_lookups, dois):
    deposited = DEPOSIT["reference"]
    left_out = {1, 7, 11}  # BIB2 and BIB8 have no DOI, BIB12 has one
    printed = [x for i, x in enumerate(deposited) if i not in left_out]
    ms = plaintext.read(deposit_manuscript(printed, dois=dois), "deposit.txt")
    answers = shared_lookups.answer(ms)
    assert answers.article.status == "found" and len(answers.article.work.references) == 15
    (finding,) = check(ms, "IN01", crossref=answers)
    assert finding.severity.value == "warning"
    assert (
        finding.evidence["deposited"] == 15 and finding.evidence["printed"] == 12 and finding.evidence["matched"] == 12
    )
    assert [e["key"] for e in finding.evidence["not_printed"]] == [deposited[i]["key"] for i in sorted(left_out)]
    assert "Iron deposits" in finding.evidence["not_printed"][0]["text"]


def test_in01_a_printed_reference_never_deposited(shared_lookups):
    extra = "Sneaky Z. An unrelated paper on tooth enamel. J Dent Res. 2001;80:12-19."
    ms = plaintext.read(deposit_manuscript(DEPOSIT["reference"], extra), "lost.txt")
    (finding,) = check(ms, "IN01", crossref=shared_lookups.answer(ms))
    assert finding.evidence["not_deposited"] == [{"reference": 16, "text": f"16. {extra}"}]
    assert finding.location.reference == 16


def test_in01_says_nothing_without_a_deposit(shared_lookups):
    # The seed's link-block works are served, but the article's own DOI is not: no deposit to compare.
    ms = read(SEED)
    assert check(ms, "IN01", crossref=shared_lookups.answer(ms)) == []


# ---- IN02 off-topic-reference


def test_in02_flags_the_seeds_melanoma_references():
    findings = check(read(SEED), "IN02")
    flagged = {f.location.reference for f in findings}
    assert {2, 3, 4, 5} <= flagged
    assert not {1, 6, 10} & flagged  # immunotherapy, childhood cancer, B-cell lymphoma profiling: related enough
    assert all(f.severity.value == "info" for f in findings)
    melanoma = next(f for f in findings if f.location.reference == 3)
    assert melanoma.evidence["score"] < melanoma.evidence["threshold"]
    assert "melanoma" in melanoma.evidence["missing_terms"]
    assert "treatment" in melanoma.evidence["shared_terms"]


def test_in02_flags_at_most_two_percent_of_plos_references(plos):
    references = sum(len(m.references) for m in plos)
    flagged = sum(len(check(m, "IN02")) for m in plos)
    assert references == 4081
    assert flagged / references <= 0.02, (flagged, references)


def test_in02_threshold_is_an_option():
    ms = read(SEED)
    strict = check(ms, "IN02", options={"IN02-threshold": 0.0})
    loose = check(ms, "IN02", options={"IN02-threshold": 0.9})
    assert strict == [] and len(loose) == 10


# ---- IN03 reference-after-publication


def test_in03_an_injected_later_reference_in_a_plos_article():
    path = FIXTURES / "plos" / "journal.pone.0040259.xml"
    data = path.read_bytes()
    ms = jats.read(data, str(path))
    published = next(d.value for d in ms.dates if d.kind == "published")
    assert check(ms, "IN03") == []
    later = str(published.year + 1).encode()
    injected = re.sub(rb"<year>\d{4}</year>", b"<year>" + later + b"</year>", data.split(b"<ref-list", 1)[1], count=1)
    ms = jats.read(data.split(b"<ref-list", 1)[0] + b"<ref-list" + injected, str(path))
    (finding,) = check(ms, "IN03")
    assert finding.location.reference == 1
    assert (
        finding.evidence["reference_date"] == later.decode()
        and finding.evidence["article_date"] == f"published {published}"
    )


def test_in03_uses_the_crossref_date_of_a_verified_reference(shared_lookups):
    # The deposit's own record (issued 2004-07) cited with a wrong year by an article published in 2004-05.
    text = (
        "Synovitis [1].\n\nReferences\n\n1. Weckauf H. Expression of cell cycle-related gene products in different "
        "forms of primary versus recurrent PVNS. Cancer Letters. 2003;210:1-8. doi:10.1016/j.canlet.2004.01.013\n\n"
        "Received: 01-Jan-2004, Manuscript No. X-1; Published: 15-May-2004, DOI:10.5555/x.1\n"
    )
    ms = plaintext.read(text, "later.txt")
    (finding,) = check(ms, "IN03", crossref=shared_lookups.answer(ms))
    assert finding.evidence["reference_date_source"] == "Crossref" and finding.evidence["reference_date"] == "2004-07"


# ---- IN04 citation-concentration


def _one_journal(ms, share: float):
    """The manuscript with the first `share` of its references moved to one journal."""
    import dataclasses

    count = round(share * len(ms.references))
    moved = tuple(
        dataclasses.replace(r, fields=dataclasses.replace(r.fields, container="J Imag Res")) if i < count else r
        for i, r in enumerate(ms.references)
    )
    return dataclasses.replace(ms, references=moved)


def test_in04_forty_percent_of_a_plos_list_from_one_journal(plos):
    ms = next(m for m in plos if m.path.endswith("pone.0036880.xml"))
    assert [f for f in check(ms, "IN04") if "journal" in f.evidence] == []
    findings = [f for f in check(_one_journal(ms, 0.4), "IN04") if "journal" in f.evidence]
    (finding,) = findings
    assert finding.evidence["journal"] == "J Imag Res" and finding.evidence["share"] == pytest.approx(0.4, abs=0.02)


def test_in04_thresholds_from_configuration(tmp_path, plos):
    ms = _one_journal(next(m for m in plos if m.path.endswith("pone.0036880.xml")), 0.4)
    config = apply(Config(), {"options": {"IN04-journal-share": 0.5}}, "test")
    assert check(ms, "IN04", options=config.options) == []
    with pytest.raises(ConfigError, match="unknown option 'IN04-journal-shares'"):
        apply(Config(), {"options": {"IN04-journal-shares": 0.5}}, "test")
    with pytest.raises(ConfigError, match="must be a number between 0 and 1"):
        apply(Config(), {"options": {"IN04-journal-share": 3}}, "test")
    (tmp_path / "citeqa.toml").write_text("[options]\nIN04-journal-share = 0.5\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(SEED), "--offline", "--select", "IN04", "--config", str(tmp_path / "citeqa.toml")]
    )
    assert result.exit_code == 0, result.output


# ---- IN05 tortured-phrase

PHRASES = (
    "<p>We trained a profound learning model with counterfeit consciousness to find bosom malignant growth, "
    "compared with an irregular backwoods, and report the mean square blunder.</p>"
)


def test_in05_a_paragraph_of_five_phrases_injected_into_a_plos_article(plos):
    path = FIXTURES / "plos" / "journal.pone.0036880.xml"
    assert check(read(path), "IN05") == []
    data = path.read_bytes().replace(b"<body>", b"<body>" + PHRASES.encode(), 1)
    (finding,) = check(jats.read(data, str(path)), "IN05")
    assert [m["expected"] for m in finding.evidence["matches"]] == [
        "deep learning",
        "artificial intelligence",
        "breast cancer",
        "random forest",
        "mean square error",
    ]
    assert finding.severity.value == "warning"  # 5 in about 4,500 words: above 1 per 1,000
    assert finding.evidence["article_matches"] == 5 and finding.evidence["per_1000_words"] > 1


def test_in05_allow_list_and_longest_match():
    from linter.rules.integrity_text import find_phrases

    assert find_phrases("a neural network for machine learning") == []
    ((_, phrase),) = find_phrases("the mean square blunder was small")
    assert phrase.expected == "mean square error"


def test_no_in_rule_raises_an_error_on_the_plos_articles(plos):
    findings = [f for m in plos for f in check(m, "IN")]
    assert not [f for f in findings if f.severity.value == "error"]
    assert len([f for f in findings if f.severity.value == "warning"]) == 0  # all information: no flood


# ---- IN06 questionable-venue


def test_in06_the_seeds_publisher_domain():
    (finding,) = check(read(SEED), "IN06")
    assert finding.evidence["domain"] == "alliedacademies.org"
    assert finding.evidence["list"] == "predatory-publishers.csv" and finding.evidence["date"] == "2018"


def test_in06_a_hijacked_journal_url_never_its_title():
    base = "Games [1].\n\nReferences\n\n1. Smith J. Equilibria. International Journal of Game Theory. 2016;4:1-9."
    (finding,) = check(
        plaintext.read(base + " http://www.ijgt-springer.org/index.php/ijgt/article/view/3\n", "h.txt"), "IN06"
    )
    assert finding.evidence["listed_as"] == "hijacked journal"
    assert "springer.com" in finding.evidence["authentic"]
    assert check(plaintext.read(base + "\n", "t.txt"), "IN06") == []


def test_in06_path_listed_venues_need_the_path():
    from linter.rules.integrity_data import listed

    assert listed("http://ojadd.com/index.php/ajadd/article/view/5") is not None
    assert listed("http://ojadd.com/about") is None
    assert listed("https://journals.sfu.ca/some-honest-journal/") is None
    assert listed("https://www.frontiersin.org/articles/10.3389/x") is None  # the exception, with its reason


# ---- the body on the model, and explain


def test_body_read_from_text_pdf_word_and_jats():
    text = read(SEED)
    assert next(p for p in text.body if p.cites == (3, 4)).text.startswith("ALL is characterized")
    for document in ("seed.pdf", "seed.docx"):
        other = read(FIXTURES / "documents" / document)
        assert " ".join(p.text for p in other.body).split() == " ".join(p.text for p in text.body).split()
        assert [n for p in other.body for n in p.cites] == [n for p in text.body for n in p.cites]
    article = read(FIXTURES / "plos" / "journal.pone.0036880.xml")
    assert article.body[0].section == "abstract" and {p.section for p in article.body} == {"abstract", "body"}
    assert sum(len(p.cites) > 0 for p in article.body) > 10


def test_explain_gives_data_sources_with_their_age_and_options():
    result = CliRunner().invoke(main, ["explain", "IN06"])
    assert "## What it cannot tell" in result.output
    assert re.search(r"predatory-hijacked\.csv: .*MIT; dated 2018 \(\d+ years old\)", result.output)
    result = CliRunner().invoke(main, ["explain", "IN05"])
    assert "CC BY 4.0" in result.output and "dated 2026-03-06" in result.output
    result = CliRunner().invoke(main, ["explain", "IN04"])
    assert "IN04-journal-share = 0.3" in result.output


def test_data_files_ship_with_the_package():
    import tomllib

    project = tomllib.loads((FIXTURES.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["linter"]
    data = Path(__file__).resolve().parent.parent / "linter" / "data" / "integrity"
    shipped = {p.name for pattern in patterns for p in (data.parent.parent).glob(pattern)}
    sources = json.loads((data / "sources.json").read_text(encoding="utf-8"))
    assert set(sources) <= shipped and "README.md" in shipped


@pytest.mark.parametrize("code", ["IN01", "IN02", "IN03", "IN04", "IN05", "IN06"])
def test_each_rule_says_what_it_cannot_tell(code):
    from linter.rules import find

    rule = find(code)
    assert rule.section("What it cannot tell") and rule.severity.value in ("warning", "info")


def test_in02_takes_a_missing_title_from_crossref(shared_lookups):
    body = " ".join(
        [
            "Pigmented villonodular synovitis (PVNS) is a proliferative disease of the synovium of joints and",
            "tendon sheaths; recurrent forms follow incomplete surgery. Cell cycle regulators such as cyclin D1,",
            "p16, p27 and Rb, and the proliferation marker Ki-67, were studied by immunohistochemistry on tissue",
            "microarrays of primary and recurrent lesions of the knee and other joints.",
        ]
        * 4
    )
    xml = f"""<?xml version="1.0"?><article><front><article-meta>
<title-group><article-title>Cell cycle gene products in primary and recurrent villonodular synovitis</article-title></title-group>
</article-meta></front><body><p>{body} <xref ref-type="bibr" rid="r1">1</xref></p></body>
<back><ref-list><ref id="r1"><label>1</label><element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Weckauf</surname><given-names>H</given-names></name></person-group>
<source>Cancer Lett</source><year>2004</year><volume>210</volume><fpage>1</fpage>
<pub-id pub-id-type="doi">10.1016/j.canlet.2004.01.013</pub-id></element-citation></ref></ref-list></back></article>"""
    from linter.rules.integrity_topic import scores

    ms = jats.read(xml.encode(), "untitled.xml")
    assert ms.references[0].fields.title is None
    assert scores(ms, Context()) == []  # offline: no title to judge
    (judged,) = scores(ms, Context(crossref=shared_lookups.answer(ms)))
    assert judged.title_source == "Crossref" and judged.title.startswith(
        "Expression of cell cycle-related gene products"
    )
    assert judged.score.value >= 0.14 and "pvns" in judged.score.shared


def test_in06_the_articles_doi_landing_page():
    from linter.crossref.records import from_record
    from linter.verification import CrossrefAnswers, WorkAnswer

    record = dict(DEPOSIT, resource={"primary": {"URL": "https://www.alliedacademies.org/articles/a-265.html"}})
    answers = CrossrefAnswers("snapshot", WorkAnswer("found", from_record(record)))
    ms = plaintext.read(
        f"DOI: {DEPOSIT['DOI']}\n\nText [1].\n\nReferences\n\n1. Ott PA. Title. J. 2019;1:1.\n", "own.txt"
    )
    (finding,) = check(ms, "IN06", crossref=answers)
    assert finding.message.startswith("the article's DOI landing page is on alliedacademies.org")


def test_in03_a_placeholder_article_date_is_one_finding():
    text = (FIXTURES / "rules" / "IN03.toml").read_text(encoding="utf-8")
    import tomllib

    case = tomllib.loads(text)["fail"][-1]
    (finding,) = check(plaintext.read(case["text"], "placeholder.txt"), "IN03")
    assert finding.location.reference is None and finding.evidence["later_references"] == [1, 2, 3]
    assert finding.evidence["article_date"] == "published 1970-01-01"
