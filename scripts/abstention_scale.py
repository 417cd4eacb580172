#!/usr/bin/env python3
"""Checks that confidence and status do not depend on the index's size.

usage: scripts/abstention_scale.py FAQ_BINARY EVAL_DIR WORK_DIR

Builds medquad-q2a indexes holding a tenth of the corpus (every passage whose
id hashes into one of ten buckets) and twice the corpus (every passage again
under a new id), and runs `faq eval --out-of-scope clinc-ood` on each. In the
tenth, only questions whose passage was kept are in-domain; in the double, a
copy of the relevant passage counts as relevant.
"""
import json
import subprocess
import sys
import zlib

faq, ev, work = sys.argv[1:4]
corpus = [json.loads(l) for l in open(f"{ev}/medquad-q2a/corpus.jsonl", encoding="utf-8")]
qrels = [l.split() for l in open(f"{ev}/medquad-q2a/qrels.tsv", encoding="utf-8") if l.strip()]


def run(name, records, qrel_rows):
    cpath, qpath, index = f"{work}/{name}.jsonl", f"{work}/{name}.qrels", f"{work}/{name}.index"
    with open(cpath, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(qpath, "w", encoding="utf-8") as f:
        for row in qrel_rows:
            f.write("\t".join(row) + "\n")
    subprocess.run([faq, "index", "--quiet", "--out", index, cpath], check=True)
    out = subprocess.run([faq, "eval", "--index", index, "--queries", f"{ev}/medquad-q2a/queries.jsonl",
                          "--qrels", qpath, "--out-of-scope", f"{ev}/clinc-ood/queries.jsonl"],
                         capture_output=True, text=True, check=True).stdout
    print(f"== {name}: {len(records)} passages\n{out}", flush=True)


run("full", corpus, qrels)
tenth = [r for r in corpus if zlib.crc32(r["id"].encode()) % 10 == 0]
kept = {r["id"] for r in tenth}
run("tenth", tenth, [q for q in qrels if q[1] in kept])
double = corpus + [dict(r, id="copy-" + r["id"]) for r in corpus]
run("double", double, qrels + [[q[0], "copy-" + q[1], q[2]] for q in qrels])
