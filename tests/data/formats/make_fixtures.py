#!/usr/bin/python3
# Writes the label-format fixtures (one small invented document in every format) and expected.jsonl,
# computing each format's offsets from the raw text so that no offset is typed by hand.
# Run from anywhere: /usr/bin/python3 tests/data/formats/make_fixtures.py
import json
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# CRLF line ends, a decomposed e + U+0301 (NFC composes it), q + U+0307 (no precomposed form: stays two
# code points), an astral emoji (two UTF-16 units) and a flag (two astral code points).
RAW = ("Cafe\u0301 owners say the \U0001F600 plan is a disaster.\r\n"
       "\r\n"
       "The q\u0307uiet council calls critics traitors \U0001F1EB\U0001F1F7.\r\n")
# WebAnno TSV3 does not carry the whole text; its document keeps NFC-stable text so that the offsets
# INCEpTION would give match the stored text.
RAW_TSV = RAW.replace("Cafe\u0301", "Caf\u00e9")


def normalized(raw):
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def raw_span(raw, fragment, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = raw.index(fragment, start + 1)
    return start, start + len(fragment)


# Labels on the raw text: (annotator, name, unit, raw fragment or None for the article, note).
LABELS = [
    ("alice", "loaded_language.exaggeration", "span", "disaster", ""),
    ("alice", "loaded_language.name_calling", "span", "\U0001F600 plan is a disaster", "overlaps the exaggeration"),
    ("alice", "loaded_language.name_calling", "span", "Cafe\u0301 owners", ""),
    ("alice", "loaded_language.name_calling", "span", "q\u0307uiet council", ""),
    ("alice", "loaded_language.name_calling", "span", "traitors \U0001F1EB\U0001F1F7", ""),
    ("alice", "frame.political", "passage", "The q\u0307uiet council calls critics traitors \U0001F1EB\U0001F1F7.", ""),
    ("alice", "tone.anti", "article", None, ""),
    ("bob", "loaded_language.exaggeration", "span", "a disaster", ""),
    ("bob", "frame.economic", "passage", "Cafe\u0301 owners say the \U0001F600 plan is a disaster.", ""),
    ("bob", "tone.neutral", "article", None, ""),
]

PASSAGE_OF = {0: "Cafe\u0301 owners say", 1: "The q\u0307uiet"}


def fragment_for(raw, fragment):
    return fragment if raw is RAW else fragment.replace("Cafe\u0301", "Caf\u00e9")


def cp_offsets(raw, fragment):
    return raw_span(raw, fragment_for(raw, fragment))


def u16_offsets(raw, fragment):
    s, e = cp_offsets(raw, fragment)
    return utf16_len(raw[:s]), utf16_len(raw[:e])


def expected_record(article, raw, ann, name, unit, fragment, note):
    dim, cat = name.split(".")
    rec = {"article": article, "annotator": ann, "dimension": dim, "unit": unit, "category": cat}
    text = normalized(raw)
    if unit == "span":
        frag = normalized(fragment_for(raw, fragment))
        s = text.index(frag)
        rec.update(start=s, end=s + len(frag), text=frag)
    if unit == "passage":
        rec["passage"] = 0 if fragment.startswith("Cafe") else 1
    if note:
        rec["note"] = note
    return rec


def write(path, content, newline_bytes=False):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def main():
    expected = []
    for article, raw in (("doc1", RAW), ("doc_tsv", RAW_TSV)):
        for ann, name, unit, frag, note in LABELS:
            expected.append(expected_record(article, raw, ann, name, unit, frag, note))
    write("expected.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected))
    write("text/doc1.txt", RAW)
    write("text/doc_tsv.txt", RAW_TSV)

    # brat: one folder per annotator; article labels cover the whole text.
    for ann in ("alice", "bob"):
        lines, t, n = [], 0, 0
        for a, name, unit, frag, note in LABELS:
            if a != ann:
                continue
            t += 1
            s, e = (0, len(RAW)) if frag is None else cp_offsets(RAW, frag)
            covered = RAW[s:e].replace("\r", " ").replace("\n", " ")
            lines.append(f"T{t}\t{name} {s} {e}\t{covered}")
            if note:
                n += 1
                lines.append(f"#{n}\tAnnotatorNotes T{t}\t{note}")
        write(f"brat/{ann}/doc1.txt", RAW)
        write(f"brat/{ann}/doc1.ann", "\n".join(lines) + "\n")

    # Label Studio: one task, two annotations; UTF-16 offsets; choices for the article label.
    results = {"alice": [], "bob": []}
    for ann, name, unit, frag, note in LABELS:
        dim, cat = name.split(".")
        if frag is None:
            item = {"from_name": dim, "to_name": "text", "type": "choices", "value": {"choices": [cat]}}
        else:
            s, e = u16_offsets(RAW, frag)
            item = {"from_name": dim, "to_name": "text", "type": "labels",
                    "value": {"start": s, "end": e, "text": fragment_for(RAW, frag), "labels": [cat]}}
        if note:
            item["meta"] = {"text": [note]}
        results[ann].append(item)
    task = {"id": 7, "data": {"text": RAW, "id": "doc1"},
            "annotations": [{"id": 1, "completed_by": {"id": 1, "email": "alice"}, "result": results["alice"]},
                            {"id": 2, "completed_by": 2, "created_username": "bob, 2", "result": results["bob"]},
                            {"id": 3, "completed_by": 3, "was_cancelled": True, "result": []}]}
    write("label_studio/tasks.json", json.dumps([task], ensure_ascii=False, indent=1) + "\n")

    # doccano: one line per annotator; code points; classes as plain names.
    lines = []
    for ann in ("alice", "bob"):
        spans, cats = [], []
        for a, name, unit, frag, note in LABELS:
            if a != ann:
                continue
            if frag is None:
                cats.append(name)
            else:
                s, e = cp_offsets(RAW, frag)
                spans.append([s, e, name])
        lines.append(json.dumps({"id": "doc1", "text": RAW, "annotator": ann, "label": spans + cats}, ensure_ascii=False))
    write("doccano/doc1.jsonl", "\n".join(lines) + "\n")

    # XMI: INCEpTION layout <document>/<annotator>.xmi; UTF-16 offsets; a custom layer with a
    # "Technique" feature (mapped with @feature) and DKPro sentences that are skipped.
    def xml_attr(s):
        return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
                .replace("\r", "&#13;").replace("\n", "&#10;"))
    for ann in ("alice", "bob"):
        els, members, next_id = [], [], 10
        s_end = utf16_len(RAW.split("\r\n")[0])
        els.append(f'<type:Sentence xmi:id="{next_id}" sofa="1" begin="0" end="{s_end}"/>')
        members.append(next_id)
        next_id += 1
        for a, name, unit, frag, note in LABELS:
            if a != ann:
                continue
            s, e = (0, utf16_len(RAW)) if frag is None else u16_offsets(RAW, frag)
            note_attr = f' note="{xml_attr(note)}"' if note else ""
            els.append(f'<custom:Propaganda xmi:id="{next_id}" sofa="1" begin="{s}" end="{e}" Technique="{name}"{note_attr}/>')
            members.append(next_id)
            next_id += 1
        xmi = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
               'xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" '
               'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
               '<cas:NULL xmi:id="0"/>\n'
               f'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{xml_attr(RAW)}"/>\n'
               + "\n".join(els) + "\n"
               f'<cas:View sofa="1" members="{" ".join(map(str, members))}"/>\n</xmi:XMI>\n')
        write(f"xmi/doc1/{ann}.xmi", xmi)
    write("xmi.map", "# The XMI fixture's layer keeps its label in the feature Technique.\n"
                     "@feature\twebanno.custom.Propaganda\tTechnique\n")

    # WebAnno TSV3: tokens are non-space runs cut at label boundaries; UTF-16 offsets.
    for ann in ("alice", "bob"):
        ranges = []
        for a, name, unit, frag, note in LABELS:
            if a != ann:
                continue
            if frag is None:
                s, e = 0, len(RAW_TSV.rstrip())
            else:
                s, e = cp_offsets(RAW_TSV, frag)
            ranges.append((s, e, name))
        cuts = {x for s, e, _ in ranges for x in (s, e)}
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", RAW_TSV)]
        out = ["#FORMAT=WebAnno TSV 3.3", "#T_SP=webanno.custom.Credence|label", "", ""]
        ids = {}
        for sent_idx, (ss, se) in enumerate(sentences):
            out.append("#Text=" + RAW_TSV[ss:se])
            tokens, i = [], ss
            while i < se:
                j = i + 1
                space = RAW_TSV[i].isspace()
                while j < se and j not in cuts and RAW_TSV[j].isspace() == space:
                    j += 1
                if not space:
                    tokens.append((i, j))
                i = j
            for tok_idx, (ts, te) in enumerate(tokens):
                cells = []
                for r_idx, (s, e, name) in enumerate(ranges):
                    if s <= ts and te <= e:
                        cells.append((r_idx, name))
                col = []
                for r_idx, name in cells:
                    s, e, _ = ranges[r_idx]
                    multi = len([1 for (a2, b2) in all_tokens(RAW_TSV, sentences, cuts) if s <= a2 and b2 <= e]) > 1
                    if multi:
                        ids.setdefault(r_idx, len(ids) + 1)
                    col.append(name.replace("_", "\\_") + (f"[{ids[r_idx]}]" if multi else ""))
                u_s, u_e = utf16_len(RAW_TSV[:ts]), utf16_len(RAW_TSV[:te])
                out.append(f"{sent_idx + 1}-{tok_idx + 1}\t{u_s}-{u_e}\t{RAW_TSV[ts:te]}\t{'|'.join(col) or '_'}\t")
            out.append("")
        write(f"webanno/doc_tsv/{ann}.tsv", "\n".join(out) + "\n")

    # PTC: article<ID>.txt and ID<TAB>technique<TAB>start<TAB>end with PTC's technique names + a map.
    ptc_names = {"loaded_language.exaggeration": "Exaggeration,Minimisation",
                 "loaded_language.name_calling": "Name_Calling,Labeling",
                 "frame.political": "Flag-Waving"}
    write("ptc/articledoc1.txt", RAW)
    lines = []
    for a, name, unit, frag, note in LABELS:
        if a != "alice" or frag is None:
            continue
        s, e = cp_offsets(RAW, frag)
        lines.append(f"doc1\t{ptc_names[name]}\t{s}\t{e}")
    write("ptc/alice.labels", "\n".join(lines) + "\n")
    write("ptc.map", "# PTC technique names -> the test rubric (fixture only)\n"
                     "Exaggeration,Minimisation\tloaded_language.exaggeration\n"
                     "Name_Calling,Labeling\tloaded_language\tname_calling\n"
                     "Flag-Waving\tframe.political\n")

    # CSV long format: offsets are code points of the stored (normalised) text; the text is not carried.
    rows = ["unit,annotator,dimension,category,start,end,text,article,note"]
    def q(s):
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n\r') else s
    text = normalized(RAW)
    for r in expected:
        if r["article"] != "doc1":
            continue
        if r["unit"] == "passage":
            frag = normalized([f for a, n, u, f, _ in LABELS if a == r["annotator"] and u == "passage"][0])
            s = text.index(frag)
            se = (s, s + len(frag), frag)
        elif r["unit"] == "span":
            se = (r["start"], r["end"], r["text"])
        else:
            se = ("", "", "")
        rows.append(",".join([q("doc1"), r["annotator"], r["dimension"], r["category"], str(se[0]), str(se[1]), q(se[2]),
                              "doc1", q(r.get("note", ""))]))
    write("csv/labels.csv", "\r\n".join(rows) + "\r\n")


def all_tokens(raw, sentences, cuts):
    toks = []
    for ss, se in sentences:
        i = ss
        while i < se:
            j = i + 1
            space = raw[i].isspace()
            while j < se and j not in cuts and raw[j].isspace() == space:
                j += 1
            if not space:
                toks.append((i, j))
            i = j
    return toks


if __name__ == "__main__":
    main()
