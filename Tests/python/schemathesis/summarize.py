"""Prints what a schemathesis run sent (per operation and status) and which known exclusions applied.

Usage: python3 summarize.py STATS.jsonl EXCLUSIONS.jsonl   (files written by hooks.py; either may be empty)
"""

import collections
import json
import os
import sys


def main(stats_path, exclusions_path):
    if os.path.exists(stats_path) and os.path.getsize(stats_path):
        per_op = collections.defaultdict(collections.Counter)
        modes = collections.Counter()
        with open(stats_path, encoding="utf-8") as stats:
            for line in stats:
                operation, _phase, mode, status = json.loads(line)
                per_op[operation][status] += 1
                modes[mode] += 1
        print("== requests sent, by operation and status:")
        for operation in sorted(per_op, key=lambda label: (label.split(" ", 1)[1], label)):
            counts = " ".join(f"{status}x{n}" for status, n in sorted(per_op[operation].items()))
            print(f"  {operation}: {counts}")
        total = sum(modes.values())
        print(f"  {len(per_op)} operations, {total} requests ({modes['positive']} positive, {modes['negative']} negative cases)")
    if os.path.exists(exclusions_path) and os.path.getsize(exclusions_path):
        counts = collections.Counter()
        with open(exclusions_path, encoding="utf-8") as exclusions:
            for line in exclusions:
                counts[json.loads(line)["exclusion"]] += 1
        print("== known exclusions applied (hooks.py KNOWN_EXCLUSIONS):")
        for name, n in sorted(counts.items()):
            print(f"  {name}: {n}")
    else:
        print("== no known exclusion applied")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
