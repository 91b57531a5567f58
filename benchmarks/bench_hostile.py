"""Time and peak memory of loading each hostile input of the hardening work, one process each.

Run:  python benchmarks/bench_hostile.py

Each input is generated, loaded in a fresh process by ``load_files``, and reported with its size,
the wall time, the peak resident memory of that process and the first problem. Nothing is
asserted here; the tests check the limits that keep these inputs short.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

TASK = "line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    tasks:\n      - id: X-1\n        title: t\n"
DEPENDS = "".join(f"      - id: X-{i}\n        title: t\n        depends: [Y-{i}]\n" for i in range(5000))
INPUTS = {
    "hex progress, 3,572 digits": TASK + "        progress: 0x" + "f" * 3572 + "\n",
    "sexagesimal, 100k groups": TASK + "        progress: 1" + ":30" * 100_000 + "\n",
    "nesting 999 [": "line: L\ncode: X\nperiods: " + "[" * 999 + "]" * 999 + "\n",
    "period with 30,000 blanks": TASK.replace("period: 1-3月", 'period: "2026' + " " * 30_000 + 'x"'),
    "period with 9,000 blanks": TASK.replace("period: 1-3月", 'period: "2026' + " " * 9_000 + 'x"'),
    "a million keys (11 MB)": "".join(f"k{i}: 1\n" for i in range(1_000_000)),
    "5,000 unknown depends": "line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    tasks:\n" + DEPENDS,
    "200,000 aliases": "a: &a 1\nb: [" + ", ".join("*a" for _ in range(200_000)) + "]\n",
}
CHILD = """
import json, resource, sys, time
from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import load_files
data = sys.stdin.buffer.read()
start = time.perf_counter()
try:
    load_files({"plans/2026/plan.yaml": b"title: t\\nyear: 2026\\n", "plans/2026/01-x.yaml": data}, "plans/2026")
    first = "loads"
except PlanInvalid as exc:
    first = f"{len(exc.problems)} problems; {exc.problems[0].line}:{exc.problems[0].col} {exc.problems[0].message[:70]}"
seconds = time.perf_counter() - start
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, first]))
"""


def main() -> None:
    print(f"{'input':<28} {'bytes':>11} {'seconds':>8} {'peak MB':>8}  first problem")
    for name, text in INPUTS.items():
        data = text.encode()
        began = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD], input=data, capture_output=True, check=True).stdout
        seconds, peak, first = json.loads(out)
        whole = time.perf_counter() - began
        print(f"{name:<28} {len(data):>11,} {seconds:>8.2f} {peak:>8}  {first}  (process {whole:.1f} s)")


if __name__ == "__main__":
    main()
