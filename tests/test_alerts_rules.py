"""Alert rules on a SYNTHETIC store: conditions, once per incident, clear failures, file/webhook/SMTP delivery."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from tests._web_data import build
from yuqing.alerts import check_rules, fired, load_rules
from yuqing.cli import get_app
from yuqing.core import InputError, UsageError
from yuqing.store import Store, open_store

pytestmark = pytest.mark.xdist_group("alerts")

RULES = """\
outputs:
  - file: {out}
rules:
  - name: leader-silence
    type: silence
    account: 合成领袖
  - name: drop
    type: follower_drop
    account: 合成领袖
    pct: 0.1
    days: 7
  - name: crash
    type: price_move
    symbol: DEMO.HK
    pct: 0.1
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = open_store(str(tmp_path_factory.mktemp("alerts") / "a.duckdb"))
    build(s)
    return s


def _rules(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "rules.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_rules_fire_once_per_incident(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    rules = _rules(tmp_path, RULES.format(out=out))
    new = check_rules(store, rules)
    by = {a.rule: a for a in new}
    assert set(by) == {"leader-silence", "drop", "crash"}
    sil = by["leader-silence"]
    assert sil.incident.startswith("合成领袖:2025-01-30") and sil.evidence
    assert "合成领袖 has been silent from 2025-01-30" in sil.message
    crash = by["crash"]
    assert crash.incident == "DEMO.HK:2025-02-10" and crash.figures["move"] < -0.1
    assert crash.evidence == ("prices/DEMO.HK/2025-02-07/none", "prices/DEMO.HK/2025-02-10/none")
    assert by["drop"].figures["pct"] <= -0.1
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert sorted(x["rule"] for x in lines) == sorted(a.rule for a in new)
    # second check: same incidents are not delivered again
    assert check_rules(store, rules) == []
    assert len(out.read_text("utf-8").splitlines()) == len(new)
    assert {r["incident"] for r in fired(store)} >= {a.incident for a in new}


def test_quiet_rules_do_not_fire(store: Store, tmp_path: Path) -> None:
    rules = _rules(tmp_path, "rules:\n  - {name: big, type: price_move, symbol: DEMO.HK, pct: 0.5}\n"
                             "  - {name: d, type: follower_drop, account: 合成领袖, pct: 0.5, days: 7}\n")
    assert check_rules(store, rules, dry_run=True) == []


def test_missing_analysis_fails_clearly(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yuqing.analyses as an

    regs = {k: v for k, v in an.analyses().items() if k != "mood"}
    monkeypatch.setattr(an, "analyses", lambda: regs)
    rules = _rules(tmp_path, "rules:\n  - {name: m, type: negative_mood, target: 'account:合成领袖', share: 0.4}\n")
    with pytest.raises(UsageError, match="needs the analysis 'mood', which is not installed"):
        check_rules(store, rules, dry_run=True)
    errs: list[tuple[str, str]] = []
    assert check_rules(store, rules, dry_run=True, errors=errs) == [] and errs[0][0] == "m"


def test_signal_rule_fires_on_any_analysis_detections_once(store: Store, tmp_path: Path) -> None:
    """The generic rule: an analysis's own signals() are the alerts; the same detection fires once."""
    out = tmp_path / "signals.jsonl"
    rules = _rules(tmp_path, f"outputs:\n  - file: {out}\nrules:\n"
                             "  - {name: quiet, type: signal, analysis: silences, params: {account: 合成领袖}, "
                             "kind: silence}\n"
                             "  - {name: none, type: signal, analysis: silences, params: {account: 合成领袖}, "
                             "min_magnitude: 10000}\n")
    new = check_rules(store, rules)
    assert new and {a.rule for a in new} == {"quiet"}
    first = new[0]
    assert first.figures["kind"] == "silence" and first.figures["start"] <= "2025-01-30" <= first.figures["end"]
    assert first.evidence and all(r.startswith("posts/") for r in first.evidence)
    assert check_rules(store, rules) == []


@pytest.mark.parametrize(("text", "line", "why"), [
    ("rules:\n  - name: a\n    type: nope\n", 2, "unknown rule type 'nope'"),
    ("rules:\n  - name: a\n    type: silence\n", 2, "needs account"),
    ("rules:\n  - {type: price_move, symbol: X, pct: -1}\n", 2, "pct must be a non-negative number"),
    ("rules:\n  - {type: silence, account: a, colour: red}\n", 2, "unknown field(s) colour"),
    ("rules:\n  - {type: silence, account: a, since: 2025-13-01}\n", 2, "not a date"),
    ("outputs:\n  - webhook: ftp://x\nrules: []\n", 2, "http(s) url"),
    ("rules: [\n", 2, "not valid YAML"),
    ("- just a list\n", 1, "'rules:' list"),
    ("rules:\n  - {type: signal}\n", 2, "needs analysis"),
    ("rules:\n  - {type: signal, analysis: nosuch}\n", 2, "unknown analysis 'nosuch'"),
    ("rules:\n  - {type: signal, analysis: silences, params: {acount: x}}\n", 2, "has no parameter(s) acount"),
    ("rules:\n  - {type: signal, analysis: silences}\n", 2, "silences needs account"),
    ("rules:\n  - {type: signal, analysis: silences, params: {account: a, alpha: lots}}\n", 2, "not a valid float"),
])
def test_bad_rules_name_file_and_line(tmp_path: Path, text: str, line: int, why: str) -> None:
    p = _rules(tmp_path, text)
    with pytest.raises(InputError) as ei:
        load_rules(p)
    assert ei.value.path == str(p) and ei.value.line == line and why in ei.value.reason


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    got: list[dict[str, Any]] = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            n = int(self.headers["Content-Length"])
            got.append({"body": json.loads(self.rfile.read(n)), "type": self.headers["Content-Type"]})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a: Any) -> None:
            pass

    srv = HTTPServer(("127.0.0.1", 0), H)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook", got
    srv.shutdown()
    srv.server_close()


def test_webhook_posts_json(store: Store, tmp_path: Path, webhook: tuple[str, list[dict[str, Any]]]) -> None:
    url, got = webhook
    rules = _rules(tmp_path, f"outputs:\n  - webhook: {url}\nrules:\n"
                             "  - {name: hook-crash, type: price_move, symbol: DEMO.HK, pct: 0.1}\n")
    new = check_rules(store, rules)
    assert len(new) == 1 and len(got) == 1
    assert got[0]["type"] == "application/json"
    assert got[0]["body"]["count"] == 1 and got[0]["body"]["alerts"][0]["incident"] == "DEMO.HK:2025-02-10"


def test_webhook_failure_is_an_error(store: Store, tmp_path: Path) -> None:
    rules = _rules(tmp_path, "outputs:\n  - webhook: http://127.0.0.1:9/none\nrules:\n"
                             "  - {name: dead, type: price_move, symbol: DEMO.HK, pct: 0.1}\n")
    with pytest.raises(UsageError, match=r"webhook http://127\.0\.0\.1:9/none failed"):
        check_rules(store, rules)
    assert check_rules(store, rules, dry_run=True)  # not recorded as delivered: it will be retried


class _SMTP(socketserver.StreamRequestHandler):
    """A tiny SMTP server (enough for smtplib): records each message's envelope and data."""

    messages: ClassVar[list[dict[str, Any]]] = []

    def handle(self) -> None:
        w = self.wfile.write
        w(b"220 test ESMTP\r\n")
        env: dict[str, Any] = {"rcpt": []}
        while True:
            line = self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")
            cmd = line[:4].upper()
            if cmd in ("EHLO", "HELO"):
                w(b"250 test\r\n")
            elif cmd == "MAIL":
                env["from"] = line
                w(b"250 ok\r\n")
            elif cmd == "RCPT":
                env["rcpt"].append(line)
                w(b"250 ok\r\n")
            elif cmd == "DATA":
                w(b"354 go\r\n")
                data = []
                while (ln := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(ln)
                env["data"] = b"".join(data).decode("utf-8", "replace")
                _SMTP.messages.append(env)
                env = {"rcpt": []}
                w(b"250 queued\r\n")
            elif cmd == "QUIT" or not line:
                w(b"221 bye\r\n")
                return
            else:
                w(b"250 ok\r\n")


def test_email_via_smtp(store: Store, tmp_path: Path) -> None:
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        port = srv.server_address[1]
        rules = _rules(tmp_path, f"outputs:\n  - email: {{host: 127.0.0.1, port: {port}, from: y@example.org, "
                                 "to: ops@example.org}\nrules:\n"
                                 "  - {name: mail-crash, type: price_move, symbol: DEMO.HK, pct: 0.1}\n")
        new = check_rules(store, rules)
    finally:
        srv.shutdown()
        srv.server_close()
    assert len(new) == 1 and len(_SMTP.messages) == 1
    m = _SMTP.messages[0]
    assert "y@example.org" in m["from"] and "ops@example.org" in m["rcpt"][0]
    assert "[yuqing] 1 alert(s): mail-crash" in m["data"] and "DEMO.HK" in m["data"]


def test_cli_alerts_check_and_list(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    s = open_store(db)
    build(s)
    s.close()
    rules = _rules(tmp_path, "rules:\n  - {name: c, type: price_move, symbol: DEMO.HK, pct: 0.1}\n"
                             "  - {name: t, type: trending_burst, match: 合成}\n")
    r = CliRunner().invoke(get_app(), ["--db", db, "alerts", "check", "--rules", str(rules), "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [a["incident"] for a in data["new"]] == ["DEMO.HK:2025-02-10"] and data["errors"] == []
    r2 = CliRunner().invoke(get_app(), ["--db", db, "alerts", "check", "--rules", str(rules), "-f", "json"])
    assert json.loads(r2.stdout)["new"] == []
    r3 = CliRunner().invoke(get_app(), ["--db", db, "alerts", "list", "-f", "json"])
    assert [x["rule"] for x in json.loads(r3.stdout)["fired"]] == ["c"]
    bad = _rules(tmp_path, "rules:\n  - {type: silence}\n")
    r4 = CliRunner().invoke(get_app(), ["--db", db, "alerts", "check", "--rules", str(bad)])
    flat = "".join(c for c in r4.output if c not in "│ \n")  # the error box may wrap the long path anywhere
    assert r4.exit_code != 0 and f"{bad}:2:rule" in flat and "needsaccount" in flat, r4.output


def test_backends_evidence_and_alert_state(any_store: Store, tmp_path: Path) -> None:
    """Record references resolve, and alert state is kept, the same on DuckDB and PostgreSQL."""
    from yuqing.reports import resolve_refs

    build(any_store)
    rules = _rules(tmp_path, "rules:\n  - {name: c, type: price_move, symbol: DEMO.HK, pct: 0.1}\n"
                             "  - {name: d, type: follower_drop, account: 合成领袖, pct: 0.1, days: 7}\n")
    out = tmp_path / "o.jsonl"
    new = check_rules(any_store, rules, deliver_to=[{"kind": "file", "path": str(out)}])
    assert sorted(a.rule for a in new) == ["c", "d"]
    assert check_rules(any_store, rules) == []
    refs = [r for a in new for r in a.evidence]
    got = resolve_refs(any_store, refs)
    assert got and all(r.found for r in got)
    assert {r.table for r in got} == {"prices", "follower_snapshots"}
    assert all(r.source.startswith("synthetic/") for r in got)
