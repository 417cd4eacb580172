#!/usr/bin/env python3
"""Checks that confidence and status do not depend on the index's size.

usage: scripts/abstention_scale.py FAQ_BINARY EVAL_DIR WORK_DIR

For medquad-q2a and stackfaq, builds indexes holding the whole corpus, a
tenth of it (every passage whose id hashes into one of ten buckets) and twice
it (every passage again under a new id), and runs `faq eval --out-of-scope
clinc-ood` on each. In the tenth, only questions whose passage was kept are
in-domain; in the double, a copy of the relevant passage counts as relevant.
"""
import json
import subprocess
import sys
import zlib

faq, ev, work = sys.argv[1:4]


def run(name, records, qrel_rows):
    cpath, qpath, index = f"{work}/{name}.jsonl", f"{work}/{name}.qrels", f"{work}/{name}.index"
    with open(cpath, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(qpath, "w", encoding="utf-8") as f:
        for row in qrel_rows:
            f.write("\t".join(row) + "\n")
    subprocess.run([faq, "index", "--quiet", "--out", index, cpath], check=True)
    out = subprocess.run([faq, "eval", "--index", index, "--queries", f"{ev}/{name.split('-', 1)[1]}/queries.jsonl",
                          "--qrels", qpath, "--out-of-scope", f"{ev}/clinc-ood/queries.jsonl"],
                         capture_output=True, text=True, check=True).stdout
    print(f"== {name}: {len(records)} passages\n{out}", flush=True)


for eval_set in ("medquad-q2a", "stackfaq"):
    corpus = [json.loads(l) for l in open(f"{ev}/{eval_set}/corpus.jsonl", encoding="utf-8")]
    qrels = [l.split() for l in open(f"{ev}/{eval_set}/qrels.tsv", encoding="utf-8") if l.strip()]
    run("full-" + eval_set, corpus, qrels)
    tenth = [r for r in corpus if zlib.crc32(r["id"].encode()) % 10 == 0]
    kept = {r["id"] for r in tenth}
    run("tenth-" + eval_set, tenth, [q for q in qrels if q[1] in kept])
    double = corpus + [dict(r, id="copy-" + r["id"]) for r in corpus]
    run("double-" + eval_set, double, qrels + [[q[0], "copy-" + q[1], q[2]] for q in qrels])
