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


def _has_namespaced_element(data: bytes) -> bool:
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    return any("}" in element.tag for element in tree.iter(etree.Element))


def test_jats_namespace_shortcut_misses_no_namespaced_element():
    """parse() reads every tag only when the bytes can hold an element in a namespace: whenever one
    does (a default namespace, a declared prefix on an element, xml:), the check says so."""
    cases = [path.read_bytes() for path in PLOS]
    cases += [
        b'<article xmlns="http://jats.nlm.nih.gov"><front/></article>',
        b'<article xmlns = "http://jats.nlm.nih.gov"><front/></article>',
        b'<article xmlns:m="http://www.w3.org/1998/Math/MathML"><p><m:math/></p></article>',
        b'<article><p xmlns:q="urn:q"><q:x/></p></article>',
        b"<article><xml:note>x</xml:note></article>",
        b'<article xmlns:xlink="http://www.w3.org/1999/xlink"><ext-link xlink:href="u"/></article>',
    ]
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><article xmlns="urn:x"><front/></article>'.encode("utf-16")
    assert not any("}" in element.tag for element in jats.parse(utf16).iter(etree.Element))
    assert sum(_has_namespaced_element(data) for data in cases) >= 8
    for data in cases:
        if _has_namespaced_element(data):
            assert jats._namespaced(data)
        assert not any("}" in element.tag for element in jats.parse(data).iter(etree.Element))
