"""The CPU work's shortcuts give what the plain code gave: each fast path against the definition it
replaces, on real articles and on generated text. Times are measured by benchmarks/, never here."""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from itertools import pairwise
from re import _constants as RE
from re import _parser as sre_parse

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from linter import doi, ftfy_parts, relatedness
from linter.compare import _SPELLING, _WORDS, name_key, spelling
from linter.escape import _XML_FORBIDDEN, encodable
from linter.matching import _local_alignment, align_title
from linter.readers import jats, reference_crf
from linter.relatedness import TOKEN
from linter.rules import integrity_data, integrity_text, jats_checks
from linter.rules.integrity_data import phrase_key
from linter.rules.integrity_text import WORD as PHRASE_WORD
from linter.rules.references import _CUE_WORDS, _FOLDS_TO_ASCII, _KIND_CUES, _cue_found, _lower
from linter.rules.text_quality import MAYBE_MOJIBAKE, MOJIBAKE_BLOCKS
from linter.verification import Work
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


def test_ignorecase_folds_only_these_letters_to_ascii():
    """The cue words are looked for in str.lower(): exact, but for the letters IGNORECASE matches to
    a-z that lower() does not make a-z; those are _FOLDS_TO_ASCII, and text holding one skips the words."""
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert set(re.findall("(?i)[a-z]", every)) - set(string.ascii_letters) == set(_FOLDS_TO_ASCII)
    for words in _CUE_WORDS.values():
        for letter in {c for w in words for c in w if not c.isascii()}:  # è: only È folds to it
            assert {c.lower() for c in re.findall("(?i)" + re.escape(letter), every)} == {letter}


REFSTRINGS = [
    e["ref_string"] for e in json.loads((FIXTURES / "refstrings" / "crossref-real-unstructured-2k.json").read_text())
]
CUE_PIECES = sorted({w for words in _CUE_WORDS.values() for w in words}) + [
    *("In: ", "in ", "(Eds.)", "(Hrsg.)", "edited by", "2nd ed", "3rd edn", "ed. ", "Ed. ", "V1.2", "v2", "version 3"),
    *("Boston: Wiley; 2007.", "São Paulo: Atlas, 2010.", ": Academic; 1999", "[data]", "data set", "available online"),
    *(
        "İ",
        "ı",
        "ſ",
        "\u212a",
        "È",
        "è",
        " ",
        ".",
        ",",
        ":",
        ";",
        "(",
        ")",
        "1998",
        "Med.",
        "Data",
        "SOFTWARE",
        "Press",
    ),
]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(CUE_PIECES) | st.text(max_size=6), max_size=12).map("".join))
def test_cue_words_pass_over_only_entries_the_cue_misses(text):
    """_cue_found is cue.search: the words only save the regex on entries it would not match."""
    lower = _lower(text)
    for kind, cue in _KIND_CUES:
        assert _cue_found(kind, cue, text, lower) == (cue.search(text) is not None), kind


def test_cue_words_on_real_reference_strings():
    found = Counter()
    for text in REFSTRINGS + [t.upper() for t in REFSTRINGS] + [t.replace("s", "ſ", 2) for t in REFSTRINGS]:
        lower = _lower(text)
        for kind, cue in _KIND_CUES:
            expected = cue.search(text) is not None
            assert _cue_found(kind, cue, text, lower) == expected, (kind, text)
            found[kind] += expected
    assert all(found[kind] >= 3 for kind, _ in _KIND_CUES), found  # each cue matches some


def _charset(op, av) -> set[str] | None:
    """The characters one parsed regex item matches, None when open-ended (a category, a negation)."""
    if op is RE.LITERAL:
        return {chr(av)}
    if op is not RE.IN:
        return None
    found: set[str] = set()
    for kind, value in av:
        if kind is RE.LITERAL:
            found.add(chr(value))
        elif kind is RE.RANGE:
            found |= {chr(c) for c in range(value[0], value[1] + 1)}
        else:
            return None
    return found


