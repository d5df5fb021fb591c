#!/usr/bin/env python3
"""Evaluates credence's loaded-language machine annotator on the SemEval-2020 Task 11 corpus (PTC).

Gold: the Loaded_Language and Name_Calling,Labeling spans of train-task2-TC.labels (code points into
the article file). Predictions: `credence pre-annotate --file ARTICLE --jsonl --annotator loaded-lexicon`
(code points into the normalised text, body passages only), mapped back to file offsets where
normalisation changed the text (BOM, CRLF, NFC). Baseline: one plain word list, the bias lexicon of
Recasens et al. (2013) (../shared/corpus/lexicons_recasens2013/npov_lexicon.txt), every whole-word,
case-insensitive match a span, no weights, no rules.

Scores: exact span match and any-overlap match (precision over predictions, recall over gold spans),
and the SemEval-2020 Task 11 span-identification score with partial credit (Da San Martino et al. 2019:
C(s,t,h) = |s ∩ t| / h; P = Σ C(s,t,|s|) / |S|, R = Σ C(s,t,|t|) / |T|).

The 250 articles are split by id: the first 125 are "dev" (used to pick the confidence threshold), the
last 125 are "test" (reported with the threshold chosen on dev). Usage:

  python3 bench/ptc_eval.py --credence build/bin/credence [--corpus ../shared/corpus/ptc_semeval2020]
         [--json out.json]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD_TECHNIQUES = {"Loaded_Language", "Name_Calling,Labeling"}


def normalise(text):
    """credence's normalisation: BOM strip, CRLF/CR -> LF, NFC (annotate/text.hpp)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


class OffsetMap:
    """Maps code points of the normalised text back to code points of the raw file."""

    def __init__(self, raw):
        self.identity = normalise(raw) == raw
        if self.identity:
            return
        # Normalised length of every raw prefix, computed once; then invert.
        self.raw_to_norm = []
        for i in range(len(raw) + 1):
            self.raw_to_norm.append(len(normalise(raw[:i])))
        self.norm_to_raw = {}
        for raw_pos, norm_pos in enumerate(self.raw_to_norm):
            self.norm_to_raw.setdefault(norm_pos, raw_pos)

    def to_raw(self, norm_pos):
        if self.identity:
            return norm_pos
        return self.norm_to_raw.get(norm_pos, norm_pos)


