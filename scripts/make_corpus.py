#!/usr/bin/env python3
"""Regenerates corpus/medquad-ninds.jsonl from a MedQuAD corpus.jsonl.

usage: scripts/make_corpus.py MEDQUAD_CORPUS.jsonl > corpus/medquad-ninds.jsonl

Keeps the NINDS (National Institute of Neurological Disorders and Stroke) part
of MedQuAD (CC BY 4.0, see corpus/NOTICE.md) and tidies MedQuAD's templated
questions ("What is (are) X ?" -> "What is X?") for display.
"""
import json
import re
import sys


def tidy_question(q: str) -> str:
    q = q.replace("What is (are)", "What is").replace("what research (or clinical trials) is",
                                                       "What research (or clinical trials) is")
    q = re.sub(r"\s+\?", "?", q.strip())
    return q


def main(path: str) -> None:
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if not d["id"].startswith("NINDS_"):
            continue
        answer = re.sub(r"[ \t]+", " ", d["answer"]).strip()
        rec = {"id": d["id"].removesuffix(".txt"), "title": d["title"],
               "question": tidy_question(d["question"]), "answer": answer,
               "url": "https://github.com/abachaa/MedQuAD", "tags": ["medquad", "ninds"]}
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
