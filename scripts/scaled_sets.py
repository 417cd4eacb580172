"""Development sets at other index sizes, for fitting and checking the confidence.

A tenth of a corpus is every passage whose id hashes (CRC-32) into one of ten
buckets; only questions whose relevant passage was kept stay in-domain. The
corpus twice is every passage again under a new id ("copy-" + id), whose copy
counts as relevant too. scripts/fit_confidence.py fits on buckets 1-5 and the
double; scripts/abstention_scale.py checks buckets 0 and 6-9, which no fit has
seen.
"""
import json
import os
import subprocess
import zlib


def load(ev, eval_set):
    """(corpus records, qrels rows) of a development set under EVAL_DIR `ev`."""
    corpus = [json.loads(l) for l in open(f"{ev}/{eval_set}/corpus.jsonl", encoding="utf-8")]
    qrels = [l.split() for l in open(f"{ev}/{eval_set}/qrels.tsv", encoding="utf-8") if l.strip()]
    return corpus, qrels


def tenth(corpus, qrels, bucket):
    kept = [r for r in corpus if zlib.crc32(r["id"].encode()) % 10 == bucket]
    ids = {r["id"] for r in kept}
    return kept, [q for q in qrels if q[-2] in ids]


def double(corpus, qrels):
    return (corpus + [dict(r, id="copy-" + r["id"]) for r in corpus],
            qrels + [q[:-2] + ["copy-" + q[-2], q[-1]] for q in qrels])


def build(faq, work, name, records, qrel_rows):
    """Writes WORK/NAME.jsonl and WORK/NAME.qrels and indexes them into
    WORK/NAME.index; returns (index, qrels) paths."""
    cpath, qpath, index = f"{work}/{name}.jsonl", f"{work}/{name}.qrels", f"{work}/{name}.index"
    os.makedirs(work, exist_ok=True)
    with open(cpath, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(qpath, "w", encoding="utf-8") as f:
        for row in qrel_rows:
            f.write("\t".join(row) + "\n")
    subprocess.run([faq, "index", "--quiet", "--out", index, cpath], check=True)
    return index, qpath
