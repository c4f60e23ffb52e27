"""The HTML report in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs them)."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from linter.cli import main
from tests.support import ROOT

SCREENSHOTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("selenium", reason="the browser test needs selenium: pip install 'citeqa[test]'")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        reason = (
            "the browser test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
        )
        if os.environ.get("CI"):  # .ci/run installs them: in CI their absence is a failure, not a skip
            pytest.fail(reason)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1100",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "seed.html"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(ROOT / "fixtures/manuscripts/advancing-oncology-all.txt"),
            "--snapshot",
            str(ROOT / "fixtures/crossref/seed-links.jsonl"),
            "--format",
            "html",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 1 and out.exists()
    return out


def visible(browser, selector):
    return [e for e in browser.find_elements("css selector", selector) if e.is_displayed()]


def test_page_loads_without_console_errors_and_makes_a_screenshot(browser, page):
    browser.get(page.as_uri())
    assert [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")] == []
    assert browser.find_element("id", "shown").text == "19 findings shown"
    assert len(visible(browser, "table.refs tr.row")) == 10
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "seed-report.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


def test_no_network_and_no_external_assets(page):
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text.replace('xmlns="http', "") and "src=" not in text and "<link" not in text


def test_filters_hide_and_show_findings(browser, page):
    browser.get(page.as_uri())
    browser.find_element("css selector", "input[data-severity=warning]").click()
    assert browser.find_element("id", "shown").text == "12 findings shown"
    assert {e.get_attribute("data-severity") for e in visible(browser, "li.finding")} == {"info"}
    for rule in ("CR04", "IN02", "IN06"):
        browser.find_element("css selector", f"input[data-rule={rule}]").click()
    assert browser.find_element("id", "shown").text == "0 findings shown"
    browser.find_element("css selector", "input[data-severity=warning]").click()
    assert {e.get_attribute("data-rule") for e in visible(browser, "li.finding")} == {
        "MD02",
        "RF01",
        "CR02",
        "TX03",
        "RF06",
        "TX01",
    }
    browser.find_element("id", "show-clean").click()
    rows = visible(browser, "table.refs tr.row")
    assert [r.find_element("css selector", "td.num").text for r in rows] == ["2", "5", "6", "7"]


def test_rule_links_lead_to_the_rule_docs(browser, page):
    browser.get(page.as_uri())
    link = browser.find_element("css selector", "li.finding[data-rule=TX03] a")
    assert link.get_attribute("href").endswith("#rule-TX03")
    link.click()
    details = browser.find_element("id", "rule-TX03")
    assert "What it does" in details.get_attribute("textContent")


def test_differing_values_are_highlighted(page):
    text = page.read_text(encoding="utf-8")
    assert '<mark class="ms">¢0213475</mark>' in text  # the manuscript's page beside ...
    assert '<mark class="cr">e0213475</mark>' in text  # ... Crossref's
