"""Issue 10, item 5: limits, each configurable, each with a clear message; one file never costs the run."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile

from click.testing import CliRunner

from linter.cli import main
from tests.hostile.hostile_files import REFERENCES, docx, pdf, rezip, text_operators

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def guarded(*args, seconds=60):
    """citeqa in a child process with 1 GiB of memory and a time limit: what the landed code did here was
    hang (a FIFO) or grow to gigabytes (/dev/zero)."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "linter", "check", "--offline", *map(str, args)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
    )


def with_config(tmp_path, text: str) -> list[str]:
    config = tmp_path / "citeqa.toml"
    config.write_text(text, encoding="utf-8")
    return ["--config", str(config)]


def test_a_fifo_is_refused_without_waiting_for_it(tmp_path):
    fifo = tmp_path / "paper.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.md"
    good.write_text(REFERENCES, encoding="utf-8")
    result = guarded(fifo, good, "--format", "json")
    assert result.returncode == 2
    assert f"citeqa: error: {fifo}: not a regular file (a FIFO): citeqa reads only regular files" in result.stderr
    assert [f["status"] for f in json.loads(result.stdout)["files"]] == ["error", "checked"]


def test_dev_zero_behind_a_symlink_is_refused(tmp_path):
    link = tmp_path / "paper.txt"
    link.symlink_to("/dev/zero")
    result = guarded(link)
    assert result.returncode == 2 and "not a regular file (a device)" in result.stderr


def test_a_fifo_inside_a_folder_is_named_not_skipped(tmp_path):
    os.mkfifo(tmp_path / "paper.md")
    result = guarded(tmp_path)
    assert result.returncode == 2 and "paper.md: not a regular file (a FIFO)" in result.stderr


def test_file_size_limit(tmp_path):
    path = tmp_path / "big.md"
    path.write_text(REFERENCES * 20, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), *with_config(tmp_path, "[limits]\nmax-file-mb = 0.001\n")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        f"big.md: file is {path.stat().st_size} bytes, over the limit of 1049 bytes (limits.max-file-mb)"
    )


def test_a_word_part_that_inflates_past_the_limit_is_stopped(tmp_path):
    source = docx(tmp_path / "source.docx", REFERENCES.split("\n"))
    bomb = rezip(
        source,
        tmp_path / "bomb.docx",
        lambda name, data: (
            data.replace(b"<w:body>", b"<w:body>" + b" " * (3 << 20), 1) if name == "word/document.xml" else data
        ),
    )
    assert bomb.stat().st_size < 100_000
    result = CliRunner().invoke(main, ["check", str(bomb), *with_config(tmp_path, "[limits]\nmax-docx-part-mb = 2\n")])
    assert result.exit_code == 2
    assert "bomb.docx: word/document.xml decompresses to more than 2.0 MB (limits.max-docx-part-mb)" in result.stderr


def test_all_the_parts_of_a_word_document_count(tmp_path):
    source = docx(tmp_path / "source.docx", REFERENCES.split("\n"))
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"word/media/blank{i}.bin", b"\0" * (1 << 20))
    result = CliRunner().invoke(
        main, ["check", str(source), *with_config(tmp_path, "[limits]\nmax-docx-total-mb = 2\n")]
    )
    assert (
        result.exit_code == 2 and "its parts decompress to more than 2.0 MB (limits.max-docx-total-mb)" in result.stderr
    )


def test_a_pdf_page_with_too_much_content_is_refused_before_layout(tmp_path):
    path = tmp_path / "drawing.pdf"
    path.write_bytes(pdf(b"0 0 m 1 1 l S\n" * 700_000))  # 9.8 MB of drawing operators, 30 KB compressed
    assert path.stat().st_size < 100_000
    result = guarded(path, seconds=30)  # the default limit of 8 MB a page
    assert (
        result.returncode == 2
        and "drawing.pdf: page 1 holds more than 8.0 MB of content (limits.max-pdf-page-mb)" in result.stderr
    )


def test_the_pdf_page_limit_is_configurable(tmp_path):
    path = tmp_path / "drawing.pdf"
    path.write_bytes(pdf(b"0 0 m 1 1 l S\n" * 100_000))
    result = CliRunner().invoke(main, ["check", str(path), *with_config(tmp_path, "[limits]\nmax-pdf-page-mb = 1\n")])
    assert result.exit_code == 2 and "page 1 holds more than 1.0 MB of content" in result.stderr


def test_a_file_that_takes_too_long_to_read_is_stopped_at_the_deadline(tmp_path):
    slow = tmp_path / "slow.pdf"
    # 20,000 lines of text: about 3 CPU seconds of reading, beyond the deadline however fast or busy the
    # machine; good.md reads in a few milliseconds, a hundredth of it, so that a busy machine cannot fail it.
    slow.write_bytes(pdf(text_operators(20_000)))
    good = tmp_path / "good.md"
    good.write_text(REFERENCES, encoding="utf-8")
    CliRunner().invoke(main, ["check", str(good)])  # the readers' modules imported, so that good.md reads in time
    result = CliRunner().invoke(
        main,
        ["check", str(slow), str(good), "--format", "json", *with_config(tmp_path, "[limits]\nmax-seconds = 0.5\n")],
    )
    assert (
        result.exit_code == 2
        and f"citeqa: error: {slow}: reading it took longer than 0.5 s (limits.max-seconds)" in result.stderr
    )
    assert [f["status"] for f in json.loads(result.stdout)["files"]] == ["error", "checked"]


def test_the_deadline_is_overtime_even_when_a_library_wraps_it():
    """pypdfium2's ctypes calls turn an Overtime raised while converting arguments into ctypes.ArgumentError:
    past the deadline, whatever the block raises is Overtime (read() reports "took longer"), never a bug."""
    import ctypes

    import pytest

    from linter.limits import Overtime, deadline

    with pytest.raises(Overtime), deadline(0.05):
        try:
            while True:
                pass
        except Overtime as error:
            raise ctypes.ArgumentError("argument 1: Overtime: ") from error
    with pytest.raises(ValueError), deadline(5):
        raise ValueError("a reader's own error before the deadline stays itself")
