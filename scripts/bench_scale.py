#!/usr/bin/env python3
"""A scaled corpus for `faq bench`: MedQuAD repeated up to N passages.

Copy 0 is the corpus as it is (so the MedQuAD qrels still apply to it); every
further copy k gets new ids ("ID~k") and lightly varied text, deterministic
in (id, k): the answer's sentences rotated and a few of its words replaced by
words drawn from the corpus vocabulary, and one title word replaced (the same in every section of a document copy), so that
copies are not byte-identical and the vocabulary and postings grow somewhat
as a real larger knowledge base would.

The output is a directory of JSONL shards (each well under the engine's
256 MiB file limit), written under /tmp — never into the repository.

usage: bench_scale.py [--corpus ../shared/eval/medquad/corpus.jsonl] N [OUT_DIR]
       (default OUT_DIR: /tmp/faq-bench-scale-N)
"""
import argparse
import json
import os
import random
import re
import sys
import zlib

SHARD = 100_000  # passages per file
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out", nargs="?")
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "eval", "medquad", "corpus.jsonl"))
    a = ap.parse_args()
    out = os.path.abspath(a.out or f"/tmp/faq-bench-scale-{a.n}")
    repo = os.path.abspath(os.path.join(here, ".."))
    if out == repo or out.startswith(repo + os.sep):
        sys.exit(f"bench_scale.py: refusing to write inside the repository ({out}); use /tmp")

    base = [json.loads(l) for l in open(a.corpus, encoding="utf-8") if l.strip()]
    # A vocabulary sample with corpus frequencies, for the replacements.
    rng = random.Random(1)
    vocab = []
    for rec in rng.sample(base, min(2000, len(base))):
        vocab.extend(w for w in rec.get("answer", "").split() if w.isalpha())

    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".jsonl"):
            os.remove(os.path.join(out, f))
    shard, fout, written = 0, None, 0
    k = 0
    while written < a.n:
        for rec in base:
            if written >= a.n:
                break
            if written % SHARD == 0:
                if fout:
                    fout.close()
                fout = open(os.path.join(out, f"part-{shard:03d}.jsonl"), "w", encoding="utf-8")
                shard += 1
            if k == 0:
                r = rec
            else:
                r = dict(rec)
                r["id"] = f"{rec['id']}~{k}"
                rr = random.Random(zlib.crc32(r["id"].encode()))
                sentences = SENTENCE.split(rec.get("answer", ""))
                if len(sentences) > 1:
                    s = rr.randrange(len(sentences))
                    sentences = sentences[s:] + sentences[:s]
                words = " ".join(sentences).split(" ")
                for _ in range(max(1, len(words) // 40)):
                    words[rr.randrange(len(words))] = rr.choice(vocab)
                r["answer"] = " ".join(words)
                # The same variation for every section of one document copy,
                # so that the copy stays one document.
                tw = rec.get("title", "").split(" ")
                if len(tw) > 1:
                    rt = random.Random(zlib.crc32(f"{rec['title']}~{k}".encode()))
                    tw[rt.randrange(len(tw))] = rt.choice(vocab)
                    r["title"] = " ".join(tw)
            fout.write(json.dumps(r, ensure_ascii=False) + "\n")
            written += 1
        k += 1
    if fout:
        fout.close()
    print(f"wrote {written} passages in {shard} files to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
