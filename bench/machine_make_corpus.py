#!/usr/bin/env python3
"""Writes a JSONL corpus of about N MB for the machine-annotator throughput benchmark.

Cycles through real news text read at run time (the PTC training articles and the seed texts under
../shared/corpus, or the project's own sample corpus when those are absent), one {"id", "text"} object
per line. The output goes outside the repository (default /tmp); nothing is copied into the project.

  python3 bench/machine_make_corpus.py --mb 1000 --out /tmp/credence-1g.jsonl
"""
import argparse
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--out", default="/tmp/credence-machine-corpus.jsonl")
    args = ap.parse_args()
    shared = os.path.join(ROOT, "..", "shared", "corpus")
    files = sorted(glob.glob(os.path.join(shared, "ptc_semeval2020", "train-articles", "*.txt")))
    files += sorted(glob.glob(os.path.join(shared, "seeds", "*.txt")))
    if not files:
        files = sorted(glob.glob(os.path.join(ROOT, "datasets", "sample", "articles", "*.txt")))
    texts = [open(f, encoding="utf-8").read() for f in files]
    target = int(args.mb * 1e6)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < target:
            line = json.dumps({"id": f"a{n}", "text": texts[n % len(texts)]}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{args.out}: {n} articles, {written / 1e6:.1f} MB from {len(texts)} distinct texts")


if __name__ == "__main__":
    main()
