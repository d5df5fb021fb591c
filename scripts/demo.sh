#!/usr/bin/env bash
# The main job on the bundled sample corpus: create a study, import the articles and the labels of
# three human annotators and one machine annotator, and summarise. Output goes to out/sample/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
case "$build" in /*) ;; *) build="$here/$build" ;; esac
credence="$build/bin/credence"
data="$here/datasets/sample"
out="$here/out/sample"
study="$out/study"

rm -rf "$study"
mkdir -p "$out"
"$credence" init "$study"
"$credence" import "$study" "$data/articles" --manifest "$data/MANIFEST.jsonl"
"$credence" import-labels "$study" "$data/labels.jsonl"
"$credence" pre-annotate "$study"
"$credence" status "$study" | tee "$out/status.txt"
echo
echo "output: $out (study database: $study/credence.db, summary: $out/status.txt)"
