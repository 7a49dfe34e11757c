#!/usr/bin/env python3
"""Fails when a `hypercube bench render` run misses its checked-in thresholds.

    hypercube $(scripts/bench-gate.py --arguments T.json) | tee bench.md
    scripts/bench-gate.py T.json bench.md

Reads the Markdown table the benchmark prints (and its "device:" line), looks up each case of T.json by scene and
size, and compares the named columns: "max" values are milliseconds a column may not exceed, "min" values are
ratios ("0.04×") it may not fall under. A missing case, a missing column, or a device whose name lacks T.json's
"device" is a failure too, so a run that silently fell back to the CPU driver cannot pass.
"""

import json
import re
import sys


def number(cell):
    match = re.match(r"\s*([0-9.]+)\s*(ms|×)?\s*$", cell)
    return float(match.group(1)) if match else None


def parse(text):
    device, header, rows = "", None, {}
    for line in text.splitlines():
        if line.lower().startswith("device:"):
            device = line
        if not line.startswith("|") or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:2] == ["scene", "size"]:
            header = cells
        elif header:
            rows[(cells[0], cells[1])] = dict(zip(header, cells))
    return device, rows


def main():
    if sys.argv[1:2] == ["--arguments"]:
        print(" ".join(json.load(open(sys.argv[2]))["arguments"]))
        return 0
    thresholds = json.load(open(sys.argv[1]))
    device, rows = parse(open(sys.argv[2]).read())
    failures = []
    if thresholds["device"] not in device:
        failures.append(f"device: wanted one named {thresholds['device']!r}, the run used {device!r}")
    for case in thresholds["cases"]:
        key = (case["scene"], case["size"])
        row = rows.get(key)
        if row is None:
            failures.append(f"{key[0]} {key[1]}: not in the benchmark's table")
            continue
        for bound, sign in (("max", 1), ("min", -1)):
            for column, limit in case.get(bound, {}).items():
                value = number(row.get(column, ""))
                if value is None:
                    failures.append(f"{key[0]} {key[1]} {column}: no figure ({row.get(column)!r})")
                elif sign * (value - limit) > 0:
                    failures.append(f"{key[0]} {key[1]} {column}: {value} is past the {bound} of {limit}")
                else:
                    print(f"ok   {key[0]} {key[1]} {column}: {value} (within the {bound} of {limit})")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
