"""Account resolution (``yuqing.core.resolve_account``): by id, name or ``platform:id``, and by creator_hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from yuqing.core import NotFoundError, creator_hash, resolve_account
from yuqing.sources import ingest_file
from yuqing.store import Store


def _posts(tmp: Path, account_id: str) -> Path:
    f = tmp / "posts.jsonl"
    row = {"platform": "xhs", "post_id": "n1", "account_id": account_id, "account_name": "某人", "kind": "post",
           "created_at": "2025-03-01T00:00:00+00:00", "text": "[synthetic]"}
    f.write_text('{"yuqing":"native","version":1,"synthetic":true}\n' + json.dumps({"table": "posts", "row": row})
                 + "\n", encoding="utf-8")
    return f


def test_creator_hash_is_the_sha256_prefix() -> None:
    assert creator_hash("1749127163") == hashlib.sha256(b"1749127163").hexdigest()[:16]


def test_a_known_uid_finds_the_account_stored_under_its_hash(any_store: Store, tmp_path: Path) -> None:
    ingest_file(any_store, _posts(tmp_path, creator_hash("5550001")))
    acc = resolve_account(any_store, "xhs:5550001")
    assert (acc.platform, acc.account_id, acc.name) == ("xhs", creator_hash("5550001"), "某人")
    assert resolve_account(any_store, "某人").account_id == creator_hash("5550001")
    with pytest.raises(NotFoundError):
        resolve_account(any_store, "xhs:5550002")
