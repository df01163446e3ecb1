"""Follower-count logs: digger-yu/lei's daily log of Lei Jun's Weibo and Douyin followers (JSON and the flattened
CSV), and hand-collected profile snapshots (``snapshot_utc, uid, followers_count, ...``).

Values are stored as logged: known glitches upstream (a one-day Douyin drop of 6.3 million, counts 100x too
large) are the follower analysis's job, not the importer's. Day-only observations are taken at 00:00 China
Standard Time (``tz = +08:00``).

Fields read
-----------
* ``lei_followers_json``: ``weibo_uid``, ``douyin_sec_uid`` (account ids) and ``records[]`` of
  ``{date, weibo, douyin}``. One ``follower_snapshots`` row per platform and day; a null count is quarantined
  (reason names the platform and day). ``src_line`` is the line of the record's ``"date"`` key. The tracked person's name is ``--option name=...`` (default 雷军: the
  digger-yu/lei log tracks Lei Jun only).
* ``lei_followers_csv``: ``date, weibo_followers, douyin_followers``. The CSV has no ids: they come from
  ``--option weibo_uid=... douyin_uid=...``, else from the JSON log next to it (same file stem), else the
  account id is ``name:<name>``.
* ``profile_snapshots_csv``: ``snapshot_utc`` (ISO time with ``Z``), ``uid``, ``followers_count``,
  ``friends_count``, ``statuses_count``, ``source_repo``, ``source_path``, ``source_commit``, ``note``,
  optional ``platform`` (default weibo) and ``name``. An exact snapshot gives a ``follower_snapshots`` row and a
  secondary ``accounts`` row (following, posts, provenance in ``extra``). A snapshot whose time is approximate
  (``~2025-06-05``) or whose count is a rounded display value (``26712000 (shown as 2671.2万)``) cannot be stored
  faithfully in ``follower_snapshots`` (no precision column) and is quarantined with the reason, unless
  ``--option approximate=keep`` (then stored at 00:00 UTC of that day with the rounded count).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, csv_columns_score, csv_header_score, open_binary
from yuqing.sources._parse import CST_OFFSET, ParseError, json_obj, parse_count, parse_date, parse_time
from yuqing.sources._rows import RowImporter, RowMapper
from yuqing.sources._social import load_json_document

_PLATFORMS = (("weibo", "weibo_uid"), ("douyin", "douyin_sec_uid"))


def _day_start_utc(value: Any, field: str = "date") -> datetime:
    d = parse_date(value, field)
    if d is None:
        raise ParseError(f"{field}: empty")
    return datetime(d.year, d.month, d.day) - timedelta(hours=8)


def _snapshot(platform: str, account_id: str, name: str | None, observed: datetime, followers: int,
              tz: str = CST_OFFSET) -> dict[str, Any]:
    return {"platform": platform, "account_id": account_id, "account_name": name, "observed_at": observed,
            "tz": tz, "followers": followers}


def _log_records(platform_ids: dict[str, str], name: str, line: int, raw: str, day: Any,
                 counts: dict[str, Any]) -> Iterator[Rec | Reject]:
    try:
        observed = _day_start_utc(day)
    except ParseError as exc:
        yield Reject(line, raw, str(exc))
        return
    for platform, value in counts.items():
        try:
            n = parse_count(value, platform)
        except ParseError as exc:
            yield Reject(line, raw, str(exc))
            continue
        if n is None:
            yield Reject(line, raw, f"{platform}: no follower count on {day}")
            continue
        yield Rec("follower_snapshots", _snapshot(platform, platform_ids[platform], name, observed, n), line, raw)


def _record_lines(path: Path, n: int) -> list[int] | None:
    """Physical line of each record's ``"date"`` key in a pretty-printed log (None unless there is exactly one
    per record, then ``src_line`` is the record number)."""
    try:
        with open_binary(path) as fh:
            found = [i for i, ln in enumerate(fh, start=1) if b'"date"' in ln]
    except OSError:
        return None
    return found if len(found) == n else None


@register_importer
class LeiFollowersJSON(Importer):
    name = "lei_followers_json"
    version = "1"
    description = "digger-yu/lei daily follower log (data.json: weibo_uid, douyin_sec_uid, records)"
    fields = "weibo_uid, douyin_sec_uid, records[].date, records[].weibo, records[].douyin"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) != ".json":
            return 0.0
        return 0.95 if '"records"' in head and ('"weibo_uid"' in head or '"douyin_sec_uid"' in head) else 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        doc = load_json_document(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("records"), list):
            yield Reject(1, "", "expected an object with a 'records' list")
            return
        name = str(self.options.get("name") or "雷军")
        ids = {p: str(self.options.get(key) or doc.get(key) or f"name:{name}") for p, key in _PLATFORMS}
        lines = _record_lines(path, len(doc["records"]))
        for i, rec in enumerate(doc["records"], start=1):
            raw = orjson.dumps(rec).decode()
            i = lines[i - 1] if lines else i
            if not isinstance(rec, dict):
                yield Reject(i, raw, "record is not an object")
                continue
            counts = {p: rec.get(p) for p, _ in _PLATFORMS if p in rec}
            yield from _log_records(ids, name, i, raw, rec.get("date"), counts)


@register_importer
class LeiFollowersCSV(RowImporter):
    name = "lei_followers_csv"
    version = "1"
    description = "digger-yu/lei daily follower log flattened to CSV (date,weibo_followers,douyin_followers)"
    fields = "date, weibo_followers, douyin_followers"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.95,
                                lambda h: "date" in h and bool(set(h) & {"weibo_followers", "douyin_followers"}))

    def _ids(self, path: Path, name: str) -> dict[str, str]:
        sibling: dict[str, Any] = {}
        js = path.with_name(path.name.split(".")[0] + ".json")
        if js.exists():
            try:
                doc = orjson.loads(js.read_bytes())
                sibling = doc if isinstance(doc, dict) else {}
            except (OSError, orjson.JSONDecodeError):
                sibling = {}
        opt = {"weibo": self.options.get("weibo_uid"), "douyin": self.options.get("douyin_uid")}
        return {p: str(opt[p] or sibling.get(key) or f"name:{name}") for p, key in _PLATFORMS}

    def mapper(self, path: Path) -> RowMapper:
        name = str(self.options.get("name") or "雷军")
        ids = self._ids(path, name)

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec | Reject]:
            counts = {p: row.get(f"{p}_followers") for p, _ in _PLATFORMS if f"{p}_followers" in row}
            return _log_records(ids, name, line, raw, row.get("date"), counts)

        return convert


_DISPLAY = re.compile(r"^\s*(\d+)\s*\((?:shown as\s*)?([^)]*)\)\s*$")


@register_importer
class ProfileSnapshotsCSV(RowImporter):
    name = "profile_snapshots_csv"
    version = "1"
    description = "Account profile snapshots collected by hand (snapshot_utc,uid,followers_count,...)"
    fields = ("snapshot_utc, uid, followers_count, friends_count, statuses_count, source_repo, source_path, "
              "source_commit, note, platform (optional), name (optional)")
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"snapshot_utc", "uid", "followers_count"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        keep_approx = str(self.options.get("approximate", "quarantine")) == "keep"
        return lambda line, raw, row: self._convert(line, raw, row, keep_approx)

    def _convert(self, line: int, raw: str, row: dict[str, str], keep_approx: bool) -> Iterator[Rec | Reject]:
        platform = row.get("platform") or str(self.options.get("platform") or "weibo")
        uid = (row.get("uid") or "").strip()
        if not uid:
            raise ParseError("uid: empty")
        when = (row.get("snapshot_utc") or "").strip()
        followers_text = (row.get("followers_count") or "").strip()
        approx: list[str] = []
        display = _DISPLAY.match(followers_text)
        if display:
            followers = int(display.group(1))
            approx.append(f"followers_count {followers_text!r} is a rounded display value")
        else:
            followers = parse_count(followers_text, "followers_count") or 0
            if not followers_text:
                raise ParseError("followers_count: empty")
        if when.startswith("~"):
            approx.append(f"snapshot_utc {when!r} is approximate")
            observed = _day_start_utc(when[1:], "snapshot_utc") + timedelta(hours=8)  # the day at 00:00 UTC
        else:
            t = parse_time(when, field="snapshot_utc")
            if t is None:
                raise ParseError("snapshot_utc: empty")
            observed = t
        if approx and not keep_approx:
            yield Reject(line, raw, "; ".join(approx) + ": not stored as an exact snapshot "
                         "(use --option approximate=keep to store it anyway)")
            return
        name = row.get("name") or self.options.get("name") or None
        yield Rec("follower_snapshots", _snapshot(platform, uid, name, observed, followers, "+00:00"), line, raw)
        extra = json_obj({k: row.get(k) for k in ("source_repo", "source_path", "source_commit", "note")}
                         | {"approximate": "; ".join(approx) or None})
        yield Rec("accounts", {
            "platform": platform, "account_id": uid, "name": name, "description": None, "followers": followers,
            "following": parse_count(row.get("friends_count"), "friends_count"),
            "posts_count": parse_count(row.get("statuses_count"), "statuses_count"), "verified": None,
            "location": None, "created_at": None, "observed_at": observed, "extra": extra,
        }, line, raw, primary=False)