def test_every_ftfy_mojibake_pattern_needs_what_maybe_mojibake_finds():
    """TX02 asks ftfy only about text MAYBE_MOJIBAKE finds: each branch of the installed ftfy's detector
    must need one of its lone characters, or two characters in a row from its blocks."""
    from ftfy.badness import BADNESS_RE

    assert not BADNESS_RE.flags & re.IGNORECASE
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    blocks = set(re.findall(f"[{MOJIBAKE_BLOCKS}]", every))
    alone = set(re.findall(MAYBE_MOJIBAKE.pattern.split("|")[0], every))
    ((op, (_, branches)),) = list(sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    assert op is RE.BRANCH and len(branches) > 30
    for branch in branches:
        items = [None if kind in (RE.MAX_REPEAT, RE.MIN_REPEAT) else _charset(kind, value) for kind, value in branch]
        items = [item for (kind, _), item in zip(branch, items, strict=True) if kind is not RE.AT]  # zero-width
        lone = any(item and item <= alone for item in items)
        pair = any(a and b and a <= blocks and b <= blocks for a, b in pairwise(items))
        assert lone or pair, branch


MOJIBAKE_PIECES = [
    "Ã¼",
    "â€™",
    "Ã©",
    "Â ",
    "Ã ",
    "Å“",
    "Ð¾",
    "Ñ‚",
    "вЂ",
    "Ã",
    "é",
    "–",
    "’",
    "ü",
    "조",
    "œ",
    " ",
    "a",
    ".",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(MOJIBAKE_PIECES) | st.text(max_size=3), max_size=10).map("".join))
def test_text_ftfy_flags_is_text_maybe_mojibake_finds(text):
    from ftfy.badness import is_bad

    assert not is_bad(text) or MAYBE_MOJIBAKE.search(text)


def test_xml_forbidden_is_the_complement_of_what_xml_allows():
    allowed = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # XML 1.0's Char, negated
    every = "".join(map(chr, range(0x110000)))
    assert _XML_FORBIDDEN.findall(every) == allowed.findall(every)


def _plain_alignment(a, b):
    """Smith-Waterman as it was written before: max() per cell."""
    rows, cols = len(a) + 1, len(b) + 1
    score = [[0] * cols for _ in range(rows)]
    best, where = 0, (0, 0)
    for i in range(1, rows):
        for j in range(1, cols):
            score[i][j] = max(
                0, score[i - 1][j - 1] + (2 if a[i - 1] == b[j - 1] else -1), score[i - 1][j] - 1, score[i][j - 1] - 1
            )
            if score[i][j] > best:
                best, where = score[i][j], (i, j)
    return score, where


@settings(max_examples=300)
@given(st.lists(st.sampled_from("abcde"), max_size=14), st.lists(st.sampled_from("abcde"), max_size=10))
def test_local_alignment_is_smith_waterman(a, b):
    score, (i, j) = _plain_alignment(a, b)
    pairs = _local_alignment(a, b)
    assert pairs == _local_alignment(tuple(a), tuple(b))
    if score[i][j] == 0:
        assert pairs == []
    else:  # the traceback from the same best cell: it ends there
        ends = [p for p in pairs if p[0] is not None and p[1] is not None]
        assert ends[-1] == (i - 1, j - 1)
        assert sum(2 if a[x] == b[y] else -1 for x, y in ends) - (len(pairs) - len(ends)) == score[i][j]


def _work(title: str, subtitle: str | None = None, doi: str = "10.1/x") -> Work:
    return Work(doi, "journal-article", title, subtitle, (), None, None, (), (), (), None, None, None, None, ())


def test_title_alignment_memo_reads_only_what_it_keys_on():
    """align_title is memoised on the printed words and the record's title and subtitle: a record that
    differs in those is aligned afresh, one that differs elsewhere shares the alignment."""
    printed = "smith j deep learning for cells a survey nature 2020".split()
    plain = align_title(printed, _work("Deep learning for cells"))
    subtitled = align_title(printed, _work("Deep learning for cells", "A survey"))
    assert (plain.start, plain.end) == (2, 6) and (subtitled.start, subtitled.end) == (2, 8)  # the subtitle counts
    assert align_title(printed, _work("Deep learning for cells", doi="10.2/y")) == plain
    assert align_title(printed, _work("Shallow learning for cells")) != plain
    words = list(printed)
    first = align_title(words, _work("Deep learning for cells"))
    words[2] = "shallow"  # the caller's list changes afterwards: the memo kept its own copy
    assert align_title(words, _work("Deep learning for cells")) != first
    assert align_title(printed, _work("Deep learning for cells")) == first


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(["sulph", "ae", "oe", "our", "is", "ys", "re", "ogue", "ll", "ence", "t", "b", "e"])
        | st.text(alphabet="aeioubtlrsgnycdé", max_size=3),
        max_size=6,
    ).map("".join)
)
def test_spelling_runs_each_regex_only_where_its_letters_are(word):
    plain = _WORDS.get(word, word)
    if len(plain) >= 5:
        for pattern, replacement, _ in _SPELLING:
            plain = pattern.sub(replacement, plain)
    assert spelling(word) == plain


