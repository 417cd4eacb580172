#!/usr/bin/env python3
"""Long conversational questions from short ones, for `faq bench`.

A chat user rarely types "What causes X ?": they greet, tell their story, ask,
and thank. This wraps each short question in one of a few fixed templates,
chosen from a hash of the question id, so that the output is deterministic and
keeps the ids (the qrels of the short questions still apply).

usage: bench_questions.py [--style medical|generic] QUERIES.jsonl OUT.jsonl
"""
import hashlib
import json
import sys

# A story: its opening and the background sentences that fit it.
STORIES = {
    "medical": [
        ("Hi, my mother was recently diagnosed and we are worried.",
         ["", "She is 67 and otherwise in good health, but she takes medication for blood pressure."]),
        ("Hello! I have been reading about this for days and I am still confused.",
         ["", "The internet gives so many different answers that I do not know what to believe anymore."]),
        ("Good morning. My doctor mentioned something at my last appointment and I did not understand it.",
         ["", "I did not want to take up more of her time, and the leaflet was not much help."]),
        ("Hi there, I'm asking for my teenage son, who has had some problems lately.",
         ["", "He has had these symptoms on and off for about two years now."]),
        ("Hello, I hope this is the right place to ask. My husband and I are trying to understand his condition.",
         ["", "We live far from a big hospital, so it is hard to see a specialist."]),
        ("Hey, quick question from a worried grandparent.", [""]),
    ],
    "generic": [
        ("Hi, I hope someone here can help me.", ["", "I have been stuck on this for a while now."]),
        ("Hello! I searched the help pages but could not find an answer.",
         ["", "The forum threads I found are all several years old."]),
        ("Good morning. A colleague asked me this and I realised I do not know.", [""]),
        ("Hi there, I'm new to this and still learning.",
         ["", "Sorry if this has been asked before, I tried to look it up first."]),
        ("Hey, quick question.", [""]),
    ],
}
CLOSINGS = [
    "Thanks in advance for any help!",
    "Any information would be really appreciated.",
    "Thank you so much for your time.",
    "I would be grateful for a simple explanation.",
    "",
]
# How the question itself is framed.
FRAMES = [
    "{q}",
    "My question is: {q}",
    "Could you tell me: {q}",
    "I would like to know {q_lower}",
]


def pick(options, key, salt):
    h = hashlib.sha1(f"{salt}:{key}".encode()).digest()
    return options[int.from_bytes(h[:4], "big") % len(options)]


def lengthen(qid, text, style):
    text = " ".join(text.split())
    q_lower = text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
    opening, backgrounds = pick(STORIES[style], qid, "story")
    parts = [
        opening,
        pick(backgrounds, qid, "background"),
        pick(FRAMES, qid, "frame").format(q=text, q_lower=q_lower),
        pick(CLOSINGS, qid, "close"),
    ]
    return " ".join(p for p in parts if p)


def main():
    args = sys.argv[1:]
    style = "medical"
    if len(args) == 4 and args[0] == "--style" and args[1] in STORIES:
        style, args = args[1], args[2:]
    if len(args) != 2:
        sys.exit(__doc__)
    src, dst = args
    n = 0
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            q = json.loads(line)
            out = {"id": q["id"], "text": lengthen(str(q["id"]), q["text"], style)}
            fout.write(json.dumps(out, ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n} questions to {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
