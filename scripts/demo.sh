#!/usr/bin/env bash
# The main job on the bundled sample corpus: create a study, import the articles and the labels of
# three human annotators and one machine annotator, run the machine annotators, measure agreement per
# rubric dimension, adjudicate, profile and compare the outlets, and write the HTML report.
# Everything goes to out/sample/.
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
echo "== agreement per rubric dimension (full tables: $out/agreement.txt)"
"$credence" agreement "$study" --bootstrap 1000 > "$out/agreement.txt"
"$credence" agreement "$study" --bootstrap 1000 --json > "$out/agreement.json"
grep -E '^== |^krippendorff_alpha|^gwet_ac1|^! ' "$out/agreement.txt"
echo
"$credence" adjudicate "$study" --method dawid-skene > "$out/adjudication.txt"
head -n 1 "$out/adjudication.txt"
"$credence" profile "$study" > "$out/profiles.txt"
"$credence" profile "$study" --csv > "$out/profiles.csv"
"$credence" compare "$study" --sources all > "$out/comparisons.txt"
"$credence" report "$study" --out "$out/report.html"
echo
echo "output: $out"
echo "  report:      $out/report.html"
echo "  agreement:   $out/agreement.txt (and .json)"
echo "  profiles:    $out/profiles.txt (and .csv)"
echo "  comparisons: $out/comparisons.txt"
echo "  study:       $study/credence.db"