@settings(max_examples=500)
@given(st.text(alphabet="ab09-/ .É\n", max_size=40))
def test_possessive_patterns_find_what_the_plain_ones_find(text):
    assert TOKEN.findall(text) == re.findall(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", text)
    assert PHRASE_WORD.findall(text) == re.findall(r"[a-z0-9]+", text)


def test_tagger_still_takes_a_stray_surrogate():
    """The tagger re-encodes its features only for text holding an unpaired surrogate (a JSON \\ud800):
    that text is still tagged, and ASCII or other text is tagged as its features say."""
    text = "Smith J, Lee K. A \ud800 study of things. Nature. 2020;1:2-3."
    tokens = reference_crf.tokenise(text)
    assert len(reference_crf.tag(tokens, text)) == len(tokens)
    clean = "Smith J, Lee K. A — study of things. Nature. 2020;1:2-3."
    tokens = reference_crf.tokenise(clean)
    assert reference_crf.tag(tokens, clean) == reference_crf.tagger().tag(reference_crf.features(tokens, clean))


def _terms_token_by_token(folded: str) -> set[str]:
    """What relatedness._folded_terms gave before it split runs with str.translate: TOKEN on the whole text."""
    return {term for token in TOKEN.findall(folded) for term in relatedness._token_term_names(token)}


@settings(max_examples=500)
@given(st.text(alphabet="ab09z-/ .,;:()'\"\n\té", max_size=60) | st.text(max_size=30))
def test_folded_terms_split_runs_as_token_does(text):
    """Runs between the characters no token holds, split again by TOKEN where one is no plain token
    ("a--b", "-x", "p53/"): the same terms as TOKEN over the whole text."""
    folded = relatedness._fold(text)
    assert relatedness._folded_terms(folded) == _terms_token_by_token(folded)


def test_folded_terms_on_real_paragraphs():
    seen = 0
    for path in PLOS[:12]:
        for paragraph in jats.read(path.read_bytes(), path.name).body:
            folded = relatedness._fold(paragraph.text)
            assert relatedness._folded_terms(folded) == _terms_token_by_token(folded)
            seen += 1
    assert seen > 500


DOI_PIECES = [
    *("doi", "DOI", "Doi:", "doİ", "doı", "dx.", "doi.org/", "https://", "http://", "HTTPS://", "www.", "WWW.", "wWw."),
    *("10.", "10/", "1", "0", "%31", "%30", "%2F", ".", "/", "?", "&", "=", "id=", "doi=", "#", " ", ":", ";", ")"),
    *("1371/journal.pone.0001", "abc", "ſ", "\u212a", "é", "ſ10", "pmid", "/doi/", "/doi/full/", "example.com"),
]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(DOI_PIECES) | st.text(max_size=5), max_size=14).map("".join))
def test_doi_find_skips_only_patterns_that_cannot_match(text):
    """find() looks for a "doi" mark only in text whose lower case holds "doi", for URLs only in text
    holding "://" or "www." (the letters IGNORECASE folds otherwise take the patterns' way), and
    from_url() reads only URLs holding "10" or a percent sign: the same answers as looking everywhere."""
    assert doi.find(text) == doi._find(text, True, True)
    assert doi.from_url(text) == doi._from_url(text)


def test_doi_find_on_real_reference_strings():
    found = 0
    for text in REFSTRINGS:
        assert doi.find(text) == doi._find(text, True, True)
        found += doi.find(text)[0] is not None
        for url in doi.urls_in(text):
            assert doi.from_url(url) == doi._from_url(url)
    assert found > 50  # 70 of the 2,000 print a DOI


def test_doi_folds_to_ascii_are_the_letters_ignorecase_folds():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert set(re.findall("(?i)[a-z]", every)) - set(string.ascii_letters) == set(doi.FOLDS_TO_ASCII)


