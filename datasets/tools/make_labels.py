#!/usr/bin/python3
"""Builds datasets/sample/labels.jsonl from label_specs.txt (human labels) and the frozen first
lexicons in lexicons-0.1/ (the machine annotator), so that every offset is computed from the
article text, never typed.

Usage: /usr/bin/python3 datasets/tools/make_labels.py [--check]
  (no option)  write datasets/sample/labels.jsonl, then re-read it and verify every label
  --check      verify the articles, the manifest and the committed labels.jsonl; exit 1 if the
               file differs from what the specs produce or any label is wrong

Offsets are Unicode code points into the article text (Python str indices), end exclusive. The
articles are checked to be what the importer stores unchanged: UTF-8 without BOM, LF line ends,
NFC, no trailing spaces, paragraphs separated by exactly one blank line.
"""
import json
import os
import re
import shlex
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMPLE = os.path.join(ROOT, "datasets", "sample")
ARTICLES = os.path.join(SAMPLE, "articles")
RUBRICS = os.path.join(ROOT, "rubrics")
SPECS = os.path.join(HERE, "label_specs.txt")
# The machine annotator of the corpus is a recorded run of version 0.1 over the first lexicons
# (rubrics/lexicons/ as shipped with rubric 1.0.0). The shipped lexicons keep growing; this frozen
# copy keeps labels.jsonl reproducible and the annotator's name honest.
MACHINE_LEXICONS = os.path.join(HERE, "lexicons-0.1")
MACHINE_FRAME_LEXICONS = ["frame_cues.tsv"]
MACHINE_LL_LEXICONS = ["pejorative_labels.tsv", "charged_words.tsv", "intensifiers.tsv", "dehumanising.tsv"]
MACHINE_HEDGES = "hedges.tsv"
MACHINE_REPORT_VERBS = "report_verbs.tsv"
OUTPUT = os.path.join(SAMPLE, "labels.jsonl")

HUMANS = {"a": "ann_a", "b": "ann_b", "c": "ann_c"}
MACHINE = "machine:lexicon@0.1"
FRAME_ALIASES = {
    "eco": "economic", "cap": "capacity_and_resources", "mor": "morality",
    "fair": "fairness_and_equality", "leg": "legality_constitutionality_jurisprudence",
    "pol": "policy_prescription_and_evaluation", "crime": "crime_and_punishment",
    "sec": "security_and_defense", "health": "health_and_safety", "qol": "quality_of_life",
    "cult": "cultural_identity", "opin": "public_opinion", "polit": "political",
    "ext": "external_regulation_and_reputation", "other": "other",
}
SPAN_KINDS = {"ll": ("loaded_language", "loaded_language"), "cs": ("unsupported_claims", "claim_support")}


class SpecError(Exception):
    pass


def load_rubrics():
    """rubric id -> (version, {dimension id: (unit, set of category ids, lexicon paths)})."""
    rubrics = {}
    for rubric_id in ("framing", "loaded_language", "unsupported_claims"):
        with open(os.path.join(RUBRICS, rubric_id + ".json"), encoding="utf-8") as f:
            doc = json.load(f)
        dims = {}
        for dim in doc["dimensions"]:
            dims[dim["id"]] = (dim["unit"], {c["id"] for c in dim.get("categories", [])}, dim.get("lexicons", []))
        rubrics[rubric_id] = (doc["version"], dims)
    return rubrics


