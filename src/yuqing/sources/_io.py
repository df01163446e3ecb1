"""Reading helpers shared by importers: compression, encodings, line numbers, CSV and JSON lines.

All helpers yield the 1-based physical line number with the raw text so that every record and every
reject can name where it came from. Undecodable or truncated input becomes a :class:`Reject`.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import orjson

from yuqing.sources._base import Reject

HEAD_BYTES = 65536


def open_binary(path: Path) -> IO[bytes]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        import zstandard

        fh = open(path, "rb")
        dctx = zstandard.ZstdDecompressor(max_window_size=2**31)
        return io.BufferedReader(dctx.stream_reader(fh, closefd=True), buffer_size=1 << 20)
    return open(path, "rb")


def base_suffix(path: Path) -> str:
    """The file's suffix ignoring a compression suffix: ``a.jsonl.gz`` -> ``.jsonl``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".zst"):
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def guess_encoding(sample: bytes) -> str:
    """utf-8 (with or without BOM) unless the sample only decodes as GB18030 (Windows Chinese exports)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte char cut by the sample boundary is not an encoding problem
        if exc.start >= len(sample) - 4:
            return "utf-8"
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    # neither decodes cleanly (a stray bad line): take the one with fewer undecodable bytes
    bad_utf8 = sample.decode("utf-8", errors="replace").count("\ufffd")
    bad_gb = sample.decode("gb18030", errors="replace").count("\ufffd")
    return "gb18030" if bad_gb < bad_utf8 else "utf-8"


def read_head(path: Path) -> str:
    """First ~64 KiB of the (decompressed) file as text, for sniffing. Empty on any read error."""
    try:
        with open_binary(path) as fh:
            sample = fh.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error, ValueError):
        return ""
    enc = guess_encoding(sample)
    return sample.decode(enc, errors="replace")


def _sample_encoding(fh: IO[bytes]) -> str:
    sample = fh.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(fh, "peek") else b""
    return guess_encoding(sample)


def file_encoding(path: Path) -> str:
    """The encoding :func:`iter_lines` will use for ``path`` ('' when the file cannot be read)."""
    try:
        with open_binary(path) as fh:
            return _sample_encoding(fh)
    except (OSError, EOFError, zlib.error, ValueError):
        return ""
    except Exception as exc:
        if type(exc).__name__ == "ZstdError":
            return ""
        raise


def iter_lines(path: Path, encoding: str | None = None) -> Iterator[tuple[int, str] | Reject]:
    """Yield ``(line_no, text)`` without the line ending, or a Reject for undecodable/truncated input."""
    n = 0
    try:
        with open_binary(path) as fh:
            if encoding is None:
                encoding = _sample_encoding(fh)
            for n, raw in enumerate(fh, start=1):
                if n == 1 and encoding == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                yield decode_line(n, raw, "utf-8" if encoding == "utf-8-sig" else encoding)
    except (EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
            raise
        yield Reject(n + 1, "", f"file truncated or corrupt after line {n}: {exc}")
    except Exception as exc:  # zstandard raises its own error type
        if type(exc).__name__ == "ZstdError":
            yield Reject(n + 1, "", f"file truncated or corrupt after line {n}: {exc}")
        else:
            raise


class BlockReadError(Exception):
    """Reading a block failed (truncated or corrupt compressed file); ``next_line`` is the first line not
    yet delivered, so a caller can re-read the rest with :func:`iter_lines` and get its exact rejects."""

    def __init__(self, next_line: int) -> None:
        super().__init__(next_line)
        self.next_line = next_line


def iter_blocks(path: Path, size: int = 1 << 25, lines: int = 0) -> Iterator[tuple[int, bytearray, np.ndarray]]:
    """The file (decompressed) in blocks of whole lines: ``(first_line_no, block, newlines)``, ``newlines``
    being the offsets of the block's ``\\n`` bytes; every block but the last ends with ``\\n``. Raises
    :class:`BlockReadError` when the file cannot be read further.

    A block is about ``size`` bytes, read into its own buffer; the partial line at its end is carried into
    the next buffer (only that tail is copied). With ``lines``, a block that holds at least ``lines`` lines is
    cut after a multiple of ``lines`` (a store whose storage unit is ``lines`` rows then gets whole units
    without the blocks being copied together), and the reads are sized so that the carried tail stays small."""
    line = 1
    tail = b""
    want = size
    equal = np.empty(0, dtype=np.bool_)  # scratch for the newline scan, reused (no fresh pages per block)
    try:
        with open_binary(path) as fh:
            eof = False
            while not eof:
                buf = bytearray(len(tail) + max(want - len(tail), 1 + size // 8))
                buf[:len(tail)] = tail
                filled = len(tail) + _fill(fh, memoryview(buf)[len(tail):])
                eof = filled < len(buf)
                del buf[filled:]
                if not buf:
                    break
                if len(equal) < filled:
                    equal = np.empty(filled, dtype=np.bool_)
                nl = np.flatnonzero(np.equal(np.frombuffer(buf, dtype=np.uint8), 10, out=equal[:filled]))
                if eof:
                    cut = filled
                elif not len(nl):  # one line longer than the buffer: read on
                    tail = bytes(buf)
                    want = 2 * len(buf)
                    continue
                elif lines and len(nl) < lines and filled / len(nl) * lines <= 2 * size:
                    tail = bytes(buf)  # a little short of a whole unit (rare): read on
                    want = int(filled / len(nl) * lines * 1.05) + 1
                    continue
                else:
                    count = len(nl) - len(nl) % lines if lines and len(nl) >= lines else len(nl)
                    cut = int(nl[count - 1]) + 1
                    # next: just past as many whole units (at most twice ``size``), else ``size`` again (also
                    # after a line longer than the buffer made this one bigger)
                    want = min(int(cut * 1.05) + 1, 2 * size) if count != len(nl) else size
                tail = bytes(buf[cut:])
                del buf[cut:]
                nl = nl[nl < cut]
                yield line, buf, nl
                line += len(nl)
    except (EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
            raise
        raise BlockReadError(line) from exc
    except Exception as exc:
        if type(exc).__name__ == "ZstdError":
            raise BlockReadError(line) from exc
        raise


def _fill(fh: IO[bytes], view: memoryview) -> int:
    """Read into ``view`` until it is full or the file ends; the number of bytes read."""
    got = 0
    while got < len(view):
        n = fh.readinto(view[got:])  # type: ignore[attr-defined]
        if not n:
            break
        got += n
    return got


def decode_line(n: int, raw: bytes | bytearray, encoding: str) -> tuple[int, str] | Reject:
    """One physical line (with or without its ending) as text, or a Reject naming the bad byte."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        return Reject(n, raw.decode(encoding, errors="replace").rstrip("\r\n"),
                      f"not valid {encoding} text ({exc.reason} at byte {exc.start})")
    return n, text.rstrip("\r\n")


