#!/usr/bin/env bash
# Real-data check: the narrative-frames corpus (../shared/corpus/narrative_frames) through credence,
# ending with docs/narrative-frames.md (agreement per question, outlet profiles beside MBFC ratings).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
corpus="${2:-$here/../shared/corpus/narrative_frames}"
credence="$build/bin/credence"
work="$here/out/nf"
if [ ! -d "$corpus" ]; then
  echo "narrative_frames.sh: $corpus not found; pass the corpus folder as the second argument" >&2
  exit 3
fi
rm -rf "$work"
/usr/bin/python3 "$here/datasets/tools/narrative_frames.py" "$corpus" "$work"
"$credence" init "$work/study" --no-rubrics --rubric "$work/rubric.json"
"$credence" import "$work/study" "$work/articles.jsonl"
"$credence" import-labels "$work/study" "$work/labels.jsonl" 2> "$work/import-labels.log"
"$credence" agreement "$work/study" --bootstrap 1000 --json > "$work/agreement.json"
"$credence" profile "$work/study" --json > "$work/profile.json"
/usr/bin/python3 "$here/datasets/tools/narrative_frames_summary.py" "$work" "$here/docs/narrative-frames.md"
