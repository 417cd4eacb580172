#!/usr/bin/env python3
"""Checks that confidence and status do not depend on the index's size.

usage: scripts/abstention_scale.py FAQ_BINARY EVAL_DIR WORK_DIR

For medquad-q2a and stackfaq, builds indexes holding the whole corpus, a
tenth of it (bucket 0 of scripts/scaled_sets.py, which the confidence model
was not fitted on) and twice it, and runs `faq eval --out-of-scope clinc-ood`
on each. In the tenth, only questions whose passage was kept are in-domain;
in the double, a copy of the relevant passage counts as relevant.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scaled_sets  # noqa: E402

faq, ev, work = sys.argv[1:4]


def run(name, eval_set, records, qrel_rows):
    index, qpath = scaled_sets.build(faq, work, name, records, qrel_rows)
    out = subprocess.run([faq, "eval", "--index", index, "--queries", f"{ev}/{eval_set}/queries.jsonl",
                          "--qrels", qpath, "--out-of-scope", f"{ev}/clinc-ood/queries.jsonl"],
                         capture_output=True, text=True, check=True).stdout
    print(f"== {name}: {len(records)} passages\n{out}", flush=True)


for eval_set in ("medquad-q2a", "stackfaq"):
    corpus, qrels = scaled_sets.load(ev, eval_set)
    run("full-" + eval_set, eval_set, corpus, qrels)
    run("tenth-" + eval_set, eval_set, *scaled_sets.tenth(corpus, qrels, 0))
    run("double-" + eval_set, eval_set, *scaled_sets.double(corpus, qrels))
