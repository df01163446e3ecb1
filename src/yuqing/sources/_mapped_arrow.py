"""The Arrow fast path of ``jsonl_posts``: a block of clean JSON Lines becomes ``posts`` and ``accounts``
:class:`~yuqing.sources._base.Block` rows without a Python loop per record.

It must give exactly what the per-record converter in :mod:`yuqing.sources.mapped` gives. So it only
handles what it can reproduce exactly and raises :class:`Fallback` for anything else (the caller then runs the
per-record converter on that block): blank or ``\\r`` line endings, undecodable bytes, broken JSON, fields
of unexpected types, unmapped fields with values (they would go to ``extra``), ids with spaces or ``.0``,
times not of the form ``YYYY-MM-DD[ T]HH:MM:SS[Z]``, unknown kinds, counts given as text or floats,
whitespace-only texts with characters Arrow and Python disagree on. Supported mapping targets:
:data:`FAST_TARGETS`, and ``post_id`` must be mapped (hash ids need a per-record occurrence count).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from yuqing.sources._base import Block

FAST_TARGETS = frozenset({"post_id", "text", "created_at", "account_id", "account_name", "kind", "parent_id",
                          "root_id", "likes", "reposts", "comments", "lang"})
_TEXT_TARGETS = ("text", "account_name", "lang", "created_at", "kind")
_ID_RE = r"^[0-9A-Za-z_:\-.]+$"
_TIME_RE = r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}[ T][0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z?$"
#: the characters Python's ``str.isspace()`` accepts (what ``str.strip()`` removes); a text can only be blank
#: when it is empty or starts with one of them, and those few are decided in Python, one by one
PY_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
             + "\u2028\u2029\u202f\u205f\u3000")
_SPACE_SET = pa.array(["", *PY_SPACES])
#: the bytes _ID_RE accepts (all ASCII: a byte of a multi-byte character is never one of them)
_ID_BYTES = np.zeros(256, dtype=bool)
_ID_BYTES[list(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:-.")] = True
#: _TIME_RE position by position: the smallest and largest byte allowed at each (position 10 is " " or "T")
_TIME_LO = np.frombuffer(b"1000-00-00 00:00:00", dtype=np.uint8)
_TIME_HI = np.frombuffer(b"9999-99-99T29:59:59", dtype=np.uint8)


class Fallback(Exception):
    """This block needs the per-record path."""


def supported(mapping: dict[str, str], options: dict[str, Any]) -> bool:
    if str(options.get("fast", "1")).strip().lower() in ("0", "false", "no", "off"):
        return False
    if "post_id" not in mapping or not set(mapping) <= FAST_TARGETS or options.get("extra"):
        return False
    return not any("." in src for src in mapping.values())


def _newlines(body: bytes | bytearray, end: int, nl: np.ndarray) -> np.ndarray:
    """Offsets of the newlines in ``body[:end]``, from those of ``body`` (``nl``, found by the reader), after
    checking the line structure Arrow's reader would get wrong (``end`` instead of a slice: slicing a block
    would copy it).

    Raises :class:`Fallback` for an empty line or a line of only spaces/tabs (JSON Lines readers skip those;
    Arrow's reader would shift rows) and for ``\\r`` line ends. Only lines that start with a space or tab are
    looked at further (rare)."""
    if not end or body.find(b"\r", 0, end) >= 0 or body[:1] == b"\n" or body.endswith((b" ", b"\t"), 0, end):
        raise Fallback("blank lines or CR")
    data = np.frombuffer(body, dtype=np.uint8, count=end)
    nl = nl[:np.searchsorted(nl, end)]
    # the byte after each newline (the text does not end with one: that was cut, or it would be an empty line)
    after = data[nl + 1] if len(nl) and nl[-1] + 1 < end else None
    if after is None and len(nl):
        raise Fallback("blank lines or CR")
    if after is not None and bool((after == 10).any()):
        raise Fallback("blank lines or CR")
    starts = [] if after is None else (nl[(after == 32) | (after == 9)] + 1).tolist()
    if body[:1] in (b" ", b"\t"):
        starts.insert(0, 0)
    for start in starts:
        stop = body.find(b"\n", start, end)
        if not body[start:end if stop < 0 else stop].strip(b" \t"):
            raise Fallback("blank lines or CR")
    return nl


def _raw_lines(body: bytes | bytearray, nl: np.ndarray, end: int) -> pa.Array:
    n = len(nl) + 1
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = 0
    offsets[1:n] = nl + 1
    offsets[n] = end
    arr = pa.LargeBinaryArray.from_buffers(pa.large_binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(body)])
    try:
        text = arr.cast(pa.large_string())
    except pa.ArrowInvalid as exc:
        raise Fallback("not UTF-8") from exc
    return pc.utf8_rtrim(text, characters="\n").cast(pa.string())


def _utf8_bytes(col: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's lengths of its non-null values, and the bytes its values span (those of null slots
    included)."""
    _, offsets_buf, data_buf = col.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32, count=col.offset + len(col) + 1)[col.offset:]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    if col.null_count:
        lengths = lengths[np.asarray(col.is_valid())]
    return lengths, data[offsets[0]:offsets[-1]]


