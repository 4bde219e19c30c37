"""The input layer: turn a file (or stdin bytes) into one decoded text.

``read_source`` accepts plain text in UTF-8 (with or without BOM), UTF-16/UTF-32 with a
BOM (UTF-16 without BOM when it is obvious) and GB18030 (a superset of GBK and GB2312),
plus ``.docx``, ``.pdf`` (with a text layer) and ``.html``/``.htm``.  The text it returns
has ``'\\n'`` newlines and no NUL or U+FEFF characters and is otherwise left alone:
character offsets into it are the provenance spans of everything extracted later.

Tables in .docx, .pdf and .html become one line per row, cells joined by ``'\\t'``.

Every failure is a :class:`govgraph.errors.InputError` with a one-line message
``<path>: <what went wrong>; <what to do>`` – no library traceback escapes.

The document libraries (python-docx, pypdfium2, pdfplumber, lxml) are imported lazily, inside the
function that needs them, so importing this module stays cheap.
"""
from __future__ import annotations

import codecs
import contextlib
import functools
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from govgraph.errors import InputError, MissingDependencyError, installed, require

__all__ = ["SourceText", "read_source", "read_stdin", "iter_input_paths", "read_from", "shown", "exc_text",
           "SUPPORTED_SUFFIXES"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"})
_SUPPORTED_HINT = ".txt .text .md .docx .pdf .html .htm"
_EXPECTED = "expected UTF-8/GB18030/UTF-16 text, .docx, .pdf or .html"

_SAMPLE = 1 << 16  # bytes looked at by the heuristics


@dataclass(frozen=True, slots=True)
class SourceText:
    """One input, decoded.  ``path`` is as the user gave it (``'-'`` for stdin)."""

    path: str
    text: str
    encoding: str


# --------------------------------------------------------------------------- public API


def read_source(path: str | os.PathLike[str], data: bytes | None = None) -> SourceText:
    """Read and decode one input.  ``data`` given means the bytes came from stdin (or
    elsewhere) and ``path`` only names them; ``path == '-'`` without data reads stdin."""
    name = os.fsdecode(path)
    where = shown(name)
    if data is None:
        data = read_stdin() if name == "-" else _read_file(name, where)
    if not data or (not data[0] and not data.strip(b"\x00")):
        raise InputError(f"{where}: file is empty")
    if data[:1].isspace() and not data.strip(b" \t\r\n\x0b\x0c\x00"):
        raise InputError(f"{where}: file is empty (only whitespace)")

    suffix = os.path.splitext(where)[1].lower() if where != "-" else ""
    kind = _sniff(data, suffix, where)
    if kind == "docx":
        text, encoding = _read_docx(data, where), "docx"
    elif kind == "pdf":
        text, encoding = _read_pdf(data, where), "pdf"
    elif kind == "html":
        text, encoding = _read_html(data, where), "html"
    else:
        text, encoding = _decode_text(data, where)
    text = _normalise(text)
    if not text.strip():
        if kind == "text":
            raise InputError(f"{where}: file is empty (only whitespace)")
        raise InputError(f"{where}: no text found in the {encoding} document; check it is the right file")
    return SourceText(path=where, text=text, encoding=encoding)


def iter_input_paths(inputs: Sequence[str],
                     on_error: Callable[[InputError], None] | None = None) -> Iterator[str]:
    """Expand the user's inputs: files are passed through as given, directories are
    walked recursively (sorted, hidden files/folders and Office lock files skipped,
    only supported suffixes kept), ``'-'`` (stdin) is passed through.  A folder inside
    one that cannot be read goes to ``on_error`` and the walk goes on (without
    ``on_error`` it is raised)."""
    for inp in inputs:
        if inp == "-":
            yield inp
        elif os.path.isdir(inp):
            found = _walk_dir(inp, on_error)
            if not found:
                raise InputError(f"{shown(inp)}: no supported files found ({_SUPPORTED_HINT})")
            yield from found
        elif os.path.exists(inp):
            yield inp
        else:
            raise InputError(f"{shown(inp)}: no such file or directory")


def count_files(inputs: Sequence[str]) -> int:
    """The files ``iter_input_paths`` gives (folders walked), for a progress bar's total; an
    input that cannot be read counts for nothing here (reading it reports it)."""
    count = 0
    for item in inputs:
        with contextlib.suppress(InputError):
            count += sum(1 for _ in iter_input_paths([item], on_error=lambda _error: None))
    return count


# --------------------------------------------------------------------------- files


def shown(path: str) -> str:
    """A path as text that can go anywhere (JSON, a terminal, a store): the bytes of a file
    name that are not UTF-8 (a GBK name from a Windows archive) are written ``\\xb9``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_stdin() -> bytes:
    """All of standard input; a closed stdin (``<&-``) is an input error, not a crash."""
    if sys.stdin is None:
        raise InputError("-: standard input is closed; pipe a file in, or name the file")
    return sys.stdin.buffer.read()


def _read_file(name: str, where: str) -> bytes:
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{where}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{where}: is a directory, not a file; pass the files in it") from None
    except PermissionError:
        raise InputError(f"{where}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot read the file ({exc.strerror or exc})") from None


def _walk_dir(top: str, on_error: Callable[[InputError], None] | None) -> list[str]:
    def unreadable(exc: OSError) -> None:
        error = InputError(f"{shown(os.fsdecode(exc.filename or top))}: cannot read the folder "
                           f"({exc.strerror or exc}); its files were left out")
        if on_error is None or exc.filename == top:     # nothing at all to read: the input failed
            raise error
        on_error(error)

    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(top, onerror=unreadable):
        dirs[:] = [d for d in dirs if _read_folder(d)]
        rel = os.path.relpath(root, top)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        found += [((*parts, name), os.path.join(root, name)) for name in files if _read_file_name(name)]
    found.sort()
    return [p for _, p in found]


def read_from(folder: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Would reading ``folder`` read the file at ``path``?  (An output must not be an input.)"""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
    *folders, name = rel.split(os.sep)          # a file outside has ".." first: a hidden name
    return all(map(_read_folder, folders)) and _read_file_name(name)


def _read_folder(name: str) -> bool:
    return not name.startswith(".")


def _read_file_name(name: str) -> bool:
    """Hidden files and Office lock files are skipped, and suffixes govgraph cannot read."""
    return not name.startswith((".", "~$")) and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
    (b"BZh", "bzip2 data"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)


def _sniff(data: bytes, suffix: str, where: str) -> str:
    """'text', 'html', 'docx' or 'pdf'.  Magic bytes win over the suffix."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in head):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data:  # the part names are stored uncompressed
            return "docx"
        if b"OFD.xml" in data[:65536]:
            raise InputError(f"{where}: OFD documents are not supported; export it to PDF or .docx first")
        raise InputError(f"{where}: a ZIP archive but not a .docx (no word/document.xml); "
                         "save the document as .docx, .pdf or .txt")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError(f"{where}: legacy binary Office/WPS format (.doc/.wps/.xls) is not supported; "
                         "save it as .docx, .pdf or .txt")
    if head.startswith(b"{\\rtf"):
        raise InputError(f"{where}: RTF is not supported; save it as .docx or .txt")
    if suffix == ".docx":
        raise InputError(f"{where}: not a valid .docx file (not a ZIP archive); re-save it from Word/WPS")
    if suffix == ".pdf":
        raise InputError(f"{where}: not a PDF file (no %PDF header); check the file")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"{where}: looks like {what}, not text ({_EXPECTED})")
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix not in TEXT_SUFFIXES and _HTML_START.match(_ascii_head(head)):
        return "html"  # stdin or an unknown suffix holding a web page
    return "text"


_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)


def _ascii_head(head: bytes) -> bytes:
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8):]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore").encode("ascii", "ignore")
    return head


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    return text


# --------------------------------------------------------------------------- plain text

# Bytes that do not occur in text: C0 controls other than \t \n \v \f \r, SUB (DOS EOF)
# and ESC (ANSI colours), plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F])
_HIGH_BYTES = bytes(range(0x80, 0x100))

# Characters that Chinese documents are made of.  A decoding whose sample has more than
# 5 % of anything else (private use, rare scripts, controls, astral junk) is rejected.
_UNLIKELY_CHARS = (
    "[^\t\n\r\x0b\x0c\x1a\x1b\x20-\x7e"
    "\u00a0-\u024f"   # Latin-1, Latin extended (pinyin tone marks)
    "\u02c7-\u02d9"   # caron etc. (in GB2312)
    "\u0370-\u04ff"   # Greek, Cyrillic (in GB2312)
    "\u2000-\u22ff"   # punctuation, super/subscripts, currency, letterlike, numbers, arrows, math
    "\u2300-\u23ff\u2460-\u27bf"  # technical, enclosed alphanumerics ①, box drawing, shapes ■●, dingbats
    "\u2e80-\u2fdf"   # CJK radicals
    "\u3000-\u33ff"   # CJK punctuation 。、「」, kana, bopomofo, enclosed CJK ㈠, compatibility ㎡
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs (Ext A, unified)
    "\uf900-\ufaff"   # CJK compatibility ideographs
    "\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef"  # vertical/compat/small/full-width forms ，：（）
    "\ufffd"          # already counted separately
    "]"
)


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Compile on first use: the big character classes cost ~20 ms to compile."""
    return re.compile(pattern)


def _implausible_share(sample: str) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(_regex(_UNLIKELY_CHARS).sub("", sample))) / len(sample)


