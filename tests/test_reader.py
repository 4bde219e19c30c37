"""The input layer: encodings, newlines, errors, directory expansion, .docx/.pdf/.html."""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govgraph.errors import InputError
from govgraph.extract.reader import SourceText, iter_input_paths, read_source

FORMATS = Path(__file__).parent / "fixtures" / "formats"

TASK = "（牵头单位：区编办；责任单位：区直各部门；完成时间：2014年12月）"
DOC = f"关于印发罗湖区2014年重点工作任务分工方案的通知\n一、深化行政审批制度改革。\n{TASK}\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def lines(src: SourceText) -> list[str]:
    return src.text.split("\n")


def input_error(path: str, data: bytes | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_source(path, data)
    msg = str(info.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


# --------------------------------------------------------------------------- plain text


def test_utf8(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "a.txt", DOC.encode("utf-8")))
    assert src == SourceText(path=str(tmp_path / "a.txt"), text=DOC, encoding="utf-8")


def test_utf8_bom(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + DOC.encode("utf-8")))
    assert (src.text, src.encoding) == (DOC, "utf-8-sig")


def test_gb18030(tmp_path: Path) -> None:
    data = DOC.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    src = read_source(write(tmp_path, "gb.txt", data))
    assert (src.text, src.encoding) == (DOC, "gb18030")
    assert lines(src)[2] == TASK


def test_gbk_subset_and_gb18030_four_byte_characters(tmp_path: Path) -> None:
    text = "罗湖区 € 䶮 𠀀 ①②"  # € and 𠀀 need GB18030 four-byte sequences
    src = read_source(write(tmp_path, "gb.txt", (DOC + text).encode("gb18030")))
    assert (src.text, src.encoding) == (DOC + text, "gb18030")
    src = read_source(write(tmp_path, "gbk.txt", DOC.encode("gbk")))
    assert (src.text, src.encoding) == (DOC, "gb18030")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    src = read_source(write(tmp_path, "u16.txt", bom + DOC.encode(codec)))
    assert (src.text, src.encoding) == (DOC, "utf-16")


def test_utf16_without_bom_is_detected_when_obvious(tmp_path: Path) -> None:
    text = "Task 1 (lead: District Office)\n" + DOC
    src = read_source(write(tmp_path, "u16.txt", text.encode("utf-16-le")))
    assert (src.text, src.encoding) == (text, "utf-16")
    src = read_source(write(tmp_path, "u16.txt", text.encode("utf-16-be")))
    assert (src.text, src.encoding) == (text, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_without_ascii(tmp_path: Path, codec: str) -> None:
    text = "关于印发罗湖区重点工作任务分工方案的通知，各单位：现将有关事项通知如下。" + TASK
    src = read_source(write(tmp_path, "u16.txt", text.encode(codec)))
    assert (src.text, src.encoding) == (text, "utf-16")


def test_newlines_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    raw = "第一行\r\n　　第二行  \r第三行\n\n\t第五行\r\n"
    for codec in ("utf-8", "gb18030"):
        src = read_source(write(tmp_path, f"{codec}.txt", raw.encode(codec)))
        assert lines(src) == ["第一行", "　　第二行  ", "第三行", "", "\t第五行", ""]


def test_stray_bom_and_trailing_nul_padding_are_removed(tmp_path: Path) -> None:
    # Two files concatenated (a second BOM inside) and a file padded with NULs.
    data = b"\xef\xbb\xbf" + "第一部分\n".encode() + b"\xef\xbb\xbf" + "第二部分\n".encode() + b"\x00" * 64
    src = read_source(write(tmp_path, "cat.txt", data))
    assert (src.text, src.encoding) == ("第一部分\n第二部分\n", "utf-8-sig")


def test_utf8_with_a_damaged_byte_is_not_read_as_gb18030(tmp_path: Path) -> None:
    data = DOC.encode("utf-8") * 3
    data = data[:40] + b"\xff" + data[40:]
    src = read_source(write(tmp_path, "bad.txt", data))
    assert src.encoding == "utf-8"
    assert src.text == data.decode("utf-8", "replace")
    assert src.text.count("\ufffd") == 1


def test_stdin_bytes(tmp_path: Path) -> None:
    src = read_source("-", DOC.encode("gb18030"))
    assert (src.path, src.text, src.encoding) == ("-", DOC, "gb18030")


def test_text_file_mentioning_magic_bytes_stays_text(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "note.txt", b"see the %PDF-1.4 header\n<html> tags\n"))
    assert (src.text, src.encoding) == ("see the %PDF-1.4 header\n<html> tags\n", "utf-8")


