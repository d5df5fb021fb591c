#!/usr/bin/python3
# Benchmark of label import/export: generates N invented documents with M labels from two annotators in
# doccano JSONL (the text travels with the labels, so import also creates the articles), then times
# `credence import-labels` and `credence export` in several formats and reports wall time and peak memory.
#   /usr/bin/python3 bench/formats_bench.py --credence build/bin/credence --docs 100000 --labels 1000000
import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

WORDS = ("council river budget plan spill water refinery lithium permit mayor residents inspector report "
         "company shares protest union harbour bridge school clinic vote party minister court ruling").split()
RUBRIC = """{
  "id": "bench", "version": "1.0.0", "title": "Benchmark rubric",
  "dimensions": [
    {"id": "loaded_language", "name": "Loaded language", "unit": "span", "scale": "nominal", "multiple": true,
     "categories": [{"id": "name_calling", "name": "Name calling", "definition": "x"},
                    {"id": "exaggeration", "name": "Exaggeration", "definition": "x"}]},
    {"id": "tone", "name": "Tone", "unit": "article", "scale": "ordinal",
     "categories": [{"id": "anti", "name": "Anti", "definition": "x"}, {"id": "neutral", "name": "Neutral", "definition": "x"},
                    {"id": "pro", "name": "Pro", "definition": "x"}]}
  ]
}
"""


def json_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def generate(path, n_docs, n_labels, seed=7):
    rng = random.Random(seed)
    per_doc = n_labels // n_docs
    with open(path, "w", encoding="utf-8") as out:
        for doc_idx in range(n_docs):
            sentences = []
            for _ in range(4):
                words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
                words[0] = words[0].capitalize()
                sentences.append(" ".join(words) + ".")
            text = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
            # Word boundaries, for spans that start and end on words.
            starts = [0] + [i + 1 for i, c in enumerate(text) if c in " \n" and i + 1 < len(text) and text[i + 1] not in " \n"]
            for annotator in ("ann_a", "ann_b"):
                n = per_doc // 2
                spans = []
                for _ in range(n - 1):
                    s = rng.choice(starts[:-3])
                    e = text.find(" ", s + 1)
                    e = len(text) if e < 0 else e
                    spans.append(f"[{s}, {e}, \"loaded_language.{rng.choice(('name_calling', 'exaggeration'))}\"]")
                label = ", ".join(spans + [f"\"tone.{rng.choice(('anti', 'neutral', 'pro'))}\""])
                out.write(f'{{"id": "d{doc_idx}", "text": {json_str(text)}, "annotator": "{annotator}", "label": [{label}]}}\n')


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, max(peak, before), proc.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--credence", default="build/bin/credence")
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--labels", type=int, default=1000000)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="credence-formats-bench-")
    try:
        data = os.path.join(work, "labels.jsonl")
        t0 = time.perf_counter()
        generate(data, args.docs, args.labels)
        print(f"generated {args.docs} documents, {args.labels} labels ({os.path.getsize(data) / 1e6:.0f} MB doccano JSONL) "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)
        rubric = os.path.join(work, "rubric.json")
        with open(rubric, "w") as f:
            f.write(RUBRIC)
        study = os.path.join(work, "study")
        run([args.credence, "init", study, "--rubric", rubric])
        rows = []
        # ru_maxrss of children is the largest child so far, so each step is measured in its own process
        # tree: run each through a fresh python to get its own peak.
        steps = [("import-labels doccano (creates the articles)",
                  [args.credence, "import-labels", study, "--format", "doccano", data])]
        for fmt, out in (("csv", "out.csv"), ("doccano", "out.jsonl"), ("label-studio", "out.json"), ("brat", "brat"),
                         ("webanno-tsv", "tsv")):
            steps.append((f"export {fmt}", [args.credence, "export", study, "--format", fmt, "--out", os.path.join(work, out)]))
        steps.append(("import-labels csv (labels already stored: checked, none added)",
                      [args.credence, "import-labels", study, "--format", "csv", os.path.join(work, "out.csv")]))
        for name, cmd in steps:
            probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
                     "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);w=time.perf_counter()-t;"
                     "u=resource.getrusage(resource.RUSAGE_CHILDREN);print(p.returncode,w,u.ru_maxrss,u.ru_utime+u.ru_stime);"
                     "sys.stderr.write(p.stdout[-300:]+p.stderr[-1500:])")
            proc = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True)
            code, wall, peak, cpu = proc.stdout.split()
            summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
            if code != "0":
                sys.stderr.write(proc.stderr)
                raise SystemExit(f"step failed: {name}")
            rows.append((name, float(wall), float(cpu), int(peak) / 1024, summary))
            print(f"{name}: {float(wall):.1f} s wall, {float(cpu):.1f} s CPU", flush=True)
        print(f"\n| step | wall (s) | CPU user+sys (s) | peak RSS (MB) | credence says |\n|---|---:|---:|---:|---|")
        for name, wall, cpu, peak, summary in rows:
            print(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | {summary} |")
    finally:
        if args.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
