#!/usr/bin/env python3
"""Writes an audit log as the server would, from the documented formula alone: `audit_chain.py DIR KEY N`
writes N keyed entries to DIR/audit.jsonl and their signed head to DIR/flags.json; KEY "-" writes unkeyed entries
and an unsigned head."""
import hashlib
import hmac
import json
import sys

directory, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
previous = "0" * 64
lines = []
for seq in range(1, count + 1):
    entry = {"seq": seq, "time": "2026-12-07T10:00:%02d.000Z" % seq, "actor": "alice", "action": "flag.set",
             "target": "bitrate", "old": seq * 1000, "new": (seq + 1) * 1000, "prev_hash": previous}
    if key != "-":
        entry["alg"] = "hmac-sha256"
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if key != "-":
        entry["hash"] = hmac.new(key.encode(), text, hashlib.sha256).hexdigest()
    else:
        entry["hash"] = hashlib.sha256(text).hexdigest()
    previous = entry["hash"]
    lines.append(json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
with open(f"{directory}/audit.jsonl", "w") as log:
    log.write("".join(line + "\n" for line in lines))
with open(f"{directory}/flags.json", "w") as flags:
    head = {"seq": count, "hash": previous}
    if key != "-":
        head["mac"] = hmac.new(key.encode(), f"hypercube-audit-head\n{count}\n{previous}".encode(), "sha256").hexdigest()
    json.dump({"version": 1, "flags": {}, "audit_head": head}, flags)