SUPPRESSION_PIECES = ["citeqa", "CiteQA", "citeqa:", "ignore", "IGNORE", "RF07", "IN02,", " ", "\n", "cİteqa", "\u212a"]
JATS_SHELL = (
    '<?xml version="1.0" encoding="{encoding}"?><article><front><article-meta><title-group><article-title>'
    'T</article-title></title-group></article-meta></front><back><ref-list><ref id="r1"><mixed-citation>A. B. '
    "2001.{inside}</mixed-citation></ref></ref-list></back>{outside}</article>"
)


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(SUPPRESSION_PIECES), max_size=6).map("".join),
    st.sampled_from(["comment", "pi", "pi-upper"]),
    st.booleans(),
    st.sampled_from(["UTF-8", "utf-8", "ISO-8859-1", "UTF-16"]),
)
def test_jats_suppressions_looked_for_only_where_citeqa_is_written(text, kind, in_ref, encoding):
    """read() looks at comments and processing instructions only when the bytes hold "citeqa" in any
    case (or the encoding is not UTF-8 or ASCII): the same suppressions as looking every time."""
    text = text.replace("--", "- -").rstrip("-")
    node = {"comment": f"<!--{text}-->", "pi": f"<?citeqa {text}?>", "pi-upper": f"<?CITEQA {text}?>"}[kind]
    xml = JATS_SHELL.format(encoding=encoding, inside=node if in_ref else "", outside="" if in_ref else node)
    codec = {"UTF-16": "utf-16", "ISO-8859-1": "latin-1"}.get(encoding, "utf-8")
    data = xml.encode(codec, "xmlcharrefreplace")
    assert jats.read(data, "x.xml").suppressions == tuple(jats._suppressions(jats.parse(data)))


def test_jats_suppressions_shortcut_on_real_articles():
    for path in PLOS[:12]:
        data = path.read_bytes()
        assert jats.read(data, path.name).suppressions == tuple(jats._suppressions(jats.parse(data))) == ()
    for path in sorted((FIXTURES / "rules").glob("*.xml")) + sorted(FIXTURES.glob("**/*suppress*.xml")):
        data = path.read_bytes()
        assert jats.read(data, path.name).suppressions == tuple(jats._suppressions(jats.parse(data)))
    marked = JATS_SHELL.format(
        encoding="UTF-8", inside="<!-- CiteQA: ignore RF07 -->", outside="<?citeqa ignore IN02?>"
    )
    found = jats.read(marked.encode(), "x.xml").suppressions
    assert [(s.codes, s.reference) for s in found] == [(("RF07",), 1), (("IN02",), None)]


def _real_issns() -> set[str]:
    found = set()
    for line in (FIXTURES / "crossref" / "works.jsonl").read_text().splitlines():
        found.update(json.loads(line).get("ISSN", []))
    return found


def test_issn_check_digit_as_stdnum_on_real_issns():
    """JT04 checks a plain ASCII ISSN itself (stdnum takes 15-20 ms to import): the same verdict as
    python-stdnum on every ISSN of the Crossref records, and on each with its check digit changed."""
    from stdnum import issn

    real = _real_issns()
    assert len(real) > 100
    for number in real:
        for variant in {number, number[:-1] + "X", number[:-1] + str((int(number[-1], 36) + 1) % 10)}:
            assert jats_checks.issn_valid(variant) == issn.is_valid(variant), variant
    assert sum(jats_checks.issn_valid(n) for n in real) > 0.9 * len(real)


ID_PIECES = list("0123456789Xx- \t\n`–٣") + ["1932-6203", "0000-0002-2096-2384", "0028-0836", "000000021694233X"]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(ID_PIECES), max_size=10).map("".join) | st.text(alphabet="0123456789X-", max_size=20))
@example("000000\n0")
@example("0000-0002-2096-2384")
def test_issn_and_isni_checks_as_stdnum(value):
    from stdnum import isni, issn

    assert _outcome(jats_checks.issn_valid, value) == _outcome(issn.is_valid, value)
    assert _outcome(jats_checks.isni_valid, value) == _outcome(isni.is_valid, value)


def _outcome(check, value: str):
    """The verdict, or the error raised: stdnum raises ValueError on "000000\\n0" (its digit pattern's $
    matches before a final newline), and the shortcut leaves such a value to stdnum."""
    try:
        return check(value)
    except ValueError as error:
        return repr(error)


@settings(max_examples=800)
@given(
    st.text(alphabet=st.sampled_from(list("aZ09 .-éİıſ\u212aß\u0130ﬁ\ud800\udfff😀\u2028µ")), max_size=30) | st.text()
)
def test_phrase_words_are_words_pattern_finds(text):
    """IN05 splits with str.translate after turning each non-ASCII character into "?": WORD's words."""
    assert integrity_text.word_list(text) == PHRASE_WORD.findall(text.lower())


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("a é\ud800\udbff\udc00\udfff😀\u2028")), max_size=20) | st.text())
def test_encodable_checks_by_encoding_what_the_pattern_replaced(text):
    """encodable() tries strict UTF-8 before the pattern: the same text out, surrogates replaced."""
    assert encodable(text) == re.sub("[\ud800-\udfff]", "\ufffd", text)
    encodable(text).encode("utf-8")


