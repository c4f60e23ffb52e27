"""What keeps memory flat on a long batch, and must not change a result: an offline run holds one file
at a time, and the tagger's memos stay bounded yet give the same features once emptied.
Peak memory is measured by benchmarks/perf_offline.py, never here."""

from __future__ import annotations

from pathlib import Path

from linter.config import Config
from linter.crossref.session import open_lookups
from linter.crossref.settings import Settings
from linter.engine import check_files, plans
from linter.readers import reference_crf
from linter.rules import Context

ROOT = Path(__file__).resolve().parent.parent

ENTRY = "1. Ott PA. Intralesional cancer immunotherapies. Hematol Oncol Clin North Am. 2019;33:249-60.\n"


def test_an_offline_run_reads_a_file_only_after_the_one_before_is_settled(tmp_path):
    """Offline lookups have nothing to plan: no window of files is read ahead (and kept) before checking."""
    lookups = open_lookups(Settings(offline=True, no_cache=True))
    assert not plans(lookups)
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"Title\n\nReferences\n\n{ENTRY}", encoding="utf-8")
    results = check_files([first, second], Config(), Context(), lookups=lookups, jobs=1)
    assert next(results).status == "checked"
    second.write_text("", encoding="utf-8")  # written only now: it is read after the first result
    assert next(results).error == "empty file"


def test_lookups_that_can_send_requests_plan_a_window():
    online = open_lookups(Settings(offline=False, no_cache=True, mailto="test@example.org"))
    assert plans(online)

    class OwnVerifier:  # a caller's own verifier that plans keeps its window
        def answer(self, manuscript): ...
        def prefetching(self, manuscripts): ...

    assert plans(OwnVerifier())
    assert not plans(None)


def _references() -> list[str]:
    lines = (ROOT / "fixtures" / "manuscripts" / "advancing-oncology-all.txt").read_text(encoding="utf-8")
    return [line for line in lines.splitlines() if len(line) > 60]


def test_the_tagger_memos_stay_bounded_and_give_the_same_features_after_they_are_emptied(monkeypatch):
    texts = _references()
    tokens = [reference_crf.tokenise(text) for text in texts]
    reference_crf._word.cache_clear()
    reference_crf.shape.cache_clear()
    expected = [reference_crf.features(t, text) for t, text in zip(tokens, texts, strict=True)]
    distinct = len({token.text for t in tokens for token in t})
    bound = 40
    assert distinct > 3 * bound  # the memos fill and are emptied several times below
    monkeypatch.setattr(reference_crf, "WORDS", bound)
    reference_crf._word.cache_clear()
    reference_crf.shape.cache_clear()
    most = 0
    for _ in range(2):  # the second pass meets words evicted in the first
        for t, text, features in zip(tokens, texts, expected, strict=True):
            assert reference_crf.features(t, text) == features
            most = max(most, reference_crf._word.cache_info().currsize, reference_crf.shape.cache_info().currsize)
    assert most <= bound + max(len(t) for t in tokens)  # emptied before a reference once full
    reference_crf._word.cache_clear()
    reference_crf.shape.cache_clear()
