#!/usr/bin/env python3
"""Fits the confidence model (engine/src/answer/confidence.cc) and reports abstention metrics.

usage: scripts/fit_confidence.py FAQ_BINARY EVAL_DIR WORK_DIR [--threshold T] [--report-only]

WORK_DIR holds the indexes `faq eval --suite EVAL_DIR --work WORK_DIR` builds;
the script adds, under WORK_DIR/scaled, medquad-q2a and stackfaq at other
sizes (scripts/scaled_sets.py): the corpus twice, and five tenths of it
(buckets 1-5; buckets 0 and 6-9 are left for scripts/abstention_scale.py), so
that the confidence means the same whatever the index's size.
In-domain questions (medquad-q2a, stackfaq, localgov-faq-ja) are labelled 1
when the first passage is relevant; out-of-scope questions (clinc-ood, asked
of every medquad-q2a and stackfaq index) are labelled 0. Out-of-scope
questions weigh FAQ_OOD_SHARE (default 0.3) in all; in-domain ones the rest,
each index's questions by 1/sqrt(their number), so that an index weighs by
the square root of its questions (each tenth counts as an index of its own:
small indexes weigh as five sets, not one). A feature named "a*b" is the
product of the evidence values a and b. A logistic regression over the
evidence `faq batch --format jsonl` reports is fitted (Newton's method, to
convergence) on half of the questions (even line numbers) and measured on the
other half, then refitted on all of them; the coefficients are printed in the
order of confidence.cc's Model, with the default threshold the rule in
confidence.h picks.
With --report-only nothing is fitted: the engine's own confidence is measured.
"""
import json
import os
import math
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scaled_sets  # noqa: E402

# A margin means something only when the first passage matches well: a lone
# weak match (one word of the question, in the only passage that has it) has
# all the margin there is. Hence the margins weighed by bm25_rel; and by topic
# and question_prec: a clear lead of a passage that shares only the product's
# name with the question ("youtube video") over others that share it too says
# little as well.
FEATURES = ["coverage", "focus", "title_prec", "question_cov", "question_prec", "intent",
            "bm25_rel", "margin*bm25_rel", "unmatched", "terms", "has_question", "topic",
            "runner_up*bm25_rel", "margin*topic", "runner_up*topic", "margin*question_prec"]


def batch(faq, index, queries, threshold="0"):
    """`faq batch --format jsonl -k 1`, parsed; threshold None: the index's default."""
    args = [faq, "batch", "--index", index, "--queries", queries, "--format", "jsonl", "-k", "1"]
    if threshold is not None:
        args += ["--threshold", threshold]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines()]


def qrels(path, min_grade):
    rel = {}
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) >= 3 and int(f[-1]) >= min_grade:
            rel.setdefault(f[0], set()).add(f[-2] if len(f) == 3 else f[2])
    return rel


def indexes(faq, ev, work):
    """(set name, eval set, index, qrels file, relevance grade) of every index
    to ask."""
    out = [(name, name, f"{work}/{name}", f"{ev}/{name}/qrels.tsv", grade)
           for name, grade in (("medquad-q2a", 1), ("stackfaq", 1), ("localgov-faq-ja", 2))]
    scaled = f"{work}/scaled"
    os.makedirs(scaled, exist_ok=True)
    for eval_set in ("medquad-q2a", "stackfaq"):
        corpus, rows = scaled_sets.load(ev, eval_set)
        # (index name, passages and qrels)
        parts = [("double", scaled_sets.double(corpus, rows))]
        parts += [(f"tenth{b}", scaled_sets.tenth(corpus, rows, b)) for b in range(1, 6)]
        for index_name, (records, qrel_rows) in parts:
            index, qpath = scaled_sets.build(faq, scaled, f"{index_name}-{eval_set}", records, qrel_rows)
            out.append((f"{index_name}-{eval_set}", eval_set, index, qpath, 1))
    return out


def collect(faq, ev, work):
    rows = []  # (set, features, label, engine_confidence)
    for name, eval_set, index, qrels_file, grade in indexes(faq, ev, work):
        rel = qrels(qrels_file, grade)
        for r in batch(faq, index, f"{ev}/{eval_set}/queries.jsonl"):
            if r["id"] not in rel:
                continue
            top = r["answers"][0]["id"] if r["answers"] else None
            rows.append((name, r.get("evidence", {}), int(top in rel[r["id"]]), r["confidence"]))
        if eval_set != "localgov-faq-ja":
            for r in batch(faq, index, f"{ev}/clinc-ood/queries.jsonl"):
                rows.append(("clinc@" + name, r.get("evidence", {}), 0, r["confidence"]))
    return rows


def value(ev, feature):
    if "*" in feature:
        a, b = feature.split("*")
        return ev.get(a, 0.0) * ev.get(b, 0.0)
    return ev.get(feature, 0.0)


def vec(ev):
    return [value(ev, f) for f in FEATURES]


