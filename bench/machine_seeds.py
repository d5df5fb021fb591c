#!/usr/bin/env python3
"""Loaded language per 1,000 body words, and claim support shares, on the five seed texts.

Runs `credence pre-annotate --file SEED --jsonl` (all machine annotators, body passages only) and
`credence segment SEED --jsonl` (for the body words) on ../shared/corpus/seeds, and prints one table row
per seed. Usage: python3 bench/machine_seeds.py --credence build/bin/credence [--min-confidence 0.5]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed (exit {out.returncode}): {out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--credence", default=os.path.join(ROOT, "build", "bin", "credence"))
    ap.add_argument("--seeds", default=os.path.join(ROOT, "..", "shared", "corpus", "seeds"))
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()
    if not os.path.isdir(args.seeds):
        print(f"skipped: seeds not found at {args.seeds}")
        return 0
    manifest = [json.loads(l) for l in open(os.path.join(args.seeds, "MANIFEST.jsonl"), encoding="utf-8") if l.strip()]
    print(f"confidence threshold: {args.min_confidence}")
    print("| seed | outlet | body words | loaded spans | per 1,000 body words | confidence-weighted per 1,000 | "
          "claims | named | anonymous | hedged | unsupported | speculation |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for entry in manifest:
        path = os.path.join(args.seeds, entry["file"])
        passages = run([args.credence, "segment", path, "--jsonl", "--title", entry.get("title") or ""])
        body_words = sum(len(WORD.findall(p["text"])) for p in passages if p["role"] == "body")
        labels = [l for l in run([args.credence, "pre-annotate", "--file", path, "--jsonl"])
                  if l["confidence"] >= args.min_confidence]
        loaded = [l for l in labels if l["dimension"] == "loaded_language"]
        claims = collections.Counter(l["category"] for l in labels if l["dimension"] == "claim_support")
        n_claims = sum(claims.values())
        per_k = 1000.0 * len(loaded) / body_words if body_words else float("nan")
        weighted = 1000.0 * sum(l["confidence"] for l in loaded) / body_words if body_words else float("nan")

        def share(cat):
            return f"{claims[cat] / n_claims:.0%}" if n_claims else "-"

        print(f"| {entry['file'][:3]} | {entry['outlet'][:40]} | {body_words} | {len(loaded)} | {per_k:.1f} | {weighted:.1f} | "
              f"{n_claims} | {share('named_source')} | {share('anonymous_source')} | {share('hedged')} | "
              f"{share('unsupported')} | {share('speculation_as_fact')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