def _clean_ids(col: pa.Array) -> bool:
    """Every non-null value matches ``_ID_RE`` (one or more of its characters), checked on the bytes.

    The bytes of null slots are checked too (Arrow allows any there), which can only send a block to the record
    path, never let an unclean id through."""
    lengths, data = _utf8_bytes(col)
    return bool(_ID_BYTES[data].all()) and not bool((lengths == 0).any())


def _times_of_shape(col: pa.Array) -> bool:
    """Every non-null value matches ``_TIME_RE``. Values of one length (19, or 20 with ``Z``) are checked
    position by position on the bytes; other columns go through the regex."""
    valid, data = _utf8_bytes(col)
    if not len(valid):
        return True
    width = int(valid[0])
    if width not in (19, 20) or len(data) != width * len(valid) or bool((valid != width).any()):
        return _all(pc.match_substring_regex(col, _TIME_RE))
    rows = data.reshape(-1, width)[:, :19]
    if not bool(((rows >= _TIME_LO) & (rows <= _TIME_HI)).all()):
        return False
    sep = rows[:, 10]
    if not bool(((sep == ord(" ")) | (sep == ord("T"))).all()):
        return False
    return width == 19 or bool((data[19::20] == ord("Z")).all())


def _all(mask: Any) -> bool:
    return bool(pc.all(pc.fill_null(mask, True)).as_py())


def _any(mask: Any) -> bool:
    return bool(pc.any(pc.fill_null(mask, False)).as_py())


def _text(col: pa.Array) -> pa.Array:
    """``text_or_none``: strings, blank ones null."""
    if pa.types.is_null(col.type):
        return pa.nulls(len(col), pa.string())
    if pa.types.is_int64(col.type):
        return col.cast(pa.string())
    if not pa.types.is_string(col.type):
        raise Fallback(f"text of type {col.type}")
    maybe = pc.is_in(pc.utf8_slice_codeunits(col, 0, 1), value_set=_SPACE_SET)
    if _any(maybe):
        idx = pc.indices_nonzero(pc.fill_null(maybe, False)).to_pylist()
        values = col.to_pylist()
        for i in idx:
            if not values[i].strip():
                values[i] = None
        return pa.array(values, pa.string())
    return col


def _ids(col: pa.Array, required: bool) -> pa.Array:
    """``clean_id``: int ids as text; text ids must already be clean (no spaces, no ``.0``)."""
    if pa.types.is_null(col.type):
        if required and len(col):
            raise Fallback("missing ids")
        return pa.nulls(len(col), pa.string())
    if pa.types.is_int64(col.type):
        out = col.cast(pa.string())
    elif pa.types.is_string(col.type):
        # clean_id turns "12.0" into "12": such ids take the record path (the regex runs only if one ends so)
        dotted = _any(pc.ends_with(col, ".0")) and _any(pc.match_substring_regex(col, r"^[0-9]+\.0$"))
        if dotted or not _clean_ids(col):
            raise Fallback("ids need cleaning")
        out = col
    else:
        raise Fallback(f"ids of type {col.type}")
    if required and out.null_count:
        raise Fallback("missing ids")
    return out


def _counts(col: pa.Array) -> pa.Array:
    if pa.types.is_null(col.type):
        return pa.nulls(len(col), pa.int64())
    if not pa.types.is_int64(col.type):
        raise Fallback(f"counts of type {col.type}")
    return col


def _times(col: pa.Array, offset_s: int) -> pa.Array:
    """``parse_time``: naive times are in the mapping's zone, ``Z`` is UTC; result naive UTC."""
    if col.null_count == len(col):
        return pa.nulls(len(col), pa.timestamp("us"))
    col = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)
    if col.null_count == len(col):
        return pa.nulls(len(col), pa.timestamp("us"))
    if not _times_of_shape(col):
        raise Fallback("times need parsing")
    zulu = pc.equal(pc.binary_length(col), 20)
    if _any(zulu):
        col = pc.utf8_slice_codeunits(col, 0, 19)
    try:
        # of that shape, Arrow's ISO 8601 cast takes exactly what Python's parser takes (it rejects 02-30, 24:00)
        ts = col.cast(pa.timestamp("s"))
    except pa.ArrowInvalid as exc:
        raise Fallback("invalid time") from exc
    year = pc.year(ts)
    if _any(pc.less(year, 1001)) or _any(pc.greater(year, 9998)):
        raise Fallback("year out of range")
    shift = pc.if_else(zulu, pa.scalar(0, pa.int64()), pa.scalar(offset_s * 1_000_000, pa.int64()))
    micros = pc.subtract(ts.cast(pa.timestamp("us")).cast(pa.int64()), shift)
    return micros.cast(pa.timestamp("us"))


