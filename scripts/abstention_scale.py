#!/usr/bin/env python3
"""Checks that confidence and status do not depend on the index's size.

usage: scripts/abstention_scale.py FAQ_BINARY EVAL_DIR WORK_DIR

For medquad-q2a and stackfaq, builds indexes holding the whole corpus, twice
it, and each of the five tenths of it that the confidence model was not fitted
on (buckets 0 and 6-9 of scripts/scaled_sets.py), and runs `faq eval
--out-of-scope clinc-ood` on each. In a tenth, only questions whose passage
was kept are in-domain; in the double, a copy of the relevant passage counts
as relevant. A tenth holds few documents (72 passages of stackfaq) and its
questions come in groups of paraphrases, so one tenth's ECE is noisy: the five
are also pooled (every question of every tenth, with its confidence from its
own tenth's index), which is the figure for "a tenth of the corpus". For each
tenth the script also prints the ECE a perfectly calibrated confidence would
show on it by chance: correct answers drawn at random with the probabilities
the confidences state, on the same number of questions (the median and the
95th percentile of 1,000 draws). Paraphrase groups make the real spread wider
still, since the questions of a group tend to be right or wrong together.
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_confidence  # noqa: E402
import scaled_sets  # noqa: E402

HELD_OUT_TENTHS = (0, 6, 7, 8, 9)

faq, ev, work = sys.argv[1:4]


def run(name, eval_set, records, qrel_rows):
    index, qpath = scaled_sets.build(faq, work, name, records, qrel_rows)
    out = subprocess.run([faq, "eval", "--index", index, "--queries", f"{ev}/{eval_set}/queries.jsonl",
                          "--qrels", qpath, "--out-of-scope", f"{ev}/clinc-ood/queries.jsonl"],
                         capture_output=True, text=True, check=True).stdout
    print(f"== {name}: {len(records)} passages\n{out}", flush=True)
    return index, qpath


def calibrated_spread(conf, draws=1000, seed=1):
    """Median and 95th percentile of the ECE of labels drawn as Bernoulli(conf)."""
    rng = random.Random(seed)
    eces = sorted(fit_confidence.ece(conf, [int(rng.random() < c) for c in conf]) for _ in range(draws))
    return eces[draws // 2], eces[int(draws * 0.95)]


def pooled(eval_set, tenths):
    """Answered shares, ECE and AUROC over the questions of all `tenths`
    ((index, qrels path) pairs), each asked of its own tenth."""
    conf, right, answered, ood, ood_answered = [], [], 0, [], 0
    for index, qpath in tenths:
        rel = fit_confidence.qrels(qpath, 1)
        first = len(conf)
        for r in fit_confidence.batch(faq, index, f"{ev}/{eval_set}/queries.jsonl", None):
            if r["id"] not in rel:
                continue
            conf.append(r["confidence"])
            right.append(int(bool(r["answers"]) and r["answers"][0]["id"] in rel[r["id"]]))
            answered += r["status"] == "answer"
        median, p95 = calibrated_spread(conf[first:])
        print(f"   {os.path.basename(index)}: ECE {fit_confidence.ece(conf[first:], right[first:]):.3f} on "
              f"{len(conf) - first} questions; a calibrated confidence would show {median:.3f} "
              f"(95th percentile {p95:.3f})", flush=True)
        for r in fit_confidence.batch(faq, index, f"{ev}/clinc-ood/queries.jsonl", None):
            ood.append(r["confidence"])
            ood_answered += r["status"] == "answer"
    print(f"== {len(tenths)} tenths of {eval_set} pooled: in-domain answered {answered / len(conf):.3f} "
          f"(P@1 {sum(right) / len(right):.3f}), out-of-scope answered {ood_answered / len(ood):.3f} of "
          f"{len(ood)}, ECE {fit_confidence.ece(conf, right):.3f}, "
          f"AUROC {fit_confidence.auroc(conf, ood):.3f}\n", flush=True)


for eval_set in ("medquad-q2a", "stackfaq"):
    corpus, qrels = scaled_sets.load(ev, eval_set)
    run("full-" + eval_set, eval_set, corpus, qrels)
    run("double-" + eval_set, eval_set, *scaled_sets.double(corpus, qrels))
    tenths = [run(f"tenth{b}-{eval_set}", eval_set, *scaled_sets.tenth(corpus, qrels, b))
              for b in HELD_OUT_TENTHS]
    pooled(eval_set, tenths)
