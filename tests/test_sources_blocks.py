"""Reading JSON Lines in blocks (``iter_blocks``) and the fast path's time and id checks (SYNTHETIC data)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuqing.sources._io import iter_blocks
from yuqing.sources._mapped_arrow import _ID_RE, _TIME_RE, Fallback, _clean_ids, _times, _times_of_shape

_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "25"))


def _file(tmp_path: Path, lengths: list[int], name: str = "b.jsonl") -> tuple[Path, bytes]:
    data = b"".join(b"x" * n + b"\n" for n in lengths)
    f = tmp_path / name
    f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return f, data


def _check(f: Path, data: bytes, size: int, lines: int) -> list[int]:
    """The blocks put back together are the file; line numbers and newline offsets are right; the line count
    of every block."""
    got, counts, line = b"", [], 1
    blocks = list(iter_blocks(f, size, lines))
    for i, (first, block, nl) in enumerate(blocks):
        assert first == line
        assert nl.tolist() == [j for j, b in enumerate(block) if b == 10]
        assert i == len(blocks) - 1 or block.endswith(b"\n")
        got += block
        counts.append(len(nl))
        line += len(nl)
    assert got == data
    return counts


@pytest.mark.parametrize("name", ["b.jsonl", "b.jsonl.gz"])
def test_blocks_of_whole_units_of_lines(tmp_path: Path, name: str) -> None:
    """With ``lines``, every block but the last holds a multiple of it whenever ``size`` bytes hold that many."""
    lengths = [(i * 7919) % 40 for i in range(5000)]
    f, data = _file(tmp_path, lengths, name)
    counts = _check(f, data, 4096, 100)
    assert len(counts) > 10
    assert all(c % 100 == 0 for c in counts[:-1]) and sum(counts) == 5000


def test_blocks_without_units_end_at_the_last_newline(tmp_path: Path) -> None:
    lengths = [(i * 31) % 50 for i in range(3000)]
    f, data = _file(tmp_path, lengths)
    counts = _check(f, data, 1000, 0)
    assert len(counts) > 50 and sum(counts) == 3000
    # a unit larger than a block: blocks are cut at their last newline, as without one
    assert _check(f, data, 1000, 10_000) == counts


def test_lines_longer_than_a_block_and_a_last_line_without_newline(tmp_path: Path) -> None:
    f = tmp_path / "long.jsonl"
    data = b"a\n" + b"y" * 5000 + b"\nb\n" + b"z" * 3000
    f.write_bytes(data)
    for lines in (0, 1, 2):
        counts = _check(f, data, 256, lines)
        assert sum(counts) == 3


@pytest.mark.parametrize("lines", [0, 3])
def test_blocks_are_back_to_size_after_a_long_line(tmp_path: Path, lines: int) -> None:
    f = tmp_path / "longfirst.jsonl"
    data = b"y" * 20_000 + b"\n" + b"".join(b"x" * (i % 9) + b"\n" for i in range(3000))
    f.write_bytes(data)
    _check(f, data, 256, lines)
    sizes = [len(b) for _, b, _ in iter_blocks(f, 256, lines)]
    assert sizes[0] > 20_000 and max(sizes[1:]) <= 2 * 256


def test_empty_file_has_no_blocks(tmp_path: Path) -> None:
    f = tmp_path / "e.jsonl"
    f.write_bytes(b"")
    assert list(iter_blocks(f, 64, 2)) == []


def _us(s: str) -> int:
    from datetime import datetime

    return int((datetime.fromisoformat(s) - datetime(1970, 1, 1)).total_seconds() * 1_000_000)


def test_times_in_the_zone_and_in_utc() -> None:
    col = pa.array(["2026-03-28 20:00:00", "2026-03-28T20:00:00", "2026-03-28T20:00:00Z", None, "",
                    "2024-02-29 23:59:59"])
    got = _times(col, 8 * 3600).cast(pa.int64()).to_pylist()
    assert got == [_us("2026-03-28 12:00:00"), _us("2026-03-28 12:00:00"), _us("2026-03-28 20:00:00"), None,
                   None, _us("2024-02-29 15:59:59")]


@pytest.mark.parametrize("bad", ["2026-02-29 10:00:00", "2026-04-31 10:00:00", "2026-03-28 24:00:00",
                                 "2026-13-01 00:00:00", "1000-06-01 00:00:00", "2026-03-28 10:00",
                                 "2026-03-28 10:00:00+08:00", " 2026-03-28 10:00:00"])
def test_times_the_record_path_must_judge(bad: str) -> None:
    """Invalid dates, a year Python's datetime arithmetic may leave, other shapes: the block takes the record
    path (which parses or quarantines exactly as for any record)."""
    with pytest.raises(Fallback):
        _times(pa.array(["2026-03-28 20:00:00", bad]), 0)


def _mutated(templates: list[str]) -> st.SearchStrategy[str | None]:
    """Strings near ``templates``: one character replaced, inserted or cut, from an alphabet that holds the
    characters the patterns treat specially, and a non-ASCII one."""
    alphabet = st.sampled_from(list("0123456789-: TZz.x_\n\u5e74\xe9/+"))

    def mutate(t: str, pos: int, ch: str, how: int) -> str:
        pos %= len(t) + 1
        return (t[:pos] + ch + t[pos + 1:], t[:pos] + ch + t[pos:], t[:pos] + t[pos + 1:], t)[how]

    return st.one_of(st.none(), st.builds(mutate, st.sampled_from(templates), st.integers(0, 25), alphabet,
                                          st.integers(0, 3)))


def _regex_says(values: list[str | None], pattern: str, skip: int) -> bool:
    col = pa.array(values, pa.string()).slice(skip)
    return bool(pc.all(pc.fill_null(pc.match_substring_regex(col, pattern), True), min_count=0).as_py())


@settings(max_examples=_EXAMPLES * 8, deadline=None)
@given(st.lists(_mutated(["2026-03-28 20:00:00", "2026-03-28T20:00:00", "2026-03-28T20:00:00Z", "1999-12-31 23:59:59"]),
                min_size=1, max_size=12), st.integers(0, 2))
def test_time_shape_check_is_the_regex(values: list[str | None], skip: int) -> None:
    """The byte-wise check of the time shape accepts exactly what ``_TIME_RE`` accepts (sliced arrays too)."""
    assert _times_of_shape(pa.array(values, pa.string()).slice(skip)) == _regex_says(values, _TIME_RE, skip)


@settings(max_examples=_EXAMPLES * 8, deadline=None)
@given(st.lists(_mutated(["syn12", "ab_c:d-e.f", "1", "X"]), min_size=1, max_size=12), st.integers(0, 2))
def test_id_check_is_the_regex(values: list[str | None], skip: int) -> None:
    assert _clean_ids(pa.array(values, pa.string()).slice(skip)) == _regex_says(values, _ID_RE, skip)


def test_checks_of_uniform_columns() -> None:
    """The cases a random search might miss: all of one width, empty ids, null slots holding bytes."""
    assert _times_of_shape(pa.array(["2026-03-28 20:00:00"] * 3))
    assert not _times_of_shape(pa.array(["2026-03-28 20:00:00", "0026-03-28 20:00:00"]))
    assert not _times_of_shape(pa.array(["2026-03-28 30:00:00"]))
    assert not _times_of_shape(pa.array(["2026-03-28 20:60:00"]))
    assert not _times_of_shape(pa.array(["2026-03-28X20:00:00"]))
    assert not _times_of_shape(pa.array(["2026-03-28T20:00:00z"]))
    assert _times_of_shape(pa.array(["2026-03-28T20:00:00Z", None]))
    assert not _clean_ids(pa.array(["a", ""]))
    assert _clean_ids(pa.array(["a", None]))
    # a null slot whose bytes are not an id's: the check may only err towards the record path
    offsets = pa.array([0, 1, 3], pa.int32()).buffers()[1]
    holed = pa.StringArray.from_buffers(2, offsets, pa.py_buffer(b"a  "), pa.array([True, False]).buffers()[1])
    assert not _clean_ids(holed)
    # times: a null slot holding bytes takes the regex, which looks at the valid values only
    assert _times_of_shape(pa.StringArray.from_buffers(
        2, pa.array([0, 19, 38], pa.int32()).buffers()[1], pa.py_buffer(b"2026-03-28 20:00:00" + b"x" * 19),
        pa.array([True, False]).buffers()[1]))