def _kinds(col: pa.Array, kinds: dict[str, str]) -> pa.Array:
    n = len(col)
    if pa.types.is_null(col.type):
        return pa.repeat(pa.scalar("post"), n)
    keys = pa.array(list(kinds))
    pos = pc.index_in(col, value_set=keys)
    if pos.null_count != col.null_count:  # not all known kinds as written: cleaned as the record path does
        if not _all(pc.match_substring_regex(col, r"^[A-Za-z_]*$")):
            raise Fallback("kinds need cleaning")
        pos = pc.index_in(pc.utf8_lower(col), value_set=keys)
    empty = pc.fill_null(pc.equal(col, ""), True)
    if _any(pc.and_(pc.is_null(pos), pc.invert(empty))):
        raise Fallback("unknown kind")
    mapped = pc.take(pa.array(list(kinds.values())), pc.fill_null(pos, 0))
    return pc.if_else(empty, pa.scalar("post"), mapped)


def convert_block(body: bytes | bytearray, first_line: int, mapping: dict[str, str], platform: str, tz_text: str,
                  offset_s: int, kinds: dict[str, str], newlines: np.ndarray) -> list[Block]:
    """``posts`` (primary) and author ``accounts`` (secondary) Blocks for the lines in ``body`` (``newlines``:
    the offsets of its ``\\n`` bytes, as :func:`~yuqing.sources._io.iter_blocks` gives them)."""
    end = len(body) - 1 if body.endswith(b"\n") else len(body)
    # a trailing empty line left after the final newline is cut would hide a line holding two documents
    nl = _newlines(body, end, newlines)
    n = len(nl) + 1
    raw = _raw_lines(body, nl, end)
    explicit = pa.schema([(src, pa.string()) for src in dict.fromkeys(mapping[t] for t in _TEXT_TARGETS
                                                                       if t in mapping)])
    try:
        # one chunk, parsed on this thread: blocks are already parsed in parallel (sources/_prefetch.py)
        table = pj.read_json(pa.BufferReader(pa.py_buffer(body).slice(0, end)),
                             read_options=pj.ReadOptions(block_size=end + 1, use_threads=False),
                             parse_options=pj.ParseOptions(explicit_schema=explicit, newlines_in_values=False))
    except pa.ArrowInvalid as exc:
        raise Fallback(str(exc)) from exc
    if table.num_rows != n:
        raise Fallback("row count differs from line count")
    sources = set(mapping.values())
    for name in table.column_names:
        if name not in sources and table.column(name).null_count != n:
            raise Fallback(f"unmapped field {name} (goes to extra)")

    def col(target: str) -> pa.Array:
        src = mapping.get(target)
        if src is None or src not in table.column_names:
            return pa.nulls(n)
        return table.column(src).combine_chunks()

    post_id = _ids(col("post_id"), required=True)
    account_id = _ids(col("account_id"), required=False)
    parent = _ids(col("parent_id"), required=False)
    root = pc.coalesce(_ids(col("root_id"), required=False), parent)
    created = _times(col("created_at").cast(pa.string()), offset_s)
    name = _text(col("account_name"))
    lines = pa.array(np.arange(first_line, first_line + n, dtype=np.int64))
    posts = pa.table({
        "platform": pa.repeat(pa.scalar(platform), n),
        "post_id": post_id,
        "kind": _kinds(col("kind"), kinds),
        "account_id": account_id,
        "account_name": name,
        "created_at": created,
        "tz": pc.if_else(pc.is_null(created), pa.scalar(None, pa.string()), pa.scalar(tz_text)),
        "text": _text(col("text")),
        "lang": _text(col("lang")),
        "parent_id": parent,
        "root_id": root,
        "likes": _counts(col("likes")),
        "reposts": _counts(col("reposts")),
        "comments": _counts(col("comments")),
        "src_line": lines,
        "raw": raw,
    })
    # one author row per account and block, its first line: the store keeps the first occurrence anyway, and
    # the block's other rows (the same raw lines again) need not be copied and sent to the store
    firsts = pa.table({"a": account_id, "i": lines}).filter(pc.is_valid(account_id)) \
        .group_by("a", use_threads=False).aggregate([("i", "min")]).column("i_min")
    first_idx = pc.subtract(pc.take(firsts, pc.sort_indices(firsts)), first_line)
    accounts = pa.table({
        "platform": pa.repeat(pa.scalar(platform), len(first_idx)),
        "account_id": pc.take(account_id, first_idx),
        "name": pc.take(name, first_idx),
        "src_line": pc.take(lines, first_idx),
        "raw": pc.take(raw, first_idx),
    })
    authored = n - account_id.null_count
    return [Block("posts", posts, True), Block("accounts", accounts, False, dropped=authored - accounts.num_rows)]


__all__ = ["FAST_TARGETS", "Fallback", "convert_block", "supported"]
