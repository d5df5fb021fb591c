#!/usr/bin/python3
# Measures the passage-role classifier on the five seed texts in ../shared/corpus/seeds against the
# hand labels in bench/data/seed_roles.jsonl (offsets, role and a short hash only: no text is stored).
#
# usage: bench/roles_seeds.py [--credence PATH] [--shared DIR] [--no-title] [--errors]
# Runs `credence segment FILE --format text --jsonl [--title TITLE]` for each seed (title from the
# seeds' MANIFEST.jsonl unless --no-title) and prints role accuracy and body-vs-not-body accuracy.
# Exits 0 after printing, 2 on usage problems, 3 when the seeds or the binary are missing.
import argparse
import hashlib
import json
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_credence():
    # the most recently built binary among the usual build folders
    found = []
    for entry in os.listdir(ROOT):
        if entry.startswith("build"):
            for sub in ("bin", "cli", ""):
                path = os.path.join(ROOT, entry, sub, "credence")
                if os.path.isfile(path) and os.access(path, os.X_OK):
                    found.append((os.path.getmtime(path), path))
    return max(found)[1] if found else None


def normalised_text(path):
    # the same normalisation credence applies (BOM, CRLF/CR, NFC), to check label drift by hash
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def segment(credence, path, title):
    cmd = [credence, "segment", path, "--format", "text", "--jsonl"]
    if title:
        cmd += ["--title", title]
    run = subprocess.run(cmd, capture_output=True)
    if run.returncode not in (0, 1):
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), run.returncode, run.stderr.decode("utf-8", "replace")))
    return [json.loads(line) for line in run.stdout.decode("utf-8").splitlines() if line.strip()]


def predicted_role(passages, start, end):
    # the passage with exactly these offsets, else the one overlapping the gold span most
    best, best_overlap = None, 0
    for p in passages:
        if p["start"] == start and p["end"] == end:
            return p["role"], True
        overlap = min(end, p["end"]) - max(start, p["start"])
        if overlap > best_overlap:
            best, best_overlap = p, overlap
    return (best["role"] if best else "none"), False


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--credence", help="path of the credence binary (default: first found in build dirs)")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"), help="the shared material folder")
    ap.add_argument("--labels", default=os.path.join(ROOT, "bench", "data", "seed_roles.jsonl"))
    ap.add_argument("--no-title", action="store_true", help="do not pass the manifest title")
    ap.add_argument("--errors", action="store_true", help="list each misclassified passage (index and roles)")
    args = ap.parse_args()

    seeds = os.path.join(args.shared, "corpus", "seeds")
    if not os.path.isdir(seeds):
        print("seeds not found in %s; nothing to measure" % seeds, file=sys.stderr)
        return 3
    credence = args.credence or find_credence()
    if not credence:
        print("credence binary not found; build it or pass --credence", file=sys.stderr)
        return 3
    manifest = {}
    with open(os.path.join(seeds, "MANIFEST.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                manifest[row["file"]] = row
    gold_by_file = {}
    with open(args.labels, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                gold_by_file.setdefault(row["file"], []).append(row)

    total = correct = body_correct = drift = moved = 0
    tp = fp = fn = 0
    confusion = {}
    print("binary: %s%s" % (credence, " (no titles)" if args.no_title else ""))
    print("%-28s %6s %10s %14s" % ("file", "units", "role acc", "body/not acc"))
    for name in sorted(gold_by_file):
        path = os.path.join(seeds, name)
        title = None if args.no_title else (manifest.get(name, {}).get("title") or None)
        passages = segment(credence, path, title)
        text = normalised_text(path)
        n = c = b = 0
        for g in gold_by_file[name]:
            if hashlib.sha256(text[g["start"]:g["end"]].encode("utf-8")).hexdigest()[:8] != g["sha256_8"]:
                drift += 1
            role, exact = predicted_role(passages, g["start"], g["end"])
            if not exact:
                moved += 1
            n += 1
            c += role == g["role"]
            gb, pb = g["role"] == "body", role == "body"
            b += gb == pb
            tp += gb and pb
            fp += pb and not gb
            fn += gb and not pb
            confusion[(g["role"], role)] = confusion.get((g["role"], role), 0) + 1
            if args.errors and role != g["role"]:
                print("   %s #%d: gold %s, predicted %s" % (name, g["index"], g["role"], role))
        print("%-28s %6d %9.1f%% %13.1f%%" % (name, n, 100.0 * c / n, 100.0 * b / n))
        total += n
        correct += c
        body_correct += b
    print("%-28s %6d %9.1f%% %13.1f%%" % ("all", total, 100.0 * correct / total, 100.0 * body_correct / total))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    print("body precision %.3f, recall %.3f (tp %d, fp %d, fn %d)" % (precision, recall, tp, fp, fn))
    print("confusion (gold -> predicted):")
    for (g, p), k in sorted(confusion.items()):
        print("  %-12s -> %-12s %d" % (g, p, k))
    if drift:
        print("warning: %d labelled passages no longer match their hash (the seed texts changed)" % drift)
    if moved:
        print("note: %d labelled passages have no passage with the same offsets (segmentation changed); "
              "the most-overlapping passage was scored" % moved)
    return 0


if __name__ == "__main__":
    sys.exit(main())