def _plausible(sample: str) -> bool:
    return _implausible_share(sample) <= 0.05


def _binary_error(where: str) -> InputError:
    return InputError(f"{where}: looks like a binary file, not text ({_EXPECTED})")


def _decode_text(data: bytes, where: str = "<bytes>") -> tuple[str, str]:
    """Decode plain-text bytes; returns ``(text, encoding)``.  The text is not normalised."""
    # 1. BOMs (UTF-32 before UTF-16: FF FE 00 00 starts with FF FE).
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_lenient(data[len(bom):], codec, where), label

    sample = data[:_SAMPLE]
    # 2. NUL bytes: UTF-16 without BOM, trailing NUL padding, or binary.
    utf16: str | None
    if b"\x00" in sample:
        utf16 = _utf16_by_nuls(sample)
        if utf16 is not None:
            text = _decode_lenient(data, utf16, where)
            if _plausible(text[: _SAMPLE // 2]):
                return text, "utf-16"
        elif len(data) % 2 == 0 and (utf16 := _utf16_by_content(sample)) is not None:
            return _decode_lenient(data, utf16, where), "utf-16"
        data = data.rstrip(b"\x00")
        sample = data[:_SAMPLE]
        if b"\x00" in sample:
            raise _binary_error(where)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(sample) // 100):
        if len(data) % 2 == 0 and (utf16 := _utf16_by_content(sample)) is not None:
            return _decode_lenient(data, utf16, where), "utf-16"
        raise _binary_error(where)

    # 3. Strict UTF-8: the common case, and valid UTF-8 is strong evidence by itself.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # 3b. UTF-8 with a few broken bytes (a truncated or damaged file)?  GB18030 would
    # "succeed" on such data and turn it into mojibake, so look at the neighbourhood of
    # the first error: real UTF-8 decodes there with almost no replacement characters.
    window = data[max(0, bad_at - _SAMPLE // 2): bad_at + _SAMPLE // 2]
    wtext = window.decode("utf-8", "replace")
    bad = wtext.count("\ufffd")
    good_non_ascii = len(wtext) - len(window.translate(None, _HIGH_BYTES)) - bad
    if good_non_ascii >= 8 and good_non_ascii >= 20 * bad:
        text = data.decode("utf-8", "replace")
        log.warning("%s: invalid UTF-8 bytes replaced by U+FFFD (%d)", where, text.count("\ufffd"))
        return text, "utf-8"

    # 4. GB18030 (superset of GBK and GB2312), guarded against binary junk.
    gb_text: str | None
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None:
        if _plausible(gb_text[: _SAMPLE // 2]):
            return gb_text, "gb18030"
    else:
        wtext = window.decode("gb18030", "replace")
        if wtext.count("\ufffd") * 200 <= len(wtext) and _plausible(wtext):
            text = data.decode("gb18030", "replace")
            bad = text.count("\ufffd")
            if bad * 200 <= len(text):
                log.warning("%s: invalid GB18030 bytes replaced by U+FFFD (%d)", where, bad)
                return text, "gb18030"

    # 5. UTF-16 without BOM and without ASCII (so no NULs): only if clearly plausible.
    if len(data) % 2 == 0 and (utf16 := _utf16_by_content(sample)) is not None:
        return _decode_lenient(data, utf16, where), "utf-16"

    raise InputError(f"{where}: cannot detect the text encoding (not UTF-8, GB18030 or UTF-16); "
                     "re-save the file as UTF-8")


def _utf16_by_nuls(sample: bytes) -> str | None:
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0 : 2 * n : 2].count(0)
    odd = sample[1 : 2 * n : 2].count(0)
    if odd >= 0.2 * n and even <= 0.02 * n:
        return "utf-16-le"
    if even >= 0.2 * n and odd <= 0.02 * n:
        return "utf-16-be"
    return None


def _utf16_by_content(sample: bytes) -> str | None:
    """UTF-16 without BOM and with little ASCII: accept only a near-perfect decoding."""
    for codec in ("utf-16-le", "utf-16-be"):
        probe = sample[: len(sample) & ~1].decode(codec, "replace")
        if probe.count("\ufffd") <= 2 and _implausible_share(probe) <= 0.01:
            return codec
    return None


def _decode_lenient(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode(codec, "replace")
        log.warning("%s: invalid %s bytes replaced by U+FFFD (%d)", where, codec, text.count("\ufffd"))
        return text


# --------------------------------------------------------------------------- .docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = f"{{{_W}}}"


def _read_docx(data: bytes, where: str) -> str:
    import io
    import zipfile

    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a broken install
        raise InputError(f"{where}: reading .docx needs python-docx ({exc}); "
                         "reinstall govgraph") from None
    _refuse_zip_bomb(data, where)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        _docx_blocks(body, lines)
    except InputError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise InputError(f"{where}: not a valid .docx file ({exc_text(exc)}); re-save it from Word/WPS") from None
    except Exception as exc:  # noqa: BLE001 - lxml/zip errors of every kind
        raise InputError(f"{where}: cannot read the .docx ({exc_text(exc)}); "
                         "is the file complete? re-save it from Word/WPS") from None
    return "\n".join(lines)


MAX_UNZIPPED_BYTES = 256 << 20      # python-docx holds every part in memory, and lxml ~20x that
MAX_ZIP_RATIO = 100                 # Word's XML packs some 5-20 to 1; a zip bomb, thousands to 1
_RATIO_FROM_BYTES = 1 << 20         # small parts may pack tighter: only bigger ones are judged


def _refuse_zip_bomb(data: bytes, where: str) -> None:
    """Refuse an archive that would unpack to more than MAX_UNZIPPED_BYTES, or that has a
    part packed more than MAX_ZIP_RATIO to 1, before unpacking any of it.  The sizes are
    the ones the archive declares; zipfile never unpacks a part beyond its declared size."""
    import io
    import zipfile

    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"{where}: not a valid .docx file ({exc_text(exc)}); re-save it from Word/WPS") from None
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(f"{where}: unpacks to {total >> 20} MB, more than the {MAX_UNZIPPED_BYTES >> 20} MB "
                         "govgraph reads from a .docx; split the document or save it as .txt")
    for part in parts:
        if part.file_size > _RATIO_FROM_BYTES and part.file_size > MAX_ZIP_RATIO * max(1, part.compress_size):
            raise InputError(f"{where}: {part.filename} is packed {part.file_size // max(1, part.compress_size)} "
                             f"to 1 (more than {MAX_ZIP_RATIO} to 1: a zip bomb?); refusing to unpack it")


def _docx_blocks(container: Any, lines: list[str]) -> None:
    """Body-level content in document order: paragraphs, tables, content controls."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _WP + "p":
            boxes: list[Any] = []
            lines.append(_docx_par_text(child, boxes))
            for box in boxes:  # text boxes anchored in the paragraph, after it
                _docx_blocks(box, lines)
        elif tag == _WP + "tbl":
            _docx_table(child, lines)
        elif tag in (_WP + "sdt", _WP + "customXml"):
            content = child.find(_WP + "sdtContent") if tag == _WP + "sdt" else child
            if content is not None:
                _docx_blocks(content, lines)
        elif tag in (_WP + "ins", _WP + "moveTo"):
            _docx_blocks(child, lines)


_DOCX_SKIP = frozenset(_WP + t for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText",
                                         "fldData", "footnoteReference", "endnoteReference"))
_MC_FALLBACK = f"{{{_MC}}}Fallback"


def _docx_par_text(p: Any, boxes: list[Any]) -> str:
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP or tag == _MC_FALLBACK:
                continue
            if tag == _WP + "t":
                parts.append(child.text or "")
            elif tag in (_WP + "tab", _WP + "ptab"):
                parts.append("\t")
            elif tag == _WP + "br":
                if child.get(_WP + "type") in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == _WP + "cr":
                parts.append("\n")
            elif tag == _WP + "noBreakHyphen":
                parts.append("-")
            elif tag == _WP + "txbxContent":
                boxes.append(child)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _docx_cell_text(tc: Any) -> str:
    pieces: list[str] = []
    for child in tc.iterchildren():
        tag = child.tag
        if tag == _WP + "p":
            boxes: list[Any] = []
            pieces.append(_docx_par_text(child, boxes))
            for box in boxes:
                sub: list[str] = []
                _docx_blocks(box, sub)
                pieces.extend(sub)
        elif tag == _WP + "tbl":  # nested table: flattened into the cell
            sub = []
            _docx_table(child, sub)
            pieces.extend(sub)
        elif tag == _WP + "sdt":
            content = child.find(_WP + "sdtContent")
            if content is not None:
                pieces.append(_docx_cell_text(content))
    return _one_line(" ".join(s for s in pieces if s.strip()))


def _docx_table(tbl: Any, lines: list[str]) -> None:
    """Rows as tab-separated cells.  A cell merged down from the row above repeats its text
    (each row names its own bodies, as the HTML reader does with rowspan); a cell merged
    across columns is followed by empty cells, so the columns stay aligned."""
    above: dict[int, str] = {}                        # grid column → the text written there
    for row in _docx_children(tbl, _WP + "tr"):
        cells: list[str] = []
        for tc in _docx_children(row, _WP + "tc"):
            vmerge = tc.find(f"{_WP}tcPr/{_WP}vMerge")
            span = tc.find(f"{_WP}tcPr/{_WP}gridSpan")
            wide = _span(span.get(_WP + "val") if span is not None else None)
            if vmerge is not None and vmerge.get(_WP + "val") in (None, "continue"):
                text = above.get(len(cells), "")
            else:
                text = _docx_cell_text(tc)
            above[len(cells)] = text
            cells += [text] + [""] * (wide - 1)
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append("\t".join(cells))


def _docx_children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _WP + "sdt":
            content = child.find(_WP + "sdtContent")
            if content is not None:
                yield from _docx_children(content, tag)
        elif child.tag == _WP + "customXml":
            yield from _docx_children(child, tag)


_WS_RUN = re.compile(r"[ \t\n\r\f\v]+")


def _one_line(s: str) -> str:
    """Cell text on one line: internal newlines/tabs become a single space."""
    return _WS_RUN.sub(" ", s).strip()


# --------------------------------------------------------------------------- .pdf

_PAGE_NUMBER = re.compile(r"\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+"  # — 3 —
                          r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页 共 9 页
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*")  # 3/9, 3
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = f"(?<=[{_CJK}])\n(?=[{_CJK}])"


def _join_wrapped(s: str) -> str:
    """Cell text that wrapped over lines: no space between two CJK characters."""
    return _one_line(_regex(_CJK_WRAP).sub("", s))


def _read_pdf(data: bytes, where: str) -> str:
    """Text page by page.  PDFium (fast, robust) reads pages without ruling lines; a page
    with ruling lines goes to pdfplumber, whose table finder turns ruled tables into
    rows.  Running page numbers are dropped."""
    try:
        pdfium = require("pypdfium2", "pdf", "reading .pdf")
    except MissingDependencyError as exc:
        raise InputError(f"{where}: {exc}") from None
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{where}: PDF is password-protected; remove the password "
                             "(e.g. qpdf --decrypt --password=… in.pdf out.pdf) first") from None
        raise InputError(f"{where}: cannot read the PDF ({exc_text(exc)}); "
                         "is the file complete? re-export it") from None
    except Exception as exc:  # noqa: BLE001 - anything else from the binding
        raise InputError(f"{where}: cannot read the PDF ({exc_text(exc)}); "
                         "is the file complete? re-export it") from None
    plumber: Any = None
    lines: list[str] = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                page_lines = None
                if _pdf_has_rules(page):
                    if plumber is None:
                        plumber = _open_pdfplumber(data, where)
                    if plumber is not False:
                        page_lines = _pdfplumber_page_lines(plumber, index)
                if page_lines is None:
                    page_lines = _pdfium_page_lines(page)
            finally:
                page.close()
            lines.extend(_drop_page_number(page_lines))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium/pdfminer errors of every kind
        raise InputError(f"{where}: cannot read the PDF ({exc_text(exc)}); "
                         "is the file complete? re-export it") from None
    finally:
        if plumber:
            plumber.close()
        doc.close()

    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{where}: PDF has no text layer (scanned images?); run OCR first")
    # Fonts without a Unicode map come out as "(cid:1036)" or as junk: no usable text either.
    body = text.replace(" ", "").replace("\n", "").replace("\t", "")
    unmapped = sum(len(m) for m in _CID_GLYPH.findall(body))
    if unmapped * 3 > len(body) or _implausible_share(body[:20000]) > 0.3:
        raise InputError(f"{where}: PDF text layer cannot be decoded (fonts without a Unicode map); "
                         "run OCR or re-export the PDF with embedded fonts")
    return text


_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_PDFIUM_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PDF_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _pdf_has_rules(page: Any, minimum: int = 3) -> bool:
    """Does the page draw at least ``minimum`` paths (lines/rectangles: a table grid)?"""
    import pypdfium2.raw as pdfium_c

    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))
    return any(count >= minimum for count, _ in enumerate(paths, 1))  # stops at the minimum


def _pdfium_page_lines(page: Any) -> list[str]:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
    finally:
        textpage.close()
    raw = _PDFIUM_JUNK.sub("", raw)
    return [line.strip() for line in _PDF_LINE_BREAK.split(raw) if line.strip()]


def _open_pdfplumber(data: bytes, where: str) -> Any:
    """pdfplumber on the same bytes, or False when pdfminer cannot open what PDFium could
    or pdfplumber (in the ``pdf`` extra) is not installed: the pages are then read by PDFium
    alone, without table rows."""
    import io

    if not installed("pdfplumber"):
        log.warning("%s: ruled tables read as plain text; pdfplumber reads them as rows "
                    "(pip install 'govgraph[pdf]')", where)
        return False
    try:
        import pdfplumber

        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - fall back to PDFium
        log.debug("pdfplumber cannot open the PDF; reading tables as text", exc_info=True)
        return False


def _pdfplumber_page_lines(plumber: Any, index: int) -> list[str] | None:
    """A page's text lines with ruled tables as rows, in vertical order; None when
    pdfminer fails on the page or cannot map its glyphs to Unicode."""
    try:
        page = plumber.pages[index]
        try:
            out = _pdf_page_lines(page)
        finally:
            page.close()  # free the page's cached layout objects
    except Exception:  # noqa: BLE001 - fall back to PDFium for this page
        log.debug("pdfplumber failed on page %d; reading it with PDFium", index + 1, exc_info=True)
        return None
    if any("(cid:" in line for line in out):
        return None
    return out


def _drop_page_number(lines: list[str]) -> list[str]:
    """Running page numbers ("— 3 —", "第 3 页 共 9 页") at the bottom or top of a page."""
    if lines and _PAGE_NUMBER.fullmatch(lines[-1]):
        lines = lines[:-1]
    if lines and _PAGE_NUMBER.fullmatch(lines[0]) and "\t" not in lines[0]:
        lines = lines[1:]
    return lines


def _pdf_page_lines(page: Any) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    items: list[tuple[float, int, list[str]]] = []
    for order, line in enumerate(text_page.extract_text_lines(return_chars=False)):
        items.append((line["top"], order, [line["text"]]))
    for order, table in enumerate(tables):
        rows = []
        for row in table.extract():
            cells = [_join_wrapped(c) if c else "" for c in row]
            if any(cells):
                rows.append("\t".join(cells))
        items.append((table.bbox[1], 1_000_000 + order, rows))
    items.sort(key=lambda it: (it[0], it[1]))
    return [line for _, _, block in items for line in block]


# --------------------------------------------------------------------------- .html

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "gb_2312-80": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030",
                    "x-euc-cn": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "unicode": "utf-16"}


def _decode_html(data: bytes, where: str) -> str:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_text(data, where)[0]
    try:
        return data.decode("utf-8")  # valid UTF-8 beats a (often stale) meta charset
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            codecs.lookup(name)
        except LookupError:
            name = ""
        if name and name != "utf-8":
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    return _decode_text(data, where)[0]


# Containers Chinese government sites (TRS, 政府网站集约化平台, gov.cn …) put the body text in.
_MAIN_XPATHS = (
    "//*[@id='UCAP-CONTENT']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_UEDITOR ')]",
    "//*[@id='zoom']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' pages_content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    "//*[@id='zoomcon']",
    "//article",
    "//main",
    "//*[@role='main']",
)
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "iframe", "svg", "button", "select", "textarea", "object", "embed", "head", "map")
_CHROME_TOKENS = frozenset({"nav", "navbar", "menu", "header", "footer", "breadcrumb", "crumb", "crumbs",
                            "sidebar", "share", "copyright", "skip", "topbar"})
_BLOCK_TAGS = frozenset({"address", "article", "blockquote", "body", "center", "dd", "details", "dialog",
                         "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2",
                         "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "menu", "ol", "p", "pre",
                         "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
                         "caption", "ul", "option", "legend"})
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_CJK_SEGMENT_BREAK = f"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_CJK}])"


class _LineSink:
    __slots__ = ("lines", "buf")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def add(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def flush(self) -> None:
        if self.buf:
            line = "".join(self.buf)
            if "\n" in line:  # CSS Text 3: a source line break between CJK characters vanishes
                line = _regex(_CJK_SEGMENT_BREAK).sub("", line)
            line = _HTML_WS.sub(" ", line).strip()
            self.buf.clear()
            if line:
                self.lines.append(line)

    def add_line(self, line: str) -> None:
        self.flush()
        self.lines.append(line)


def _read_html(data: bytes, where: str) -> str:
    text = _decode_html(data, where)
    if not text.strip():
        raise InputError(f"{where}: file is empty (only whitespace)")
    try:
        import lxml.etree as etree
        import lxml.html
    except ImportError as exc:  # pragma: no cover - a broken install
        raise InputError(f"{where}: reading .html needs lxml ({exc}); reinstall govgraph") from None
    try:
        # huge_tree: no limit on a text's or an attribute's size, elements nested to 2048
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        root: Any = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
        _warn_if_cut(parser, where)
        etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
        container = None
        for xp in _MAIN_XPATHS:
            found = [el for el in root.xpath(xp) if el.text_content().strip()]
            if found:
                container = found[0]
                break
        sink = _LineSink()
        if container is None:
            container = root.find("body") if root.find("body") is not None else root
            for el in list(container.iter()):
                if isinstance(el.tag, str) and el is not container and _is_chrome(el):
                    el.drop_tree()
        else:  # the page title usually sits just above the content container
            h1 = next((h for h in root.iter("h1") if not _is_inside(h, container)), None)
            if h1 is not None:
                title = _inline_text(h1)
                if title and len(title) <= 200:
                    sink.add_line(title)
        _html_walk(container, sink)
        sink.flush()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml parser errors of every kind
        raise InputError(f"{where}: cannot parse the HTML ({exc_text(exc)}); check the file") from None
    return "\n".join(sink.lines)


def _warn_if_cut(parser: Any, where: str) -> None:
    """libxml2 stops reading a page nested deeper than it allows and says so only in its log."""
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            log.warning("%s: elements nested deeper than libxml2 allows (%s); the text from line %d, "
                        "column %d on was cut", where, entry.message.split(",")[0].split(": ")[-1],
                        entry.line, entry.column)
            return


def _is_chrome(el: Any) -> bool:
    tokens = (el.get("class") or "").lower().split() + (el.get("id") or "").lower().split()
    return any(t in _CHROME_TOKENS for t in tokens)


def _is_inside(el: Any, container: Any) -> bool:
    while el is not None:
        if el is container:
            return True
        el = el.getparent()
    return False


def _inline_text(el: Any) -> str:
    sink = _LineSink()
    _html_walk(el, sink)
    sink.flush()
    return " ".join(sink.lines)


_FLUSH = object()           # in _html_walk's list of things to do: end the current line


def _html_walk(top: Any, sink: _LineSink) -> None:
    """The text of ``top`` and all inside it, a line per block.  A list of things to do
    stands in for recursion: a page may nest elements far deeper than Python recurses."""
    todo: list[Any] = [top]
    while todo:
        item = todo.pop()
        if item is _FLUSH:
            sink.flush()
        elif isinstance(item, str):             # the text after an element (its tail)
            sink.add(item)
        else:
            todo.extend(reversed(_html_enter(item, sink)))


def _html_enter(el: Any, sink: _LineSink) -> list[Any]:
    """Take in ``el``'s own start; return what is left to do: its children, each followed
    by its tail, and the end of its line for a block."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        sink.flush()
        return []
    if tag == "table" and not _has_nested_table(el):
        sink.flush()
        _html_table(el, sink)
        return []
    block = tag in _BLOCK_TAGS
    if block:
        sink.flush()
    if tag == "pre":
        for line in (el.text_content() or "").splitlines():
            if line.strip():
                sink.add_line(line.rstrip())
        return []
    sink.add(el.text)
    then: list[Any] = []
    for child in el:
        then.append(child)
        if child.tail:
            then.append(child.tail)
    if block:
        then.append(_FLUSH)
    return then


def _has_nested_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _html_table(table: Any, sink: _LineSink) -> None:
    for cap in table.iterchildren("caption"):
        line = _inline_text(cap)
        if line:
            sink.add_line(line)
    spanned: dict[int, tuple[str, int]] = {}        # column → (text, rows it still spans)
    for tr in table.iter("tr"):
        cells: list[str] = []

        def carried() -> None:                       # cells merged from a row above
            while len(cells) in spanned:
                text, left = spanned.pop(len(cells))
                cells.append(text)
                if left > 1:
                    spanned[len(cells) - 1] = (text, left - 1)

        for td in tr.iterchildren("td", "th"):
            carried()
            text = _inline_text(td)
            wide, tall = _span(td.get("colspan")), _span(td.get("rowspan"))
            for i in range(wide):
                if tall > 1:
                    spanned[len(cells)] = (text, tall - 1)
                cells.append(text if i == 0 else "")
        carried()
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            sink.add_line("\t".join(cells))


def _span(value: str | None) -> int:
    """A rowspan or colspan as written (``2``, ``"2 "``, garbage → 1), at most 1000."""
    digits = (value or "").strip()
    return min(int(digits), 1000) if digits.isdigit() and int(digits) > 0 else 1


# --------------------------------------------------------------------------- helpers


def exc_text(exc: BaseException) -> str:
    """An exception in a few words for a one-line message: its type and what it says."""
    msg = " ".join(str(exc).split())
    if len(msg) > 160:
        msg = msg[:157] + "…"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__

