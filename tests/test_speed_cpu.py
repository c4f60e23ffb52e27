"""The CPU work's shortcuts give what the plain code gave: each fast path against the definition it
replaces, on real articles and on generated text. Times are measured by benchmarks/, never here."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from linter.readers import jats
from linter.rules.integrity_data import phrase_key
from tests.support import FIXTURES

PLOS = sorted((FIXTURES / "plos").glob("*.xml"))


def _plain_text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def test_jats_text_reads_leaves_as_itertext_does():
    """text() reads a leaf's own text directly: the same as joining itertext(), on every element of
    real articles and on leaves and parents holding comments, processing instructions and CDATA."""
    seen = 0
    for path in PLOS[:8]:
        for element in jats.parse(path.read_bytes()).iter(etree.Element):
            assert jats.text(element) == _plain_text(element)
            seen += 1
    assert seen > 10_000
    odd = jats.parse(
        b"<a><b>  two \n words </b><c/><d>x<!-- note -->y<?pi z?>w</d><e><![CDATA[ raw  text ]]></e><f><!-- c --></f></a>"
    )
    for element in odd.iter(etree.Element):
        assert jats.text(element) == _plain_text(element)
    assert jats.text(None) == ""
    assert jats.text(odd.find("d")) == "xyw"


WORD = re.compile(r"[a-z0-9]+")


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("abzAZ09 \t-.'éİKſ"))) | st.text())
def test_phrase_key_is_its_lowercase_words(text):
    """The fast path for plain ASCII words gives the words [a-z0-9]+ of the lowered text, joined by a space."""
    assert phrase_key(text) == " ".join(WORD.findall(text.lower()))