def load_manifest():
    order = []
    with open(os.path.join(SAMPLE, "MANIFEST.jsonl"), encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            rec = json.loads(line)
            for field in ("file", "outlet", "title", "date", "author", "url"):
                if field not in rec:
                    raise SpecError(f"MANIFEST.jsonl:{line_no}: missing {field}")
            if not re.fullmatch(r"2026-\d\d-\d\d", rec["date"]):
                raise SpecError(f"MANIFEST.jsonl:{line_no}: date {rec['date']!r} is not 2026-MM-DD")
            if not re.match(r"https://[a-z.]*example\.(org|com|net)/", rec["url"]):
                raise SpecError(f"MANIFEST.jsonl:{line_no}: url must be under example.org/.com/.net")
            order.append(rec["file"][:-len(".txt")])
    files = sorted(name[:-4] for name in os.listdir(ARTICLES) if name.endswith(".txt"))
    if sorted(order) != files:
        raise SpecError(f"MANIFEST.jsonl lists {sorted(order)} but articles/ holds {files}")
    return order


def load_article(article_id):
    """Returns (text, [(start, end)] per paragraph), after checking the file is stored unchanged."""
    path = os.path.join(ARTICLES, article_id + ".txt")
    with open(path, "rb") as f:
        raw = f.read()
    where = os.path.relpath(path, ROOT)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SpecError(f"{where}: has a BOM")
    if b"\r" in raw:
        raise SpecError(f"{where}: has CR line ends")
    text = raw.decode("utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise SpecError(f"{where}: is not NFC")
    for line_no, line in enumerate(text.split("\n"), 1):
        if line != line.rstrip():
            raise SpecError(f"{where}:{line_no}: trailing white space")
    body = text[:-1] if text.endswith("\n") else text
    if body.startswith("\n") or body.endswith("\n") or "\n\n\n" in body:
        raise SpecError(f"{where}: paragraphs must be separated by exactly one blank line")
    paragraphs = []
    start = 0
    for para in body.split("\n\n"):
        if "\n" in para:
            raise SpecError(f"{where}: a paragraph spans several lines")
        paragraphs.append((start, start + len(para)))
        start += len(para) + 2
    return text, paragraphs


def paragraph_of(paragraphs, start, end):
    for index, (p_start, p_end) in enumerate(paragraphs):
        if p_start <= start and end <= p_end:
            return index
    return None


def find_occurrence(text, phrase, occurrence):
    pos = -1
    for _ in range(occurrence):
        pos = text.find(phrase, pos + 1)
        if pos < 0:
            return None
    return pos


def find_overlapping(text, phrase, start, end):
    pos = text.find(phrase)
    while pos >= 0:
        if pos < end and start < pos + len(phrase):
            return pos
        pos = text.find(phrase, pos + 1)
    return None


def base_label(article_id, annotator, rubric_id, rubrics, dimension, unit):
    return {"article": article_id, "annotator": annotator, "rubric": rubric_id,
            "rubric_version": rubrics[rubric_id][0], "dimension": dimension, "unit": unit}


def parse_specs(rubrics, articles):
    """Human labels from label_specs.txt."""
    labels = []
    article_id = None
    text = paragraphs = None
    seen_frames = {}
    seen_tone = {}

    def check_complete():
        if article_id is None:
            return
        for who in HUMANS.values():
            if who not in seen_frames.get(article_id, set()):
                raise SpecError(f"{article_id}: no frame line for {who}")
            if who not in seen_tone.get(article_id, set()):
                raise SpecError(f"{article_id}: no tone for {who}")

    with open(SPECS, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line_no, line in enumerate(lines, 1):
        where = f"label_specs.txt:{line_no}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            tokens = shlex.split(line)
        except ValueError as err:
            raise SpecError(f"{where}: {err}")
        kind = tokens[0]
        if kind == "article":
            check_complete()
            article_id = tokens[1]
            if article_id not in articles:
                raise SpecError(f"{where}: unknown article {article_id}")
            text, paragraphs = articles[article_id]
            continue
        if article_id is None:
            raise SpecError(f"{where}: label before the first 'article' line")
        if kind == "frame":
            who = HUMANS[tokens[1].rstrip(":")]
            frames = [FRAME_ALIASES[alias] for alias in tokens[2:]]
            if len(frames) != len(paragraphs):
                raise SpecError(f"{where}: {len(frames)} frames for {len(paragraphs)} paragraphs")
            for index, frame in enumerate(frames):
                label = base_label(article_id, who, "framing", rubrics, "frame", "passage")
                label.update({"passage": index, "category": frame})
                labels.append(label)
            seen_frames.setdefault(article_id, set()).add(who)
        elif kind == "tone":
            for item in tokens[1:]:
                letter, category = item.split(":")
                label = base_label(article_id, HUMANS[letter], "framing", rubrics, "tone", "article")
                label["category"] = category
                labels.append(label)
                seen_tone.setdefault(article_id, set()).add(HUMANS[letter])
        elif kind in SPAN_KINDS:
            rubric_id, dimension = SPAN_KINDS[kind]
            phrase, category, who = tokens[1], tokens[2], tokens[3]
            occurrence = 1
            alt_text, alt_category, notes = {}, {}, {}
            for option in tokens[4:]:
                if option.startswith("@"):
                    occurrence = int(option[1:])
                elif option.startswith("note_"):
                    letter, _, note = option[5:].partition("=")
                    notes[letter] = note
                elif len(option) > 1 and option[1] == "=":
                    alt_text[option[0]] = option[2:]
                elif len(option) > 1 and option[1] == ":":
                    alt_category[option[0]] = option[2:]
                else:
                    raise SpecError(f"{where}: cannot read option {option!r}")
            start = find_occurrence(text, phrase, occurrence)
            if start is None:
                raise SpecError(f"{where}: {phrase!r} (occurrence {occurrence}) not found in {article_id}")
            end = start + len(phrase)
            for letter in who:
                s, e = start, end
                if letter in alt_text:
                    s = find_overlapping(text, alt_text[letter], start, end)
                    if s is None:
                        raise SpecError(f"{where}: {alt_text[letter]!r} does not overlap {phrase!r}")
                    e = s + len(alt_text[letter])
                if paragraph_of(paragraphs, s, e) is None:
                    raise SpecError(f"{where}: span {text[s:e]!r} crosses a paragraph boundary")
                label = base_label(article_id, HUMANS[letter], rubric_id, rubrics, dimension, "span")
                label.update({"start": s, "end": e, "text": text[s:e],
                              "category": alt_category.get(letter, category)})
                if letter in notes:
                    label["note"] = notes[letter]
                labels.append(label)
            for letter in list(alt_text) + list(alt_category) + list(notes):
                if letter not in who:
                    raise SpecError(f"{where}: option for {letter} who did not mark the span")
        else:
            raise SpecError(f"{where}: unknown line kind {kind!r}")
    check_complete()
    for article_id in articles:
        if article_id not in seen_frames:
            raise SpecError(f"label_specs.txt: no labels for {article_id}")
    return labels


def load_lexicon(relative):
    entries = []
    with open(os.path.join(MACHINE_LEXICONS, relative), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            entry, subtype, weight, _source = line.split("\t")
            entries.append((entry, subtype, float(weight)))
    return entries


def entry_pattern(entry):
    # Whole words: a hyphen counts as part of a word, so "mob" does not match inside "eco-mob".
    return re.compile(r"(?<![\w-])" + re.escape(entry) + r"(?![\w-])", re.IGNORECASE)


def lexicon_matches(text, lexicons):
    """Non-overlapping matches, longest entry first: (start, end, entry, subtype, weight, file)."""
    candidates = []
    for relative in lexicons:
        stem = os.path.splitext(os.path.basename(relative))[0]
        for entry, subtype, weight in load_lexicon(relative):
            for m in entry_pattern(entry).finditer(text):
                candidates.append((m.start(), m.end(), entry, subtype, weight, stem))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = []
    for cand in candidates:
        if all(cand[1] <= t[0] or t[1] <= cand[0] for t in taken):
            taken.append(cand)
    return sorted(taken)


SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s|$)")
ANONYMOUS_CUE = re.compile(r"\b(officials?|sources?|experts?|observers|locals|bosses|insiders|spokes(?:man|woman)"
                           r"|a person familiar|residents)\b", re.IGNORECASE)
NAME = re.compile(r"\b[A-Z][a-zé]+(?:[ -][A-Z][a-zé]+)+\b")


ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "No.", "a.m.", "p.m.", "St.")


def sentences(text, p_start, p_end):
    start = p_start
    for m in SENTENCE_END.finditer(text, p_start, p_end):
        if any(text.endswith(abbr, p_start, m.end()) for abbr in ABBREVIATIONS):
            continue
        yield start, m.end()
        start = m.end()
        while start < p_end and text[start] == " ":
            start += 1
    if start < p_end:
        yield start, p_end


def machine_labels(rubrics, articles, order):
    """What a plain lexicon annotator makes of the corpus: a baseline with its own, typical errors."""
    labels = []
    frame_lexicons = MACHINE_FRAME_LEXICONS
    ll_lexicons = MACHINE_LL_LEXICONS
    hedges = load_lexicon(MACHINE_HEDGES)
    report_verbs = load_lexicon(MACHINE_REPORT_VERBS)
    for article_id in order:
        text, paragraphs = articles[article_id]
        for index, (p_start, p_end) in enumerate(paragraphs):
            scores = {}
            best_entry = {}
            for start, end, entry, subtype, weight, _ in lexicon_matches(text[p_start:p_end], frame_lexicons):
                scores[subtype] = scores.get(subtype, 0.0) + weight
                if weight > best_entry.get(subtype, ("", -1.0))[1]:
                    best_entry[subtype] = (entry, weight)
            if not scores:
                continue
            frame = max(sorted(scores), key=lambda k: scores[k])
            label = base_label(article_id, MACHINE, "framing", rubrics, "frame", "passage")
            label.update({"passage": index, "category": frame,
                          "confidence": round(scores[frame] / sum(scores.values()), 2),
                          "evidence": {"rule": "frame_cues:highest_total_weight", "entry": best_entry[frame][0]}})
            labels.append(label)
        for start, end, entry, subtype, weight, stem in lexicon_matches(text, ll_lexicons):
            label = base_label(article_id, MACHINE, "loaded_language", rubrics, "loaded_language", "span")
            label.update({"start": start, "end": end, "text": text[start:end], "category": subtype,
                          "confidence": weight, "evidence": {"rule": "lexicon:" + stem, "entry": entry}})
            labels.append(label)
        for p_start, p_end in paragraphs:
            for s_start, s_end in sentences(text, p_start, p_end):
                sentence = text[s_start:s_end]
                verbs = [(e, w) for e, _, w in report_verbs if entry_pattern(e).search(sentence)]
                hedge_hits = [(e, w) for e, _, w in hedges if entry_pattern(e).search(sentence)]
                category = rule = entry = None
                if verbs:
                    verb, weight = max(verbs, key=lambda v: (v[1], v[0]))
                    anonymous = ANONYMOUS_CUE.search(sentence)
                    named = NAME.search(sentence[1:])  # skip the sentence's own first capital
                    if anonymous and not named:
                        category, rule, entry, conf = "anonymous_source", "report_verb+anonymous_cue", verb, weight * 0.8
                    elif named:
                        category, rule, entry, conf = "named_source", "report_verb+name", verb, weight * 0.7
                elif hedge_hits:
                    entry, weight = max(hedge_hits, key=lambda h: (h[1], h[0]))
                    category, rule, conf = "hedged", "lexicon:hedges", weight
                if category is None:
                    continue
                label = base_label(article_id, MACHINE, "unsupported_claims", rubrics, "claim_support", "span")
                label.update({"start": s_start, "end": s_end, "text": sentence, "category": category,
                              "confidence": round(conf, 2), "evidence": {"rule": rule, "entry": entry}})
                labels.append(label)
    return labels


def sort_key(order):
    annotators = list(HUMANS.values()) + [MACHINE]
    rubric_order = ["framing", "loaded_language", "unsupported_claims"]

    def key(label):
        return (order.index(label["article"]), annotators.index(label["annotator"]),
                rubric_order.index(label["rubric"]), label["dimension"],
                label.get("passage", -1), label.get("start", -1), label.get("end", -1))
    return key


def verify(labels, rubrics, articles):
    """Every label must name a known rubric version, dimension, unit and category, and its text must
    be exactly the slice of the article it points at."""
    problems = []
    for line_no, label in enumerate(labels, 1):
        where = f"labels.jsonl:{line_no}"
        version, dims = rubrics[label["rubric"]]
        if label["rubric_version"] != version:
            problems.append(f"{where}: rubric_version {label['rubric_version']} is not {version}")
        unit, categories, _ = dims[label["dimension"]]
        if label["unit"] != unit:
            problems.append(f"{where}: unit {label['unit']} but the dimension is {unit}")
        if label["category"] not in categories:
            problems.append(f"{where}: unknown category {label['category']}")
        text, paragraphs = articles[label["article"]]
        if unit == "span":
            start, end = label["start"], label["end"]
            if not (0 <= start < end <= len(text)) or text[start:end] != label["text"]:
                problems.append(f"{where}: text does not match the slice [{start}, {end})")
            elif paragraph_of(paragraphs, start, end) is None:
                problems.append(f"{where}: span crosses a paragraph boundary")
        elif unit == "passage" and not 0 <= label["passage"] < len(paragraphs):
            problems.append(f"{where}: passage {label['passage']} out of range")
        elif unit == "article" and any(k in label for k in ("passage", "start", "end")):
            problems.append(f"{where}: article label with a position")
    return problems


def render(labels):
    return "".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels)


def main(argv):
    check_only = argv[1:] == ["--check"]
    if argv[1:] and not check_only:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        rubrics = load_rubrics()
        order = load_manifest()
        articles = {article_id: load_article(article_id) for article_id in order}
        labels = parse_specs(rubrics, articles) + machine_labels(rubrics, articles, order)
    except SpecError as err:
        print(f"make_labels: error: {err}", file=sys.stderr)
        return 1
    labels.sort(key=sort_key(order))
    expected = render(labels)
    if not check_only:
        with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
            f.write(expected)
    with open(OUTPUT, encoding="utf-8") as f:
        written = f.read()
    problems = verify([json.loads(line) for line in written.splitlines()], rubrics, articles)
    if written != expected:
        problems.append("labels.jsonl differs from what label_specs.txt and the lexicons produce; run make_labels.py")
    for problem in problems:
        print(f"make_labels: error: {problem}", file=sys.stderr)
    if problems:
        return 1
    counts = {}
    for label in labels:
        counts[label["annotator"]] = counts.get(label["annotator"], 0) + 1
    print(f"make_labels: {len(labels)} labels verified for {len(order)} articles "
          + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