# --------------------------------------------------------------------------- errors


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "data/x.txt", b"")
    assert input_error(path) == f"{path}: file is empty"
    path = write(tmp_path, "data/blank.txt", b" \r\n\t\n")
    assert input_error(path) == f"{path}: file is empty (only whitespace)"
    assert input_error("-", b"") == "-: file is empty"


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    rnd = random.Random(20140421)
    for i in range(20):
        data = bytes(rnd.getrandbits(8) for _ in range(4096))
        path = write(tmp_path, f"x{i}.bin", data)
        assert input_error(path) == (
            f"{path}: looks like a binary file, not text "
            "(expected UTF-8/GB18030/UTF-16 text, .docx, .pdf or .html)"
        )


def test_high_bytes_without_nul_or_controls_are_not_taken_for_gb18030(tmp_path: Path) -> None:
    rnd = random.Random(7)
    data = bytes(rnd.choice(range(0x81, 0xFF)) for _ in range(4000))
    msg = input_error(write(tmp_path, "junk.txt", data))
    assert "binary" in msg or "cannot detect the text encoding" in msg


def test_png_header(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    path = write(tmp_path, "logo.txt", png)
    assert input_error(path) == (
        f"{path}: looks like a PNG image, not text (expected UTF-8/GB18030/UTF-16 text, .docx, .pdf or .html)"
    )


def test_missing_path(tmp_path: Path) -> None:
    assert input_error("nope.txt") == "nope.txt: no such file or directory"
    with pytest.raises(InputError, match=r"^nope\.txt: no such file or directory$"):
        list(iter_input_paths(["nope.txt"]))


def test_directory_given_to_read_source(tmp_path: Path) -> None:
    assert input_error(str(tmp_path)) == f"{tmp_path}: is a directory, not a file; pass the files in it"


def test_legacy_word_and_fake_docx(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    path = write(tmp_path, "old.doc", ole)
    assert input_error(path) == (
        f"{path}: legacy binary Office/WPS format (.doc/.wps/.xls) is not supported; save it as .docx, .pdf or .txt"
    )
    path = write(tmp_path, "fake.docx", DOC.encode())
    assert input_error(path) == f"{path}: not a valid .docx file (not a ZIP archive); re-save it from Word/WPS"


def test_corrupt_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><w:body>broken")
    msg = input_error(write(tmp_path, "broken.docx", buf.getvalue()))
    assert msg.startswith(f"{tmp_path / 'broken.docx'}: ")
    assert "re-save it from Word/WPS" in msg
    # A truncated download of a real .docx.
    real = _make_docx()
    msg = input_error(write(tmp_path, "cut.docx", real[: len(real) // 2]))
    assert "docx" in msg


# --------------------------------------------------------------------------- directories


def test_directory_recursion(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.docx", "sub/deeper/d.PDF", "sub/e.html", "sub/f.htm", "g.text",
                 "skip.csv", "skip.doc", ".hidden.txt", ".git/config.txt", "sub/~$lock.docx"]:
        write(tmp_path, name, b"x")
    got = list(iter_input_paths([str(tmp_path)]))
    assert got == [str(tmp_path / p) for p in
                   ["a.md", "b.txt", "g.text", "sub/c.docx", "sub/deeper/d.PDF", "sub/e.html", "sub/f.htm"]]
    # files as given (even unsupported suffixes), '-' passed through, order kept
    single = write(tmp_path, "notes.csv", b"x")
    assert list(iter_input_paths([single, "-", str(tmp_path / "sub")])) == [
        single, "-", str(tmp_path / "sub/c.docx"), str(tmp_path / "sub/deeper/d.PDF"),
        str(tmp_path / "sub/e.html"), str(tmp_path / "sub/f.htm")]


def test_directory_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path, "dir/a.csv", b"x")
    write(tmp_path, "dir/.b.txt", b"x")
    d = str(tmp_path / "dir") + "/"
    with pytest.raises(InputError) as info:
        list(iter_input_paths([d]))
    assert str(info.value) == f"{d}: no supported files found (.txt .text .md .docx .pdf .html .htm)"


# --------------------------------------------------------------------------- .docx


def _make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("罗湖区2014年重点工作任务分工方案", level=1)
    document.add_paragraph("一、深化行政审批制度改革。")
    table = document.add_table(rows=5, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "清理行政审批事项", "区编办", "区直各部门\n各街道办事处",
                                                "2014年12月"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["2", "推进网上办事大厅建设", "", "区政务办", "2014年6月"], strict=True):
        cell.text = text
    lead = table.cell(1, 2).merge(table.cell(2, 2))  # 区编办 leads both tasks (vertical merge)
    lead.text = "区编办"
    table.cell(2, 1).add_paragraph("（第二段）")  # a second paragraph in a cell
    note = table.cell(3, 0).merge(table.cell(3, 4))  # a row-wide note (horizontal merge)
    note.text = "注：各单位于每月5日前报送进展情况。"
    # row 4 stays empty and is dropped
    document.add_paragraph("二、加强组织领导。")
    p = document.add_paragraph("各单位要高度重视，")
    p.add_run("\t").bold = True
    p.add_run("确保按时完成。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_table_in_body_order(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "plan.docx", _make_docx()))
    assert src.encoding == "docx"
    assert lines(src) == [
        "罗湖区2014年重点工作任务分工方案",
        "一、深化行政审批制度改革。",
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
        "1\t清理行政审批事项\t区编办\t区直各部门 各街道办事处\t2014年12月",
        "2\t推进网上办事大厅建设 （第二段）\t区编办\t区政务办\t2014年6月",  # the merged lead repeated
        "注：各单位于每月5日前报送进展情况。",
        "二、加强组织领导。",
        "各单位要高度重视，\t确保按时完成。",
    ]


def test_docx_from_stdin_is_sniffed() -> None:
    src = read_source("-", _make_docx())
    assert src.encoding == "docx"
    assert src.text.startswith("罗湖区2014年重点工作任务分工方案\n")


# --------------------------------------------------------------------------- .pdf


def _pdf(pages: list[str], *, encoding: str = "UniGB-UCS2-H") -> bytes:
    """A minimal PDF whose text uses Adobe's non-embedded STSong-Light font (every PDF
    reader knows it; no font file is needed to write or read it)."""
    objs: list[bytes] = []
    ordering = b"GB1" if encoding.startswith("UniGB") else b"Identity"
    objs.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + encoding.encode()
                + b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
                b" /CIDSystemInfo << /Registry (Adobe) /Ordering (" + ordering + b") /Supplement 2 >>"
                b" /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
                b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
                b" /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>")
    contents = []
    for content in pages:
        data = content.encode("ascii")
        objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        contents.append(len(objs))
    pages_id = len(objs) + len(pages) + 1
    kids = []
    for c in contents:
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                    b" /Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % (pages_id, c))
        kids.append(len(objs))
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>"
                % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    objs.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return bytes(out)


def _text(x: float, y: float, s: str, size: int = 12) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td <{s.encode('utf-16-be').hex()}> Tj ET\n"


def _grid(xs: list[float], ys: list[float]) -> str:
    return "0.5 w\n" + "".join(f"{xs[0]} {y} m {xs[-1]} {y} l S\n" for y in ys) + "".join(
        f"{x} {ys[0]} m {x} {ys[-1]} l S\n" for x in xs)


def _plan_pdf() -> bytes:
    page1 = (
        _text(72, 780, "关于印发罗湖区重点工作分工方案的通知", 16)
        + _text(72, 750, "各单位：现将有关事项通知如下。")
        + _grid([72, 120, 300, 400, 520], [720, 700, 660, 640])
        + _text(75, 705, "序号") + _text(123, 705, "工作任务")
        + _text(303, 705, "牵头单位") + _text(403, 705, "完成时限")
        + _text(75, 685, "1") + _text(123, 685, "推进行政审批制度") + _text(123, 668, "改革")
        + _text(303, 675, "区编办") + _text(403, 675, "2014年12月")
        + _text(75, 645, "2") + _text(123, 645, "优化营商环境")
        + _text(303, 645, "区发改局") + _text(403, 645, "2014年6月")
        + _text(72, 600, "以上任务请认真落实。")
        + _text(280, 40, "— 1 —")
    )
    page2 = _text(72, 780, TASK) + _text(280, 40, "— 2 —")
    return _pdf([page1, page2])


def test_pdf_text_layer_with_table(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "plan.pdf", _plan_pdf()))
    assert src.encoding == "pdf"
    assert lines(src) == [
        "关于印发罗湖区重点工作分工方案的通知",
        "各单位：现将有关事项通知如下。",
        "序号\t工作任务\t牵头单位\t完成时限",
        "1\t推进行政审批制度改革\t区编办\t2014年12月",  # the wrapped cell is joined without a space
        "2\t优化营商环境\t区发改局\t2014年6月",
        "以上任务请认真落实。",
        TASK,  # page 2; the running page numbers "— 1 —", "— 2 —" are dropped
    ]


def test_pdf_with_embedded_subset_font_fixture() -> None:
    src = read_source(FORMATS / "embedded-font.pdf")
    assert src.encoding == "pdf"
    assert lines(src) == [
        "罗湖区2014年重点工作任务分工方案",
        "一、深化行政审批制度改革。",
        "序号\t工作任务\t牵头单位\t完成时限",
        "1\t清理行政审批事项\t区编办\t2014年12月",
        "2\t推进网上办事大厅建设\t区政务办\t2014年6月",
        "二、各单位要加强组织领导。",
        TASK,
    ]


def test_pdf_from_stdin_is_sniffed() -> None:
    src = read_source("-", _plan_pdf())
    assert (src.encoding, lines(src)[0]) == ("pdf", "关于印发罗湖区重点工作分工方案的通知")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", _pdf(["0.9 g 50 50 495 742 re f\n", "0 g 100 100 50 50 re f\n"]))
    assert input_error(path) == f"{path}: PDF has no text layer (scanned images?); run OCR first"


def test_pdf_whose_glyphs_do_not_map_to_text(tmp_path: Path) -> None:
    # Identity-H codes are glyph numbers; without a ToUnicode map they come out as junk.
    glyphs = "".join(f"{code:04X}" for code in (0x0E21, 0x0F33, 0x1A05, 0x1234, 0x0E9C, 0x1C01, 0x1F0B) * 3)
    path = write(tmp_path, "cid.pdf", _pdf([f"BT /F1 12 Tf 72 780 Td <{glyphs}> Tj ET\n"], encoding="Identity-H"))
    assert input_error(path) == (f"{path}: PDF text layer cannot be decoded (fonts without a Unicode map); "
                                 "run OCR or re-export the PDF with embedded fonts")


def test_encrypted_pdf() -> None:
    path = str(FORMATS / "encrypted.pdf")
    assert input_error(path) == (f"{path}: PDF is password-protected; remove the password "
                                 "(e.g. qpdf --decrypt --password=… in.pdf out.pdf) first")


def test_corrupt_pdf(tmp_path: Path) -> None:
    data = _plan_pdf()
    msg = input_error(write(tmp_path, "cut.pdf", data[:300]))
    assert msg.startswith(f"{tmp_path / 'cut.pdf'}: ")
    msg = input_error(write(tmp_path, "fake.pdf", DOC.encode()))
    assert msg == f"{tmp_path / 'fake.pdf'}: not a PDF file (no %PDF header); check the file"


# --------------------------------------------------------------------------- .html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>罗湖区人民政府</title>
<style>p {{ color: red }}</style>
<script>var nav = "菜单"; document.write("广告");</script></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<nav><ul><li>首页</li><li>政务公开</li></ul></nav>
<div class="article">
  <h1>罗湖区2014年重点工作任务分工方案</h1>
  <div class="info">发布时间：2014-04-21</div>
  <div id="zoom"><div class="TRS_Editor">
    <p>　　一、深化行政
       审批制度改革。<!-- 注释 --></p>
    <p>各单位要<b>高度重视</b>，<br>确保按时完成。</p>
    <table border="1">
      <thead><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr></thead>
      <tbody>
        <tr><td>1</td><td>清理行政<br>审批事项</td><td rowspan="2">区编办</td><td>2014年12月</td></tr>
        <tr><td>2</td><td>推进网上办事大厅建设</td><td>2014年6月</td></tr>
        <tr><td colspan="4">注：每月5日前报送进展。</td></tr>
      </tbody>
    </table>
    <p>{task}</p>
  </div></div>
</div>
<div class="footer">版权所有：罗湖区人民政府 <script>stats()</script></div>
</body></html>
"""

PAGE_LINES = [
    "罗湖区2014年重点工作任务分工方案",
    "一、深化行政审批制度改革。",  # a source line break between CJK characters is no space
    "各单位要高度重视，",
    "确保按时完成。",
    "序号\t工作任务\t牵头单位\t完成时限",
    "1\t清理行政 审批事项\t区编办\t2014年12月",
    "2\t推进网上办事大厅建设\t区编办\t2014年6月",   # rowspan: the cell repeated in the rows it spans
    "注：每月5日前报送进展。",
    TASK,
]


def test_html_main_container_and_table(tmp_path: Path) -> None:
    page = PAGE.format(charset="utf-8", task=TASK)
    src = read_source(write(tmp_path, "page.html", page.encode("utf-8")))
    assert src.encoding == "html"
    assert lines(src) == PAGE_LINES


def test_html_gb2312_meta_charset(tmp_path: Path) -> None:
    page = PAGE.format(charset="gb2312", task=TASK)
    src = read_source(write(tmp_path, "page.htm", page.encode("gb18030")))
    assert lines(src) == PAGE_LINES


def test_html_stale_meta_charset_loses_to_valid_utf8(tmp_path: Path) -> None:
    page = PAGE.format(charset="gbk", task=TASK)
    src = read_source(write(tmp_path, "page.html", page.encode("utf-8")))
    assert lines(src) == PAGE_LINES


def test_html_without_main_container_drops_page_chrome(tmp_path: Path) -> None:
    page = """<html><body>
      <div id="nav">首页 | 政务公开</div>
      <header>罗湖区人民政府</header>
      <div class="main-body"><h2>通知</h2><p>各单位：</p><ul><li>一、任务一</li><li>二、任务二</li></ul></div>
      <footer>版权所有</footer><div class="copyright">粤ICP备</div>
    </body></html>"""
    src = read_source(write(tmp_path, "x.html", page.encode("utf-8")))
    assert lines(src) == ["通知", "各单位：", "一、任务一", "二、任务二"]


def test_html_from_stdin_is_sniffed() -> None:
    page = PAGE.format(charset="utf-8", task=TASK).encode("gb18030")
    src = read_source("-", page)
    assert (src.encoding, lines(src)) == ("html", PAGE_LINES)


def test_xhtml_with_xml_declaration_from_stdin() -> None:
    page = ('<?xml version="1.0" encoding="gb2312"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head>'
            f'<body><div class="pages_content"><p>{TASK}</p></div></body></html>')
    src = read_source("-", page.encode("gb18030"))
    assert (src.encoding, src.text) == ("html", TASK)


def test_html_layout_table_is_not_flattened_into_one_row(tmp_path: Path) -> None:
    page = """<html><body><table><tr><td>
      <table><tr><td>首页</td></tr></table>
      <p>第一段。</p><p>第二段。</p>
      <table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>任务一</td></tr></table>
    </td></tr></table></body></html>"""
    src = read_source(write(tmp_path, "old.html", page.encode("utf-8")))
    assert lines(src) == ["首页", "第一段。", "第二段。", "序号\t任务", "1\t任务一"]


# --------------------------------------------------------------------------- misc


def test_path_like_and_markdown(tmp_path: Path) -> None:
    path = Path(write(tmp_path, "a.md", b"# \xe6\xa0\x87\xe9\xa2\x98\n"))
    src = read_source(path)
    assert (src.path, src.text) == (str(path), "# 标题\n")


def test_import_is_light() -> None:
    code = ("import sys, govgraph.extract.reader; "
            "heavy = [m for m in ('docx', 'pdfplumber', 'pdfminer', 'pypdfium2', 'lxml') if m in sys.modules]; "
            "print(heavy); assert not heavy")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
