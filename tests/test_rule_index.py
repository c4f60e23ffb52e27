"""linter/rule_index.py, which configuration reads before the rule modules load, lists the rules as they are."""

from linter.config import Config, Selector
from linter.rule_index import RULES
from linter.rules import all_rules


def test_the_index_lists_every_rule_with_its_code_name_and_need_of_crossref():
    assert [tuple(entry) for entry in RULES] == [(r.code, r.name, r.needs_crossref) for r in all_rules()]


def test_whether_a_configuration_needs_crossref_follows_its_selection():
    assert Config().needs_crossref()
    assert not Config(select=(Selector("RF", explicit=True),)).needs_crossref()
    assert Config(select=(Selector("RF", explicit=True), Selector("updated-reference", explicit=True))).needs_crossref()
    assert not Config(ignore=(Selector("CR", explicit=True), Selector("IN01", explicit=True))).needs_crossref()
