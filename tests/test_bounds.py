"""Hostile inputs cost bounded time and memory, and nothing is lost without a word:
one-line documents, zip bombs, deep or huge HTML, a --db that is no file."""
from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLE, run_cli
from govgraph.errors import InputError
from govgraph.extract import extract
from govgraph.extract.reader import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, read_source

PLAN = "深圳市罗湖区推进政务服务改革实施方案\n\n一、主要任务："
TASK = "<p>（一）推进网上办事。（牵头单位：区财政局）</p>"


def timed(path: Path, gazetteer) -> tuple[float, int]:
    start = time.perf_counter()
    result = extract([str(path)], gazetteer)
    return time.perf_counter() - start, len(result.tasks)


def test_bar_a_2mb_one_line_document_costs_under_4x_its_lines(gazetteer, tmp_path):
    """The text of a plan about 2 MB long, with and without its line breaks, extracted in
    the same run: a section's line is no longer read whole for each of its tasks."""
    body = SAMPLE.read_text(encoding="utf-8").replace("\t", " ")       # a tab line is a table row
    body = (body * (2_100_000 // len(body.encode()) + 1)).encode()[:2_100_000].decode("utf-8", "ignore")
    lines, one = tmp_path / "lines.txt", tmp_path / "one.txt"
    lines.write_text(PLAN + body, encoding="utf-8")
    one.write_text(PLAN + body.replace("\n", ""), encoding="utf-8")
    assert one.stat().st_size > 1_900_000 and one.read_text(encoding="utf-8").count("\n") == 2
    (with_lines, tasks), (one_line, one_tasks) = timed(lines, gazetteer), timed(one, gazetteer)
    assert tasks > 1000 and one_tasks > 1000
    assert one_line < 4 * with_lines, f"one line {one_line:.2f} s, with its lines {with_lines:.2f} s"


def docx_bytes(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx holding ``document_xml`` (and ``extra`` parts), packed as Word packs it."""
    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def docx_bytes_document() -> bytes:
    return (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b"<w:p><w:r><w:t>\xe4\xb8\x80</w:t></w:r></w:p></w:body></w:document>")


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(tmp_path):
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' \
           + b"<w:p/>" * 30_000_000 + b"</w:body></w:document>"          # 180 MB of paragraphs
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bytes(body))
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(InputError, match=rf"bomb.docx: word/document.xml is packed \d+ to 1 "
                                         rf"\(more than {MAX_ZIP_RATIO} to 1: a zip bomb\?\)"):
        read_source(str(bomb))


def test_a_docx_that_unpacks_too_big_is_refused(tmp_path):
    """Parts packed only 60 to 1, so no ratio gives them away: their sum does."""
    chunk = os.urandom(16 << 10) + bytes((1 << 20) - (16 << 10))
    parts = {f"word/media/image{i}.bin": chunk for i in range(MAX_UNZIPPED_BYTES // len(chunk) + 1)}
    big = tmp_path / "big.docx"
    big.write_bytes(docx_bytes(docx_bytes_document(), parts))
    with pytest.raises(InputError, match=rf"big.docx: unpacks to \d+ MB, more than the {MAX_UNZIPPED_BYTES >> 20} MB"):
        read_source(str(big))


def test_a_page_nested_2000_deep_is_read_whole(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 2000 + TASK + "</div>" * 2000 + "<p>末尾的文字</p></body></html>",
                    encoding="utf-8")
    text = read_source(str(page)).text
    assert "牵头单位：区财政局" in text and "末尾的文字" in text


def test_a_page_nested_deeper_than_libxml2_reads_says_what_was_cut(tmp_path, caplog):
    page = tmp_path / "deeper.html"
    page.write_text(f"<html><body>{TASK}" + "<div>" * 3000 + "深处" + "</div>" * 3000 + "</body></html>",
                    encoding="utf-8")
    text = read_source(str(page)).text
    assert "牵头单位：区财政局" in text and "深处" not in text
    assert len(caplog.records) == 1
    assert re.fullmatch(rf"{re.escape(str(page))}: elements nested deeper than libxml2 allows \(2048\); "
                        r"the text from line 1, column \d+ on was cut", caplog.records[0].getMessage())


def test_an_11mb_attribute_does_not_lose_the_page(tmp_path):
    page = tmp_path / "attr.html"
    page.write_text(f'<html><body><p title="{"x" * 11_000_000}">一、主要任务</p>{TASK}</body></html>',
                    encoding="utf-8")
    assert "牵头单位：区财政局" in read_source(str(page)).text


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_db_that_is_no_regular_file_is_refused_at_once(tmp_path, kind):
    db = tmp_path / "fifo.db"
    if kind == "fifo":
        os.mkfifo(db)
    else:
        db = Path("/dev/null")
    proc = run_cli("query", "MATCH (n) RETURN count(n)", "--db", str(db))
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == [
        f"Error: {db}: not a govgraph store (not a regular file); refusing to touch it, give --db a file name"]
