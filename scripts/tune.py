#!/usr/bin/env python3
"""Coordinate ascent over ranking settings on the development sets.

usage: scripts/tune.py FAQ_BINARY EVAL_DIR [name=value ...]   (indexes cached in /tmp/faq-eval2)

Starts from the given settings (others at the engine's defaults), tries each
setting at a few multiples of its value and keeps a change only if the mean of
the headline metrics (stackfaq MRR@10, medquad-q2a P@1, localgov-faq-ja
MRR@10) improves. Prints every trial, so the log doubles as an ablation.
"""
import re
import subprocess
import sys

faq, eval_dir = sys.argv[1], sys.argv[2]
start = dict(a.split("=") for a in sys.argv[3:])
current = {k: float(v) for k, v in start.items()}


def run(settings):
    cmd = [faq, "eval", "--suite", eval_dir, "--work", "/tmp/faq-eval2"]
    for k, v in settings.items():
        cmd += ["--set", f"{k}={v:g}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    m = {}
    for line in out.splitlines():
        f = line.split()
        if f and f[0] in ("stackfaq", "medquad-q2a", "localgov-faq-ja"):
            vals = dict(re.findall(r"(\S+)=([0-9.]+)", line))
            m[f[0]] = vals
    obj = (float(m["stackfaq"]["MRR@10"]) + float(m["medquad-q2a"]["P@1"]) +
           float(m["localgov-faq-ja"]["MRR@10"])) / 3
    summary = (f'stack MRR {m["stackfaq"]["MRR@10"]} q2a P@1 {m["medquad-q2a"]["P@1"]} '
               f'R@10 {m["medquad-q2a"]["R@10"]} ja MRR {m["localgov-faq-ja"]["MRR@10"]}')
    return obj, summary


best, summary = run(current)
print(f"start {current} -> {best:.4f} ({summary})", flush=True)
names = list(current)
for sweep in range(2):
    improved = False
    for name in names:
        base = current[name]
        cands = [base * f for f in (0, 0.5, 1.5, 2.0)] if base else [0.1, 0.3, 1.0]
        for v in cands:
            trial = dict(current, **{name: v})
            obj, s = run(trial)
            mark = ""
            if obj > best + 1e-4:
                best, current, summary, improved, mark = obj, trial, s, True, "  *"
            print(f"{name}={v:g} -> {obj:.4f} ({s}){mark}", flush=True)
    if not improved:
        break
print(f"best {current} -> {best:.4f} ({summary})")
