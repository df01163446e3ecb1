"""Where alerts go: stdout, a JSON-lines file, a webhook (POST JSON) and e-mail (SMTP via smtplib).

An output is one entry of the rules file's ``outputs:`` list::

    outputs:
      - stdout
      - file: alerts.jsonl
      - webhook: http://127.0.0.1:9000/hook        # or {url: ..., timeout: 10, token_env: HOOK_TOKEN}
      - email: {host: 127.0.0.1, port: 25, from: yuqing@example.org, to: [ops@example.org],
                starttls: false, user: null, password_env: SMTP_PASSWORD}
"""

from __future__ import annotations

import os
import smtplib
import sys
import urllib.request
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import orjson

from yuqing.core import InputError, UsageError

KINDS = ("stdout", "file", "webhook", "email")


def check_output(path: str, o: Any) -> dict[str, Any]:
    """Normalise one ``outputs:`` entry to ``{"kind": ..., ...}``; InputError when malformed."""
    line = int(o.get("__line__", 0)) if isinstance(o, dict) else 0
    if o == "stdout":
        return {"kind": "stdout"}
    if not isinstance(o, dict) or len([k for k in o if k != "__line__"]) != 1:
        raise InputError(path, line, f"an output is 'stdout' or one of file:, webhook:, email:, got {o!r}")
    kind = next(k for k in o if k != "__line__")
    val = o[kind]
    if kind == "file":
        return {"kind": "file", "path": str(val)}
    if kind == "webhook":
        cfg = {"url": val} if isinstance(val, str) else dict(val or {})
        cfg.pop("__line__", None)
        if not str(cfg.get("url", "")).startswith(("http://", "https://")):
            raise InputError(path, line, f"webhook needs an http(s) url, got {cfg.get('url')!r}")
        return {"kind": "webhook", **cfg}
    if kind == "email":
        cfg = dict(val or {}) if isinstance(val, dict) else {}
        cfg.pop("__line__", None)
        to = cfg.get("to")
        cfg["to"] = [to] if isinstance(to, str) else list(to or [])
        if not cfg.get("host") or not cfg.get("from") or not cfg["to"]:
            raise InputError(path, line, "email needs host, from and to")
        return {"kind": "email", **cfg}
    raise InputError(path, line, f"unknown output {kind!r}; known: {', '.join(KINDS)}")


def _json(alerts: list[dict[str, Any]]) -> bytes:
    return orjson.dumps({"alerts": alerts, "count": len(alerts)}, default=str)


def deliver(output: dict[str, Any], alerts: list[dict[str, Any]]) -> None:
    """Send ``alerts`` (dicts from Alert.as_dict) to one output; raises UsageError when delivery fails."""
    kind = output["kind"]
    if not alerts:
        return
    if kind == "stdout":
        for a in alerts:
            sys.stdout.write(f"ALERT [{a['rule']}] {a['message']}\n")
        sys.stdout.flush()
    elif kind == "file":
        p = Path(output["path"])
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("ab") as fh:
            for a in alerts:
                fh.write(orjson.dumps(a, default=str) + b"\n")
    elif kind == "webhook":
        headers = {"Content-Type": "application/json", "User-Agent": "yuqing-alerts"}
        tok = os.environ.get(str(output.get("token_env") or ""), "") if output.get("token_env") else ""
        if tok:
            headers["Authorization"] = f"Bearer {tok}"
        req = urllib.request.Request(str(output["url"]), data=_json(alerts), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=float(output.get("timeout", 10))) as resp:
                if resp.status >= 300:
                    raise UsageError(f"webhook {output['url']} answered HTTP {resp.status}")
        except OSError as exc:
            raise UsageError(f"webhook {output['url']} failed: {exc}") from exc
    elif kind == "email":
        msg = EmailMessage()
        msg["From"] = str(output["from"])
        msg["To"] = ", ".join(output["to"])
        msg["Subject"] = f"{output.get('subject_prefix', '[yuqing]')} {len(alerts)} alert(s): {alerts[0]['rule']}"
        msg.set_content("\n\n".join(f"[{a['rule']}] {a['message']}\nevidence: {', '.join(a['evidence'][:10])}"
                                    for a in alerts))
        msg.add_attachment(_json(alerts), maintype="application", subtype="json", filename="alerts.json")
        try:
            with smtplib.SMTP(str(output["host"]), int(output.get("port", 25)), timeout=float(output.get("timeout", 10))) as s:
                if output.get("starttls"):
                    s.starttls()
                if output.get("user"):
                    s.login(str(output["user"]), os.environ.get(str(output.get("password_env") or ""), ""))
                s.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise UsageError(f"e-mail via {output['host']}:{output.get('port', 25)} failed: {exc}") from exc