@settings(max_examples=500)
@given(st.lists(st.sampled_from(MOJIBAKE_PIECES) | st.text(max_size=3), max_size=10).map("".join))
def test_mojibake_detector_loaded_alone_is_ftfys(text):
    """TX02 loads ftfy's badness module on its own (not the whole package): the same verdicts."""
    from ftfy.badness import is_bad

    assert ftfy_parts.mojibake_detector()(text) == is_bad(text)


def _in_a_fresh_interpreter(code: str) -> None:
    """Run `code` in a new Python (what it imports is its own); its assertions must hold."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=FIXTURES.parent)
    assert done.returncode == 0, done.stderr


def test_mojibake_detector_does_not_import_ftfy():
    code = (
        "import sys; from linter.ftfy_parts import mojibake_detector as m; d = m(); "
        "assert d('MÃ¼ller') and not d('Saranpää'), 'verdicts'; "
        "assert d.__module__ == 'citeqa_ftfy_badness', d.__module__; assert 'ftfy' not in sys.modules, 'imported'"
    )
    _in_a_fresh_interpreter(code)


def test_mojibake_repair_leaves_wcwidth_unloaded_until_used():
    """TX02's repair is ftfy's, with ftfy imported without wcwidth's tables (4.7 MB); ftfy's display
    helpers still work, loading the real wcwidth when called, and a later import gets the real one."""
    code = (
        "import sys; from linter.ftfy_parts import fix_encoding; "
        "assert fix_encoding()('MÃ¼ller') == 'Müller', 'repair'; assert 'ftfy' in sys.modules; "
        "assert 'wcwidth' not in sys.modules and 'wcwidth.table_wide' not in sys.modules, 'tables loaded'; "
        "import ftfy.formatting as f; assert f.display_ljust('日本', 6, '.') == '日本..', 'width'; "
        "import wcwidth; assert wcwidth.wcwidth('日') == 2 and 'wcwidth.table_wide' in sys.modules, 'real'; "
        "assert type(sys.modules['wcwidth']).__name__ == 'module', 'the real module'"
    )
    _in_a_fresh_interpreter(code)


def test_mojibake_repair_is_ftfys_once_ftfy_is_loaded():
    import ftfy

    assert ftfy_parts.fix_encoding.__wrapped__()("NÃ£o") == ftfy.fix_encoding("NÃ£o") == "Não"


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(["Ott PA", "Ott, P. A.", "P. A. Ott", "Dr", "van der Berg J", "É", ",", " "]), max_size=4)
)
def test_name_key_memo_gives_what_it_computes(parts):
    """name_key is memoised (bounded): a name keyed again gets what keying it afresh gives."""
    name = " ".join(parts)
    assert name_key(name) == name_key.__wrapped__(name) == name_key(name)
    assert name_key.cache_info().maxsize == 1 << 13


URL_PIECES = [
    *("http://", "https://", "HTTP://", "ftp://", "a+b://", "www.", "WWW2.", "Example", ".com", ".", "-", "/", "//"),
    *("?", "#", ":", ":8080", "@", "user@", "[", "]", "%2F", " ", "\t", "\n", "é", "\u3002", "index.php", "a"),
]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=4), max_size=8).map("".join))
def test_host_and_path_of_a_plain_url_as_urlsplit_reads_it(url):
    """IN06 reads a plain URL's host and path with one pattern: the same as urlsplit's reading."""
    assert integrity_data.host_and_path(url) == integrity_data._split_host_and_path(url)


def test_host_and_path_on_the_shipped_lists():
    import csv
    import io

    urls = [
        row[key]
        for name in ("predatory-journals.csv", "predatory-publishers.csv", "predatory-hijacked.csv")
        for row in csv.DictReader(io.StringIO(integrity_data._read(name)))
        for key in ("url", "hijackedurl", "althijackedurl", "authenticurl")
        if row.get(key)
    ]
    assert len(urls) > 2000
    assert all(integrity_data.host_and_path(u) == integrity_data._split_host_and_path(u) for u in urls)
    assert sum(bool(integrity_data.PLAIN_URL.fullmatch(u.strip())) for u in urls) > 0.9 * len(urls)


TITLE_PIECES = [
    "de",
    "la",
    "the",
    "and",
    "und",
    "Für",
    "für",
    "J.",
    "A.",
    "M.,",
    "(B.",
    " ",
    ",",
    ";",
    "é",
    "K",
    "x",
    "1",
]


@settings(max_examples=800)
@given(st.lists(st.sampled_from(TITLE_PIECES) | st.text(max_size=4), max_size=10).map(" ".join))
def test_foreign_and_names_shortcuts_judge_as_the_patterns(title):
    """IN02 splits an ASCII title's letters with str.translate, and looks for initials only in a title
    holding a full stop: the same judgements as LETTERS and INITIAL everywhere."""
    lower = title.lower()
    words = relatedness.LETTERS.findall(lower)
    accented = 0 if title.isascii() else len(words) - sum(map(str.isascii, words))
    foreign_words = sum(map(relatedness.FOREIGN.__contains__, words))
    plain_foreign = (accented >= 2 and accented > len(words) / 3) or (
        foreign_words >= 2 and foreign_words > sum(map(relatedness.STOPWORDS.__contains__, words))
    )
    assert relatedness.foreign(title) == plain_foreign
    assert relatedness.names(title) == (len(relatedness.INITIAL.findall(title)) >= 2)


@settings(max_examples=800)
@given(
    st.lists(st.sampled_from(DOI_PIECES + ["\x7f", "\t", "\x00", "–", "\u00a0", "..", "/./"]), max_size=8).map("".join)
)
def test_doi_is_valid_on_ascii_as_by_each_character(text):
    """is_valid judges an ASCII suffix by str.isprintable and the space: the same as character by character."""
    import unicodedata

    doi_text = "10.1234/" + text
    match = doi._PREFIX.match(doi_text)
    suffix = match.group("suffix") if match else ""
    bad = any(c.isspace() or c in doi.TYPOGRAPHIC or unicodedata.category(c)[0] == "C" for c in suffix)
    plain = bool(match) and not bad and not any(s in (".", "..") for s in re.split(r"[/\\\\]", suffix))
    assert doi.is_valid(doi_text) == (plain or bool(doi.SHORT.match(doi_text)))


def test_citations_outside_reference_lists_as_by_ancestors():
    """_citations finds the xrefs inside reference lists once: the same citations as asking each xref's ancestors."""
    nested = jats.parse(
        b'<article><body><p><xref ref-type="bibr" rid="r1">1</xref></p></body><back><ref-list><ref id="r1">'
        b'<mixed-citation>A <xref ref-type="bibr" rid="r1">1</xref></mixed-citation></ref><ref-list><ref id="r2">'
        b'<mixed-citation><xref ref-type="bibr" rid="r2">2</xref></mixed-citation></ref></ref-list></ref-list>'
        b"</back></article>"
    )
    for root in [nested] + [jats.parse(p.read_bytes()) for p in PLOS[:10]]:
        references = [jats._reference(i, r) for i, r in enumerate(root.iter("ref"), 1)]
        outside = [
            x
            for x in root.iter("xref")
            if x.get("ref-type") == "bibr" and next(x.iterancestors("ref-list"), None) is None
        ]
        found = jats._citations(root, references)
        assert [c.location.line for c in found] == [x.sourceline for x in outside]
        assert [c.raw for c in found] == [jats.text(x) for x in outside]


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(["Ott", "PA", "P.", "A.", "van", "der", "Berg", ",", "ÉA", "pa", "ABCDE", "J-P", " "]),
        max_size=5,
    )
)
def test_csl_name_reads_names_as_the_pattern_did(parts):
    """The JSON report's CSL names: "Ott PA" split with rsplit, where a pattern did it before."""
    from linter.reports.json_report import INITIALS_FIRST, _csl_name

    def before(name: str) -> dict[str, str]:
        vancouver = re.fullmatch(r"(.+?)\s+([A-Z]{1,4})", name)
        if vancouver:
            return {"family": vancouver.group(1), "given": vancouver.group(2)}
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            return {"family": family, "given": given} if given else {"literal": family}
        initials = INITIALS_FIRST.fullmatch(name)
        return {"family": initials.group(2), "given": initials.group(1).strip()} if initials else {"literal": name}

    name = " ".join(" ".join(parts).split())  # as the readers give names: spaces collapsed
    assert _csl_name(name) == before(name)