def solve(a, b):
    """Solves a x = b (a small dense symmetric positive definite system) by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit(rows, l2=1e-3, iterations=30):
    """Weighted logistic regression, fitted to convergence by Newton's method
    (iteratively reweighted least squares), with a small L2 penalty on the
    coefficients (not the bias)."""
    data = [([1.0] + vec(ev), y) for _, ev, y, _ in rows]
    # Out-of-scope questions weigh FAQ_OOD_SHARE in total (default 0.3); within
    # the in-domain rest, each question weighs 1/sqrt(number of questions asked
    # of its index): a big set counts more than a small one, but not so much
    # that the model fits one set's evidence and miscalibrates the others.
    share = float(os.environ.get("FAQ_OOD_SHARE", "0.3"))
    sizes = {}
    for s, *_ in rows:
        sizes[s] = sizes.get(s, 0) + 1
    raw = [0.0 if s.startswith("clinc") else sizes[s] ** -0.5 for s, *_ in rows]
    in_total = sum(raw)
    n_out = sum(1 for s, *_ in rows if s.startswith("clinc"))
    weights = [share / n_out if s.startswith("clinc") else (1 - share) * r / in_total
               for (s, *_), r in zip(rows, raw)]
    n = len(FEATURES) + 1
    w = [0.0] * n
    for _ in range(iterations):
        grad = [l2 * w[i] if i else 0.0 for i in range(n)]
        hess = [[(l2 if i == j and i else 0.0) for j in range(n)] for i in range(n)]
        for (x, y), sw in zip(data, weights):
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))
            g, h = sw * (p - y), sw * p * (1 - p)
            for i, xi in enumerate(x):
                if xi == 0.0:
                    continue
                grad[i] += g * xi
                hx = h * xi
                row = hess[i]
                for j, xj in enumerate(x):
                    row[j] += hx * xj
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(v) for v in step) < 1e-6:
            break
    return w


def predict(w, ev):
    x = [1.0] + vec(ev)
    return 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))


def auroc(pos, neg):
    pairs = sorted([(p, 1) for p in pos] + [(p, 0) for p in neg])
    rank_sum, r = 0.0, 0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else float("nan")


def ece(conf, labels, bins=10):
    total, err = len(conf), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(conf) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if idx:
            err += len(idx) / total * abs(sum(conf[i] for i in idx) / len(idx) -
                                          sum(labels[i] for i in idx) / len(idx))
    return err


def report(rows, conf, threshold):
    print(f"{'set':24} {'n':>5} {'answered':>9} {'P@1 all':>8} {'P@1 ans':>8} {'ECE':>6}")
    for name in sorted({s for s, *_ in rows}):
        idx = [i for i, r in enumerate(rows) if r[0] == name]
        ans = [i for i in idx if conf[i] >= threshold]
        lab = [rows[i][2] for i in idx]
        p_all = sum(lab) / len(idx)
        p_ans = sum(rows[i][2] for i in ans) / len(ans) if ans else float("nan")
        e = ece([conf[i] for i in idx], lab) if not name.startswith("clinc") else float("nan")
        print(f"{name:24} {len(idx):5} {len(ans) / len(idx):9.3f} {p_all:8.3f} {p_ans:8.3f} {e:6.3f}")
    ind = [i for i, r in enumerate(rows) if not r[0].startswith("clinc")]
    ood = [i for i, r in enumerate(rows) if r[0].startswith("clinc")]
    print(f"in-domain ECE {ece([conf[i] for i in ind], [rows[i][2] for i in ind]):.3f}; "
          f"AUROC in-domain vs out-of-scope {auroc([conf[i] for i in ind], [conf[i] for i in ood]):.3f}")


def main(argv):
    faq, ev, work = argv[:3]
    threshold = float(argv[argv.index("--threshold") + 1]) if "--threshold" in argv else 0.39
    rows = collect(faq, ev, work)
    if "--report-only" in argv:
        report(rows, [r[3] for r in rows], threshold)
        return
    train = [r for i, r in enumerate(rows) if i % 2 == 0]
    test_idx = [i for i in range(len(rows)) if i % 2 == 1]
    w = fit(train)
    print("held-out half (fitted on the other half):")
    report([rows[i] for i in test_idx], [predict(w, rows[i][1]) for i in test_idx], threshold)
    w = fit(rows)
    print("all questions (final fit):")
    report(rows, [predict(w, r[1]) for r in rows], threshold)
    conf = [predict(w, r[1]) for r in rows]
    print("threshold sweep (final fit): share answered per set")
    sets = sorted({r[0] for r in rows})
    print("threshold " + " ".join(f"{n[:16]:>16}" for n in sets))
    for t in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        cells = []
        for name in sets:
            idx = [i for i, r in enumerate(rows) if r[0] == name]
            cells.append(f"{sum(conf[i] >= t for i in idx) / len(idx):16.3f}")
        print(f"{t:9.2f} " + " ".join(cells))
    # The default threshold (confidence.h), in steps of 0.01: the one whose
    # worse margin to the two targets of abstention, over every index of
    # medquad-q2a and stackfaq (full, twice, tenths), is widest: in-domain
    # questions over it at least 85 %, out-of-scope ones at most 5 %.
    ood, ind = {}, {}
    for c, r in zip(conf, rows):
        if r[0].startswith("clinc"):
            ood.setdefault(r[0], []).append(c)
        elif r[0] != "localgov-faq-ja":
            ind.setdefault(r[0], []).append(c)

    def share(cs, t):
        return sum(c >= t for c in cs) / len(cs)

    def margin(t):
        return min(min(share(cs, t) - 0.85 for cs in ind.values()),
                   min(0.05 - share(cs, t) for cs in ood.values()))
    pick = max((t / 100 for t in range(20, 81)), key=margin)
    print(f"default threshold: {pick:.2f} (in-domain over it at least "
          f"{min(share(cs, pick) for cs in ind.values()):.3f}, out-of-scope at most "
          f"{max(share(cs, pick) for cs in ood.values()):.3f}, on every index)")
    names = ["bias"] + FEATURES
    print("constexpr Model kModel = {" + ", ".join(f"{v:.3f}" for v in w) + "};")
    print("  // " + ", ".join(names))


if __name__ == "__main__":
    main(sys.argv[1:])