def json_line(n: int, text: str) -> tuple[int, str, Any] | Reject | None:
    """A JSON Lines line: ``(n, raw, obj)``, a Reject for broken JSON, None for a blank line."""
    if not text.strip():
        return None
    try:
        return n, text, orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Reject(n, text, f"broken JSON: {exc}")


def block_json_lines(first_line: int, block: bytes | bytearray, encoding: str = "utf-8") -> Iterator[tuple[int, str, Any] | Reject]:
    """The JSON Lines items of one block from :func:`iter_blocks`, exactly as :func:`iter_json_lines` gives them."""
    parts: list[bytes] = block.split(b"\n")  # type: ignore[assignment]  # list[bytearray] for a bytearray
    if block.endswith(b"\n"):
        parts.pop()
    for i, raw in enumerate(parts):
        item = decode_line(first_line + i, raw, encoding)
        out = item if isinstance(item, Reject) else json_line(*item)
        if out is not None:
            yield out


def iter_json_lines(path: Path) -> Iterator[tuple[int, str, Any] | Reject]:
    """JSON Lines: yield ``(line_no, raw, obj)``; blank lines skipped, broken JSON rejected."""
    for item in iter_lines(path):
        if isinstance(item, Reject):
            yield item
            continue
        out = json_line(*item)
        if out is not None:
            yield out


def iter_csv_rows(
    path: Path, encoding: str | None = None, delimiter: str = ","
) -> Iterator[tuple[int, str, dict[str, str]] | Reject]:
    """CSV with a header: yield ``(first_line_no, raw_text, {header: value})``.

    A row spanning several physical lines (quoted newlines) reports its first line and all its raw text.
    Rows with more fields than the header are rejected; missing trailing fields become empty strings.
    """
    buffer: list[str] = []
    start = 0
    header: list[str] | None = None

    def records() -> Iterator[tuple[int, str] | Reject]:
        yield from iter_lines(path, encoding)

    for item in records():
        if isinstance(item, Reject):
            if buffer:
                yield Reject(start, "\n".join(buffer), "unterminated quoted field before an unreadable line")
                buffer = []
            yield item
            continue
        n, text = item
        if not buffer:
            start = n
        buffer.append(text)
        joined = "\n".join(buffer)
        if joined.count('"') % 2 == 1:  # still inside a quoted field
            continue
        buffer = []
        try:
            fields = next(csv.reader([joined], delimiter=delimiter, strict=True))
        except (csv.Error, StopIteration) as exc:
            if header is None:
                yield Reject(start, joined, f"unreadable CSV header: {exc}")
                return
            yield Reject(start, joined, f"malformed CSV row: {exc}")
            continue
        if header is None:
            header = [h.strip().lstrip("\ufeff") for h in fields]
            continue
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(header):
            yield Reject(start, joined, f"{len(fields)} fields but the header has {len(header)}")
            continue
        fields += [""] * (len(header) - len(fields))
        yield start, joined, dict(zip(header, fields, strict=True))
    if buffer:
        yield Reject(start, "\n".join(buffer), "file ends inside a quoted field (truncated?)")


def csv_header(head: str) -> list[str]:
    """The header fields of a CSV text sample ('' if none)."""
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    try:
        return [h.strip() for h in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def jsonl_first_line(path: Path, head: str) -> str | None:
    """For a ``sniff``: the first line of a JSON Lines sample, or None when ``path`` is not .jsonl/.json/.ndjson."""
    if base_suffix(path) not in (".jsonl", ".json", ".ndjson"):
        return None
    return head.lstrip("\ufeff \r\n").split("\n", 1)[0]


def csv_columns_score(path: Path, head: str, required: set[str], score: float = 0.95) -> float:
    """A ``sniff`` score: ``score`` when ``path`` is a CSV whose header has every ``required`` column, else 0."""
    return csv_header_score(path, head, score, lambda h: required <= set(h))


def csv_header_score(path: Path, head: str, score: float, test: Callable[[list[str]], bool]) -> float:
    """A ``sniff`` score: ``score`` when ``path`` is a CSV whose header fields pass ``test``, else 0."""
    if base_suffix(path) != ".csv":
        return 0.0
    return score if test(csv_header(head)) else 0.0