def load_gold(corpus):
    gold = {}
    with open(os.path.join(corpus, "train-task2-TC.labels"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[1] not in GOLD_TECHNIQUES:
                continue
            gold.setdefault(parts[0], set()).add((int(parts[2]), int(parts[3])))
    return gold


def run_credence(credence, path, rubrics=None):
    cmd = [credence, "pre-annotate", "--file", path, "--jsonl", "--annotator", "loaded-lexicon"]
    if rubrics:
        cmd += ["--rubrics", rubrics]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"credence failed on {path} (exit {out.returncode}): {out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def body_ranges(credence, path):
    out = subprocess.run([credence, "segment", path, "--jsonl"], capture_output=True, text=True, check=False)
    return [(o["start"], o["end"]) for o in map(json.loads, out.stdout.splitlines()) if o["role"] == "body"]


def baseline_spans(raw, words):
    pattern = re.compile(r"(?<![\w])(" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) +
                         r")(?![\w])", re.IGNORECASE)
    return {(m.start(), m.end()) for m in pattern.finditer(raw)}


def scores(pairs):
    """pairs: list of (predicted set, gold set) per article."""
    n_pred = sum(len(p) for p, _ in pairs)
    n_gold = sum(len(g) for _, g in pairs)
    exact_tp_p = exact_tp_g = ov_p = ov_g = 0
    si_p = si_r = 0.0
    for pred, gold in pairs:
        exact = pred & gold
        exact_tp_p += len(exact)
        exact_tp_g += len(exact)
        for s in pred:
            hits = [t for t in gold if s[0] < t[1] and t[0] < s[1]]
            if hits:
                ov_p += 1
            for t in hits:
                inter = min(s[1], t[1]) - max(s[0], t[0])
                si_p += inter / (s[1] - s[0])
        for t in gold:
            hits = [s for s in pred if s[0] < t[1] and t[0] < s[1]]
            if hits:
                ov_g += 1
            for s in hits:
                inter = min(s[1], t[1]) - max(s[0], t[0])
                si_r += inter / (t[1] - t[0])

    def prf(p, r):
        f = 2 * p * r / (p + r) if p + r > 0 else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    return {
        "predicted": n_pred,
        "gold": n_gold,
        "exact": prf(exact_tp_p / n_pred if n_pred else 0.0, exact_tp_g / n_gold if n_gold else 0.0),
        "overlap": prf(ov_p / n_pred if n_pred else 0.0, ov_g / n_gold if n_gold else 0.0),
        "semeval_si": prf(si_p / n_pred if n_pred else 0.0, min(1.0, si_r / n_gold) if n_gold else 0.0),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--credence", default=os.path.join(ROOT, "build", "bin", "credence"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "ptc_semeval2020"))
    ap.add_argument("--baseline-lexicon",
                    default=os.path.join(ROOT, "..", "shared", "corpus", "lexicons_recasens2013", "npov_lexicon.txt"))
    ap.add_argument("--rubrics", help="rubric folder to evaluate instead of the shipped one")
    ap.add_argument("--json", help="write all figures here")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        print(f"skipped: PTC corpus not found at {corpus}")
        return 0
    gold = load_gold(corpus)
    ids = sorted(f[len("article"):-len(".txt")] for f in os.listdir(os.path.join(corpus, "train-articles"))
                 if f.endswith(".txt"))
    baseline_words = [w.strip() for w in open(args.baseline_lexicon, encoding="utf-8")
                      if w.strip() and not w.startswith("#")]

    records = []  # per article: id, predictions [(start, end, confidence, category)], gold, baseline, body ranges
    outside_body = 0
    for article_id in ids:
        path = os.path.join(corpus, "train-articles", f"article{article_id}.txt")
        raw = open(path, encoding="utf-8").read()
        mapping = OffsetMap(raw)
        labels = run_credence(args.credence, path, args.rubrics)
        preds = [(mapping.to_raw(l["start"]), mapping.to_raw(l["end"]), l["confidence"], l["category"]) for l in labels]
        body = [(mapping.to_raw(s), mapping.to_raw(e)) for s, e in body_ranges(args.credence, path)]
        g = gold.get(article_id, set())
        outside_body += sum(1 for t in g if not any(s <= t[0] and t[1] <= e for s, e in body))
        records.append({"id": article_id, "preds": preds, "gold": g, "baseline": baseline_spans(raw, baseline_words)})

    half = len(records) // 2
    splits = {"dev": records[:half], "test": records[half:], "all": records}

    def system(recs, threshold, exclude=()):
        return [({(s, e) for s, e, c, cat in r["preds"] if c >= threshold and cat not in exclude}, r["gold"]) for r in recs]

    thresholds = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    dev_curve = {t: scores(system(splits["dev"], t)) for t in thresholds}
    best = max(thresholds, key=lambda t: (dev_curve[t]["overlap"]["f1"], -t))
    results = {
        "articles": len(records),
        "gold_spans": sum(len(r["gold"]) for r in records),
        "gold_spans_outside_body_passages": outside_body,
        "threshold_chosen_on_dev": best,
        "dev_threshold_curve": {str(t): v for t, v in dev_curve.items()},
        "annotator": {name: scores(system(recs, 0.0)) for name, recs in splits.items()},
        "annotator_tuned": {name: scores(system(recs, best)) for name, recs in splits.items()},
        "annotator_without_exaggeration_and_scare_quotes": {
            name: scores(system(recs, best, ("exaggeration", "scare_quotes"))) for name, recs in splits.items()},
        "baseline_recasens2013_bias_lexicon": {
            name: scores([(r["baseline"], r["gold"]) for r in recs]) for name, recs in splits.items()},
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)

    def row(label, s):
        return (f"| {label} | {s['predicted']} | {s['gold']} | {s['exact']['precision']:.3f} | {s['exact']['recall']:.3f} | "
                f"{s['exact']['f1']:.3f} | {s['overlap']['precision']:.3f} | {s['overlap']['recall']:.3f} | "
                f"{s['overlap']['f1']:.3f} | {s['semeval_si']['f1']:.3f} |")

    print(f"PTC (SemEval-2020 Task 11) train articles: {len(records)}, gold Loaded_Language + Name_Calling,Labeling "
          f"spans: {results['gold_spans']} ({outside_body} outside body passages)")
    print(f"confidence threshold chosen on dev (max overlap F1): {best}")
    print("| system (split) | predicted | gold | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 | SI F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for split in ("dev", "test", "all"):
        print(row(f"baseline: Recasens 2013 bias lexicon ({split})", results["baseline_recasens2013_bias_lexicon"][split]))
        print(row(f"loaded-lexicon, all suggestions ({split})", results["annotator"][split]))
        print(row(f"loaded-lexicon, confidence >= {best} ({split})", results["annotator_tuned"][split]))
        print(row(f"loaded-lexicon, >= {best}, no exaggeration/scare_quotes ({split})",
                  results["annotator_without_exaggeration_and_scare_quotes"][split]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
