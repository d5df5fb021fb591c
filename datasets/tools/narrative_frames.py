#!/usr/bin/env python3
"""Turns the narrative-frames corpus (Frermann, Li, Khanehzar & Haffari 2023, "Conflicts, Villains,
Resolutions: Towards models of Narrative Media Framing", MIT licence) into credence inputs.

Reads ../shared/corpus/narrative_frames (or the folder given) and writes, into OUT:
  articles.jsonl  one article per line: id, source (outlet names unified), date, text
  rubric.json     a credence rubric: the corpus's 23 yes/no questions as binary article dimensions
  labels.jsonl    every annotator's answer as a credence label (annotators nf_1 .. nf_4)
  outlets.tsv     outlet, Media Bias/Fact Check category, number of articles

Nothing of the corpus is copied into the project: this script is run where the corpus is.
Usage: narrative_frames.py [CORPUS_DIR] OUT_DIR
"""
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict

# Question groups as the corpus README maps them to frames (the ones the paper uses), and the
# narrative-role questions. The remaining questions are kept too, under "other".
FRAMES = {
    "conflict": ["co1", "co2", "co3"],
    "economic": ["ec1", "ec2", "ec3"],
    "human_interest": ["hi1", "hi2", "hi5"],
    "moral": ["mo1", "mo2"],
    "resolution": ["re1", "re5"],
}
ROLES = {"re6": "hero", "re7": "villain", "hi3": "victim"}


def outlet_key(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def main(argv):
    if len(argv) == 2:
        corpus, out = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "narrative_frames"), argv[1]
    elif len(argv) == 3:
        corpus, out = argv[1], argv[2]
    else:
        print(__doc__, file=sys.stderr)
        return 2
    meta_path = os.path.join(corpus, "articles_metadata.tsv")
    ann_path = os.path.join(corpus, "full_annotations.json")
    for path in (meta_path, ann_path):
        if not os.path.exists(path):
            print(f"{path}: error: not found; give the narrative_frames folder as the first argument", file=sys.stderr)
            return 3
    os.makedirs(out, exist_ok=True)
    csv.field_size_limit(10**9)
    with open(meta_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(ann_path, encoding="utf-8") as f:
        answers = json.load(f)

    # The corpus spells one outlet several ways ("thehuffingtonpost", "The Huffington Post"): unify them,
    # preferring a spelling with spaces for display.
    spellings = defaultdict(Counter)
    for row in rows:
        spellings[outlet_key(row["source"])][row["source"]] += 1
    display = {}
    for key, names in spellings.items():
        spaced = [n for n in names if " " in n or n[:1].isupper()]
        display[key] = max(spaced or names, key=lambda n: names[n])

    questions = sorted({k for a in answers.values() for k in a if not k.startswith("_")})
    mbfc = {}
    counts = Counter()
    with open(os.path.join(out, "articles.jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            source = display[outlet_key(row["source"])]
            mbfc[source] = row["mbfc"]
            counts[source] += 1
            f.write(json.dumps({"id": "nf-" + row["ID"], "source": source, "date": row["date"], "text": row["text"]},
                               ensure_ascii=False) + "\n")

    def group_of(q):
        for frame, qs in FRAMES.items():
            if q in qs:
                return f"question of the {frame.replace('_', ' ')} frame"
        if q in ROLES:
            return f"narrative role question ({ROLES[q]})"
        return "question not used for the five frames"

    rubric = {
        "id": "narrative_frames",
        "version": "1.0.0",
        "title": "Narrative frames questions (Frermann et al. 2023)",
        "description": "The 23 yes/no questions annotators answered for each climate-change article. Question "
                       "texts are in the corpus's codebook (paper appendix A); ids follow the corpus.",
        "sources": ["Frermann, L., Li, J., Khanehzar, S. & Haffari, G. (2023). Conflicts, Villains, Resolutions: "
                    "Towards models of Narrative Media Framing. ACL 2023."],
        "dimensions": [
            {
                "id": q,
                "name": q.upper(),
                "description": group_of(q),
                "unit": "article",
                "scale": "binary",
                "categories": [
                    {"id": "no", "name": "No", "definition": f"The annotator answered no to question {q.upper()}."},
                    {"id": "yes", "name": "Yes", "definition": f"The annotator answered yes to question {q.upper()}."},
                ],
                "decision_rules": [f"Answer question {q.upper()} as the corpus codebook states it."],
            }
            for q in questions
        ],
    }
    with open(os.path.join(out, "rubric.json"), "w", encoding="utf-8") as f:
        json.dump(rubric, f, indent=2)

    n_labels = 0
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
        for article_id, a in answers.items():
            for q in questions:
                if q not in a:
                    continue
                for annotator, answer in enumerate(a[q][1], start=1):
                    if answer == -1 or answer not in ("yes", "no"):
                        continue  # -1: this annotator did not see the article
                    f.write(json.dumps({"article": "nf-" + article_id, "annotator": f"nf_{annotator}",
                                        "rubric": "narrative_frames", "rubric_version": "1.0.0",
                                        "dimension": q, "category": answer}) + "\n")
                    n_labels += 1
    with open(os.path.join(out, "outlets.tsv"), "w", encoding="utf-8") as f:
        f.write("outlet\tmbfc\tarticles\n")
        for source, n in counts.most_common():
            f.write(f"{source}\t{mbfc[source]}\t{n}\n")
    print(f"wrote {len(rows)} articles from {len(counts)} outlets, {len(questions)} questions, {n_labels} labels to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
